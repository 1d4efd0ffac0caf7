package sched

import (
	"context"
	"math"
	"sync/atomic"
)

// Sema.state holds the permits in use times unit, with waitersFlag in bit 0.
//
// waitersFlag is set while the waiter list is not empty; only the holder of mu sets or
// clears it, and only to match the list. While it is clear, TryAcquire takes permits with
// a load and a compare-and-swap and Release returns them with one atomic add, and neither
// touches the mutex. While it is set, acquirers queue under mu, and a release still adds
// first (the add is how it learns there are waiters) and then settles the waiters under
// mu; everything done under mu therefore changes the state with compare-and-swap loops,
// never with a plain store that could overwrite a racing release's add.
//
// Keeping the flag in bit 0 and counting in units of two means that a release which goes
// below zero (more released than held) sets the sign bit whatever the flag, so one mask
// test on the add's result tells a release that it is done.
const (
	waitersFlag = int64(1)
	unit        = int64(2) // one permit in state
)

// MaxPermits is the largest capacity a Sema supports, and so the largest n any call may
// pass: with capacity and n at most 2^61-1, state (at most capacity*unit|waitersFlag) plus
// n*unit stays below 2^63, so no comparison in this file can overflow.
const MaxPermits = 1<<61 - 1

// Sema is a weighted, FIFO, cancel-safe counting semaphore that counts permits in use,
// so that its zero value is a semaphore with every permit free. The capacity is passed to
// each call rather than stored, so a zero Sema needs no constructor. aio.Semaphore and
// TaskGroup's limit are built on it (aio.Lock on [Mutex]).
type Sema struct {
	state atomic.Int64 // permits in use * unit, | waitersFlag while anyone waits
	mu    SpinLock
	q     List[struct{}]
}

// TryAcquire takes n permits if they are free and nobody waits. It never blocks.
func (s *Sema) TryAcquire(n, capacity int64) bool {
	for {
		st := s.state.Load()
		if st&waitersFlag != 0 || st+n*unit > capacity*unit {
			return false
		}
		if s.state.CompareAndSwap(st, st+n*unit) {
			return true
		}
	}
}

// TryAcquireOne is one attempt at TryAcquire(1, capacity), split out so that callers can
// inline it: it reports false when a permit is not free, when anyone waits, and when its
// compare-and-swap loses a race. The caller then falls back to AcquireSlow, which tries
// again.
func (s *Sema) TryAcquireOne(capacity int64) bool {
	st := s.state.Load()
	return st&waitersFlag == 0 && st+unit <= capacity*unit && s.state.CompareAndSwap(st, st+unit)
}

// Acquire takes n permits, waiting in FIFO order behind earlier waiters. It fails with
// ctx.Err() if ctx is already done, even when permits are free, and when ctx ends before
// the permits are granted; then it holds nothing. If ctx ends just as the permits are
// granted, Acquire keeps them and returns nil. n must not exceed capacity.
func (s *Sema) Acquire(ctx context.Context, n, capacity int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.AcquireSlow(ctx, n, capacity)
}

// AcquireSlow is Acquire after its check of ctx.
func (s *Sema) AcquireSlow(ctx context.Context, n, capacity int64) error {
	if s.TryAcquire(n, capacity) {
		return nil
	}
	s.mu.Lock()
	for {
		st := s.state.Load()
		if st&waitersFlag != 0 {
			break
		}
		if st+n*unit <= capacity*unit {
			if s.state.CompareAndSwap(st, st+n*unit) {
				s.mu.Unlock()
				return nil
			}
			continue
		}
		// From here on the fast paths are closed: they see the flag.
		if s.state.CompareAndSwap(st, st|waitersFlag) {
			break
		}
	}
	w := s.q.Enqueue(n, struct{}{})
	s.mu.Unlock()
	if _, st := s.q.Await(ctx, &s.mu, w); st != Canceled {
		return nil // Late: the permits were granted as ctx ended; keep them.
	}
	// Removed from the list with mu held. If we were the head, waiters behind us may fit
	// in the permits we were blocking (x/sync's semaphore has the same repair); if we were
	// the last, the flag must go.
	woken := s.settleLocked(capacity)
	s.mu.Unlock()
	deliver(woken)
	return ctx.Err()
}

