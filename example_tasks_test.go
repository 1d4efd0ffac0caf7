package aio_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aio-go/aio"
)

// Go is asyncio.create_task: start work now, collect its result later.
func ExampleGo() {
	ctx := context.Background()
	task := aio.Go(ctx, func(ctx context.Context) (string, error) {
		return strings.ToUpper("hello"), nil
	})
	// ... other work ...
	s, err := task.Wait(ctx)
	fmt.Println(s, err)
	// Output: HELLO <nil>
}

// A task's methods: Cancel stops it through its context, Cancelled tells a cancellation
// from a failure, OnDone registers a callback, Result reads without blocking.
func ExampleTask() {
	ctx := context.Background()
	task := aio.Go(ctx, func(ctx context.Context) (int, error) {
		<-ctx.Done() // a long job that honours cancellation
		return 0, ctx.Err()
	})
	_, err := task.Result()
	fmt.Println("before:", err)

	called := make(chan struct{})
	task.OnDone(func(t *aio.Task[int]) {
		fmt.Println("callback: cancelled =", t.Cancelled())
		close(called)
	})
	task.Cancel()
	<-called
	_, err = task.Wait(ctx)
	fmt.Println("after:", err)
	// Output:
	// before: aio: task not done
	// callback: cancelled = true
	// after: context canceled
}

// Gather is asyncio.gather: run functions concurrently, results in input order.
func ExampleGather() {
	square := func(n int) func(context.Context) (int, error) {
		return func(context.Context) (int, error) { return n * n, nil }
	}
	got, err := aio.Gather(context.Background(), square(1), square(2), square(3))
	fmt.Println(got, err)
	// Output: [1 4 9] <nil>
}

// GatherAll is gather(..., return_exceptions=True): every outcome, failures included.
func ExampleGatherAll() {
	results := aio.GatherAll(context.Background(),
		func(context.Context) (string, error) { return "ok", nil },
		func(context.Context) (string, error) { return "", errors.New("refused") },
	)
	for _, r := range results {
		fmt.Printf("%q %v\n", r.Value, r.Err)
	}
	// Output:
	// "ok" <nil>
	// "" refused
}

// Map is the scraper pattern: at most limit calls at once, results in input order.
func ExampleMap() {
	urls := []string{"a.example", "b.example", "c.example"}
	lengths, err := aio.Map(context.Background(), urls, func(ctx context.Context, u string) (int, error) {
		return len(u), nil // fetch u here
	}, 2)
	fmt.Println(lengths, err)
	// Output: [9 9 9] <nil>
}

// Wait is asyncio.wait: here, return as soon as the first task finishes, and cancel the
// losers yourself (Wait never cancels).
func ExampleWait() {
	ctx := context.Background()
	fast := aio.Go(ctx, func(context.Context) (string, error) { return "fast", nil })
	slow := aio.Go(ctx, func(ctx context.Context) (string, error) { <-ctx.Done(); return "", ctx.Err() })

	done, pending, err := aio.Wait(ctx, []*aio.Task[string]{fast, slow}, aio.FirstCompleted)
	v, _ := done[0].Result()
	fmt.Println(v, len(pending), err)
	for _, t := range pending {
		t.Cancel()
		<-t.Done()
		fmt.Println("loser cancelled:", t.Cancelled())
	}
	// Output:
	// fast 1 <nil>
	// loser cancelled: true
}

// AsCompleted is asyncio.as_completed: handle results in the order they arrive.
func ExampleAsCompleted() {
	ctx := context.Background()
	second := make(chan struct{})
	a := aio.Go(ctx, func(context.Context) (string, error) { <-second; return "second", nil })
	b := aio.Go(ctx, func(context.Context) (string, error) { return "first", nil })
	for t := range aio.AsCompleted(ctx, a, b) {
		v, _ := t.Result()
		fmt.Println(v)
		if v == "first" {
			close(second)
		}
	}
	// Output:
	// first
	// second
}

// TaskGroup is asyncio.TaskGroup: the first failure cancels the siblings, and Wait
// returns every real failure (the siblings' cancellations are left out).
func ExampleTaskGroup() {
	g, _ := aio.NewTaskGroup(context.Background())
	g.SetLimit(4)
	g.Go(func(context.Context) error { return errors.New("disk full") })
	g.Go(func(ctx context.Context) error {
		<-ctx.Done() // stopped by the failure: not reported
		return ctx.Err()
	})
	fmt.Println(g.Wait())
	// Output: disk full
}

// Spawn is TaskGroup.create_task: a task of the group whose result you can read.
func ExampleSpawn() {
	g, _ := aio.NewTaskGroup(context.Background())
	user := aio.Spawn(g, func(context.Context) (string, error) { return "ada", nil })
	orders := aio.Spawn(g, func(context.Context) (int, error) { return 3, nil })
	if err := g.Wait(); err != nil {
		fmt.Println(err)
		return
	}
	u, _ := user.Result()
	n, _ := orders.Result()
	fmt.Println(u, n)
	// Output: ada 3
}
