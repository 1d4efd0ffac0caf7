package aio_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

func TestSleep(t *testing.T) {
	errCause := errors.New("cause")
	tests := []struct {
		name     string
		d        time.Duration
		cancelAt time.Duration // < 0: never; 0: before the call
		wantErr  error
		wantAt   time.Duration
	}{
		{"elapses", 3 * time.Second, -1, nil, 3 * time.Second},
		{"canceled-midway", 3 * time.Second, time.Second, context.Canceled, time.Second},
		{"canceled-before", 3 * time.Second, 0, context.Canceled, 0},
		{"zero", 0, -1, nil, 0},
		{"negative", -time.Second, -1, nil, 0},
		{"zero-canceled-before", 0, 0, context.Canceled, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancelCause(t.Context())
				defer cancel(nil)
				switch {
				case tt.cancelAt == 0:
					cancel(errCause)
				case tt.cancelAt > 0:
					time.AfterFunc(tt.cancelAt, func() { cancel(errCause) })
				}
				start := time.Now()
				err := aio.Sleep(ctx, tt.d)
				require.Equal(t, tt.wantErr, err) // ctx.Err(), not the cause
				require.Equal(t, tt.wantAt, time.Since(start))
			})
		})
	}
}

func TestWaitFor(t *testing.T) {
	const d = 10 * time.Second
	errOwn := errors.New("own error")
	tests := []struct {
		name        string
		parentAt    time.Duration // parent canceled after this (0: never)
		parentLimit time.Duration // parent deadline (0: none)
		fn          func(ctx context.Context) (int, error)
		want        int
		wantErr     error
		timeout     bool          // err must match ErrTimeout
		wantAt      time.Duration // when WaitFor returns
	}{
		{name: "success-before-deadline", wantAt: d / 2, want: 7,
			fn: func(ctx context.Context) (int, error) { time.Sleep(d / 2); return 7, nil }},
		{name: "success-at-the-edge", wantAt: d, want: 7, // returns at exactly d: the value wins
			fn: func(ctx context.Context) (int, error) { time.Sleep(d); return 7, nil }},
		{name: "value-after-ignoring-cancellation", wantAt: 2 * d, want: 7,
			fn: func(ctx context.Context) (int, error) { <-ctx.Done(); time.Sleep(d); return 7, nil }},
		{name: "timeout", wantAt: d, wantErr: aio.ErrTimeout, timeout: true,
			fn: func(ctx context.Context) (int, error) { <-ctx.Done(); return 1, ctx.Err() }},
		{name: "timeout-wrapped-cause", wantAt: d, wantErr: aio.ErrTimeout, timeout: true,
			fn: func(ctx context.Context) (int, error) {
				<-ctx.Done()
				return 1, errors.Join(errors.New("fetch"), context.Cause(ctx))
			}},
		{name: "timeout-after-cleanup", wantAt: d + time.Second, wantErr: aio.ErrTimeout, timeout: true,
			fn: func(ctx context.Context) (int, error) { <-ctx.Done(); time.Sleep(time.Second); return 1, ctx.Err() }},
		{name: "own-error-after-deadline", wantAt: d, want: 3, wantErr: errOwn,
			fn: func(ctx context.Context) (int, error) { <-ctx.Done(); return 3, errOwn }},
		{name: "own-error-before-deadline", wantAt: time.Second, want: 3, wantErr: errOwn,
			fn: func(ctx context.Context) (int, error) { time.Sleep(time.Second); return 3, errOwn }},
		{name: "parent-canceled-first", parentAt: d / 2, wantAt: d / 2, want: 1, wantErr: context.Canceled,
			fn: func(ctx context.Context) (int, error) { <-ctx.Done(); return 1, ctx.Err() }},
		{name: "parent-deadline-first", parentLimit: d / 2, wantAt: d / 2, want: 1, wantErr: context.DeadlineExceeded,
			fn: func(ctx context.Context) (int, error) { <-ctx.Done(); return 1, ctx.Err() }},
		{name: "parent-canceled-after-timeout", parentAt: d + 1, wantAt: d + time.Second, wantErr: aio.ErrTimeout, timeout: true,
			fn: func(ctx context.Context) (int, error) { <-ctx.Done(); time.Sleep(time.Second); return 1, ctx.Err() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				if tt.parentAt > 0 {
					time.AfterFunc(tt.parentAt, cancel)
				}
				if tt.parentLimit > 0 {
					var c context.CancelFunc
					ctx, c = context.WithTimeout(ctx, tt.parentLimit)
					defer c()
				}
				start := time.Now()
				var sawCause error
				v, err := aio.WaitFor(ctx, d, func(ctx context.Context) (int, error) {
					v, err := tt.fn(ctx)
					sawCause = context.Cause(ctx)
					return v, err
				})
				require.Equal(t, tt.wantAt, time.Since(start))
				require.Equal(t, tt.want, v)
				require.ErrorIs(t, err, tt.wantErr)
				require.Equal(t, tt.timeout, errors.Is(err, aio.ErrTimeout))
				if tt.timeout {
					require.ErrorIs(t, err, context.DeadlineExceeded)
					require.ErrorIs(t, sawCause, aio.ErrTimeout, "fn's ctx names the timeout as its cause")
					require.ErrorIs(t, sawCause, context.DeadlineExceeded)
					require.EqualError(t, sawCause, aio.ErrTimeout.Error())
				}
			})
		})
	}
}

