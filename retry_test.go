package aio_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

var errFlaky = errors.New("flaky")

// failing returns a function that fails n times with errFlaky, then succeeds, and records
// the fake-clock time of each call since start.
func failing(n int, start time.Time, at *[]time.Duration) func(context.Context) error {
	calls := 0
	return func(context.Context) error {
		*at = append(*at, time.Since(start))
		calls++
		if calls <= n {
			return errFlaky
		}
		return nil
	}
}

type retryHookCall struct {
	attempt int
	err     error
	delay   time.Duration
}

func TestRetryBackoffSchedule(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name     string
		opts     []aio.RetryOption
		failures int
		wantAt   []time.Duration // time of each call since the start
		wantErr  bool
	}{
		{"defaults-without-jitter", []aio.RetryOption{aio.RetryJitter(aio.NoJitter)},
			10, []time.Duration{0, 100 * ms, 300 * ms}, true},
		{"capped", []aio.RetryOption{aio.RetryJitter(aio.NoJitter), aio.RetryAttempts(5), aio.RetryBackoff(100*ms, 2, 300*ms)},
			10, []time.Duration{0, 100 * ms, 300 * ms, 600 * ms, 900 * ms}, true},
		{"multiplier-1.5", []aio.RetryOption{aio.RetryJitter(aio.NoJitter), aio.RetryAttempts(4), aio.RetryBackoff(100*ms, 1.5, time.Second)},
			10, []time.Duration{0, 100 * ms, 250 * ms, 475 * ms}, true},
		{"constant", []aio.RetryOption{aio.RetryJitter(aio.NoJitter), aio.RetryAttempts(3), aio.RetryBackoff(time.Second, 1, time.Second)},
			10, []time.Duration{0, time.Second, 2 * time.Second}, true},
		{"zero-delay", []aio.RetryOption{aio.RetryAttempts(3), aio.RetryBackoff(0, 2, 0)},
			10, []time.Duration{0, 0, 0}, true},
		{"succeeds-on-third", []aio.RetryOption{aio.RetryJitter(aio.NoJitter), aio.RetryAttempts(5)},
			2, []time.Duration{0, 100 * ms, 300 * ms}, false},
		{"first-call-succeeds", nil, 0, []time.Duration{0}, false},
		{"max-elapsed", []aio.RetryOption{aio.RetryJitter(aio.NoJitter), aio.RetryAttempts(10), aio.RetryMaxElapsed(350 * ms)},
			10, []time.Duration{0, 100 * ms, 300 * ms}, true}, // next call would be at 700 ms
		{"max-elapsed-exact", []aio.RetryOption{aio.RetryJitter(aio.NoJitter), aio.RetryAttempts(10), aio.RetryMaxElapsed(300 * ms)},
			10, []time.Duration{0, 100 * ms, 300 * ms}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var at []time.Duration
				var hooks []retryHookCall
				opts := append(tt.opts, aio.OnRetry(func(a int, err error, d time.Duration) {
					hooks = append(hooks, retryHookCall{a, err, d})
				}))
				err := aio.Retry(t.Context(), failing(tt.failures, time.Now(), &at), opts...)
				require.Equal(t, tt.wantAt, at)
				// One hook call before each retry, with the delay that followed.
				require.Len(t, hooks, len(at)-1)
				for i, h := range hooks {
					require.Equal(t, i+1, h.attempt)
					require.ErrorIs(t, h.err, errFlaky)
					require.Equal(t, at[i+1]-at[i], h.delay)
				}
				if !tt.wantErr {
					require.NoError(t, err)
					return
				}
				require.ErrorIs(t, err, errFlaky)
				var re *aio.RetryError
				require.ErrorAs(t, err, &re)
				require.Equal(t, len(at), re.Attempts)
				require.Nil(t, re.Ctx)
				require.Contains(t, err.Error(), fmt.Sprintf("%d attempts", len(at)))
			})
		})
	}
}