// Release returns n permits and hands them to waiters in FIFO order. It reports false,
// changing nothing, if fewer than n permits are in use.
func (s *Sema) Release(n, capacity int64) bool {
	// One test for "not negative and nobody waiting": the sign bit and the flag clear.
	return s.state.Add(-n*unit)&releaseMask == 0 || s.ReleaseSlow(n, capacity)
}

// ReleaseOne is the first half of Release(1, capacity), split out so that callers can
// inline it: it returns one permit with one atomic add and reports whether that was all.
// If it reports false, the caller must finish with ReleaseSlow(1, capacity).
func (s *Sema) ReleaseOne() bool { return s.state.Add(-unit)&releaseMask == 0 }

// releaseMask is what a release must look at in the state it left: the sign bit (more
// released than held) and waitersFlag (permits to hand on).
const releaseMask = math.MinInt64 | waitersFlag

// ReleaseSlow finishes a release of n permits whose atomic add found waiters or a
// negative count (Release, or ReleaseOne reporting false): it hands the permits to
// waiters or, if the count went negative (more released than held), undoes the release
// and reports false.
//
// Over-releasing is caught exactly when no other goroutine races it; under a race the
// negative count may be seen by another goroutine first, whose release then fails
// instead, or hidden by a racing acquire, and then no release fails and a waiter may be
// granted a permit that does not exist. The program is wrong either way.
func (s *Sema) ReleaseSlow(n, capacity int64) bool {
	s.mu.Lock()
	if s.state.Load() < 0 {
		s.state.Add(n * unit)
		s.mu.Unlock()
		return false
	}
	woken := s.settleLocked(capacity)
	s.mu.Unlock()
	deliver(woken)
	return true
}

// settleLocked grants permits to front waiters while they fit, one compare-and-swap per
// waiter (a racing release's add may change the count under us; the flag cannot
// change), and clears waitersFlag when the list empties. Called with mu held. The granted
// waiters are detached, not yet woken: it returns them chained through next, and the
// caller wakes them with deliver after unlocking mu, so that waking a goroutine (the
// costly part) does not lengthen the critical section every other caller queues on.
func (s *Sema) settleLocked(capacity int64) (woken *Waiter[struct{}]) {
	var last *Waiter[struct{}]
	for {
		st := s.state.Load()
		w := s.q.Front()
		if w == nil {
			if st&waitersFlag == 0 || s.state.CompareAndSwap(st, st&^waitersFlag) {
				return woken
			}
			continue
		}
		if st&^waitersFlag+w.N*unit > capacity*unit {
			return woken
		}
		next := st + w.N*unit
		if s.q.Len() == 1 {
			next &^= waitersFlag
		}
		if !s.state.CompareAndSwap(st, next) {
			continue
		}
		s.q.Detach(w)
		if last == nil {
			woken = w
		} else {
			last.next = w
		}
		last = w
	}
}

// deliver wakes the waiters settleLocked detached. Called without mu.
func deliver(w *Waiter[struct{}]) {
	for w != nil {
		// Read next before the hand-off: once woken, the waiter recycles w.
		next := w.next
		w.next = nil
		w.Deliver(struct{}{})
		w = next
	}
}

// InUse returns the number of permits in use. (An over-release may drive the count below
// zero until it is undone; InUse reports that moment as zero.)
func (s *Sema) InUse() int64 { return max(0, s.state.Load()>>1) }

// Waiters returns the number of goroutines waiting.
func (s *Sema) Waiters() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.q.Len()
}