// TestWaitForNested checks that WaitFor reports its own deadline as ErrTimeout and a
// parent's end as the parent's, also when the parent's cause is a timeout too: an outer
// WaitFor's deadline, or a parent canceled with ErrTimeout as its cause. A context
// inherits its parent's cause, so telling them apart takes a cause of each call's own.
func TestWaitForNested(t *testing.T) {
	inner := func(ctx context.Context, d time.Duration) (int, time.Duration, error) {
		start := time.Now()
		v, err := aio.WaitFor(ctx, d, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 7, ctx.Err()
		})
		return v, time.Since(start), err
	}
	t.Run("outer deadline first", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var v int
			var err error
			var at time.Duration
			_, outerErr := aio.WaitFor(t.Context(), time.Second, func(ctx context.Context) (int, error) {
				v, at, err = inner(ctx, time.Hour)
				return v, err
			})
			require.Equal(t, time.Second, at)
			require.Equal(t, 7, v, "the inner call's value is fn's: its own deadline did not pass")
			require.ErrorIs(t, err, context.DeadlineExceeded)
			require.NotErrorIs(t, err, aio.ErrTimeout, "the outer deadline is not the inner call's timeout")
			require.ErrorIs(t, outerErr, aio.ErrTimeout, "but it is the outer call's")
		})
	})
	t.Run("inner deadline first", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var err error
			var at time.Duration
			v, outerErr := aio.WaitFor(t.Context(), time.Hour, func(ctx context.Context) (int, error) {
				_, at, err = inner(ctx, time.Second)
				return 3, nil
			})
			require.Equal(t, time.Second, at)
			require.ErrorIs(t, err, aio.ErrTimeout)
			require.NoError(t, outerErr)
			require.Equal(t, 3, v)
		})
	})
	t.Run("parent canceled with ErrTimeout", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(t.Context())
			time.AfterFunc(time.Second, func() { cancel(aio.ErrTimeout) })
			v, at, err := inner(ctx, time.Hour)
			require.Equal(t, time.Second, at)
			require.Equal(t, 7, v)
			require.ErrorIs(t, err, context.Canceled, "the parent's cancellation, unchanged")
			require.NotErrorIs(t, err, aio.ErrTimeout)
		})
	})
}

func TestWaitForNotStarted(t *testing.T) {
	fn := func(context.Context) (int, error) { t.Error("fn called"); return 1, nil }
	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		d    time.Duration
		want error
	}{
		{"zero-timeout", t.Context(), 0, aio.ErrTimeout},
		{"negative-timeout", t.Context(), -time.Second, aio.ErrTimeout},
		{"parent-ended", canceled, time.Second, context.Canceled},
		{"parent-ended-zero-timeout", canceled, 0, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := aio.WaitFor(tt.ctx, tt.d, fn)
			require.Zero(t, v)
			require.Equal(t, tt.want, err)
		})
	}
}

func TestWaitForPanicPropagates(t *testing.T) {
	require.PanicsWithValue(t, "boom", func() {
		_, _ = aio.WaitFor(t.Context(), time.Hour, func(context.Context) (int, error) { panic("boom") })
	})
}

