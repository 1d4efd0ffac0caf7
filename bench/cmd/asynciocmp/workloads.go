package main

import (
	"context"
	"fmt"

	"github.com/aio-go/aio"
)

// The sizes of the seeds' workloads; bench/asyncio uses the same ones.
const (
	gatherTasks    = 100_000
	groupTasks     = 100_000
	semTasks       = 10_000
	semRounds      = 10
	semLimit       = 4
	queueItems     = 200_000
	queueMaxsize   = 100
	priorityItems  = 200_000
	priorityStride = 7919 // coprime to priorityItems: i*stride % n permutes 0..n-1
)

// A workload is one of the seeds' workloads: run does the whole job once and returns a value
// that must equal want, so that the work cannot be skipped. ops is the number of operations
// one run counts (tasks, acquisitions, items).
type workload struct {
	name  string
	ops   int
	want  int
	setup func() // untimed preparation before each run, or nil
	run   func(ctx context.Context) (int, error)
}

// impl is one implementation of the five workloads: aio's, or the Go floor's.
type impl struct {
	gather, taskGroup, semaphore, queue func(ctx context.Context, n int) (int, error)
	priorityQueue                       func(ctx context.Context, keys []int) (int, error)
}

// aioImpl runs the workloads with aio.
var aioImpl = impl{gather, taskGroup, semaphore, queue, priorityQueue}

// workloads returns the workloads run by im, with every size divided by div (1 for the real
// sizes; tests use a larger div to run them quickly).
func workloads(div int, im impl) []workload {
	gn, tn, sn, qn, pn := gatherTasks/div, groupTasks/div, semTasks/div, queueItems/div, priorityItems/div
	var keys []int
	return []workload{
		{name: "gather", ops: gn, want: gn * (gn - 1) / 2, run: func(ctx context.Context) (int, error) {
			return im.gather(ctx, gn)
		}},
		{name: "taskgroup", ops: tn, want: tn, run: func(ctx context.Context) (int, error) {
			return im.taskGroup(ctx, tn)
		}},
		{name: "semaphore", ops: sn * semRounds, want: sn * semRounds, run: func(ctx context.Context) (int, error) {
			return im.semaphore(ctx, sn)
		}},
		{name: "queue", ops: qn, want: qn * (qn - 1) / 2, run: func(ctx context.Context) (int, error) {
			return im.queue(ctx, qn)
		}},
		{name: "priorityqueue", ops: pn, want: pn - 1,
			setup: func() { keys = permutation(pn) },
			run: func(ctx context.Context) (int, error) {
				return im.priorityQueue(ctx, keys)
			}},
	}
}

// gather is asyncio.gather of n trivial tasks: task i returns i; the sum of the results.
func gather(ctx context.Context, n int) (int, error) {
	fns := make([]func(context.Context) (int, error), n)
	for i := range fns {
		fns[i] = func(context.Context) (int, error) { return i, nil }
	}
	return gatherSum(ctx, fns)
}

// gatherSum runs fns with aio.Gather and returns the sum of their results.
func gatherSum(ctx context.Context, fns []func(context.Context) (int, error)) (int, error) {
	results, err := aio.Gather(ctx, fns...)
	if err != nil {
		return 0, err
	}
	sum := 0
	for _, r := range results {
		sum += r
	}
	return sum, nil
}

// taskGroup is asyncio.TaskGroup running n trivial tasks; it returns n once they are all done.
func taskGroup(ctx context.Context, n int) (int, error) {
	g, _ := aio.NewTaskGroup(ctx)
	for range n {
		g.Go(func(context.Context) error { return nil })
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	return n, nil
}

// semaphore has n tasks, gathered with aio.Gather, acquire a Semaphore(4) semRounds times each
// and count the acquisitions while they hold it; the number of acquisitions. Unlike the asyncio
// side, which runs one task at a time, the tasks run in parallel and do contend.
func semaphore(ctx context.Context, n int) (int, error) {
	sem := aio.NewSemaphore(semLimit)
	worker := func(ctx context.Context) (int, error) {
		done := 0
		for range semRounds {
			if err := sem.Acquire(ctx); err != nil {
				return done, err
			}
			done++
			sem.Release()
		}
		return done, nil
	}
	fns := make([]func(context.Context) (int, error), n)
	for i := range fns {
		fns[i] = worker
	}
	return gatherSum(ctx, fns)
}

// queue has one producer put 0..n-1 into a Queue(queueMaxsize) and one consumer get them, both
// gathered with aio.Gather; the sum the consumer got, after checking FIFO order.
func queue(ctx context.Context, n int) (int, error) {
	q := aio.NewQueue[int](queueMaxsize)
	producer := func(ctx context.Context) (int, error) {
		for i := range n {
			if err := q.Put(ctx, i); err != nil {
				return 0, err
			}
		}
		return 0, nil
	}
	consumer := func(ctx context.Context) (int, error) {
		sum := 0
		for i := range n {
			v, err := q.Get(ctx)
			if err != nil {
				return 0, err
			}
			if v != i {
				return 0, fmt.Errorf("queue: got %d, want %d", v, i)
			}
			sum += v
		}
		return sum, nil
	}
	results, err := aio.Gather(ctx, producer, consumer)
	if err != nil {
		return 0, err
	}
	return results[1], nil
}

// priorityQueue puts every key into an unbounded PriorityQueue, then gets them all, checking
// that they come out in order; the last key.
func priorityQueue(ctx context.Context, keys []int) (int, error) {
	q := aio.NewPriorityQueueOrdered[int](0)
	for _, k := range keys {
		if err := q.Put(ctx, k); err != nil {
			return 0, err
		}
	}
	prev := -1
	for range keys {
		k, err := q.Get(ctx)
		if err != nil {
			return 0, err
		}
		if k < prev {
			return 0, fmt.Errorf("priorityqueue: got %d after %d", k, prev)
		}
		prev = k
	}
	return prev, nil
}

// permutation returns 0..n-1 shuffled the same way bench/asyncio/priorityqueue.py does.
func permutation(n int) []int {
	keys := make([]int, n)
	for i := range keys {
		keys[i] = i * priorityStride % n
	}
	return keys
}
