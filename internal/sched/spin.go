package sched

import (
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// SpinLock is a mutual exclusion lock for owners' critical sections, which are short and
// never block. A goroutine that finds it locked queues on a sync.Mutex picked from a
// small table by the lock's address (a sleeper); the one goroutine holding that sleeper,
// the looker, looks at the lock a few times, then yields its processor with
// runtime.Gosched between a few more looks, and if the lock is still held it marks the
// lock and sleeps until the holder's unlock wakes it. So at most one waiter per lock is
// awake, and an unlock is one swap that wakes someone only when the looker has given up
// looking.
//
// Why not sync.Mutex: when its holder's processor has other goroutines to run, a
// contended sync.Mutex parks the goroutines that want it, and from then on every unlock
// must wake one, inside the owner's critical path; with many goroutines on few
// processors they pile up on the mutex itself (a convoy) instead of on the primitive they
// came to wait for. Here the waiters queue behind the looker, off the critical path.
//
// Why not let every waiter look and yield (as an earlier version did): each yielding
// waiter keeps its thread busy, and when the program runs more processors than the
// machine has CPUs the operating system time-slices the holder's thread among them; with
// one looker the rest sleep, and so do their threads. Why let the looker sleep at last:
// when a critical section is long (a heap's sift under a priority queue's lock) a looker
// that keeps yielding only takes turns with the holder, where sleeping lets the holder
// run on. ARCHITECTURE.md has the measurements behind each choice.
//
// The lock is one word so that an owner's state, its lock and its waiter list share a
// cache line: padding SpinLock to 24 bytes, which pushed sched.Sema's list onto a second
// line, doubled the contended Semaphore's cost. The zero value is unlocked.
type SpinLock struct{ v int32 } // SpinUnlocked, SpinLocked or SpinSleeping; only through sync/atomic

// The states of a spin lock's word.
const (
	SpinUnlocked = 0
	SpinLocked   = 1
	SpinSleeping = 2 // locked, and the looker sleeps until the unlock
)

const (
	spinTries  = 8 // looks before the first yield
	yieldTries = 4 // looks after a yield each, before the looker sleeps
)

// A sleeper is where a lock's waiters queue: its mutex makes one of them the looker, and
// the looker sleeps on wake, a one-slot channel for the unlock's token.
type sleeper struct {
	sync.Mutex
	wake chan struct{}
}

// stripes are the sleepers of SpinLocks, striped by lock address. Waiters of two locks
// that share a stripe take turns looking, which costs them a little time; and a
// goroutine that held one of them while it waited for the other could deadlock with that
// one's looker, so no critical section under a SpinLock may take a second one (see
// OwnSpinLock).
var stripes [128]struct {
	sleeper
	_ [64 - 16]byte // one cache line each
}

// The stripes' wake channels are made here, outside any testing/synctest bubble: the
// stripes are shared by every SpinLock in the process, and a channel made by the first
// looker to sleep, inside a bubble, would belong to it and panic when used outside
// (TestSpinLockAcrossBubbles). An OwnSpinLock's sleeper, like the rest of its owner,
// belongs where it is first used, so lockSlow makes its channel then.
func init() {
	for i := range stripes {
		stripes[i].wake = make(chan struct{}, 1)
	}
}

// stripe returns l's sleeper: Fibonacci hashing, the top seven bits of the address
// times 2^64/φ.
func (l *SpinLock) stripe() *sleeper {
	return &stripes[uint64(uintptr(unsafe.Pointer(l)))*0x9E3779B97F4A7C15>>57].sleeper
}

// Lock locks l.
func (l *SpinLock) Lock() {
	if !atomic.CompareAndSwapInt32(&l.v, SpinUnlocked, SpinLocked) {
		lockSlow(&l.v, l.stripe())
	}
}

// Unlock unlocks l.
func (l *SpinLock) Unlock() {
	if atomic.SwapInt32(&l.v, SpinUnlocked) == SpinSleeping {
		l.stripe().wake <- struct{}{}
	}
}

// lockSlow takes the lock whose word is v once its first look has failed, queuing on s.
func lockSlow(v *int32, s *sleeper) {
	s.Lock()
	for i := 0; ; i++ {
		st := atomic.LoadInt32(v)
		if st == SpinUnlocked && atomic.CompareAndSwapInt32(v, SpinUnlocked, SpinLocked) {
			break
		}
		switch {
		case i < spinTries:
		case i < spinTries+yieldTries:
			runtime.Gosched()
		default:
			if s.wake == nil {
				s.wake = make(chan struct{}, 1)
			}
			if st == SpinSleeping || atomic.CompareAndSwapInt32(v, SpinLocked, SpinSleeping) {
				// The holder's unlock will see SpinSleeping and send the token (it
				// may already have: the slot keeps it). Only the looker sets
				// SpinSleeping, and each unlock that clears it sends one token, so
				// tokens and sleeps pair up.
				<-s.wake
				i = 0
			}
		}
	}
	s.Unlock()
}

// OwnSpinLock is a [SpinLock] with a sleeper of its own instead of a shared stripe, two
// words larger, for owners whose critical sections run code that may take another lock:
// the queue engine calls a PriorityQueue's less function under its lock, and less may
// ask another queue for its length. The zero value is unlocked.
//
// State is exported for owners that are generic functions of another package: Go
// inlines, into a generic function compiled where it is instantiated, only calls into
// the generic function's own package (and packages the instantiating one imports), so
// Lock and Unlock would be calls there; such an owner spells out the two fast paths on
// State (compare-and-swap SpinUnlocked to SpinLocked; swap in SpinUnlocked and call Wake
// if SpinSleeping came out) and calls LockSlow and Wake, as aio's queue engine does.
type OwnSpinLock struct {
	State int32 // SpinUnlocked, SpinLocked or SpinSleeping; only through sync/atomic
	s     sleeper
}

// Lock locks l.
func (l *OwnSpinLock) Lock() {
	if !atomic.CompareAndSwapInt32(&l.State, SpinUnlocked, SpinLocked) {
		l.LockSlow()
	}
}

// LockSlow finishes a Lock whose compare-and-swap failed.
func (l *OwnSpinLock) LockSlow() { lockSlow(&l.State, &l.s) }

// Unlock unlocks l.
func (l *OwnSpinLock) Unlock() {
	if atomic.SwapInt32(&l.State, SpinUnlocked) == SpinSleeping {
		l.Wake()
	}
}

// Wake finishes an Unlock that swapped SpinSleeping out of State: it wakes the looker.
func (l *OwnSpinLock) Wake() { l.s.wake <- struct{}{} }
