package aio

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Jitter says how [Retry] randomises each backoff delay. Randomising spreads the retries
// of many clients that failed together, so they do not hit a recovering service at once.
type Jitter int

const (
	// FullJitter waits a uniformly random delay in [0, d], where d is the exponential
	// backoff delay. It is the default.
	FullJitter Jitter = iota
	// EqualJitter waits d/2 plus a uniformly random delay in [0, d/2].
	EqualJitter
	// NoJitter waits exactly d.
	NoJitter
)

// Defaults of [Retry] when no option changes them.
const (
	DefaultRetryAttempts   = 3
	DefaultRetryInitial    = 100 * time.Millisecond
	DefaultRetryMultiplier = 2.0
	DefaultRetryMaxDelay   = 10 * time.Second
)

// A RetryOption configures [Retry], [RetryValue] and [WithRetry]. Every option checks its
// arguments when it is made and panics on an invalid value.
//
// (An option returns the configuration it changed rather than changing it through a
// pointer: a pointer passed to a function value escapes, and the configuration was one
// allocation per Retry call.)
type RetryOption func(retryConfig) retryConfig

type retryConfig struct {
	attempts     int
	initial      time.Duration
	multiplier   float64
	maxDelay     time.Duration
	jitter       Jitter
	maxElapsed   time.Duration // 0: no limit
	retryIf      func(error) bool
	onRetry      func(attempt int, err error, delay time.Duration)
	seeded       bool
	seed1, seed2 uint64
}

// RetryAttempts sets the number of calls, the first one included: RetryAttempts(1) never
// retries. The default is 3. It panics if n < 1.
func RetryAttempts(n int) RetryOption {
	if n < 1 {
		panic("aio.RetryAttempts: attempts " + strconv.Itoa(n) + " < 1")
	}
	return func(c retryConfig) retryConfig { c.attempts = n; return c }
}

// RetryBackoff sets the exponential backoff: the delay before the second call is initial,
// and each following delay is the previous one times multiplier, capped at max, before
// jitter. The default is RetryBackoff(100*time.Millisecond, 2, 10*time.Second).
// RetryBackoff(d, 1, d) with RetryJitter(NoJitter) waits a constant d (with the default
// FullJitter, each wait is drawn from [0, d]). It panics if a delay is negative, if
// multiplier < 1, or if max < initial.
func RetryBackoff(initial time.Duration, multiplier float64, max time.Duration) RetryOption {
	switch {
	case initial < 0 || max < 0:
		panic(fmt.Sprintf("aio.RetryBackoff: negative delay (initial %v, max %v)", initial, max))
	case !(multiplier >= 1): // also rejects NaN
		panic(fmt.Sprintf("aio.RetryBackoff: multiplier %v < 1", multiplier))
	case max < initial:
		panic(fmt.Sprintf("aio.RetryBackoff: max %v < initial %v", max, initial))
	}
	return func(c retryConfig) retryConfig {
		c.initial, c.multiplier, c.maxDelay = initial, multiplier, max
		return c
	}
}

// RetryJitter sets how each delay is randomised: [FullJitter] (the default), [EqualJitter]
// or [NoJitter]. It panics on any other value.
func RetryJitter(j Jitter) RetryOption {
	if j < FullJitter || j > NoJitter {
		panic("aio.RetryJitter: unknown Jitter " + strconv.Itoa(int(j)))
	}
	return func(c retryConfig) retryConfig { c.jitter = j; return c }
}

// RetryMaxElapsed bounds the total time spent retrying: Retry gives up instead of sleeping
// when the next delay would end more than d after the first call started. Zero means no
// limit (the default). It panics if d < 0. To bound each call, or the whole, by a deadline,
// use a context deadline or [WaitFor] instead.
func RetryMaxElapsed(d time.Duration) RetryOption {
	if d < 0 {
		panic(fmt.Sprintf("aio.RetryMaxElapsed: negative duration %v", d))
	}
	return func(c retryConfig) retryConfig { c.maxElapsed = d; return c }
}

// RetryIf sets the predicate that decides which errors are retried: an error for which
// retryable returns false ends Retry at once. By default every error is retried except
// those marked [Permanent], which are never retried, whatever the predicate says.
// It panics if retryable is nil.
func RetryIf(retryable func(error) bool) RetryOption {
	if retryable == nil {
		panic("aio.RetryIf: nil predicate")
	}
	return func(c retryConfig) retryConfig { c.retryIf = retryable; return c }
}

// OnRetry sets a hook called before each backoff sleep, in the calling goroutine, with the
// number of the attempt that just failed (1 for the first call), its error, and the delay
// about to be slept. It is not called after the last attempt. It panics if hook is nil.
func OnRetry(hook func(attempt int, err error, delay time.Duration)) RetryOption {
	if hook == nil {
		panic("aio.OnRetry: nil hook")
	}
	return func(c retryConfig) retryConfig { c.onRetry = hook; return c }
}

