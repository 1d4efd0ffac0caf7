package aio_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

type taskCtxKey struct{}

// TestTaskContext checks that the context a task runs under behaves as
// context.WithCancel(parent) does, for a parent that can never be canceled (the task then
// runs under a context of its own kind) and for one that can.
func TestTaskContext(t *testing.T) {
	parents := []struct {
		name string
		ctx  func(t *testing.T) context.Context
	}{
		{"background", func(*testing.T) context.Context { return context.Background() }},
		{"value", func(*testing.T) context.Context {
			return context.WithValue(context.Background(), taskCtxKey{}, "v")
		}},
		{"without-cancel", func(t *testing.T) context.Context {
			return context.WithoutCancel(context.WithValue(t.Context(), taskCtxKey{}, "v"))
		}},
		{"cancelable", func(t *testing.T) context.Context {
			return context.WithValue(t.Context(), taskCtxKey{}, "v")
		}},
	}
	for _, p := range parents {
		t.Run(p.name, func(t *testing.T) {
			parent := p.ctx(t)
			got := make(chan context.Context, 1)
			release := make(chan struct{})
			task := aio.Go(parent, func(ctx context.Context) (int, error) {
				got <- ctx
				<-release
				<-ctx.Done()
				return 0, ctx.Err()
			})
			ctx := <-got
			require.NoError(t, ctx.Err())
			require.NoError(t, context.Cause(ctx))
			require.Equal(t, parent.Value(taskCtxKey{}), ctx.Value(taskCtxKey{}))
			_, hasDeadline := ctx.Deadline()
			require.False(t, hasDeadline)
			require.NotNil(t, ctx.Done())
			require.Contains(t, ctx.(interface{ String() string }).String(), "WithCancel")

			// Derived contexts and AfterFunc callbacks follow the task's context.
			child, cancelChild := context.WithCancel(ctx)
			defer cancelChild()
			timed, cancelTimed := context.WithTimeout(ctx, time.Hour)
			defer cancelTimed()
			stopped, cancelStopped := context.WithCancel(ctx)
			cancelStopped() // unregisters from ctx before ctx ends
			ran := make(chan struct{})
			context.AfterFunc(ctx, func() { close(ran) })
			stop := context.AfterFunc(ctx, func() { t.Error("stopped AfterFunc ran") })
			require.True(t, stop())
			require.False(t, stop())

			task.Cancel()
			close(release)
			_, err := task.Wait(context.Background())
			require.ErrorIs(t, err, context.Canceled)
			require.True(t, task.Cancelled())
			require.ErrorIs(t, ctx.Err(), context.Canceled)
			require.ErrorIs(t, context.Cause(ctx), context.Canceled)
			<-child.Done()
			<-timed.Done()
			<-ran
			require.ErrorIs(t, child.Err(), context.Canceled)
			require.ErrorIs(t, context.Cause(child), context.Canceled)
			require.ErrorIs(t, timed.Err(), context.Canceled)
			require.ErrorIs(t, stopped.Err(), context.Canceled)

			// After the end: new derived contexts and callbacks see it at once.
			late, cancelLate := context.WithCancel(ctx)
			defer cancelLate()
			<-late.Done()
			lateRan := make(chan struct{})
			lateStop := context.AfterFunc(ctx, func() { close(lateRan) })
			<-lateRan
			require.False(t, lateStop())
			select {
			case <-ctx.Done():
			default:
				t.Fatal("Done not closed after Cancel")
			}
		})
	}
}

// TestTaskContextDoneAfterCompletion checks that a task's context ends when the task
// returns, even if nobody called Done on it before.
func TestTaskContextDoneAfterCompletion(t *testing.T) {
	got := make(chan context.Context, 1)
	task := aio.Go(context.Background(), func(ctx context.Context) (int, error) {
		got <- ctx
		return 1, nil
	})
	ctx := <-got
	v, err := task.Wait(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, v)
	require.False(t, task.Cancelled())
	<-ctx.Done()
	require.ErrorIs(t, ctx.Err(), context.Canceled)
}

// detachedCtx hides its parent's cancellation and passes its values through, as the
// "detach" wrappers that start background work from a request do.
type detachedCtx struct{ parent context.Context }

func (detachedCtx) Deadline() (time.Time, bool) { return time.Time{}, false }
func (detachedCtx) Done() <-chan struct{}       { return nil }
func (detachedCtx) Err() error                  { return nil }
func (d detachedCtx) Value(key any) any         { return d.parent.Value(key) }

// TestTaskContextCauseUnderDetachedParent: a canceled task's context reports
// context.Canceled as its cause, as context.WithCancel(parent) does, also when a canceled
// ancestor hides behind a parent that detaches from it. Its cause used to come from that
// ancestor (context.Cause finds the nearest cancelCtx through Value), so Task.Cancel read
// as the request's deadline or its custom cause.
func TestTaskContextCauseUnderDetachedParent(t *testing.T) {
	ancestors := map[string]func() context.Context{
		"canceled with a cause": func() context.Context {
			req, cancel := context.WithCancelCause(context.Background())
			cancel(errBoom)
			return req
		},
		"deadline passed": func() context.Context {
			req, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
			_ = cancel // the deadline came first: canceling would not change the cause
			return req
		},
	}
	for name, ancestor := range ancestors {
		t.Run(name, func(t *testing.T) {
			parent := detachedCtx{ancestor()}
			got := make(chan context.Context, 1)
			task := aio.Go(parent, func(ctx context.Context) (int, error) {
				got <- ctx
				<-ctx.Done()
				return 0, ctx.Err()
			})
			ctx := <-got
			require.NoError(t, ctx.Err())
			require.NoError(t, context.Cause(ctx), "no cause before the task's context ends")
			child, cancelChild := context.WithCancel(ctx)
			defer cancelChild()
			task.Cancel()
			_, err := task.Wait(context.Background())
			require.ErrorIs(t, err, context.Canceled)
			<-child.Done()
			require.Equal(t, context.Canceled, context.Cause(ctx))
			require.Equal(t, context.Canceled, context.Cause(child))
			require.Equal(t, "x", context.WithValue(parent, taskCtxKey{}, "x").Value(taskCtxKey{}), "values still pass")
		})
	}
}

// TestTaskContextErrAfterDone: Err is never set while Done is still open (the Context
// contract: "If Done is not yet closed, Err returns nil"). The task's context used to set
// its flag before closing Done, so a reader beside the canceler could see both (tens of
// rounds in 200,000 on 2 processors, 40% of rounds under -race).
func TestTaskContextErrAfterDone(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("needs a reader running beside the canceler")
	}
	for round := range 2000 {
		got := make(chan context.Context, 1)
		task := aio.Go(context.Background(), func(ctx context.Context) (int, error) {
			got <- ctx
			<-ctx.Done()
			return 0, ctx.Err()
		})
		ctx := <-got
		done := ctx.Done() // made before the cancel
		ready, open := make(chan struct{}), make(chan bool, 1)
		go func() {
			close(ready)
			for ctx.Err() == nil {
			}
			select {
			case <-done:
				open <- false
			default:
				open <- true
			}
		}()
		<-ready
		task.Cancel()
		require.False(t, <-open, "round %d: Err set while Done still open", round)
		_, _ = task.Wait(context.Background())
	}
}
