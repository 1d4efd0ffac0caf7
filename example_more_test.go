package aio_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aio-go/aio"
)

// Result reads a task's outcome without blocking; before the end it reports ErrNotDone.
func ExampleTask_Result() {
	release := make(chan struct{})
	task := aio.Go(context.Background(), func(context.Context) (int, error) {
		<-release
		return 7, nil
	})
	_, err := task.Result()
	fmt.Println(errors.Is(err, aio.ErrNotDone))

	close(release)
	<-task.Done()
	fmt.Println(task.Result())
	// Output:
	// true
	// 7 <nil>
}

// GatherAll returns one Result per function, the failures included.
func ExampleResult() {
	var results []aio.Result[int] = aio.GatherAll(context.Background(),
		func(context.Context) (int, error) { return 1, nil },
		func(context.Context) (int, error) { return 0, errors.New("no route to host") },
	)
	for _, r := range results {
		if r.Err != nil {
			fmt.Println("failed:", r.Err)
			continue
		}
		fmt.Println("value:", r.Value)
	}
	// Output:
	// value: 1
	// failed: no route to host
}

// A panic in a task is recovered as a *PanicError that keeps the panic value and the
// stack of the goroutine that panicked. GatherAll returns it as an error; Task.Wait,
// Gather and TaskGroup.Wait panic with it in the waiting goroutine.
func ExamplePanicError() {
	errCorrupt := errors.New("index out of sync")
	results := aio.GatherAll(context.Background(), func(context.Context) (int, error) {
		panic(errCorrupt)
	})
	var pe *aio.PanicError
	if errors.As(results[0].Err, &pe) {
		fmt.Println("value:", pe.Value)
		fmt.Println("stack kept:", strings.Contains(string(pe.Stack), "goroutine"))
		fmt.Println("message:", strings.SplitN(pe.Error(), "\n", 2)[0])
		fmt.Println("unwraps to the value:", pe.Unwrap() == errCorrupt, errors.Is(results[0].Err, errCorrupt))
	}
	// Output:
	// value: index out of sync
	// stack kept: true
	// message: aio: task panicked: index out of sync
	// unwraps to the value: true true
}

// A WaitMode says when Wait returns. Here one task has failed, one has succeeded and one
// is still running: FirstCompleted and FirstException return at once, AllCompleted waits
// for the third task, until the deadline.
func ExampleWaitMode() {
	ctx := context.Background()
	failed := aio.Go(ctx, func(context.Context) (string, error) { return "", errors.New("refused") })
	ok := aio.Go(ctx, func(context.Context) (string, error) { return "ok", nil })
	running := aio.Go(ctx, func(ctx context.Context) (string, error) { <-ctx.Done(); return "", ctx.Err() })
	<-failed.Done()
	<-ok.Done()
	tasks := []*aio.Task[string]{failed, ok, running}

	for _, mode := range []aio.WaitMode{aio.FirstCompleted, aio.FirstException, aio.AllCompleted} {
		wctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
		done, pending, err := aio.Wait(wctx, tasks, mode)
		cancel()
		fmt.Printf("%s: %d done, %d pending, err=%v\n", mode.String(), len(done), len(pending), err)
	}
	running.Cancel()
	<-running.Done()
	// Output:
	// FirstCompleted: 2 done, 1 pending, err=<nil>
	// FirstException: 2 done, 1 pending, err=<nil>
	// AllCompleted: 2 done, 1 pending, err=context deadline exceeded
}

// Cancel stops every task of the group without counting as a failure: Wait returns nil.
func ExampleTaskGroup_Cancel() {
	g, _ := aio.NewTaskGroup(context.Background())
	for range 3 {
		g.Go(func(ctx context.Context) error {
			<-ctx.Done() // a server loop, say
			return ctx.Err()
		})
	}
	g.Cancel()
	fmt.Println("Wait:", g.Wait())
	// Output: Wait: <nil>
}

// TryGo starts a task only if the group's limit leaves room, without waiting.
func ExampleTaskGroup_TryGo() {
	var g *aio.TaskGroup
	g, _ = aio.NewTaskGroup(context.Background())
	g.SetLimit(1)
	release := make(chan struct{})
	fmt.Println(g.TryGo(func(context.Context) error { <-release; return nil }))
	fmt.Println(g.TryGo(func(context.Context) error { return nil })) // the slot is taken
	close(release)
	fmt.Println(g.Wait())
	// Output:
	// true
	// false
	// <nil>
}

// RetryValue is Retry for a function that returns a value.
func ExampleRetryValue() {
	calls := 0
	v, err := aio.RetryValue(context.Background(), func(context.Context) (string, error) {
		if calls++; calls == 1 {
			return "", errors.New("connection reset")
		}
		return "pong", nil
	}, aio.RetryBackoff(time.Millisecond, 2, time.Second))
	fmt.Println(v, err, calls)
	// Output: pong <nil> 2
}