// RetrySeed makes the jitter reproducible: each call of Retry draws its delays from its
// own random source seeded with seed, so the same seed gives the same delays. Without it,
// delays come from the goroutine-safe global source of math/rand/v2.
func RetrySeed(seed uint64) RetryOption {
	return func(c retryConfig) retryConfig {
		c.seeded, c.seed1, c.seed2 = true, seed, seed^0x9e3779b97f4a7c15
		return c
	}
}

func newRetryConfig(name string, opts []RetryOption) retryConfig {
	c := retryConfig{
		attempts:   DefaultRetryAttempts,
		initial:    DefaultRetryInitial,
		multiplier: DefaultRetryMultiplier,
		maxDelay:   DefaultRetryMaxDelay,
		jitter:     FullJitter,
	}
	for i, o := range opts {
		if o == nil {
			panic("aio." + name + ": nil option at index " + strconv.Itoa(i))
		}
		c = o(c)
	}
	return c
}

// Permanent marks err as not worth retrying: when fn returns it (or an error wrapping it),
// [Retry] stops at once and its error unwraps to err. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// isPermanent reports whether err's tree holds a Permanent error. It is errors.As without
// the allocation that passing a pointer target through an interface costs on each failure.
func isPermanent(err error) bool {
	for err != nil {
		switch e := err.(type) {
		case *permanentError:
			return true
		case interface{ Unwrap() error }:
			err = e.Unwrap()
		case interface{ Unwrap() []error }:
			for _, err := range e.Unwrap() {
				if isPermanent(err) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// RetryError is the error [Retry] returns when it gives up. It wraps the last attempt's
// error, so errors.Is and errors.As reach it, and, when Retry stopped because its context
// ended, the context's error too.
type RetryError struct {
	// Attempts is how many times fn was called.
	Attempts int
	// Err is the last attempt's error (unwrapped from [Permanent]).
	Err error
	// Ctx is ctx's error (context.Cause) if ctx had ended when Retry gave up, else nil.
	Ctx error
	// ctxErr is ctx.Err(), kept so that errors.Is(err, context.Canceled) holds even when
	// the context was canceled with a cause of another kind.
	ctxErr error
}

// Error returns "aio.Retry: <n> attempts: <last error>", with the context's error when
// the context ended.
func (e *RetryError) Error() string {
	s := "aio.Retry: " + strconv.Itoa(e.Attempts) + " attempt"
	if e.Attempts != 1 {
		s += "s"
	}
	if e.Ctx != nil {
		s += ", stopped (" + e.Ctx.Error() + ")"
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the last attempt's error and, when ctx ended, ctx's error.
func (e *RetryError) Unwrap() []error {
	switch {
	case e.Ctx == nil:
		return []error{e.Err}
	case e.ctxErr == nil || errors.Is(e.Ctx, e.ctxErr):
		return []error{e.Err, e.Ctx}
	default:
		return []error{e.Err, e.Ctx, e.ctxErr}
	}
}

// Retry calls fn until it succeeds, with exponential backoff between attempts, like the
// retry decorators of Python's tenacity/backoff libraries used with asyncio.
//
// Defaults: 3 attempts; a delay of 100 ms before the second, doubling each time up to
// 10 s; [FullJitter]; no limit on the elapsed time; every error retried except those
// marked [Permanent]. Options change each of these.
//
// Retry blocks while fn runs (fn is called in the calling goroutine, so a panic in fn
// propagates unchanged) and while it sleeps between attempts. It returns nil as soon as fn
// does. Otherwise it returns a [*RetryError] that wraps the last attempt's error and
// counts the attempts, when: the attempts are used up; the error is [Permanent] or
// rejected by [RetryIf]; the next delay would pass [RetryMaxElapsed]; or ctx ends (a
// backoff sleep then ends at once). Whenever ctx has ended by the time Retry gives up,
// the error also matches ctx's error (context.Cause and ctx.Err). If ctx has ended before the first call, fn is not called and ctx.Err() is
// returned. Retry holds nothing between calls and starts no goroutine; its timers are
// stopped on every path.
//
// Retry panics if fn or an option is nil.
func Retry(ctx context.Context, fn func(context.Context) error, opts ...RetryOption) error {
	if fn == nil {
		panic("aio.Retry: nil function")
	}
	c := newRetryConfig("Retry", opts)
	_, err := retry("aio.Retry", ctx, &c, func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) })
	return err
}

// RetryValue is [Retry] for a function that returns a value: it returns the value of the
// first successful call, or the zero value and the error Retry would return.
func RetryValue[T any](ctx context.Context, fn func(context.Context) (T, error), opts ...RetryOption) (T, error) {
	if fn == nil {
		panic("aio.RetryValue: nil function")
	}
	c := newRetryConfig("RetryValue", opts)
	return retry("aio.RetryValue", ctx, &c, fn)
}

// WithRetry returns fn decorated with [RetryValue] and opts, like a @retry decorator: each
// call of the result retries fn on its own, with a fresh schedule (and, with [RetrySeed],
// the same jitter). The options are checked when WithRetry is called; it panics if fn or
// an option is nil.
func WithRetry[T any](fn func(context.Context) (T, error), opts ...RetryOption) func(context.Context) (T, error) {
	if fn == nil {
		panic("aio.WithRetry: nil function")
	}
	c := newRetryConfig("WithRetry", opts)
	return func(ctx context.Context) (T, error) {
		return retry("aio.WithRetry", ctx, &c, fn) // c is only read, so concurrent calls may share it
	}
}

func retry[T any](name string, ctx context.Context, c *retryConfig, fn func(context.Context) (T, error)) (T, error) {
	checkCtx(name, ctx)
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	var rng *rand.Rand
	if c.seeded {
		rng = rand.New(rand.NewPCG(c.seed1, c.seed2)) // per call, so calls never share it
	}
	var start time.Time
	if c.maxElapsed > 0 {
		start = time.Now()
	}
	backoff := float64(c.initial)
	for attempt := 1; ; attempt++ {
		v, err := fn(ctx)
		if err == nil {
			return v, nil
		}
		if p, ok := err.(*permanentError); ok {
			return zero, giveUp(ctx, attempt, p.err)
		}
		// The predicate is asked last, only when a retry is otherwise possible.
		if isPermanent(err) || attempt >= c.attempts || ctx.Err() != nil || (c.retryIf != nil && !c.retryIf(err)) {
			return zero, giveUp(ctx, attempt, err)
		}
		delay := c.delay(durationOf(backoff), rng)
		backoff = min(backoff*c.multiplier, float64(c.maxDelay))
		// Written as a difference: time.Since(start)+delay overflows for a huge delay.
		if c.maxElapsed > 0 && delay > c.maxElapsed-time.Since(start) {
			return zero, giveUp(ctx, attempt, err)
		}
		if c.onRetry != nil {
			c.onRetry(attempt, err, delay)
		}
		// Sleep may report the timer when ctx ended at the same moment: fn is never called
		// with a context that has already ended.
		if Sleep(ctx, delay) != nil || ctx.Err() != nil {
			return zero, giveUp(ctx, attempt, err)
		}
	}
}

// giveUp returns the error of a Retry that stops after attempts calls, the last failing
// with err. Whatever the reason to stop, if ctx has ended by now the error matches it too.
func giveUp(ctx context.Context, attempts int, err error) error {
	e := &RetryError{Attempts: attempts, Err: err}
	if ctxErr := ctx.Err(); ctxErr != nil {
		e.Ctx, e.ctxErr = context.Cause(ctx), ctxErr
	}
	return e
}

// durationOf converts a backoff in nanoseconds to a Duration, saturating at the largest:
// float64(math.MaxInt64) is 2^63, which a plain conversion overflows (to the least
// Duration on amd64, and so to no delay at all).
func durationOf(ns float64) time.Duration {
	if ns >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(ns)
}

// delay applies the jitter to the backoff delay d.
func (c *retryConfig) delay(d time.Duration, rng *rand.Rand) time.Duration {
	if d <= 0 || c.jitter == NoJitter {
		return max(d, 0)
	}
	n := func(n int64) int64 { // uniform in [0, n]
		if n < math.MaxInt64 {
			n++ // Int64N's bound is exclusive; at MaxInt64, [0, n) is what fits
		}
		if rng != nil {
			return rng.Int64N(n)
		}
		return rand.Int64N(n)
	}
	if c.jitter == EqualJitter {
		half := d / 2
		return half + time.Duration(n(int64(d-half)))
	}
	return time.Duration(n(int64(d)))
}

// Timed returns fn decorated with a timer: each call of the result calls fn, then
// report(elapsed, err) with the call's duration and error, in the calling goroutine.
// When fn panics, report is called with a [*PanicError] carrying the panic value and
// stack, and the original panic then propagates unchanged (when fn calls runtime.Goexit,
// report gets a nil error and Goexit goes on). Timed panics if fn or report
// is nil.
func Timed[T any](fn func(context.Context) (T, error), report func(time.Duration, error)) func(context.Context) (T, error) {
	if fn == nil {
		panic("aio.Timed: nil function")
	}
	if report == nil {
		panic("aio.Timed: nil report function")
	}
	return func(ctx context.Context) (v T, err error) {
		start := time.Now()
		ok := false
		defer func() {
			if ok {
				return
			}
			r := recover()
			if r == nil {
				// fn called runtime.Goexit (since Go 1.21, panic(nil) recovers a
				// *runtime.PanicNilError): recover did not stop it, let it go on.
				report(time.Since(start), nil)
				return
			}
			// fn panicked: report it, then let the panic go on with its own value.
			report(time.Since(start), recovered(r))
			panic(r)
		}()
		v, err = fn(ctx)
		ok = true
		report(time.Since(start), err)
		return v, err
	}
}
