package aio

import (
	"cmp"
	"context"
	"iter"
	"reflect"

	"github.com/aio-go/aio/internal/container"
)

// PriorityQueue is a queue whose Get returns the least item first (asyncio.PriorityQueue).
// Unlike asyncio's, whose heapq is not stable, among equal items (neither less than the
// other) it returns the one put first. Apart from the order it behaves exactly as
// [Queue]: the same blocking, task tracking with TaskDone and Join, shutdown and
// iteration, all served by one implementation.
//
// Items are kept in a binary heap, so Put and Get cost O(log n) comparisons, with two
// shortcuts. In a backlogged queue, whose items are the ones that lost, most new items
// are less than all of them: while such items come in a run, each waits beside the heap,
// so its Put costs one comparison and the Get that takes it none. And when Puts come in
// a burst, as when a producer runs ahead of its consumer and fills the queue, they cost
// no comparison: the next Get sorts a burst of 32 to 1024 items (about half the
// comparisons of pushing it into the heap and popping it again) and later Gets take from
// it in order, one comparison each. That Get does the sorting for the burst, up to about
// 30 µs for 1024 ints.
//
// The zero value is not usable; make one with [NewPriorityQueue] or
// [NewPriorityQueueOrdered].
type PriorityQueue[T any] struct {
	e engine[T]
}

// NewPriorityQueue returns a priority queue that holds at most maxsize items, ordered by
// less, which must be a strict weak order (asyncio.PriorityQueue(maxsize)). A maxsize of 0
// means unbounded. It panics if maxsize is negative or less is nil.
//
// less is called with the queue's lock held, so it must not call the queue's methods, and
// it must not panic: a panic reaches the caller of Put or Get but leaves the queue locked,
// and every later call on it blocks (recovering there would cost every call).
func NewPriorityQueue[T any](maxsize int, less func(a, b T) bool) *PriorityQueue[T] {
	if maxsize < 0 {
		panic("aio: NewPriorityQueue: negative maxsize")
	}
	if less == nil {
		panic("aio: NewPriorityQueue: nil less function")
	}
	return newPriorityQueue(maxsize, container.NewHeap(less))
}

// NewPriorityQueueOrdered returns a priority queue of ordered values, least first, as
// NewPriorityQueue(maxsize, cmp.Less[T]) does (so a NaN comes before any other float).
// It panics if maxsize is negative.
//
// For integers and strings it is faster: it compares with < inline instead of calling a
// function, and keeps no sequence numbers, since equal integers or equal strings cannot
// be told apart and the order among them is not observable.
func NewPriorityQueueOrdered[T cmp.Ordered](maxsize int) *PriorityQueue[T] {
	if maxsize < 0 {
		panic("aio: NewPriorityQueueOrdered: negative maxsize")
	}
	switch reflect.TypeFor[T]().Kind() {
	case reflect.Float32, reflect.Float64:
		return newPriorityQueue(maxsize, container.NewHeap(cmp.Less[T]))
	}
	return newPriorityQueue(maxsize, new(container.OrderedHeap[T]))
}

// newPriorityQueue returns a priority queue that keeps its items in h.
func newPriorityQueue[T any](maxsize int, h interface {
	store[T]
	SetMin(n int)
}) *PriorityQueue[T] {
	h.SetMin(floorFor(maxsize))
	q := new(PriorityQueue[T])
	q.e.init("PriorityQueue", maxsize, h)
	return q
}

// Put adds v to the queue (asyncio's PriorityQueue.put). It blocks while the queue is
// full, behind putters that blocked earlier. It returns nil once v is in the queue,
// [ErrQueueShutDown] if the queue is shut down before or while it waits, and ctx.Err() if
// ctx is already done or ends while it waits. Cancel-safe as [Queue.Put]: on error v was
// not put; if ctx ends just as v is accepted, Put returns nil.
func (q *PriorityQueue[T]) Put(ctx context.Context, v T) error { return q.e.put(ctx, v) }

// TryPut adds v if the queue has room, without blocking. It returns [ErrQueueFull] if the
// queue is full and [ErrQueueShutDown] if it is shut down.
func (q *PriorityQueue[T]) TryPut(v T) error { return q.e.tryPut(v) }

// Get removes and returns the least item, the earliest put among equals. It blocks while
// the queue is empty, behind getters that blocked earlier. It returns [ErrQueueShutDown]
// once the queue is shut down and empty, and ctx.Err() if ctx is already done or ends
// while it waits, having taken nothing. Cancel-safe as [Queue.Get]: if ctx ends just as an
// item is handed to it, Get returns the item; no item is ever lost.
func (q *PriorityQueue[T]) Get(ctx context.Context) (T, error) { return q.e.get(ctx) }

// TryGet removes and returns the least item without blocking. It returns [ErrQueueEmpty]
// if the queue is empty, or [ErrQueueShutDown] if it is also shut down.
func (q *PriorityQueue[T]) TryGet() (T, error) { return q.e.tryGet() }

// TaskDone marks one item taken from the queue as processed (asyncio's task_done). It
// panics if called more times than items were put, less the items Shutdown(true) dropped
// (which count as done).
func (q *PriorityQueue[T]) TaskDone() { q.e.taskDone() }

// Join blocks until every item put has been marked done or dropped by Shutdown(true)
// (asyncio's join). It returns nil at once if none is unfinished, even when ctx is done,
// and ctx.Err() if ctx ends first. It changes nothing, so it is cancel-safe.
func (q *PriorityQueue[T]) Join(ctx context.Context) error { return q.e.join(ctx) }

// Len returns the number of items in the queue.
func (q *PriorityQueue[T]) Len() int { return q.e.len() }

// Cap returns the queue's maxsize; 0 means unbounded.
func (q *PriorityQueue[T]) Cap() int { return q.e.maxsize }

// Empty reports whether the queue holds no items.
func (q *PriorityQueue[T]) Empty() bool { return q.e.len() == 0 }

// Full reports whether the queue holds Cap items. An unbounded queue is never full.
func (q *PriorityQueue[T]) Full() bool { return q.e.full() }

// Shutdown shuts the queue down as [Queue.Shutdown] does: puts fail with
// [ErrQueueShutDown] and blocked putters wake with it; with immediate false gets drain the
// items left, least first, then fail; with immediate true the items left are dropped and
// counted as done, and blocked getters wake with ErrQueueShutDown. Calling Shutdown again
// is harmless; Shutdown(true) after Shutdown(false) drops what is left.
func (q *PriorityQueue[T]) Shutdown(immediate bool) { q.e.shutdownQueue(immediate) }

// All returns an iterator over the items, least first, each step a [PriorityQueue.Get].
// The loop ends when the queue is shut down and drained, or when ctx ends. All does not
// call TaskDone.
func (q *PriorityQueue[T]) All(ctx context.Context) iter.Seq[T] { return q.e.all(ctx) }