// A *RetryError says how many attempts were made and keeps the last error, and the
// context's error when the context ended first.
func ExampleRetryError() {
	errBusy := errors.New("503 busy")
	err := aio.Retry(context.Background(), func(context.Context) error { return errBusy },
		aio.RetryAttempts(2), aio.RetryBackoff(time.Millisecond, 2, time.Second))

	var re *aio.RetryError
	if errors.As(err, &re) {
		fmt.Println("attempts:", re.Attempts)
		fmt.Println("last error:", re.Err)
		fmt.Println("context error:", re.Ctx)
		fmt.Println("message:", re.Error())
		fmt.Println("unwraps to:", re.Unwrap())
	}
	// Output:
	// attempts: 2
	// last error: 503 busy
	// context error: <nil>
	// message: aio.Retry: 2 attempts: 503 busy
	// unwraps to: [503 busy]
}

// The options of Retry are values: a policy can be built once and shared. Without
// options, Retry uses the defaults.
func ExampleRetryOption() {
	fmt.Println("defaults:", aio.DefaultRetryAttempts, "attempts,", aio.DefaultRetryInitial,
		"first delay, times", aio.DefaultRetryMultiplier, "up to", aio.DefaultRetryMaxDelay)

	policy := []aio.RetryOption{
		aio.RetryAttempts(4),
		aio.RetryBackoff(time.Millisecond, 3, 5*time.Millisecond),
		aio.RetryJitter(aio.NoJitter),
		aio.OnRetry(func(attempt int, err error, delay time.Duration) {
			fmt.Printf("attempt %d failed, next in %v\n", attempt, delay)
		}),
	}
	err := aio.Retry(context.Background(), func(context.Context) error { return errors.New("busy") }, policy...)
	fmt.Println(err)
	// Output:
	// defaults: 3 attempts, 100ms first delay, times 2 up to 10s
	// attempt 1 failed, next in 1ms
	// attempt 2 failed, next in 3ms
	// attempt 3 failed, next in 5ms
	// aio.Retry: 4 attempts: busy
}

// RetryIf retries only the errors worth retrying: here timeouts, not bad requests.
func ExampleRetryIf() {
	errTimeout := errors.New("timeout")
	errBadRequest := errors.New("400 bad request")
	for _, failure := range []error{errTimeout, errBadRequest} {
		calls := 0
		_ = aio.Retry(context.Background(), func(context.Context) error { calls++; return failure },
			aio.RetryBackoff(time.Millisecond, 1, time.Millisecond),
			aio.RetryIf(func(err error) bool { return errors.Is(err, errTimeout) }))
		fmt.Printf("%v: %d calls\n", failure, calls)
	}
	// Output:
	// timeout: 3 calls
	// 400 bad request: 1 calls
}

// RetryMaxElapsed bounds the time spent retrying: Retry gives up rather than start a
// sleep that would end past the bound.
func ExampleRetryMaxElapsed() {
	err := aio.Retry(context.Background(), func(context.Context) error { return errors.New("busy") },
		aio.RetryAttempts(10),
		aio.RetryBackoff(time.Hour, 2, 10*time.Hour),
		aio.RetryJitter(aio.NoJitter), // with jitter the first delay could fall under the limit
		aio.RetryMaxElapsed(time.Minute))
	fmt.Println(err)
	// Output: aio.Retry: 1 attempt: busy
}

// RetrySeed makes the random jitter reproducible: the same seed, the same delays.
func ExampleRetrySeed() {
	delays := func(seed uint64) []time.Duration {
		var ds []time.Duration
		_ = aio.Retry(context.Background(), func(context.Context) error { return errors.New("busy") },
			aio.RetryAttempts(4),
			aio.RetryBackoff(time.Millisecond, 2, time.Second),
			aio.RetrySeed(seed),
			aio.OnRetry(func(_ int, _ error, d time.Duration) { ds = append(ds, d) }))
		return ds
	}
	a, b := delays(42), delays(42)
	fmt.Println(len(a), fmt.Sprint(a) == fmt.Sprint(b))
	// Output: 3 true
}

// A Jitter randomises each backoff delay d: FullJitter in [0, d], EqualJitter in
// [d/2, d], NoJitter exactly d.
func ExampleJitter() {
	for _, j := range []aio.Jitter{aio.FullJitter, aio.EqualJitter, aio.NoJitter} {
		var delay time.Duration
		_ = aio.Retry(context.Background(), func(context.Context) error { return errors.New("busy") },
			aio.RetryAttempts(2),
			aio.RetryBackoff(10*time.Millisecond, 2, time.Second),
			aio.RetryJitter(j),
			aio.OnRetry(func(_ int, _ error, d time.Duration) { delay = d }))
		fmt.Println(delay <= 10*time.Millisecond, delay >= 5*time.Millisecond || j == aio.FullJitter,
			delay == 10*time.Millisecond || j != aio.NoJitter)
	}
	// Output:
	// true true true
	// true true true
	// true true true
}
