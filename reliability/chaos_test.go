package reliability

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync/atomic"
)

// chaos hands out operation contexts of which a fraction is canceled, at one of three
// moments:
//
//   - before the call: the context is already done when the operation starts;
//   - during the call: the context sits in one of a few "during" slots, and is canceled
//     when a later operation takes the slot, that is at a moment nobody chose;
//   - just after a hand-off: the context sits in a "hand-off" slot, and the complementary
//     operation (a Put for a Get, a Release for an Acquire) cancels it right after it
//     returns, which is exactly when the hand-off to a waiter has just happened and the
//     waiter may not have woken yet. This is the race principle 2 is about.
//
// Every operation's context is canceled when the operation returns, whatever its mode.
// A chaos is safe for concurrent use.
type chaos struct {
	frac    float64 // fraction of operations whose context is canceled
	during  [4]atomic.Pointer[cancelEntry]
	handoff [4]atomic.Pointer[cancelEntry]

	planned  atomic.Int64 // contexts given a moment to be canceled
	canceled atomic.Int64 // contexts canceled by the time their operation returned
}

type cancelEntry struct{ cancel context.CancelFunc }

func newChaos(frac float64) *chaos { return &chaos{frac: frac} }

// ctx returns the context for one operation and the function to call when it returns.
func (c *chaos) ctx(rng *rand.Rand, parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	r := rng.Float64()
	if r < c.frac {
		c.planned.Add(1)
	}
	switch {
	case r < c.frac*0.3:
		cancel()
		return ctx, c.end(ctx, cancel, nil, nil)
	case r < c.frac*0.65:
		return ctx, c.park(ctx, cancel, &c.during[rng.IntN(len(c.during))])
	case r < c.frac:
		return ctx, c.park(ctx, cancel, &c.handoff[rng.IntN(len(c.handoff))])
	}
	return ctx, c.end(ctx, cancel, nil, nil)
}

// park puts cancel in slot, canceling whoever was there.
func (c *chaos) park(ctx context.Context, cancel context.CancelFunc, slot *atomic.Pointer[cancelEntry]) func() {
	e := &cancelEntry{cancel}
	if old := slot.Swap(e); old != nil {
		old.cancel()
	}
	return c.end(ctx, cancel, slot, e)
}

func (c *chaos) end(ctx context.Context, cancel context.CancelFunc, slot *atomic.Pointer[cancelEntry], e *cancelEntry) func() {
	return func() {
		if ctx.Err() != nil {
			c.canceled.Add(1)
		}
		if slot != nil {
			slot.CompareAndSwap(e, nil)
		}
		cancel()
	}
}

// kick cancels the context in a random hand-off slot. The complementary operation calls
// it right after it returns.
func (c *chaos) kick(rng *rand.Rand) {
	if old := c.handoff[rng.IntN(len(c.handoff))].Swap(nil); old != nil {
		old.cancel()
	}
}

// isCtxErr reports whether err is a context's error.
func isCtxErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