// delaysWith runs a Retry that always fails and returns the delays it slept, checking on
// the fake clock that each sleep lasted exactly the delay the hook announced.
func delaysWith(t *testing.T, opts ...aio.RetryOption) []time.Duration {
	var delays []time.Duration
	synctest.Test(t, func(t *testing.T) {
		var at []time.Duration
		opts := append(opts, aio.RetryAttempts(8), aio.OnRetry(func(_ int, _ error, d time.Duration) {
			delays = append(delays, d)
		}))
		err := aio.Retry(t.Context(), failing(100, time.Now(), &at), opts...)
		require.ErrorIs(t, err, errFlaky)
		for i, d := range delays {
			require.Equal(t, d, at[i+1]-at[i])
		}
	})
	return delays
}

func TestRetryJitter(t *testing.T) {
	base := []time.Duration{100, 200, 400, 800, 1600, 3200, 6400} // ms, before jitter
	t.Run("full-within-bounds-and-seeded", func(t *testing.T) {
		a := delaysWith(t, aio.RetrySeed(42))
		b := delaysWith(t, aio.RetrySeed(42))
		c := delaysWith(t, aio.RetrySeed(43))
		require.Equal(t, a, b, "same seed, same delays")
		require.NotEqual(t, a, c, "another seed, other delays")
		for i, d := range a {
			require.GreaterOrEqual(t, d, time.Duration(0))
			require.LessOrEqual(t, d, base[i]*time.Millisecond)
		}
	})
	t.Run("equal-within-bounds-and-seeded", func(t *testing.T) {
		a := delaysWith(t, aio.RetrySeed(7), aio.RetryJitter(aio.EqualJitter))
		require.Equal(t, a, delaysWith(t, aio.RetrySeed(7), aio.RetryJitter(aio.EqualJitter)))
		for i, d := range a {
			require.GreaterOrEqual(t, d, base[i]*time.Millisecond/2)
			require.LessOrEqual(t, d, base[i]*time.Millisecond)
		}
	})
	t.Run("unseeded-within-bounds", func(t *testing.T) {
		for i, d := range delaysWith(t) {
			require.GreaterOrEqual(t, d, time.Duration(0))
			require.LessOrEqual(t, d, base[i]*time.Millisecond)
		}
	})
	t.Run("none", func(t *testing.T) {
		got := delaysWith(t, aio.RetryJitter(aio.NoJitter))
		for i := range got {
			got[i] /= time.Millisecond
		}
		require.Equal(t, base, got)
	})
}

// TestRetryHugeBackoff: a backoff of the largest Duration ("wait forever" between
// attempts) stays the largest, whatever the jitter. Converted from float64 without care it
// overflowed to no delay at all on amd64, and full jitter's range overflowed too.
func TestRetryHugeBackoff(t *testing.T) {
	const forever = time.Duration(math.MaxInt64)
	for _, jitter := range []aio.Jitter{aio.NoJitter, aio.EqualJitter, aio.FullJitter} {
		t.Run(fmt.Sprint("jitter=", jitter), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
				defer cancel()
				var delays []time.Duration
				calls := 0
				err := aio.Retry(ctx, func(context.Context) error { calls++; return errFlaky },
					aio.RetryAttempts(3), aio.RetryJitter(jitter), aio.RetryBackoff(forever, 2, forever), aio.RetrySeed(1),
					aio.OnRetry(func(_ int, _ error, d time.Duration) { delays = append(delays, d) }))
				require.ErrorIs(t, err, context.DeadlineExceeded, "the hour ran out during the first delay")
				require.Equal(t, 1, calls)
				require.Len(t, delays, 1)
				if jitter == aio.NoJitter {
					require.Equal(t, forever, delays[0])
				} else {
					require.GreaterOrEqual(t, delays[0], time.Duration(0))
				}
			})
		})
	}
}

