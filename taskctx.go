package aio

import (
	"context"
	"fmt"
	"slices"
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
// It behaves as context.WithCancel(parent) does: Err is context.Canceled once canceled,
// and so is context.Cause (Value passes &cancelCtxKey through to a parent that, having a
// nil Done, holds no cancelCtx, so Cause falls back on Err); Deadline and Value are the
// parent's. Its AfterFunc method makes contexts derived from it register a callback
// instead of starting a goroutine each, as they do under a cancelCtx.
type taskCtx struct {
	parent   context.Context
	canceled atomic.Bool  // set, under mu, before done is closed
	done     atomic.Value // of chan struct{}; made on demand by Done, under mu
	mu       sync.Mutex
	afters   []*afterFunc // guarded by mu; callbacks registered by AfterFunc, run on cancel
}

// afterFunc is one callback registered with taskCtx.AfterFunc; its identity lets stop
// find it again.
type afterFunc struct{ f func() }

// Deadline returns the parent's deadline (a parent whose Done is nil rarely has one).
func (c *taskCtx) Deadline() (deadline time.Time, ok bool) { return c.parent.Deadline() }

// Done returns a channel closed when the context is canceled, made on the first call.
func (c *taskCtx) Done() <-chan struct{} {
	if d := c.done.Load(); d != nil {
		return d.(chan struct{})
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.done.Load(); d != nil {
		return d.(chan struct{})
	}
	d := closedChan
	if !c.canceled.Load() {
		d = make(chan struct{})
	}
	c.done.Store(d)
	return d
}

// Err returns context.Canceled once the context is canceled, and nil before.
func (c *taskCtx) Err() error {
	if c.canceled.Load() {
		return context.Canceled
	}
	return nil
}

// Value returns the parent's value for key.
func (c *taskCtx) Value(key any) any { return c.parent.Value(key) }

// String names the context as context.WithCancel's would be named.
func (c *taskCtx) String() string { return fmt.Sprintf("%v.WithCancel", c.parent) }

// AfterFunc arranges for f to run in its own goroutine once the context is canceled, as
// context.AfterFunc does; the returned stop unregisters f and reports whether it did so
// before f was started. The context package calls it for contexts derived from this one.
func (c *taskCtx) AfterFunc(f func()) (stop func() bool) {
	a := &afterFunc{f: f}
	c.mu.Lock()
	if c.canceled.Load() {
		c.mu.Unlock()
		go f()
		return func() bool { return false }
	}
	c.afters = append(c.afters, a)
	c.mu.Unlock()
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		if i := slices.Index(c.afters, a); i >= 0 {
			c.afters = slices.Delete(c.afters, i, i+1)
			return true
		}
		return false
	}
}

// cancel cancels the context: sets Err, closes Done and starts the AfterFunc callbacks.
// Later calls do nothing.
func (c *taskCtx) cancel() {
	c.mu.Lock()
	if c.canceled.Load() {
		c.mu.Unlock()
		return
	}
	c.canceled.Store(true) // before close: whoever sees Done closed sees Err set
	if d, _ := c.done.Load().(chan struct{}); d != nil {
		close(d)
	}
	afters := c.afters
	c.afters = nil
	c.mu.Unlock()
	for _, a := range afters {
		go a.f()
	}
}
