// Command tour runs every pattern of package aio once, in a second or so, and prints what
// each one did beside the asyncio call it stands for. Each step is a few lines of ordinary
// Go in a function of this file: read the source next to the output.
//
//	go run ./examples/tour
//
// The other programs in examples/ show each pattern at full size: gather, scraper,
// firstcompleted, ascompleted, taskgroup, retry, shutdown, prodcons, priority, condition
// and barrier.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aio-go/aio"
)

type step struct {
	name, asyncio string
	run           func(ctx context.Context)
}

var steps = []step{
	{"Go / Task", "asyncio.create_task", tourTask},
	{"Gather", "asyncio.gather", tourGather},
	{"GatherAll", "gather(..., return_exceptions=True)", tourGatherAll},
	{"Map", "Semaphore + gather", tourMap},
	{"Wait", "asyncio.wait(FIRST_COMPLETED)", tourWait},
	{"AsCompleted", "asyncio.as_completed", tourAsCompleted},
	{"TaskGroup", "asyncio.TaskGroup", tourTaskGroup},
	{"WaitFor", "asyncio.wait_for", tourWaitFor},
	{"Shield", "asyncio.shield", tourShield},
	{"Sleep", "asyncio.sleep", tourSleep},
	{"Retry", "tenacity's @retry", tourRetry},
	{"Timed", "a timing decorator", tourTimed},
	{"Run", "asyncio.run + SIGINT handler", tourRun},
	{"Semaphore", "asyncio.Semaphore", tourSemaphore},
	{"Lock", "asyncio.Lock", tourLock},
	{"Event", "asyncio.Event", tourEvent},
	{"Condition", "asyncio.Condition", tourCondition},
	{"Barrier", "asyncio.Barrier", tourBarrier},
	{"Queue", "asyncio.Queue, task_done/join, shutdown", tourQueue},
	{"LifoQueue", "asyncio.LifoQueue", tourLifoQueue},
	{"PriorityQueue", "asyncio.PriorityQueue", tourPriorityQueue},
}

func main() {
	start := time.Now()
	ctx := context.Background()
	for i, s := range steps {
		fmt.Printf("%2d. %s  (%s)\n", i+1, s.name, s.asyncio)
		s.run(ctx)
	}
	fmt.Printf("tour done: %d patterns in %v\n", len(steps), time.Since(start).Round(10*time.Millisecond))
}

// say prints one indented line of a step.
func say(format string, args ...any) { fmt.Printf("    "+format+"\n", args...) }

// work returns a function that sleeps d, honouring cancellation, then returns v.
func work[T any](d time.Duration, v T) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		if err := aio.Sleep(ctx, d); err != nil {
			var zero T
			return zero, err
		}
		return v, nil
	}
}

func tourTask(ctx context.Context) {
	t := aio.Go(ctx, work(20*time.Millisecond, 42))
	_, err := t.Result()
	say("started a task; Result before it ends: %v", err)
	v, err := t.Wait(ctx)
	say("Wait: %v %v", v, err)
}

func tourGather(ctx context.Context) {
	start := time.Now()
	got, err := aio.Gather(ctx, work(60*time.Millisecond, "a"), work(20*time.Millisecond, "b"), work(40*time.Millisecond, "c"))
	say("three jobs of 60, 20 and 40 ms: %v %v, in input order", got, err)
	say("took about the longest job, not the sum: %v", time.Since(start) < 120*time.Millisecond)
}

func tourGatherAll(ctx context.Context) {
	for i, r := range aio.GatherAll(ctx,
		work(0, "ok"),
		func(context.Context) (string, error) { return "", errors.New("refused") },
	) {
		say("result %d: value=%q err=%v", i, r.Value, r.Err)
	}
}

func tourMap(ctx context.Context) {
	var running, peak atomic.Int64
	// The first calls wait until three run at once, so the peak shows the limit whatever
	// the machine's speed (a limit that let a fourth in would show 4).
	allBusy, once := make(chan struct{}), sync.Once{}
	in := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	out, err := aio.Map(ctx, in, func(ctx context.Context, n int) (int, error) {
		now := running.Add(1)
		defer running.Add(-1)
		for old := peak.Load(); now > old && !peak.CompareAndSwap(old, now); old = peak.Load() {
		}
		if now == 3 {
			once.Do(func() { close(allBusy) })
		}
		<-allBusy
		return n * n, nil
	}, 3)
	say("squares of 1..10 with limit 3: %v %v; peak concurrency %d", out, err, peak.Load())
}

