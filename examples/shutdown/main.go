// Command shutdown runs workers under aio.Run and stops them gracefully on Ctrl+C:
// asyncio.run with a SIGINT handler that cancels the main task.
//
// aio.Run gives main a context that is canceled by the first SIGINT or SIGTERM. main runs
// a producer and -workers workers in an aio.TaskGroup under that context. On the signal the
// producer stops, each worker finishes the job in its hands, flushes its results and
// returns; Run returns once main has, within the -grace period. A second Ctrl+C, or an
// expired grace period, makes Run return aio.ErrShutdownTimeout at once.
//
// With -demo the program sends SIGINT to itself after -after, so it runs unattended:
//
//	go run ./examples/shutdown -demo
//	go run ./examples/shutdown          # stop it with Ctrl+C
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aio-go/aio"
)

func main() {
	workers := flag.Int("workers", 3, "number of workers")
	job := flag.Duration("job", 50*time.Millisecond, "how long one job takes")
	grace := flag.Duration("grace", 5*time.Second, "how long the workers have to stop after the signal")
	demo := flag.Bool("demo", false, "send SIGINT to this process after -after")
	after := flag.Duration("after", time.Second, "with -demo, when to send SIGINT")
	flag.Parse()
	if *workers < 1 || *job <= 0 || *grace <= 0 {
		log.Fatal("shutdown: -workers must be at least 1, -job and -grace positive")
	}

	if *demo {
		fmt.Printf("demo: sending SIGINT to myself in %v\n", *after)
		t := time.AfterFunc(*after, func() {
			p, err := os.FindProcess(os.Getpid())
			if err == nil {
				err = p.Signal(os.Interrupt)
			}
			if err != nil {
				log.Printf("demo: cannot signal myself: %v", err)
			}
		})
		defer t.Stop()
	} else {
		fmt.Println("press Ctrl+C to stop")
	}

	err := aio.Run(func(ctx context.Context) error {
		return serve(ctx, *workers, *job)
	}, aio.RunGracePeriod(*grace))
	fmt.Printf("aio.Run returned %v\n", err)
	if err != nil {
		os.Exit(1)
	}
}

// serve runs a producer and the workers until ctx is canceled, then returns nil once
// every one of them has cleaned up: a shutdown on a signal is a success.
func serve(ctx context.Context, workers int, job time.Duration) error {
	var mu sync.Mutex // keeps lines whole
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf(format+"\n", args...)
	}
	g, ctx := aio.NewTaskGroup(ctx)
	jobs := make(chan int)
	var processed atomic.Int64

	g.Go(func(ctx context.Context) error { // the producer
		defer close(jobs)
		for id := 1; ; id++ {
			select {
			case jobs <- id:
			case <-ctx.Done():
				say("producer: stopped after %d jobs", id-1)
				return nil
			}
		}
	})
	for w := range workers {
		g.Go(func(ctx context.Context) error {
			done := 0
			for id := range jobs { // the producer closes jobs on shutdown
				time.Sleep(job) // a job in progress is finished, not abandoned
				done++
				processed.Add(1)
				if ctx.Err() != nil {
					say("worker %d: finished job %d after the signal", w, id)
				}
			}
			say("worker %d: flushed %d results, closed its connection", w, done)
			return nil
		})
	}
	say("%d workers running", workers)

	<-ctx.Done()
	say("shutdown requested: %v", context.Cause(ctx))
	err := g.Wait() // no failure: the error of Run's context, canceled by the signal
	if errors.Is(err, context.Canceled) {
		say("all %d workers stopped cleanly; %d jobs processed", workers, processed.Load())
		return nil
	}
	return err
}
