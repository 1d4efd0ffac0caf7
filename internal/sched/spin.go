package sched

import (
	"runtime"
	"sync/atomic"
)

// SpinLock is a mutual exclusion lock for the owner's critical sections, which are a few
// dozen instructions and never block: a goroutine that finds it locked looks again a few
// times and then yields its processor with runtime.Gosched, but never parks.
//
// Why not sync.Mutex: when its holder's processor has other goroutines to run, a
// sync.Mutex that is contended parks the goroutines that want it, and from then on every
// unlock must wake one; with many goroutines on few processors the waiters pile up on
// the mutex itself (a convoy) instead of on the primitive they came to wait for. A
// goroutine that yields stays runnable and tries again when its turn comes; the holder,
// a few instructions from done unless it was preempted, has usually finished by then.
//
// The zero value is unlocked.
type SpinLock struct{ v atomic.Int32 }

// Lock locks l.
func (l *SpinLock) Lock() {
	for i := 0; ; i++ {
		if l.v.Load() == 0 && l.v.CompareAndSwap(0, 1) {
			return
		}
		if i >= 8 {
			runtime.Gosched()
		}
	}
}

// Unlock unlocks l.
func (l *SpinLock) Unlock() { l.v.Store(0) }
