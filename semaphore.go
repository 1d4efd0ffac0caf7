package aio

import (
	"context"

	"github.com/aio-go/aio/internal/sched"
)

// Semaphore is a weighted, bounded, FIFO-fair counting semaphore: asyncio's Semaphore and
// BoundedSemaphore in one. It holds a fixed number of permits; Acquire takes them, waiting
// while they are not free, and Release gives them back.
//
// Waiters are served strictly in arrival order: while anyone waits, a newcomer queues
// behind them, even one calling [Semaphore.TryAcquire] and even a goroutine that has just
// released. A large [Semaphore.AcquireN] at the head of the queue is therefore not starved
// by a stream of small ones.
//
// The uncontended Acquire and Release use atomics only: no lock, no allocation.
// The zero value is not usable; create a Semaphore with [NewSemaphore].
type Semaphore struct {
	capacity int64
	s        sched.Sema
}

// NewSemaphore returns a semaphore with n permits, all free. It panics if n < 1. A
// capacity above 2^61-1, more permits than a program can hold, is taken as 2^61-1, so
// NewSemaphore(math.MaxInt) is in effect an unbounded semaphore.
func NewSemaphore(n int) *Semaphore {
	if n < 1 {
		panic("aio: NewSemaphore with a capacity less than 1")
	}
	return &Semaphore{capacity: min(int64(n), sched.MaxPermits)}
}

// Acquire takes one permit; it is AcquireN(ctx, 1).
func (s *Semaphore) Acquire(ctx context.Context) error {
	// AcquireN(ctx, 1) without its checks, which one permit always passes, and with the
	// core's first attempt inlined here.
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.s.TryAcquireOne(s.capacity) {
		return nil
	}
	return s.s.AcquireSlow(ctx, 1, s.capacity)
}

// AcquireN takes k permits, blocking until they are free and every earlier waiter has
// been served.
//
// If ctx is already done, AcquireN returns ctx.Err() at once, even when the permits are
// free. If ctx ends while it waits, it returns ctx.Err() and holds nothing; the permits it
// was waiting for go to the waiters behind it if they fit. AcquireN is cancel-safe: when
// ctx ends just as the permits are granted, it keeps them and returns nil, so a nil error
// always means k permits are held and a non-nil one means none are.
//
// If k exceeds the capacity, AcquireN returns [ErrTooManyPermits] at once. It panics if
// k < 1.
func (s *Semaphore) AcquireN(ctx context.Context, k int) error {
	if k < 1 {
		panic("aio: Semaphore.AcquireN with k < 1")
	}
	n := int64(k)
	if n > s.capacity {
		return ErrTooManyPermits
	}
	return s.s.Acquire(ctx, n, s.capacity)
}

// TryAcquire takes one permit if one is free and nobody waits, and reports whether it did.
// It never blocks.
func (s *Semaphore) TryAcquire() bool {
	return s.s.TryAcquire(1, s.capacity)
}

// TryAcquireN takes k permits if they are free and nobody waits, and reports whether it
// did. It never blocks; it fails while anyone waits, so it cannot barge ahead of a queued
// AcquireN. It panics if k < 1.
func (s *Semaphore) TryAcquireN(k int) bool {
	if k < 1 {
		panic("aio: Semaphore.TryAcquireN with k < 1")
	}
	if int64(k) > s.capacity {
		return false // never free; and past MaxPermits, k*2 would overflow the count
	}
	return s.s.TryAcquire(int64(k), s.capacity)
}

// Release returns one permit; it is ReleaseN(1).
func (s *Semaphore) Release() {
	// ReleaseN(1), with the core's fast path (one atomic add) inlined into the caller.
	if !s.s.ReleaseOne() {
		s.releaseSlow()
	}
}

// errOverRelease is the panic of a Release or ReleaseN of permits nobody holds.
const errOverRelease = "aio: Semaphore released more than acquired"

// releaseSlow finishes a Release that found waiters or nothing to release.
//
//go:noinline
func (s *Semaphore) releaseSlow() {
	if !s.s.ReleaseSlow(1, s.capacity) {
		panic(errOverRelease)
	}
}

// ReleaseN returns k permits and hands them to waiters in FIFO order. It panics, changing
// nothing, if fewer than k permits are in use (asyncio's BoundedSemaphore raises
// ValueError; x/sync's semaphore panics the same way), and if k < 1. Permits carry no
// owner, so a goroutine that releases a permit another one holds is not caught until the
// count would go below zero.
func (s *Semaphore) ReleaseN(k int) {
	if k < 1 {
		panic("aio: Semaphore.ReleaseN with k < 1")
	}
	if int64(k) > s.capacity || !s.s.Release(int64(k), s.capacity) {
		panic(errOverRelease)
	}
}

// Available returns the number of free permits. With other goroutines acquiring and
// releasing, it is only a snapshot.
func (s *Semaphore) Available() int {
	return int(s.capacity - s.s.InUse())
}

// Cap returns the semaphore's capacity: the number of permits it was created with (at
// most 2^61-1; see [NewSemaphore]).
func (s *Semaphore) Cap() int { return int(s.capacity) }
