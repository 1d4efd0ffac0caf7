package aio

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// taskCtx is the context a task runs under when the context it was started with can never
// be canceled (its Done is nil, as for context.Background): then only [Task.Cancel] (or
// the task's completion) can end it, and it can live inside the Task itself. That saves
// the cancelCtx and the CancelFunc closure context.WithCancel would allocate per task;
// with nothing to propagate from the parent, nothing is registered anywhere either.
//
// It behaves as context.WithCancel(parent) does: Err is context.Canceled once canceled
// (never before Done is closed), and so is context.Cause (Value hides the key by which
// Cause finds the nearest cancelCtx, so Cause falls back on Err); Deadline and the other
// values are the parent's. Its AfterFunc method makes cancelable contexts made directly
// from it register a callback instead of starting a goroutine each, as they do under a
// cancelCtx. One difference, allowed by context's contract for AfterFunc: cancel runs
// those callbacks each in a goroutine of its own, so a child is canceled shortly after
// Task.Cancel returns rather than before (a cancelCtx cancels its children inline). (A context.WithValue in between hides the method, and a context made from
// that starts its goroutine, as under any context of a type the package does not know.)
type taskCtx struct {
	parent context.Context
	flags  atomic.Uint32 // ctx* bits below, and the task* bits of the Task holding it
	mu     sync.Mutex    // guards done, afters, and the Task's own guarded fields
	done   chan struct{} // written under mu before ctxDoneMade is set; made on demand by Done
	afters *afterFunc    // guarded by mu; callbacks registered by AfterFunc, newest first
}

// Bits of taskCtx.flags. The ctx bits belong to the context; the task bits belong to the
// Task the context lives in, which shares the word (and mu) to stay small.
const (
	ctxCanceled   uint32 = 1 << iota // set, under mu, before done is closed
	ctxDoneMade                      // done holds the Done channel
	taskDone                         // the task's outcome (val, err and the bits below) is published
	taskCancelled                    // the task ended by the cancellation of its context
	taskPanicked                     // the task panicked; err holds the *PanicError
	taskNotified                     // set under mu once complete has told every subscriber
)

// afterFunc is one callback registered with taskCtx.AfterFunc; its identity lets stop
// find it again.
type afterFunc struct {
	f    func()
	next *afterFunc
}

// Deadline returns the parent's deadline (a parent whose Done is nil rarely has one).
func (c *taskCtx) Deadline() (deadline time.Time, ok bool) { return c.parent.Deadline() }

// Done returns a channel closed when the context is canceled, made on the first call.
func (c *taskCtx) Done() <-chan struct{} {
	if c.flags.Load()&ctxDoneMade != 0 {
		return c.done
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.flags.Load()&ctxDoneMade == 0 {
		c.done = closedChan
		if c.flags.Load()&ctxCanceled == 0 {
			c.done = make(chan struct{})
		}
		c.flags.Or(ctxDoneMade)
	}
	return c.done
}

// Err returns context.Canceled once the context is canceled, and nil before.
func (c *taskCtx) Err() error {
	f := c.flags.Load()
	if f&ctxCanceled == 0 {
		return nil
	}
	if f&ctxDoneMade != 0 {
		// cancel sets the flag, then closes Done, both under mu: wait for the close, so
		// that Err is never set while Done is still open (the Context contract, which
		// Go's own cancelCtx keeps the same way).
		c.mu.Lock()
		//lint:ignore SA2001 an empty critical section: waiting for cancel's is the point
		c.mu.Unlock()
	}
	return context.Canceled
}

// Value returns the parent's value for key, except for the key by which context.Cause
// finds the nearest cancelCtx: the parent has none of its own (its Done is nil), but one
// may hide further up, behind a context that detaches from its cancellation while it
// passes values through. Cause would then report that ancestor's cause for ours; with no
// cancelCtx found, it reports Err, context.Canceled, as for context.WithCancel(parent).
func (c *taskCtx) Value(key any) any {
	if key == cancelCtxKey {
		return nil
	}
	return c.parent.Value(key)
}

// cancelCtxKey is the key context.Cause looks up to find the nearest cancelCtx, which the
// context package does not export: a probe context records it from Cause's lookup. Should
// a later Go look up something else first, the probe records that, Value then hides a key
// no one asks for, and Cause behaves as before this guard.
var cancelCtxKey = func() any {
	var p keyProbe
	_ = context.Cause(&p)
	return p.key
}()

// keyProbe is a context, canceled, that records the first key it is asked for. (Cause
// looks for the cancelCtx only under a context whose Err is set.)
type keyProbe struct {
	context.Context
	key any
}

func (p *keyProbe) Value(key any) any {
	if p.key == nil {
		p.key = key
	}
	return nil
}

func (p *keyProbe) Err() error { return context.Canceled }

// String names the context as context.WithCancel's would be named.
func (c *taskCtx) String() string { return fmt.Sprintf("%v.WithCancel", c.parent) }

// AfterFunc arranges for f to run in its own goroutine once the context is canceled, as
// context.AfterFunc does; the returned stop unregisters f and reports whether it did so
// before f was started. The context package calls it for contexts derived from this one.
func (c *taskCtx) AfterFunc(f func()) (stop func() bool) {
	a := &afterFunc{f: f}
	c.mu.Lock()
	if c.flags.Load()&ctxCanceled != 0 {
		c.mu.Unlock()
		go f()
		return func() bool { return false }
	}
	a.next = c.afters
	c.afters = a
	c.mu.Unlock()
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		for p := &c.afters; *p != nil; p = &(*p).next {
			if *p == a {
				*p = a.next
				return true
			}
		}
		return false
	}
}

// cancel cancels the context: sets Err, closes Done and starts the AfterFunc callbacks.
// Later calls do nothing.
func (c *taskCtx) cancel() {
	c.mu.Lock()
	f := c.flags.Load()
	if f&ctxCanceled != 0 {
		c.mu.Unlock()
		return
	}
	c.flags.Or(ctxCanceled) // before close: whoever sees Done closed sees Err set
	if f&ctxDoneMade != 0 {
		close(c.done)
	}
	afters := c.afters
	c.afters = nil
	c.mu.Unlock()
	for a := afters; a != nil; a = a.next {
		go a.f()
	}
}
