package aio

import (
	"context"
	"sync"
	"sync/atomic"
)

// closedChan is a channel closed at package init, returned by Event.Done while the event
// is set and no waiter has asked for a channel of its own, and by Task.Done for a finished
// task. It belongs to no synctest bubble, and receiving from it never blocks.
var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// Event is a flag that goroutines can wait for: asyncio's Event. [Event.Set] sets it and
// wakes every waiter, [Event.Clear] clears it, and [Event.Wait] blocks until it is set.
// Unlike a closed channel it can be cleared and set again; unlike [sync.Cond] it can be
// waited for with a context or in a select, through [Event.Done].
//
// The zero value is a clear Event, ready to use. An Event must not be copied after first
// use. A call to Set happens before every Wait that returns because of it.
type Event struct {
	set atomic.Bool
	mu  sync.Mutex // serialises Set, Clear and the making of ch
	// ch points to the channel that is closed exactly while the event is set. It is nil
	// while the event is clear and nobody has asked for a channel; Clear drops a closed
	// one, so the next round gets a new channel. Readers load it without mu: whatever
	// they load was the current channel at that instant.
	ch atomic.Pointer[chan struct{}]
}

// Set sets the event and wakes every goroutine waiting for it. Setting a set event does
// nothing.
func (e *Event) Set() {
	e.mu.Lock()
	if !e.set.Load() {
		// Set the flag first: a waiter that sees the channel closed then sees IsSet true.
		e.set.Store(true)
		if p := e.ch.Load(); p != nil {
			close(*p)
		} else {
			e.ch.Store(&closedChan)
		}
	}
	e.mu.Unlock()
}

// Clear clears the event: later calls to Wait block until the next Set. Goroutines
// released by an earlier Set are not affected, even if they have not run yet: they hold
// the closed channel of that round.
func (e *Event) Clear() {
	e.mu.Lock()
	if e.set.Load() {
		e.ch.Store(nil)
		e.set.Store(false)
	}
	e.mu.Unlock()
}

// IsSet reports whether the event is set. It is a single atomic load.
func (e *Event) IsSet() bool {
	return e.set.Load()
}

// Done returns a channel that is closed while the event is set, for use in a select.
// While the event is clear, Done returns a channel that the next Set closes; after Clear,
// it returns a new channel. The channel is never sent on.
func (e *Event) Done() <-chan struct{} {
	if p := e.ch.Load(); p != nil {
		return *p // lock-free: every waiter after the first of a round takes this path
	}
	e.mu.Lock()
	p := e.ch.Load()
	if p == nil {
		c := make(chan struct{})
		p = &c
		e.ch.Store(p)
	}
	e.mu.Unlock()
	return *p
}

// Wait blocks until the event is set, and returns nil; if it is set already, Wait returns
// nil at once, whatever the state of ctx (as asyncio's Event.wait does).
//
// If ctx ends first, Wait returns ctx.Err(). Wait changes nothing, so it is cancel-safe:
// every goroutine waiting when Set is called returns nil, even if Clear follows at once,
// and a Wait whose ctx ends at the same moment as a Set may return either.
func (e *Event) Wait(ctx context.Context) error {
	if e.set.Load() {
		return nil
	}
	c := e.Done()
	done := ctx.Done()
	if done == nil {
		<-c // a context that never ends: a plain receive is cheaper than a select
		return nil
	}
	select {
	case <-c:
		return nil
	case <-ctx.Done():
		// Both may be ready; prefer the Set, which already happened.
		select {
		case <-c:
			return nil
		default:
			return ctx.Err()
		}
	}
}
