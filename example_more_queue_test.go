package aio_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aio-go/aio"
)

// The non-blocking side of a Queue, and its sizes: TryPut fails with ErrQueueFull on a
// full queue, TryGet with ErrQueueEmpty on an empty one (asyncio's put_nowait and
// get_nowait).
func ExampleQueue_TryPut() {
	var q *aio.Queue[string] = aio.NewQueue[string](2)
	fmt.Println(q.TryPut("a"), q.TryPut("b"))
	err := q.TryPut("c")
	fmt.Println(err, errors.Is(err, aio.ErrQueueFull))
	fmt.Println("len", q.Len(), "cap", q.Cap(), "full", q.Full())

	for !q.Empty() {
		v, _ := q.TryGet()
		fmt.Print(v, " ")
	}
	_, err = q.TryGet()
	fmt.Println(errors.Is(err, aio.ErrQueueEmpty))
	// Output:
	// <nil> <nil>
	// aio: queue full true
	// len 2 cap 2 full true
	// a b true
}

// Shutdown(false) lets consumers drain what is left, then Get fails with
// ErrQueueShutDown; Shutdown(true) drops the items left and counts them as done, so Join
// returns.
func ExampleQueue_Shutdown() {
	ctx := context.Background()
	q := aio.NewQueue[int](0)
	for i := 1; i <= 3; i++ {
		_ = q.Put(ctx, i)
	}
	q.Shutdown(false)
	fmt.Println("Put:", q.Put(ctx, 4))
	for {
		v, err := q.Get(ctx)
		if errors.Is(err, aio.ErrQueueShutDown) {
			fmt.Println("Get:", err)
			break
		}
		fmt.Println("got", v)
		q.TaskDone()
	}

	q = aio.NewQueue[int](0)
	_ = q.Put(ctx, 1)
	_ = q.Put(ctx, 2)
	q.Shutdown(true) // immediate
	fmt.Println("Join:", q.Join(ctx), "len:", q.Len())
	// Output:
	// Put: aio: queue shut down
	// got 1
	// got 2
	// got 3
	// Get: aio: queue shut down
	// Join: <nil> len: 0
}

// A LifoQueue returns the newest item first (asyncio.LifoQueue): a stack with the
// queue's blocking, task tracking and shutdown.
func ExampleNewLifoQueue() {
	ctx := context.Background()
	q := aio.NewLifoQueue[string](0)
	for _, s := range []string{"first", "second", "third"} {
		_ = q.Put(ctx, s)
	}
	q.Shutdown(false)
	for s := range q.All(ctx) {
		fmt.Println(s)
	}
	// Output:
	// third
	// second
	// first
}

// The rest of a PriorityQueue: TryPut and TryGet never wait, and its sizes; it hands out
// the least item first, and equal items in the order they were
// put. Here the work items carry their priority; task tracking works as for Queue.
func ExamplePriorityQueue_TryPut() {
	type job struct {
		priority int
		name     string
	}
	ctx := context.Background()
	var q *aio.PriorityQueue[job] = aio.NewPriorityQueue(3, func(a, b job) bool { return a.priority < b.priority })
	_ = q.Put(ctx, job{2, "rebuild index"})
	_ = q.Put(ctx, job{1, "restart web"})
	fmt.Println(q.TryPut(job{1, "restart db"}), q.Len(), q.Cap(), q.Full())
	fmt.Println(errors.Is(q.TryPut(job{0, "too late"}), aio.ErrQueueFull))

	j, _ := q.Get(ctx)
	fmt.Println(j.name)
	q.TaskDone()
	j, _ = q.TryGet()
	fmt.Println(j.name)
	q.TaskDone()

	q.Shutdown(false)
	for j := range q.All(ctx) {
		fmt.Println(j.name)
		q.TaskDone()
	}
	fmt.Println(q.Join(ctx), q.Empty())
	// Output:
	// <nil> 3 3 true
	// true
	// restart web
	// restart db
	// rebuild index
	// <nil> true
}

// NewPriorityQueueOrdered orders values by <, least first.
func ExampleNewPriorityQueueOrdered() {
	q := aio.NewPriorityQueueOrdered[int](0)
	for _, v := range []int{5, 1, 4} {
		_ = q.TryPut(v)
	}
	fmt.Println(q.Put(context.Background(), 2))
	for !q.Empty() {
		v, _ := q.TryGet()
		fmt.Print(v, " ")
	}
	fmt.Println()
	// Output:
	// <nil>
	// 1 2 4 5
}