func TestRetryStopsAtOnce(t *testing.T) {
	errFatal := errors.New("fatal")
	tests := []struct {
		name string
		err  error
		opts []aio.RetryOption
	}{
		{"permanent", aio.Permanent(errFatal), nil},
		{"wrapped-permanent", fmt.Errorf("call: %w", aio.Permanent(errFatal)), nil},
		{"joined-permanent", errors.Join(errFlaky, aio.Permanent(errFatal)), nil},
		{"permanent-beats-predicate", aio.Permanent(errFatal), []aio.RetryOption{aio.RetryIf(func(error) bool { return true })}},
		{"predicate", errFatal, []aio.RetryOption{aio.RetryIf(func(err error) bool { return !errors.Is(err, errFatal) })}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				calls := 0
				opts := append(tt.opts, aio.RetryAttempts(5), aio.OnRetry(func(int, error, time.Duration) {
					t.Error("OnRetry called")
				}))
				err := aio.Retry(t.Context(), func(context.Context) error { calls++; return tt.err }, opts...)
				require.Equal(t, 1, calls)
				require.Zero(t, time.Since(start))
				require.ErrorIs(t, err, errFatal)
				var re *aio.RetryError
				require.ErrorAs(t, err, &re)
				require.Equal(t, 1, re.Attempts)
				require.Contains(t, err.Error(), "1 attempt: ")
			})
		})
	}
	t.Run("permanent-unwraps", func(t *testing.T) {
		require.Nil(t, aio.Permanent(nil))
		err := aio.Retry(t.Context(), func(context.Context) error { return aio.Permanent(errFatal) })
		var re *aio.RetryError
		require.ErrorAs(t, err, &re)
		require.Same(t, errFatal, re.Err)
	})
	t.Run("predicate-retries", func(t *testing.T) {
		calls := 0
		err := aio.Retry(t.Context(), func(context.Context) error { calls++; return errFlaky },
			aio.RetryBackoff(0, 1, 0), aio.RetryAttempts(4), aio.RetryIf(func(err error) bool { return errors.Is(err, errFlaky) }))
		require.ErrorIs(t, err, errFlaky)
		require.Equal(t, 4, calls)
	})
}

type codeError struct{ code int }

func (e *codeError) Error() string { return fmt.Sprintf("code %d", e.code) }

func TestRetryErrorAs(t *testing.T) {
	err := aio.Retry(t.Context(), func(context.Context) error { return &codeError{503} }, aio.RetryBackoff(0, 1, 0))
	var ce *codeError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, 503, ce.code)
	require.Equal(t, "aio.Retry: 3 attempts: code 503", err.Error())
}

func TestRetryContextEnds(t *testing.T) {
	errCause := errors.New("shutting down")
	t.Run("during-backoff", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(t.Context())
			start := time.Now()
			time.AfterFunc(time.Second, func() { cancel(errCause) })
			calls := 0
			err := aio.Retry(ctx, func(context.Context) error { calls++; return errFlaky },
				aio.RetryBackoff(time.Hour, 2, time.Hour), aio.RetryJitter(aio.NoJitter))
			require.Equal(t, time.Second, time.Since(start), "the hour-long sleep ends with ctx")
			require.Equal(t, 1, calls)
			require.ErrorIs(t, err, errFlaky)
			require.ErrorIs(t, err, errCause)
			require.ErrorIs(t, err, context.Canceled)
			var re *aio.RetryError
			require.ErrorAs(t, err, &re)
			require.Equal(t, 1, re.Attempts)
			require.Equal(t, "aio.Retry: 1 attempt, stopped (shutting down): flaky", err.Error())
		})
	})
	t.Run("deadline-during-backoff", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 250*time.Millisecond)
			defer cancel()
			start := time.Now()
			calls := 0
			err := aio.Retry(ctx, func(context.Context) error { calls++; return errFlaky },
				aio.RetryAttempts(10), aio.RetryJitter(aio.NoJitter))
			require.Equal(t, 250*time.Millisecond, time.Since(start))
			require.Equal(t, 2, calls) // at 0 and 100 ms; the next one was due at 300 ms
			require.ErrorIs(t, err, errFlaky)
			require.ErrorIs(t, err, context.DeadlineExceeded)
		})
	})
	t.Run("during-call", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		calls := 0
		err := aio.Retry(ctx, func(ctx context.Context) error {
			calls++
			cancel()
			return ctx.Err()
		})
		require.Equal(t, 1, calls)
		require.ErrorIs(t, err, context.Canceled)
		var re *aio.RetryError
		require.ErrorAs(t, err, &re)
		require.Equal(t, context.Canceled, re.Ctx)
	})
	for _, last := range []struct {
		name string
		err  error
		opts []aio.RetryOption
	}{
		{"during-last-call", errFlaky, []aio.RetryOption{aio.RetryAttempts(1)}},
		{"during-call-that-failed-permanently", aio.Permanent(errFlaky), nil},
	} {
		t.Run(last.name, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(t.Context())
			err := aio.Retry(ctx, func(ctx context.Context) error {
				cancel(errCause)
				return last.err
			}, last.opts...)
			require.ErrorIs(t, err, errFlaky)
			require.ErrorIs(t, err, errCause, "ctx ended before Retry gave up")
			require.ErrorIs(t, err, context.Canceled)
		})
	}
	t.Run("before-first-call", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		err := aio.Retry(ctx, func(context.Context) error { t.Error("fn called"); return nil })
		require.Same(t, context.Canceled, err)
	})
}

