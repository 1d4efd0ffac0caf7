package aio

import (
	"context"
	"sync"

	"github.com/aio-go/aio/internal/sched"
)

// Condition is a condition variable whose Wait can be canceled with a context: asyncio's
// Condition, and the context-aware [sync.Cond] that Go lacks (golang/go#16620).
// Goroutines wait on it for a change of some state guarded by its locker l, and others
// announce changes with [Condition.Notify] or [Condition.NotifyAll].
//
// Waiters are woken in FIFO order, and a notification is never lost to cancellation: a
// waiter notified just as its context ends passes the notification on to the next waiter.
// Notify costs O(woken), not O(waiters).
//
// The zero value is not usable; create a Condition with [NewCondition].
type Condition struct {
	l  sync.Locker
	al *Lock // l when it is an *aio.Lock, so Wait can check that it is held
	mu sync.Mutex
	q  sched.List[struct{}]
}

// NewCondition returns a condition variable guarded by l. It panics if l is nil.
func NewCondition(l sync.Locker) *Condition {
	if l == nil {
		panic("aio: NewCondition with a nil Locker")
	}
	c := &Condition{l: l}
	c.al, _ = l.(*Lock)
	return c
}

// Locker returns the locker the condition was created with.
func (c *Condition) Locker() sync.Locker { return c.l }

// Wait atomically unlocks l and blocks until a Notify or NotifyAll wakes the caller or ctx
// ends; then it locks l again before returning, in every case. It must be called with l
// held; with an [*Lock] as l, it panics if l is not locked.
//
// A woken goroutine cannot assume the state it waits for holds (another goroutine may have
// changed it first), so Wait is usually called in a loop; see [Condition.WaitFor].
//
// If ctx is already done, Wait returns ctx.Err() at once without unlocking l. If ctx ends
// while it waits, Wait re-locks l and returns ctx.Err(). Wait is cancel-safe: a waiter
// notified just as its ctx ends passes the notification on to the next waiter, so no
// wake-up is lost, and then returns ctx.Err().
func (c *Condition) Wait(ctx context.Context) error {
	if c.al != nil && !c.al.Locked() {
		panic("aio: Condition.Wait without holding its Lock")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	w := c.q.Enqueue(0, struct{}{})
	c.mu.Unlock()
	// Enqueued before l is unlocked: a Notify made by whoever takes l next sees us.
	c.l.Unlock()
	_, st := c.q.Await(ctx, &c.mu, w)
	switch st {
	case sched.Canceled:
		c.mu.Unlock()
	case sched.Late:
		// Notified as ctx ended: we return ctx's error, so the wake-up goes to the next
		// waiter instead of being lost.
		c.Notify(1)
	}
	c.l.Lock()
	if st != sched.Handed {
		return ctx.Err()
	}
	return nil
}

// WaitFor waits until pred returns true: it calls pred, and while pred returns false,
// calls [Condition.Wait]. It must be called with l held, and returns with l held; pred is
// called with l held. It returns nil once pred returns true, or Wait's error if ctx ends
// first (pred is checked before the first Wait, so a true pred wins over an ended ctx).
// It is cancel-safe as Wait is.
func (c *Condition) WaitFor(ctx context.Context, pred func() bool) error {
	for !pred() {
		if err := c.Wait(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Notify wakes up to n goroutines waiting on c, longest waiting first. It does nothing if
// n < 1 or nobody waits. The caller may hold l, as asyncio requires, but need not.
func (c *Condition) Notify(n int) {
	c.mu.Lock()
	for ; n > 0; n-- {
		w := c.q.Front()
		if w == nil {
			break
		}
		c.q.Handoff(w, struct{}{})
	}
	c.mu.Unlock()
}

// NotifyAll wakes every goroutine waiting on c.
func (c *Condition) NotifyAll() {
	c.mu.Lock()
	for w := c.q.Front(); w != nil; w = c.q.Front() {
		c.q.Handoff(w, struct{}{})
	}
	c.mu.Unlock()
}
