package reliability

import (
	"context"
	"sync"

	"github.com/aio-go/aio"
)

// The harnesses are written against these small interfaces, so that the same harness code
// runs aio's primitives and the deliberately broken implementations of broken_test.go.

// queueSubject is a queue of ints: aio.Queue, a LIFO aio.Queue, aio.PriorityQueue.
type queueSubject interface {
	Put(ctx context.Context, v int) error
	Get(ctx context.Context) (int, error)
	TryPut(v int) error
	TryGet() (int, error)
	Len() int
	TaskDone()
	Join(ctx context.Context) error
	Shutdown(immediate bool)
}

// semSubject is a weighted semaphore.
type semSubject interface {
	AcquireN(ctx context.Context, n int) error
	TryAcquireN(n int) bool
	ReleaseN(n int)
	Available() int
}

// lockSubject is a context-aware mutex.
type lockSubject interface {
	Acquire(ctx context.Context) error
	TryLock() bool
	Unlock()
	Locked() bool
}

// eventSubject is an asyncio-style event.
type eventSubject interface {
	Set()
	Clear()
	IsSet() bool
	Wait(ctx context.Context) error
}

// condSubject is a context-aware condition variable; its locker is a *sync.Mutex.
type condSubject interface {
	Wait(ctx context.Context) error
	Notify(n int)
	NotifyAll()
}

// barrierSubject is a cyclic barrier with abort and reset.
type barrierSubject interface {
	Wait(ctx context.Context) (int, error)
	Abort()
	Reset()
	Waiting() int
	Broken() bool
}

// queueKind says in which order a queue hands out its items.
type queueKind int

const (
	fifo queueKind = iota
	lifo
	prio
	ordered // a PriorityQueue of ints by <, from NewPriorityQueueOrdered
)

func (k queueKind) String() string { return [...]string{"fifo", "lifo", "prio", "ordered"}[k] }

// priority is the priority of item v in a priority queue: few distinct priorities, so that
// stability among equals (first in, first out) is exercised all the time.
func priority(v int) int { return v % 3 }

func lessPrio(a, b int) bool { return priority(a) < priority(b) }

// newAioQueue returns aio's queue of the given kind and capacity (0: unbounded).
func newAioQueue(k queueKind, capacity int) queueSubject {
	switch k {
	case lifo:
		return aio.NewLifoQueue[int](capacity)
	case prio:
		return aio.NewPriorityQueue[int](capacity, lessPrio)
	case ordered:
		return aio.NewPriorityQueueOrdered[int](capacity)
	}
	return aio.NewQueue[int](capacity)
}

var queueKinds = []queueKind{fifo, lifo, prio, ordered}

// Compile-time checks that aio's types fit the harness interfaces.
var (
	_ queueSubject   = (*aio.Queue[int])(nil)
	_ queueSubject   = (*aio.PriorityQueue[int])(nil)
	_ semSubject     = (*aio.Semaphore)(nil)
	_ lockSubject    = (*aio.Lock)(nil)
	_ eventSubject   = (*aio.Event)(nil)
	_ condSubject    = (*aio.Condition)(nil)
	_ barrierSubject = (*aio.Barrier)(nil)
	_ sync.Locker    = (*aio.Lock)(nil)
)