func TestRetryValue(t *testing.T) {
	calls := 0
	v, err := aio.RetryValue(t.Context(), func(context.Context) (string, error) {
		calls++
		if calls < 3 {
			return "partial", errFlaky
		}
		return "ok", nil
	}, aio.RetryBackoff(0, 1, 0))
	require.NoError(t, err)
	require.Equal(t, "ok", v)

	v, err = aio.RetryValue(t.Context(), func(context.Context) (string, error) { return "partial", errFlaky },
		aio.RetryBackoff(0, 1, 0))
	require.ErrorIs(t, err, errFlaky)
	require.Empty(t, v, "zero value on failure")
}

func TestWithRetry(t *testing.T) {
	t.Run("fresh-schedule-per-call", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var mu sync.Mutex
			var delays [][]time.Duration
			get := aio.WithRetry(func(context.Context) (int, error) { return 0, errFlaky },
				aio.RetrySeed(1), aio.RetryAttempts(4),
				aio.OnRetry(func(a int, _ error, d time.Duration) {
					mu.Lock()
					defer mu.Unlock()
					if a == 1 {
						delays = append(delays, nil)
					}
					delays[len(delays)-1] = append(delays[len(delays)-1], d)
				}))
			for range 2 {
				_, err := get(t.Context())
				require.ErrorIs(t, err, errFlaky)
			}
			require.Len(t, delays, 2)
			require.Len(t, delays[0], 3)
			require.Equal(t, delays[0], delays[1])
		})
	})
	t.Run("concurrent-calls", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			get := aio.WithRetry(func(ctx context.Context) (int, error) {
				n := ctx.Value(ctxKey{}).(int)
				if n%2 == 0 {
					return n, nil
				}
				return 0, errFlaky
			}, aio.RetryAttempts(3))
			var wg sync.WaitGroup
			for i := range 20 {
				wg.Go(func() {
					v, err := get(context.WithValue(t.Context(), ctxKey{}, i))
					if i%2 == 0 {
						require.NoError(t, err)
						require.Equal(t, i, v)
					} else {
						require.ErrorIs(t, err, errFlaky)
					}
				})
			}
			wg.Wait()
		})
	})
}

type ctxKey struct{}

func TestRetryPanicPropagates(t *testing.T) {
	calls := 0
	require.PanicsWithValue(t, "boom", func() {
		_ = aio.Retry(t.Context(), func(context.Context) error { calls++; panic("boom") })
	})
	require.Equal(t, 1, calls)
}

func TestTimed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		type report struct {
			elapsed time.Duration
			err     error
		}
		var reports []report
		fn := aio.Timed(func(ctx context.Context) (int, error) {
			d := ctx.Value(ctxKey{}).(time.Duration)
			time.Sleep(d)
			switch {
			case d == 3*time.Second:
				return 0, errFlaky
			case d == 5*time.Second:
				panic("boom")
			}
			return int(d / time.Second), nil
		}, func(elapsed time.Duration, err error) { reports = append(reports, report{elapsed, err}) })
		call := func(d time.Duration) (int, error) {
			return fn(context.WithValue(t.Context(), ctxKey{}, d))
		}

		v, err := call(2 * time.Second)
		require.NoError(t, err)
		require.Equal(t, 2, v)
		_, err = call(3 * time.Second)
		require.ErrorIs(t, err, errFlaky)
		require.PanicsWithValue(t, "boom", func() { _, _ = call(5 * time.Second) }, "the panic goes on")

		require.Len(t, reports, 3)
		require.Equal(t, report{2 * time.Second, nil}, reports[0])
		require.Equal(t, report{3 * time.Second, errFlaky}, reports[1])
		require.Equal(t, 5*time.Second, reports[2].elapsed)
		var pe *aio.PanicError
		require.ErrorAs(t, reports[2].err, &pe)
		require.Equal(t, "boom", pe.Value)
		require.Contains(t, string(pe.Stack), "retry_test.go", "the stack is the panicking goroutine's")
	})
}