func tourWait(ctx context.Context) {
	tasks := []*aio.Task[string]{
		aio.Go(ctx, work(time.Minute, "slow mirror")),
		aio.Go(ctx, work(10*time.Millisecond, "fast mirror")),
	}
	done, pending, _ := aio.Wait(ctx, tasks, aio.FirstCompleted)
	v, _ := done[0].Result()
	for _, t := range pending {
		t.Cancel()
		<-t.Done()
	}
	say("winner: %s; loser canceled: %v", v, pending[0].Cancelled())
}

func tourAsCompleted(ctx context.Context) {
	// Each task finishes only once the loop has seen the one before it, so the completion
	// order (b, c, a) differs from the start order (a, b, c) on any machine.
	gateC, gateA := make(chan struct{}), make(chan struct{})
	after := func(gate chan struct{}, v string) func(context.Context) (string, error) {
		return func(ctx context.Context) (string, error) {
			select {
			case <-gate:
				return v, nil
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}
	}
	var order []string
	for t := range aio.AsCompleted(ctx,
		aio.Go(ctx, after(gateA, "a")),
		aio.Go(ctx, work(20*time.Millisecond, "b")),
		aio.Go(ctx, after(gateC, "c")),
	) {
		v, _ := t.Result()
		order = append(order, v)
		switch v {
		case "b":
			close(gateC)
		case "c":
			close(gateA)
		}
	}
	say("started a, b, c; completed in the order %s", strings.Join(order, ", "))
}

func tourTaskGroup(ctx context.Context) {
	g, _ := aio.NewTaskGroup(ctx)
	// The failing step is started last: once the group's context is canceled, Go starts
	// nothing, so a step started after the failure would never run.
	g.Go(func(ctx context.Context) error {
		<-ctx.Done() // canceled by the first failure, and its cleanup fails too
		return errors.New("ship: rollback failed")
	})
	g.Go(func(ctx context.Context) error {
		<-ctx.Done() // canceled by the first failure: not reported
		return ctx.Err()
	})
	g.Go(func(ctx context.Context) error { return errors.New("charge: card declined") })
	err := g.Wait()
	say("Wait returned both failures, joined: %q", strings.ReplaceAll(err.Error(), "\n", "; "))
}

func tourWaitFor(ctx context.Context) {
	_, err := aio.WaitFor(ctx, 20*time.Millisecond, work(time.Minute, "never"))
	say("a 1-minute call bounded by 20ms: %v (is context.DeadlineExceeded: %v)",
		err, errors.Is(err, context.DeadlineExceeded))
}

func tourShield(ctx context.Context) {
	req, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	save := aio.Shield(req, work(40*time.Millisecond, "order saved"))
	_, err := save.Wait(req)
	say("the request gave up: %v", err)
	v, err := save.Wait(ctx)
	say("the shielded write went on: %q %v", v, err)
}

func tourSleep(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	say("Sleep(1h) under a 10ms deadline: %v", aio.Sleep(ctx, time.Hour))
}

func tourRetry(ctx context.Context) {
	calls := 0
	v, err := aio.RetryValue(ctx, func(ctx context.Context) (string, error) {
		if calls++; calls < 3 {
			return "", errors.New("503 service unavailable")
		}
		return "fresh data", nil
	},
		aio.RetryBackoff(10*time.Millisecond, 2, time.Second),
		aio.RetryJitter(aio.NoJitter),
		aio.OnRetry(func(attempt int, err error, delay time.Duration) {
			say("attempt %d: %v; retrying in %v", attempt, err, delay)
		}))
	say("result: %q %v after %d calls", v, err, calls)
}

func tourTimed(ctx context.Context) {
	query := aio.Timed(work(15*time.Millisecond, 7), func(d time.Duration, err error) {
		say("report: took at least 15ms: %v, err=%v", d >= 15*time.Millisecond, err)
	})
	n, _ := query(ctx)
	say("rows: %d", n)
}

func tourRun(context.Context) {
	err := aio.Run(func(ctx context.Context) error {
		p, err := os.FindProcess(os.Getpid())
		if err == nil {
			err = p.Signal(os.Interrupt) // what Ctrl+C does
		}
		if err != nil {
			say("cannot send SIGINT on this system: %v", err)
			return nil
		}
		<-ctx.Done()
		say("main's context canceled: %v; cleaning up", context.Cause(ctx))
		return nil
	})
	say("Run returned %v", err)
}
