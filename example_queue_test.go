package aio_test

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aio-go/aio"
)

// The producer/consumer pattern of asyncio's Queue documentation: workers take jobs from
// a queue and mark each one done; Join waits for every job, then Shutdown releases the
// workers, whose Get fails with ErrQueueShutDown.
func ExampleQueue() {
	ctx := context.Background()
	q := aio.NewQueue[time.Duration](0)
	for _, d := range []time.Duration{3, 1, 4, 1, 5, 9, 2, 6} {
		_ = q.Put(ctx, d*time.Millisecond)
	}

	var (
		mu    sync.Mutex
		total time.Duration
		wg    sync.WaitGroup
	)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				d, err := q.Get(ctx)
				if err != nil {
					return // aio.ErrQueueShutDown: no more work
				}
				mu.Lock()
				total += d // the work: here, just adding up the job sizes
				mu.Unlock()
				q.TaskDone()
			}
		}()
	}

	_ = q.Join(ctx) // every job is done
	q.Shutdown(false)
	wg.Wait()
	fmt.Println("total work:", total)
	// Output:
	// total work: 31ms
}

// A PriorityQueue serves the most urgent job first; jobs of equal priority come out in
// the order they were put.
func ExamplePriorityQueue() {
	type job struct {
		priority int // lower is more urgent
		name     string
	}
	ctx := context.Background()
	q := aio.NewPriorityQueue(0, func(a, b job) bool { return a.priority < b.priority })
	_ = q.Put(ctx, job{2, "send newsletter"})
	_ = q.Put(ctx, job{0, "page on-call"})
	_ = q.Put(ctx, job{1, "resize images"})
	_ = q.Put(ctx, job{0, "restart database"})
	q.Shutdown(false) // no more jobs: the loop below ends when the queue is drained

	for j := range q.All(ctx) {
		fmt.Println(j.priority, j.name)
	}
	// Output:
	// 0 page on-call
	// 0 restart database
	// 1 resize images
	// 2 send newsletter
}

// Ranging over All consumes a queue until its producer shuts it down and the items left
// are drained, or until ctx ends.
func ExampleQueue_All() {
	ctx := context.Background()
	q := aio.NewQueue[string](2) // the producer blocks while two lines wait
	go func() {
		for _, line := range []string{"GET /", "GET /about", "POST /login", "GET /logout"} {
			if err := q.Put(ctx, line); err != nil {
				return
			}
		}
		q.Shutdown(false)
	}()

	for line := range q.All(ctx) {
		fmt.Println(line)
	}
	// Output:
	// GET /
	// GET /about
	// POST /login
	// GET /logout
}