func TestTimedGoexit(t *testing.T) {
	var got []error
	fn := aio.Timed(func(context.Context) (int, error) { runtime.Goexit(); return 0, nil },
		func(_ time.Duration, err error) { got = append(got, err) })
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = fn(context.Background())
		t.Error("Goexit was stopped")
	}()
	<-done
	require.Equal(t, []error{nil}, got)
}

// mustPanic runs f and checks it panics with a message that starts with prefix.
func mustPanic(t *testing.T, prefix string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		require.NotNil(t, r, "no panic")
		msg := fmt.Sprint(r)
		require.Truef(t, len(msg) >= len(prefix) && msg[:len(prefix)] == prefix, "panic %q does not start with %q", msg, prefix)
	}()
	f()
}

func TestRetryBadInput(t *testing.T) {
	fn := func(context.Context) error { return nil }
	vfn := func(context.Context) (int, error) { return 0, nil }
	tests := []struct {
		want string
		f    func()
	}{
		{"aio.RetryAttempts: attempts 0 < 1", func() { aio.RetryAttempts(0) }},
		{"aio.RetryAttempts: attempts -1 < 1", func() { aio.RetryAttempts(-1) }},
		{"aio.RetryBackoff: negative delay", func() { aio.RetryBackoff(-1, 2, time.Second) }},
		{"aio.RetryBackoff: negative delay", func() { aio.RetryBackoff(0, 2, -1) }},
		{"aio.RetryBackoff: multiplier 0.5 < 1", func() { aio.RetryBackoff(1, 0.5, time.Second) }},
		{"aio.RetryBackoff: multiplier NaN < 1", func() { aio.RetryBackoff(1, math.NaN(), time.Second) }},
		{"aio.RetryBackoff: max 1s < initial 2s", func() { aio.RetryBackoff(2*time.Second, 2, time.Second) }},
		{"aio.RetryJitter: unknown Jitter 7", func() { aio.RetryJitter(7) }},
		{"aio.RetryJitter: unknown Jitter -1", func() { aio.RetryJitter(-1) }},
		{"aio.RetryMaxElapsed: negative duration", func() { aio.RetryMaxElapsed(-time.Second) }},
		{"aio.RetryIf: nil predicate", func() { aio.RetryIf(nil) }},
		{"aio.OnRetry: nil hook", func() { aio.OnRetry(nil) }},
		{"aio.Retry: nil function", func() { _ = aio.Retry(context.Background(), nil) }},
		{"aio.Retry: nil option at index 1", func() { _ = aio.Retry(context.Background(), fn, aio.RetryAttempts(1), nil) }},
		{"aio.RetryValue: nil function", func() { _, _ = aio.RetryValue[int](context.Background(), nil) }},
		{"aio.RetryValue: nil option at index 0", func() { _, _ = aio.RetryValue(context.Background(), vfn, nil) }},
		{"aio.WithRetry: nil function", func() { aio.WithRetry[int](nil) }},
		{"aio.WithRetry: nil option at index 0", func() { aio.WithRetry(vfn, nil) }},
		{"aio.Retry: nil context", func() { _ = aio.Retry(nilCtx, fn) }},
		{"aio.RetryValue: nil context", func() { _, _ = aio.RetryValue(nilCtx, vfn) }},
		{"aio.WithRetry: nil context", func() { _, _ = aio.WithRetry(vfn)(nilCtx) }},
		{"aio.Sleep: nil context", func() { _ = aio.Sleep(nilCtx, time.Second) }},
		{"aio.WaitFor: nil context", func() { _, _ = aio.WaitFor(nilCtx, time.Second, vfn) }},
		{"aio.Timed: nil function", func() { aio.Timed[int](nil, func(time.Duration, error) {}) }},
		{"aio.Timed: nil report function", func() { aio.Timed(vfn, nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}

// TestRetryCancelStress races ctx's cancellation against the backoff sleep and the calls,
// 10^4 times. Conserved: the attempts that RetryError reports (plus one per success)
// add up to the calls fn actually received.
func TestRetryCancelStress(t *testing.T) {
	const n = 10_000
	var calls, reported, canceled int
	for i := range n {
		ctx, cancel := context.WithCancel(t.Context())
		start := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			<-start
			cancel()
		}()
		k := 0
		err := aio.Retry(ctx, func(context.Context) error {
			calls++
			k++
			if k == 1 {
				close(start) // the cancel races with what follows
			}
			if k == 1+i%4 {
				return nil
			}
			return errFlaky
		}, aio.RetryAttempts(5), aio.RetryBackoff(time.Duration(i%3)*time.Microsecond, 2, time.Millisecond))
		<-done
		var re *aio.RetryError
		switch {
		case err == nil:
			reported += k
		case errors.As(err, &re):
			require.ErrorIs(t, err, context.Canceled, "only the cancellation stops this retry early")
			reported += re.Attempts
			canceled++
		default:
			t.Fatalf("unexpected %v", err)
		}
	}
	require.Equal(t, calls, reported)
	t.Logf("%d of %d retries ended by the cancellation", canceled, n)
}

// TestRetryMaxElapsedHugeDelay: a delay near the largest Duration must not overflow the
// RetryMaxElapsed check (elapsed + delay wrapped negative and Retry went to sleep).
func TestRetryMaxElapsedHugeDelay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Hour) // only ends the test if Retry sleeps
		defer cancel()
		calls, slept := 0, false
		err := aio.Retry(ctx, func(context.Context) error {
			calls++
			time.Sleep(time.Millisecond) // the call takes some time
			return errFlaky
		},
			aio.RetryAttempts(2),
			aio.RetryBackoff(time.Duration(math.MaxInt64), 1, time.Duration(math.MaxInt64)),
			aio.RetryJitter(aio.NoJitter),
			aio.RetryMaxElapsed(time.Hour),
			aio.OnRetry(func(int, error, time.Duration) { slept = true }),
		)
		require.False(t, slept, "Retry slept past RetryMaxElapsed")
		require.Equal(t, 1, calls)
		require.ErrorIs(t, err, errFlaky)
		require.NoError(t, ctx.Err())
	})
}

