package sched

import (
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// SpinLock is a mutual exclusion lock for the owner's critical sections, which are a few
// dozen instructions and never block. A goroutine that finds it locked queues on a
// sync.Mutex taken from a small table by the lock's address (a sleeper), and the one
// goroutine holding that sleeper looks at the lock again and again, yielding its
// processor with runtime.Gosched between looks after the first few, until it takes it;
// so at most one waiter per lock is awake and looking, and the others sleep.
//
// Why not sync.Mutex as the lock: when its holder's processor has other goroutines to
// run, a contended sync.Mutex parks the goroutines that want it, and from then on every
// unlock must wake one, inside the owner's critical path; with many goroutines on few
// processors they pile up on the mutex itself (a convoy) instead of on the primitive they
// came to wait for. Here an unlock is one store and never wakes anyone: the looking
// waiter sees it, and the next waiter is woken by the looking one after it has taken the
// lock, off the critical path.
//
// Why not let every waiter look and yield (as an earlier version did): each yielding
// waiter keeps its thread busy, and when the program runs more processors than the
// machine has CPUs the operating system then time-slices the holder's thread among
// them; with one looker the rest sleep, and so do their threads. That took the
// contended Semaphore at GOMAXPROCS 8 on two CPUs from 230 to about 30 ns and, less
// expectedly, halved it at GOMAXPROCS 2 as well (ARCHITECTURE.md).
//
// The lock is one word so that an owner's state, its lock and its waiter list share a
// cache line: padding SpinLock to 24 bytes, which pushed sched.Sema's list onto a second
// line, doubled the contended Semaphore's cost. The zero value is unlocked.
type SpinLock struct{ v atomic.Int32 }

// spinTries is how many times the looking waiter looks before it starts yielding.
const spinTries = 8

// sleepers are the waiters' queues, striped by lock address. Waiters of two locks that
// share a stripe take turns looking, which costs them a little time and nothing else, as
// no critical section under a SpinLock takes a second one.
var sleepers [128]struct {
	sync.Mutex
	_ [64 - 8]byte // one cache line each
}

// Lock locks l.
func (l *SpinLock) Lock() {
	if !l.v.CompareAndSwap(0, 1) {
		l.lockSlow()
	}
}

func (l *SpinLock) lockSlow() {
	// Fibonacci hashing: the top seven bits of the address times 2^64/φ.
	s := &sleepers[uint64(uintptr(unsafe.Pointer(l)))*0x9E3779B97F4A7C15>>57]
	s.Lock()
	for i := 0; ; i++ {
		if l.v.Load() == 0 && l.v.CompareAndSwap(0, 1) {
			break
		}
		if i >= spinTries {
			runtime.Gosched()
		}
	}
	s.Unlock()
}

// Unlock unlocks l.
func (l *SpinLock) Unlock() { l.v.Store(0) }
