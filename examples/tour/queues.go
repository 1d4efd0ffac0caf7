package main

import (
	"context"
	"errors"
	"strings"

	"github.com/aio-go/aio"
)

func tourQueue(ctx context.Context) {
	q := aio.NewQueue[int](2)
	worker := aio.Go(ctx, func(ctx context.Context) (int, error) {
		sum := 0
		for v := range q.All(ctx) { // until Shutdown and drained
			sum += v
			q.TaskDone()
		}
		return sum, nil
	})
	for i := 1; i <= 10; i++ {
		_ = q.Put(ctx, i) // blocks while 2 items wait
	}
	_ = q.Join(ctx) // every item marked done
	q.Shutdown(false)
	sum, _ := worker.Wait(ctx)
	say("10 items through a queue of 2, Join, Shutdown: sum %d; Put now: %v", sum, q.Put(ctx, 11))
}

func tourLifoQueue(ctx context.Context) {
	q := aio.NewLifoQueue[string](0)
	for _, s := range []string{"a", "b", "c"} {
		_ = q.TryPut(s)
	}
	var out []string
	for !q.Empty() {
		s, _ := q.TryGet()
		out = append(out, s)
	}
	_, err := q.TryGet()
	say("put a, b, c; got %s; then TryGet: %v (ErrQueueEmpty: %v)",
		strings.Join(out, ", "), err, errors.Is(err, aio.ErrQueueEmpty))
}

func tourPriorityQueue(ctx context.Context) {
	type job struct {
		prio int
		name string
	}
	q := aio.NewPriorityQueue(0, func(a, b job) bool { return a.prio < b.prio })
	for _, j := range []job{{3, "backup"}, {1, "page on-call"}, {2, "resize"}, {1, "restart"}} {
		_ = q.Put(ctx, j)
	}
	q.Shutdown(false)
	var out []string
	for j := range q.All(ctx) {
		out = append(out, j.name)
	}
	say("taken by priority, ties in arrival order: %s", strings.Join(out, ", "))
}