// TestRetryIfOnlyWhenRetryPossible: the predicate decides whether to retry, so it is not
// asked when no retry could follow anyway (attempts used up, ctx ended).
func TestRetryIfOnlyWhenRetryPossible(t *testing.T) {
	asked := 0
	pred := aio.RetryIf(func(error) bool { asked++; return true })
	err := aio.Retry(t.Context(), func(context.Context) error { return errFlaky }, aio.RetryAttempts(1), pred)
	require.ErrorIs(t, err, errFlaky)
	require.Zero(t, asked, "attempts used up")

	ctx, cancel := context.WithCancel(t.Context())
	err = aio.Retry(ctx, func(context.Context) error { cancel(); return errFlaky }, aio.RetryAttempts(5), pred)
	require.ErrorIs(t, err, context.Canceled)
	require.Zero(t, asked, "ctx ended")
}

// endsAt is a context whose Err reports DeadlineExceeded from at on, while its Done
// channel never closes: the moment a real context's timer has fired but its Done channel
// is not yet closed, held still so that a test can see what Retry does in it.
type endsAt struct {
	context.Context
	at time.Time
}

func (c endsAt) Err() error {
	if time.Now().Before(c.at) {
		return nil
	}
	return context.DeadlineExceeded
}

// TestRetryNeverCallsWithEndedContext: when ctx ends at the very moment a backoff sleep
// does, Sleep may report the timer; the next call must not be made with the ended ctx.
// endsAt ends at the backoff's end without a Done that Sleep could see, so Sleep always
// reports the timer here, and only Retry's own look at ctx.Err() stops the second call.
// (A test with a real deadline was a coin toss either way: the context's timer may fire
// while the second call runs, after Retry looked.)
func TestRetryNeverCallsWithEndedContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := endsAt{context.Background(), time.Now().Add(100 * time.Millisecond)}
		calls := 0
		err := aio.Retry(ctx, func(ctx context.Context) error {
			calls++
			require.NoError(t, ctx.Err(), "call %d made with an ended context", calls)
			return errFlaky
		}, aio.RetryAttempts(5), aio.RetryBackoff(100*time.Millisecond, 1, 100*time.Millisecond), aio.RetryJitter(aio.NoJitter))
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.ErrorIs(t, err, errFlaky)
		require.Equal(t, 1, calls)
	})
}
