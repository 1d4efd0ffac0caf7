package aio_test

import (
	"context"
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
