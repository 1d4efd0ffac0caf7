package aio_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aio-go/aio"
)

// Retry a flaky call with exponential backoff. Jitter is off here so that the delays
// printed are the schedule itself: 10 ms, then 20 ms.
func ExampleRetry() {
	calls := 0
	connect := func(ctx context.Context) error {
		calls++
		if calls < 3 {
			return errors.New("connection refused")
		}
		fmt.Println("connected on attempt", calls)
		return nil
	}
	err := aio.Retry(context.Background(), connect,
		aio.RetryAttempts(5),
		aio.RetryBackoff(10*time.Millisecond, 2, time.Second),
		aio.RetryJitter(aio.NoJitter),
		aio.OnRetry(func(attempt int, err error, delay time.Duration) {
			fmt.Printf("attempt %d: %v; retrying in %v\n", attempt, err, delay)
		}))
	fmt.Println("error:", err)
	// Output:
	// attempt 1: connection refused; retrying in 10ms
	// attempt 2: connection refused; retrying in 20ms
	// connected on attempt 3
	// error: <nil>
}

// An error marked Permanent is not retried; the error Retry returns still unwraps to it.
func ExampleRetry_permanent() {
	errNotFound := errors.New("404 not found")
	err := aio.Retry(context.Background(), func(ctx context.Context) error {
		return aio.Permanent(errNotFound)
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, errNotFound))
	// Output:
	// aio.Retry: 1 attempt: 404 not found
	// true
}

// WithRetry is the decorator form, like Python's @retry: the decorated function retries
// on every call, each with a fresh schedule.
func ExampleWithRetry() {
	failures := 2
	fetchQuote := aio.WithRetry(func(ctx context.Context) (string, error) {
		if failures > 0 {
			failures--
			return "", errors.New("503 service unavailable")
		}
		return "to be or not to be", nil
	}, aio.RetryBackoff(time.Millisecond, 2, 10*time.Millisecond))

	quote, err := fetchQuote(context.Background())
	fmt.Printf("%q %v\n", quote, err)

	failures = 5 // more than the 3 attempts
	_, err = fetchQuote(context.Background())
	fmt.Println(err)
	// Output:
	// "to be or not to be" <nil>
	// aio.Retry: 3 attempts: 503 service unavailable
}

// Timed reports the duration and error of every call, for metrics or logs.
func ExampleTimed() {
	query := aio.Timed(func(ctx context.Context) (int, error) {
		time.Sleep(20 * time.Millisecond)
		return 42, nil
	}, func(elapsed time.Duration, err error) {
		fmt.Printf("query: err=%v, took at least 20ms: %v\n", err, elapsed >= 20*time.Millisecond)
	})
	n, _ := query(context.Background())
	fmt.Println("rows:", n)
	// Output:
	// query: err=<nil>, took at least 20ms: true
	// rows: 42
}

// WaitFor bounds a call with a timeout: a call that returns the cancellation turns into
// ErrTimeout, which also matches context.DeadlineExceeded.
func ExampleWaitFor() {
	slow := func(ctx context.Context) (string, error) {
		select {
		case <-time.After(time.Hour):
			return "done", nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	fast := func(ctx context.Context) (string, error) { return "done", nil }

	v, err := aio.WaitFor(context.Background(), time.Second, fast)
	fmt.Printf("fast: %q %v\n", v, err)

	_, err = aio.WaitFor(context.Background(), 10*time.Millisecond, slow)
	fmt.Println("slow:", err)
	fmt.Println(errors.Is(err, aio.ErrTimeout), errors.Is(err, context.DeadlineExceeded))
	// Output:
	// fast: "done" <nil>
	// slow: aio: timeout
	// true true
}

// Shield protects critical work from the caller's cancellation: the request gives up, the
// write goes on, and its result can still be collected.
func ExampleShield() {
	request, cancel := context.WithCancel(context.Background())
	written := make(chan struct{}) // stands for a slow write to the database
	save := aio.Shield(request, func(ctx context.Context) (string, error) {
		<-written
		return "order saved", ctx.Err() // the request's cancellation did not reach ctx
	})
	cancel() // the client hangs up while the write is in progress

	_, err := save.Wait(request) // await shield(save()) in asyncio
	fmt.Println("request:", err)

	close(written)
	result, err := save.Wait(context.Background())
	fmt.Println("save:", result, err)
	// Output:
	// request: context canceled
	// save: order saved <nil>
}

// Sleep pauses, but not past the end of its context.
func ExampleSleep() {
	fmt.Println(aio.Sleep(context.Background(), time.Millisecond))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	fmt.Println(aio.Sleep(ctx, time.Hour))
	// Output:
	// <nil>
	// context deadline exceeded
}
