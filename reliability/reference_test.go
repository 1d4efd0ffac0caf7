package reliability

import (
	"context"
	"sync"

	"github.com/aio-go/aio"
)

// Simple reference implementations, each with a switch that plants one deliberate bug.
// With the switch off they are correct (if slow and unfair): the harnesses must accept
// them. With it on, broken_test.go proves the harnesses catch the bug. They wait on a
// "changed" channel that is closed and replaced at every change of state, which is easy
// to get right and works inside testing/synctest bubbles.

// refQueue is a queue of ints of any kind.
type refQueue struct {
	kind     queueKind
	capacity int
	// dropOnCancel: a Get whose context ended as it took an item drops the item and
	// returns the context's error (the bug principle 2 forbids).
	dropOnCancel bool

	mu         sync.Mutex
	items      []int
	shut       bool
	unfinished int
	changed    chan struct{}
}

func newRefQueue(k queueKind, capacity int, dropOnCancel bool) *refQueue {
	return &refQueue{kind: k, capacity: capacity, dropOnCancel: dropOnCancel, changed: make(chan struct{})}
}

// wakeLocked tells every waiter that the state changed.
func (q *refQueue) wakeLocked() {
	close(q.changed)
	q.changed = make(chan struct{})
}

// wait waits for a change with q.mu held, and returns with q.mu held.
func (q *refQueue) wait(ctx context.Context) error {
	c := q.changed
	q.mu.Unlock()
	var err error
	select {
	case <-c:
	case <-ctx.Done():
		err = ctx.Err()
	}
	q.mu.Lock()
	return err
}

func (q *refQueue) Put(ctx context.Context, v int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if q.shut {
			return aio.ErrQueueShutDown
		}
		if q.capacity == 0 || len(q.items) < q.capacity {
			q.putLocked(v)
			return nil
		}
		if err := q.wait(ctx); err != nil {
			return err
		}
	}
}

func (q *refQueue) putLocked(v int) {
	q.items = append(q.items, v)
	q.unfinished++
	q.wakeLocked()
}

func (q *refQueue) Get(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if len(q.items) > 0 {
			v := q.popLocked()
			if q.dropOnCancel && ctx.Err() != nil {
				return 0, ctx.Err() // BUG (deliberate): the item is lost
			}
			return v, nil
		}
		if q.shut {
			return 0, aio.ErrQueueShutDown
		}
		if err := q.wait(ctx); err != nil {
			return 0, err
		}
	}
}

func (q *refQueue) popLocked() int {
	i := q.kind.next(q.items)
	v := q.items[i]
	q.items = append(q.items[:i], q.items[i+1:]...)
	q.wakeLocked()
	return v
}

func (q *refQueue) TryPut(v int) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	switch {
	case q.shut:
		return aio.ErrQueueShutDown
	case q.capacity > 0 && len(q.items) >= q.capacity:
		return aio.ErrQueueFull
	}
	q.putLocked(v)
	return nil
}

func (q *refQueue) TryGet() (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	switch {
	case len(q.items) > 0:
		return q.popLocked(), nil
	case q.shut:
		return 0, aio.ErrQueueShutDown
	}
	return 0, aio.ErrQueueEmpty
}

func (q *refQueue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

func (q *refQueue) TaskDone() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.unfinished == 0 {
		panic("refQueue: TaskDone called more times than items were put")
	}
	q.unfinished--
	q.wakeLocked()
}

func (q *refQueue) Join(ctx context.Context) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.unfinished > 0 {
		if err := q.wait(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (q *refQueue) Shutdown(immediate bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.shut = true
	if immediate {
		q.unfinished -= len(q.items)
		q.items = nil
	}
	q.wakeLocked()
}

// refSem is a weighted semaphore.
type refSem struct {
	capacity int
	// leak: an AcquireN that fails because its context ended takes the permits anyway if
	// they are free, and never gives them back (the bug principle 2 forbids), until leak
	// permits are lost (so that the broken semaphore never deadlocks a harness).
	leak int

	mu      sync.Mutex
	avail   int
	changed chan struct{}
}

func newRefSem(capacity, leak int) *refSem {
	return &refSem{capacity: capacity, leak: leak, avail: capacity, changed: make(chan struct{})}
}

func (s *refSem) AcquireN(ctx context.Context, n int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if err := ctx.Err(); err != nil {
			if s.leak >= n && s.avail >= n {
				s.avail -= n // BUG (deliberate): permits taken by a call that reports failure
				s.leak -= n
			}
			return err
		}
		if s.avail >= n {
			s.avail -= n
			return nil
		}
		c := s.changed
		s.mu.Unlock()
		select {
		case <-c:
		case <-ctx.Done():
		}
		s.mu.Lock()
	}
}

func (s *refSem) TryAcquireN(n int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.avail < n {
		return false
	}
	s.avail -= n
	return true
}

func (s *refSem) ReleaseN(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.avail+n > s.capacity {
		panic("refSem: released more than acquired")
	}
	s.avail += n
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *refSem) Available() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.avail
}

// refCond is a FIFO condition variable.
type refCond struct {
	l sync.Locker
	// dropLate: a waiter notified just as its context ends returns the context's error
	// and drops the notification instead of passing it on (the bug principle 2 forbids).
	dropLate bool

	mu      sync.Mutex
	waiters []chan struct{}
}

func (c *refCond) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ch := make(chan struct{}, 1)
	c.mu.Lock()
	c.waiters = append(c.waiters, ch)
	c.mu.Unlock()
	c.l.Unlock()
	defer c.l.Lock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
	}
	c.mu.Lock()
	for i, w := range c.waiters {
		if w == ch { // still queued: not notified
			c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
			c.mu.Unlock()
			return ctx.Err()
		}
	}
	c.mu.Unlock()
	if !c.dropLate {
		c.Notify(1) // notified as ctx ended: pass it on
	}
	return ctx.Err()
}

func (c *refCond) Notify(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for ; n > 0 && len(c.waiters) > 0; n-- {
		c.waiters[0] <- struct{}{}
		c.waiters = c.waiters[1:]
	}
}

func (c *refCond) NotifyAll() { c.Notify(int(^uint(0) >> 1)) }

// dropQueue plants a bug on top of a correct queue: a Get whose context has ended takes
// an item anyway, drops it, and returns the context's error.
type dropQueue struct{ queueSubject }

func (q dropQueue) Get(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		_, _ = q.TryGet() // BUG (deliberate): the item is lost
		return 0, err
	}
	return q.queueSubject.Get(ctx)
}

// leakSem plants a bug on top of a correct semaphore: an AcquireN whose context has ended
// takes the permits anyway when they are free, and returns the context's error.
type leakSem struct{ semSubject }

func (s leakSem) AcquireN(ctx context.Context, n int) error {
	if err := ctx.Err(); err != nil {
		_ = s.TryAcquireN(n) // BUG (deliberate): the permits are never released
		return err
	}
	return s.semSubject.AcquireN(ctx, n)
}

// lossyCond plants a bug on top of a correct condition: Notify(n) with n > 1 wakes one
// waiter fewer than asked.
type lossyCond struct{ condSubject }

func (c lossyCond) Notify(n int) {
	if n > 1 {
		n-- // BUG (deliberate): a notification is lost
	}
	c.condSubject.Notify(n)
}
