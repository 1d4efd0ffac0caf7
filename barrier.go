package aio

import (
	"context"
	"sync"

	"github.com/aio-go/aio/internal/sched"
)

// broken is the value a Barrier hands its waiters instead of an index when it breaks.
const broken = -1

// Barrier makes a fixed number of goroutines (the parties) wait for each other: asyncio's
// Barrier. Each calls [Barrier.Wait]; the call blocks until all parties have called it,
// and then all of them return together. The barrier then starts a new round, so it can be
// used again and again (a cyclic barrier).
//
// A waiter whose context ends leaves the barrier: it returns ctx's error and no longer
// counts toward the parties, and the others keep waiting for a replacement. This is
// asyncio's behaviour; Python's threading.Barrier breaks instead, and aio follows asyncio.
// [Barrier.Abort] breaks the barrier for good (until [Barrier.Reset]).
//
// The zero value is not usable; create a Barrier with [NewBarrier].
type Barrier struct {
	parties int
	mu      sync.Mutex
	q       sched.List[int] // this round's waiters; handed their index, or broken
	broken  bool
}

// NewBarrier returns a barrier for the given number of parties. It panics if parties < 1.
func NewBarrier(parties int) *Barrier {
	if parties < 1 {
		panic("aio: NewBarrier with fewer than 1 party")
	}
	return &Barrier{parties: parties}
}

// Wait blocks until all parties have called Wait in this round, then returns the caller's
// arrival index, from 0 for the first to Parties()-1 for the last; the last to arrive
// releases the others and does not block. Indices count only the parties released
// together, so they are unique within a round.
//
// If ctx is already done, Wait returns ctx.Err() at once. If ctx ends while it waits, the
// caller leaves the round, which is not broken, and Wait returns ctx.Err(). Wait is
// cancel-safe: a waiter released just as its ctx ends keeps its index and returns nil.
// If the barrier is aborted, or reset while the caller waits, Wait returns
// [ErrBrokenBarrier]; on an aborted barrier it returns ErrBrokenBarrier at once. The index
// is 0 whenever the error is not nil.
func (b *Barrier) Wait(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	b.mu.Lock()
	if b.broken {
		b.mu.Unlock()
		return 0, ErrBrokenBarrier
	}
	if b.q.Len()+1 == b.parties {
		// The last party: release the round. Hand-off removes each waiter, so the list
		// is empty and the next round can start at once, with no draining phase.
		for i := 0; b.q.Len() > 0; i++ {
			b.q.Handoff(b.q.Front(), i)
		}
		b.mu.Unlock()
		return b.parties - 1, nil
	}
	w := b.q.Enqueue(0, 0)
	b.mu.Unlock()
	i, st := b.q.Await(ctx, &b.mu, w)
	if st == sched.Canceled {
		// Still queued, so the round was not released: leaving cannot break it.
		b.mu.Unlock()
		return 0, ctx.Err()
	}
	// Handed or Late: the round was released (or broken) before ctx ended. Keep it.
	if i == broken {
		return 0, ErrBrokenBarrier
	}
	return i, nil
}

// Abort breaks the barrier: every goroutine waiting in Wait returns [ErrBrokenBarrier], and
// so does every later Wait until [Barrier.Reset].
func (b *Barrier) Abort() {
	b.mu.Lock()
	b.broken = true
	b.breakRoundLocked()
	b.mu.Unlock()
}

// Reset returns the barrier to its initial, empty state: every goroutine waiting in Wait
// returns [ErrBrokenBarrier], and the barrier, even an aborted one, is usable again.
func (b *Barrier) Reset() {
	b.mu.Lock()
	b.broken = false
	b.breakRoundLocked()
	b.mu.Unlock()
}

func (b *Barrier) breakRoundLocked() {
	for w := b.q.Front(); w != nil; w = b.q.Front() {
		b.q.Handoff(w, broken)
	}
}

// Parties returns the number of parties needed to release the barrier.
func (b *Barrier) Parties() int { return b.parties }

// Waiting returns the number of goroutines waiting in this round.
func (b *Barrier) Waiting() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.q.Len()
}

// Broken reports whether the barrier is aborted.
func (b *Barrier) Broken() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.broken
}
