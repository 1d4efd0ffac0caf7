package sched

import (
	"context"
	"sync"
	"sync/atomic"
)

// waitersBit is set in Sema.state while the waiter list is not empty. While it is set,
// every change of the state happens under the mutex; while it is clear, the fast paths
// change the state with a compare-and-swap and never touch the mutex.
const waitersBit = int64(1) << 62

// Sema is a weighted, FIFO, cancel-safe counting semaphore that counts permits in use,
// so that its zero value is a semaphore with every permit free. The capacity is passed to
// each call rather than stored, which lets aio.Lock be a zero-value Sema of capacity 1.
// aio.Semaphore and aio.Lock and TaskGroup's limit are built on it.
type Sema struct {
	state atomic.Int64 // permits in use, | waitersBit while anyone waits
	mu    sync.Mutex
	q     List[struct{}]
}

// TryAcquire takes n permits if they are free and nobody waits. It never blocks.
func (s *Sema) TryAcquire(n, capacity int64) bool {
	for {
		st := s.state.Load()
		if st&waitersBit != 0 || st+n > capacity {
			return false
		}
		if s.state.CompareAndSwap(st, st+n) {
			return true
		}
	}
}

// Acquire takes n permits, waiting in FIFO order behind earlier waiters. It fails with
// ctx.Err() if ctx is already done, even when permits are free, and when ctx ends before
// the permits are granted; then it holds nothing. If ctx ends just as the permits are
// granted, Acquire keeps them and returns nil. n must not exceed capacity.
func (s *Sema) Acquire(ctx context.Context, n, capacity int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.TryAcquire(n, capacity) {
		return nil
	}
	s.mu.Lock()
	for {
		st := s.state.Load()
		if st&waitersBit != 0 {
			break
		}
		if st+n <= capacity {
			if s.state.CompareAndSwap(st, st+n) {
				s.mu.Unlock()
				return nil
			}
			continue
		}
		// From here on the fast paths are closed and the state is ours under mu.
		if s.state.CompareAndSwap(st, st|waitersBit) {
			break
		}
	}
	w := s.q.Enqueue(n, struct{}{})
	s.mu.Unlock()
	if _, st := s.q.Await(ctx, &s.mu, w); st != Canceled {
		return nil // Late: the permits were granted as ctx ended; keep them.
	}
	// Removed from the list with mu held. If we were the head, waiters behind us may fit
	// in the permits we were blocking (x/sync's semaphore has the same repair).
	woken := s.grantLocked(s.state.Load()&^waitersBit, capacity)
	s.mu.Unlock()
	deliver(woken)
	return ctx.Err()
}

// Release returns n permits and hands them to waiters in FIFO order. It reports false,
// changing nothing, if fewer than n permits are in use.
func (s *Sema) Release(n, capacity int64) bool {
	for {
		st := s.state.Load()
		if st&waitersBit != 0 {
			break
		}
		if st < n {
			return false
		}
		if s.state.CompareAndSwap(st, st-n) {
			return true
		}
	}
	s.mu.Lock()
	st := s.state.Load()
	if st&waitersBit == 0 {
		// The last waiter left between our load and the lock: back to the fast path.
		s.mu.Unlock()
		return s.Release(n, capacity)
	}
	used := st &^ waitersBit
	if used < n {
		s.mu.Unlock()
		return false
	}
	woken := s.grantLocked(used-n, capacity)
	s.mu.Unlock()
	deliver(woken)
	return true
}

// grantLocked grants permits to front waiters while they fit, then stores the state,
// clearing waitersBit if nobody is left. Called with mu held and waitersBit set. The
// granted waiters are detached, not yet woken: it returns them chained through next, and
// the caller wakes them with deliver after unlocking mu, so that waking a goroutine (the
// costly part) does not lengthen the critical section every other caller queues on.
func (s *Sema) grantLocked(used, capacity int64) (woken *Waiter[struct{}]) {
	var last *Waiter[struct{}]
	for w := s.q.Front(); w != nil && used+w.N <= capacity; w = s.q.Front() {
		used += w.N
		s.q.Detach(w)
		if last == nil {
			woken = w
		} else {
			last.next = w
		}
		last = w
	}
	if s.q.Len() > 0 {
		used |= waitersBit
	}
	s.state.Store(used)
	return woken
}

// deliver wakes the waiters grantLocked detached. Called without mu.
func deliver(w *Waiter[struct{}]) {
	for w != nil {
		// Read next before the hand-off: once woken, the waiter recycles w.
		next := w.next
		w.next = nil
		w.Deliver(struct{}{})
		w = next
	}
}

// InUse returns the number of permits in use.
func (s *Sema) InUse() int64 { return s.state.Load() &^ waitersBit }

// Waiters returns the number of goroutines waiting.
func (s *Sema) Waiters() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.q.Len()
}
