package reliability

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

// Panic gates: a panic in any task-running helper is never lost and never crashes the
// process from a background goroutine. Each case makes a function panic with a value of
// its own and then looks for that value where the helper promises to deliver it: re-raised
// in the waiting goroutine (as a *aio.PanicError that keeps the value and the panicking
// goroutine's stack, or, for helpers that run fn in the caller's goroutine, unchanged),
// or returned as an error (GatherAll, Task.Result, Wait, AsCompleted). If a helper let a
// panic escape on a goroutine of its own, the whole test binary would crash: that is the
// "never crashes a stranger" half of the gate, and why every case runs in this process.

// boom is the value each case panics with; its name says which case.
type boom struct{ name string }

// panicker returns a task function that panics with boom{name}, optionally after other
// work (siblings) has started.
func panicker[T any](name string) func(context.Context) (T, error) {
	return func(context.Context) (T, error) { panic(boom{name}) }
}

// blocker is a sibling that waits for its context, so that a panic must cancel it.
func blocker[T any](ctx context.Context) (T, error) {
	<-ctx.Done()
	var zero T
	return zero, ctx.Err()
}

// catch runs f and returns what it panicked with, or nil.
func catch(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}

// requirePanicError checks that v (a recovered value or an error) is a *aio.PanicError
// carrying boom{name} and a stack that shows where the panic happened.
func requirePanicError(t *testing.T, name string, v any) {
	t.Helper()
	var pe *aio.PanicError
	switch x := v.(type) {
	case *aio.PanicError:
		pe = x
	case error:
		require.True(t, errors.As(x, &pe), "%s: got error %v, want a *aio.PanicError", name, x)
	default:
		require.Failf(t, "panic lost", "%s: got %#v, want a *aio.PanicError", name, v)
	}
	require.Equal(t, boom{name}, pe.Value, "%s: the panic value is not kept", name)
	require.True(t, strings.Contains(string(pe.Stack), "panicker[") && strings.Contains(string(pe.Stack), "panics_test.go"),
		"%s: the stack of the panicking goroutine is not kept:\n%s", name, pe.Stack)
}

func TestPanicGates(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		run  func(name string) any // returns the recovered value or the error that carries the panic
	}{
		{"Go/Wait", func(n string) any {
			task := aio.Go(ctx, panicker[int](n))
			return catch(func() { _, _ = task.Wait(ctx) })
		}},
		{"Go/Result without a waiter", func(n string) any {
			task := aio.Go(ctx, panicker[int](n))
			<-task.Done() // nobody waits: the process must survive, the panic must be kept
			_, err := task.Result()
			return err
		}},
		{"Go/OnDone", func(n string) any {
			got := make(chan error, 1)
			aio.Go(ctx, panicker[int](n)).OnDone(func(t *aio.Task[int]) { _, err := t.Result(); got <- err })
			return <-got
		}},
		{"Gather", func(n string) any {
			return catch(func() { _, _ = aio.Gather(ctx, blocker[int], panicker[int](n), blocker[int]) })
		}},
		{"GatherAll", func(n string) any {
			rs := aio.GatherAll(ctx, func(context.Context) (int, error) { return 1, nil }, panicker[int](n))
			if rs[0].Err != nil || rs[0].Value != 1 {
				return fmt.Errorf("GatherAll lost the other result: %+v", rs[0])
			}
			return rs[1].Err
		}},
		{"Map", func(n string) any {
			return catch(func() {
				_, _ = aio.Map(ctx, []int{0, 1, 2, 3}, func(ctx context.Context, i int) (int, error) {
					if i == 1 {
						return panicker[int](n)(ctx)
					}
					return blocker[int](ctx)
				}, 2)
			})
		}},
		{"Wait/FirstException", func(n string) any {
			bctx, cancel := context.WithCancel(ctx)
			defer cancel()
			tasks := []*aio.Task[int]{aio.Go(bctx, blocker[int]), aio.Go(bctx, panicker[int](n))}
			done, _, err := aio.Wait(ctx, tasks, aio.FirstException)
			if err != nil || len(done) != 1 || done[0] != tasks[1] {
				return fmt.Errorf("Wait(FirstException) = %d done, %v", len(done), err)
			}
			cancel()
			<-tasks[0].Done()
			_, perr := tasks[1].Result()
			return perr
		}},
		{"AsCompleted", func(n string) any {
			task := aio.Go(ctx, panicker[int](n))
			for t := range aio.AsCompleted(ctx, task) {
				_, err := t.Result()
				return err
			}
			return errors.New("AsCompleted yielded nothing")
		}},
		{"TaskGroup.Go", func(n string) any {
			g, gctx := aio.NewTaskGroup(ctx)
			g.Go(func(ctx context.Context) error { _, err := blocker[int](ctx); return err })
			g.Go(func(ctx context.Context) error { _, err := panicker[int](n)(ctx); return err })
			r := catch(func() { _ = g.Wait() })
			if gctx.Err() == nil {
				return errors.New("the group's context was not canceled by the panic")
			}
			return r
		}},
		{"TaskGroup/Spawn", func(n string) any {
			g, _ := aio.NewTaskGroup(ctx)
			task := aio.Spawn(g, panicker[string](n))
			r := catch(func() { _ = g.Wait() })
			if _, err := task.Result(); !errors.As(err, new(*aio.PanicError)) {
				return fmt.Errorf("the spawned task's Result is %v", err)
			}
			return r
		}},
		{"Shield", func(n string) any {
			task := aio.Shield(ctx, panicker[int](n))
			return catch(func() { _, _ = task.Wait(ctx) })
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			requirePanicError(t, c.name, c.run(c.name))
		})
	}
}

// The helpers that run fn in the caller's goroutine let the panic go on unchanged, with
// fn's own stack: it is never swallowed, and never moved to another goroutine.
func TestPanicGatesInCaller(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		run  func(name string) any
	}{
		{"WaitFor", func(n string) any {
			return catch(func() { _, _ = aio.WaitFor(ctx, time.Hour, panicker[int](n)) })
		}},
		{"Retry", func(n string) any {
			return catch(func() {
				_ = aio.Retry(ctx, func(ctx context.Context) error { _, err := panicker[int](n)(ctx); return err })
			})
		}},
		{"RetryValue", func(n string) any {
			return catch(func() { _, _ = aio.RetryValue(ctx, panicker[int](n)) })
		}},
		{"WithRetry", func(n string) any {
			return catch(func() { _, _ = aio.WithRetry(panicker[int](n))(ctx) })
		}},
		{"Timed", func(n string) any {
			var reported error
			r := catch(func() {
				_, _ = aio.Timed(panicker[int](n), func(_ time.Duration, err error) { reported = err })(ctx)
			})
			var pe *aio.PanicError
			if !errors.As(reported, &pe) || pe.Value != (boom{n}) {
				return fmt.Errorf("Timed reported %v, want a *aio.PanicError", reported)
			}
			return r
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.run(c.name)
			if pe, ok := r.(*aio.PanicError); ok {
				r = pe.Value
			}
			require.Equal(t, boom{c.name}, r, "%s: the panic did not reach the caller", c.name)
		})
	}
}
