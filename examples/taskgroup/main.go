// Command taskgroup runs an order's steps in an aio.TaskGroup, asyncio.TaskGroup's
// structured concurrency: two steps fail, the group cancels the others, and
// TaskGroup.Wait returns both failures joined (asyncio's ExceptionGroup), the first first.
//
// "charge" fails first and its failure cancels the group's context. "ship" was writing
// when it was canceled, and its rollback fails too: a second, real failure. The -workers
// healthy steps notice the cancellation and return; a step stopped by the group is not a
// failure, so Wait leaves them out.
//
//	go run ./examples/taskgroup -workers 4
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"sync"

	"github.com/aio-go/aio"
)

var (
	errDeclined = errors.New("card declined")
	errRollback = errors.New("rollback failed: connection reset")
)

func main() {
	workers := flag.Int("workers", 4, "number of healthy steps running beside the two that fail")
	flag.Parse()
	if *workers < 0 {
		log.Fatal("taskgroup: -workers must not be negative")
	}

	g, ctx := aio.NewTaskGroup(context.Background())
	var started sync.WaitGroup // every step is running before charge fails
	started.Add(*workers + 1)
	var mu sync.Mutex // keeps the step lines whole
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf(format+"\n", args...)
	}

	for i := range *workers {
		g.Go(func(ctx context.Context) error {
			started.Done()
			<-ctx.Done() // a long step that honours cancellation
			say("  step reserve-%d: canceled, cleaned up", i)
			return ctx.Err()
		})
	}
	g.Go(func(ctx context.Context) error {
		started.Done()
		<-ctx.Done() // the group was canceled in the middle of the write...
		say("  step ship: canceled mid-write; rolling back")
		return fmt.Errorf("ship: %w", errRollback) // ...and undoing it failed: a real failure
	})
	// Spawn is TaskGroup.create_task: a step whose result can be read afterwards.
	receipt := aio.Spawn(g, func(ctx context.Context) (string, error) {
		started.Wait()
		say("  step charge: failing")
		return "", fmt.Errorf("charge: %w", errDeclined)
	})

	err := g.Wait()
	fmt.Printf("group context: %v (cause: %v)\n", ctx.Err(), context.Cause(ctx))
	_, chargeErr := receipt.Result()
	fmt.Printf("charge task: %v\n", chargeErr)
	if err == nil {
		log.Fatal("taskgroup: expected failures")
	}
	failures := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		failures = joined.Unwrap()
	}
	fmt.Printf("TaskGroup.Wait returned %d failures (errors.Join):\n", len(failures))
	for _, e := range failures {
		fmt.Printf("  - %v\n", e)
	}
	fmt.Printf("errors.Is(err, errDeclined) = %v, errors.Is(err, errRollback) = %v\n",
		errors.Is(err, errDeclined), errors.Is(err, errRollback))
}