func TestWaitForBadInput(t *testing.T) {
	mustPanic(t, "aio.WaitFor: nil function", func() { _, _ = aio.WaitFor[int](t.Context(), time.Second, nil) })
}

func TestShield(t *testing.T) {
	t.Run("outlives-the-callers-context", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.WithValue(t.Context(), ctxKey{}, "request-42"))
			time.AfterFunc(time.Second, cancel)
			start := time.Now()
			task := aio.Shield(ctx, func(ctx context.Context) (string, error) {
				time.Sleep(5 * time.Second) // critical work, longer than the caller waits
				return ctx.Value(ctxKey{}).(string) + " saved", ctx.Err()
			})
			// await shield(...): the wait ends with the caller's ctx, the work does not.
			_, err := task.Wait(ctx)
			require.ErrorIs(t, err, context.Canceled)
			require.Equal(t, time.Second, time.Since(start))
			_, err = task.Result()
			require.ErrorIs(t, err, aio.ErrNotDone, "still running")

			v, err := task.Wait(t.Context())
			require.NoError(t, err, "fn's context never saw the cancellation")
			require.Equal(t, "request-42 saved", v)
			require.Equal(t, 5*time.Second, time.Since(start))
			v, err = task.Result()
			require.NoError(t, err)
			require.Equal(t, "request-42 saved", v)
			require.False(t, task.Cancelled())
		})
	})
	t.Run("starts-after-ctx-ended", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		v, err := aio.Shield(ctx, func(ctx context.Context) (int, error) { return 7, ctx.Err() }).Wait(t.Context())
		require.NoError(t, err)
		require.Equal(t, 7, v)
	})
	t.Run("own-cancel-reaches-fn", func(t *testing.T) {
		started := make(chan struct{})
		task := aio.Shield(t.Context(), func(ctx context.Context) (int, error) {
			close(started)
			<-ctx.Done()
			return 0, ctx.Err()
		})
		<-started
		task.Cancel()
		_, err := task.Wait(t.Context())
		require.ErrorIs(t, err, context.Canceled)
		require.True(t, task.Cancelled())
	})
	t.Run("panic-reaches-the-waiter", func(t *testing.T) {
		task := aio.Shield(t.Context(), func(context.Context) (int, error) { panic("boom") })
		<-task.Done()
		defer func() {
			pe, ok := recover().(*aio.PanicError)
			require.True(t, ok)
			require.Equal(t, "boom", pe.Value)
		}()
		_, _ = task.Wait(t.Context())
		t.Error("Wait did not panic")
	})
	t.Run("bad-input", func(t *testing.T) {
		fn := func(context.Context) (int, error) { return 0, nil }
		mustPanic(t, "aio.Shield: nil function", func() { aio.Shield[int](t.Context(), nil) })
		//lint:ignore SA1012 testing the nil check
		mustPanic(t, "aio.Shield: nil context", func() { aio.Shield(nil, fn) }) //nolint:staticcheck
	})
}

// TestWaitForRaceStress races the deadline against fn's return 10^4 times on the real
// clock. Every call must end in exactly one of the two outcomes, a value that is never
// replaced or a clean ErrTimeout, and every call must have run fn exactly once.
func TestWaitForRaceStress(t *testing.T) {
	const n = 10_000
	var values, timeouts, calls int
	for i := range n {
		d := time.Duration(i%50) * time.Microsecond
		v, err := aio.WaitFor(t.Context(), d, func(ctx context.Context) (int, error) {
			calls++
			// Work for 0, d/2, d or 3d/2, so the deadline lands on both sides and on the edge.
			for start := time.Now(); time.Since(start) < d*time.Duration(i%4)/2; {
				if ctx.Err() != nil {
					return -1, ctx.Err()
				}
			}
			return i, nil
		})
		switch {
		case err == nil:
			require.Equal(t, i, v)
			values++
		case errors.Is(err, aio.ErrTimeout):
			require.Zero(t, v)
			timeouts++
		default:
			t.Fatalf("call %d: unexpected outcome %v, %v", i, v, err)
		}
	}
	require.Equal(t, n, values+timeouts)
	require.Equal(t, n-n/50, calls, "fn runs once per call with d > 0, never for d == 0")
	require.Equal(t, n/50, timeouts-(calls-values), "d == 0 times out without calling fn")
	t.Logf("%d timeouts after fn started, %d values", calls-values, values)
}
