package aio_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

var errBoom = errors.New("boom")

func TestTaskResults(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name          string
		fn            func(context.Context) (int, error)
		cancel        bool
		wantV         int
		wantErr       error
		wantCancelled bool
	}{
		{"value", func(context.Context) (int, error) { return 7, nil }, false, 7, nil, false},
		{"error", func(context.Context) (int, error) { return 1, errBoom }, false, 1, errBoom, false},
		{"cancelled", func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, ctx.Err() }, true, 0, context.Canceled, true},
		{"canceled but ignores it", func(ctx context.Context) (int, error) { <-ctx.Done(); return 3, nil }, true, 3, nil, false},
		{"own cancellation error without cancel", func(context.Context) (int, error) { return 0, context.Canceled }, false, 0, context.Canceled, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			task := aio.Go(ctx, tc.fn)
			if tc.cancel {
				task.Cancel()
			}
			v, err := task.Wait(ctx)
			require.Equal(t, tc.wantV, v)
			require.ErrorIs(t, err, tc.wantErr)
			if tc.wantErr == nil {
				require.NoError(t, err)
			}
			require.Equal(t, tc.wantCancelled, task.Cancelled())
			rv, rerr := task.Result()
			require.Equal(t, v, rv)
			require.Equal(t, err, rerr)
		})
	}
}

func TestTaskResultNotDone(t *testing.T) {
	release := make(chan struct{})
	task := aio.Go(context.Background(), func(context.Context) (int, error) { <-release; return 1, nil })
	_, err := task.Result()
	require.ErrorIs(t, err, aio.ErrNotDone)
	require.False(t, task.Cancelled())
	select {
	case <-task.Done():
		t.Fatal("done too early")
	default:
	}
	close(release)
	<-task.Done()
	v, err := task.Result()
	require.NoError(t, err)
	require.Equal(t, 1, v)
}

func TestTaskWaitCtxBoundsWaitingOnly(t *testing.T) {
	release := make(chan struct{})
	task := aio.Go(context.Background(), func(ctx context.Context) (int, error) {
		<-release
		return 5, ctx.Err()
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := task.Wait(ctx)
	require.ErrorIs(t, err, context.Canceled)
	close(release)
	v, err := task.Wait(context.Background())
	require.NoError(t, err, "the task's own context was not canceled by Wait's ctx")
	require.Equal(t, 5, v)
}

func TestTaskParentCancelIsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	task := aio.Go(ctx, func(ctx context.Context) (struct{}, error) { <-ctx.Done(); return struct{}{}, ctx.Err() })
	cancel()
	<-task.Done()
	require.True(t, task.Cancelled())
}

func boomPanicker(context.Context) (int, error) { panic(errBoom) }

func TestTaskPanic(t *testing.T) {
	task := aio.Go(context.Background(), boomPanicker)
	<-task.Done()

	v, err := task.Result()
	require.Zero(t, v)
	var pe *aio.PanicError
	require.ErrorAs(t, err, &pe)
	require.ErrorIs(t, err, errBoom, "Unwrap returns the panic value when it is an error")
	require.Equal(t, errBoom, pe.Value)
	require.Contains(t, string(pe.Stack), "boomPanicker", "the stack is the panicking goroutine's")
	require.Contains(t, pe.Error(), "boom")
	require.False(t, task.Cancelled())

	got := catchPanic(func() { _, _ = task.Wait(context.Background()) })
	require.Same(t, pe, got, "Wait re-panics with the task's *PanicError")
}

func TestPanicErrorUnwrapNonError(t *testing.T) {
	pe := &aio.PanicError{Value: "text"}
	require.NoError(t, pe.Unwrap())
	require.Contains(t, pe.Error(), "text")
}

func TestTaskGoexit(t *testing.T) {
	task := aio.Go(context.Background(), func(context.Context) (int, error) { runtime.Goexit(); return 1, nil })
	_, err := task.Wait(context.Background())
	require.Error(t, err)
	require.Contains(t, err.Error(), "Goexit")
}

func TestTaskOnDone(t *testing.T) {
	t.Run("after done runs at once in the caller", func(t *testing.T) {
		task := aio.Go(context.Background(), func(context.Context) (int, error) { return 2, nil })
		<-task.Done()
		ran := false
		task.OnDone(func(got *aio.Task[int]) {
			ran = true // no synchronisation needed: same goroutine
			require.Same(t, task, got)
		})
		require.True(t, ran)
	})
	t.Run("in order, result visible", func(t *testing.T) {
		release := make(chan struct{})
		task := aio.Go(context.Background(), func(context.Context) (int, error) { <-release; return 9, nil })
		var got []int
		var mu sync.Mutex
		all := make(chan struct{})
		for i := range 3 {
			task.OnDone(func(tk *aio.Task[int]) {
				v, err := tk.Result()
				require.NoError(t, err)
				require.Equal(t, 9, v)
				mu.Lock()
				got = append(got, i)
				if len(got) == 3 {
					close(all)
				}
				mu.Unlock()
			})
		}
		close(release)
		<-all
		require.Equal(t, []int{0, 1, 2}, got)
	})
}

// TestTaskOnDoneWhileTelling: a callback added while the task is telling its earlier
// callbacks runs after them, not at once: the task is done, but until every callback has
// run it takes the new one in turn. OnDone used to run it at once in the caller, before
// the earlier callback had finished.
func TestTaskOnDoneWhileTelling(t *testing.T) {
	release, firstRunning, unblock := make(chan struct{}), make(chan struct{}), make(chan struct{})
	task := aio.Go(context.Background(), func(context.Context) (int, error) { <-release; return 1, nil })
	order := make(chan int, 2)
	task.OnDone(func(*aio.Task[int]) {
		close(firstRunning)
		<-unblock
		order <- 1
	})
	close(release)
	<-firstRunning // done, and telling its callbacks
	select {
	case <-task.Done():
	default:
		t.Fatal("Done is closed before the callbacks run")
	}
	task.OnDone(func(*aio.Task[int]) { order <- 2 })
	close(unblock)
	require.Equal(t, 1, <-order)
	require.Equal(t, 2, <-order, "the later callback runs after the earlier one")
}

// TestTaskOnDoneRace races OnDone against completion and counts that every callback
// runs exactly once.
func TestTaskOnDoneRace(t *testing.T) {
	const rounds, perRound = 5000, 4
	var calls atomic.Int64
	for range rounds {
		start := make(chan struct{})
		task := aio.Go(context.Background(), func(context.Context) (int, error) { <-start; return 0, nil })
		var wg, ran sync.WaitGroup
		ran.Add(perRound) // a callback run twice would make the counter negative: panic
		for i := range perRound {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i == 0 {
					close(start)
				}
				task.OnDone(func(*aio.Task[int]) { calls.Add(1); ran.Done() })
			}()
		}
		wg.Wait()
		ran.Wait()
	}
	require.Equal(t, int64(rounds*perRound), calls.Load())
}

func TestTaskBadInput(t *testing.T) {
	tests := []struct {
		name, want string
		fn         func()
	}{
		{"Go nil ctx", "aio.Go: nil context", func() {
			aio.Go(nilCtx, func(context.Context) (int, error) { return 0, nil })
		}},
		{"Go nil fn", "aio.Go: nil function", func() { aio.Go[int](context.Background(), nil) }},
		{"OnDone nil", "aio: Task.OnDone: nil function", func() {
			aio.Go(context.Background(), func(context.Context) (int, error) { return 0, nil }).OnDone(nil)
		}},
		{"Wait nil ctx", "aio: Task.Wait: nil context", func() {
			tk := aio.Go(context.Background(), func(context.Context) (int, error) { return 0, nil })
			<-tk.Done()
			_, _ = tk.Wait(nilCtx)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.PanicsWithValue(t, tc.want, tc.fn)
		})
	}
}

// catchPanic runs fn and returns what it panicked with (nil if it returned).
func catchPanic(fn func()) (p any) {
	defer func() { p = recover() }()
	fn()
	return nil
}

// nilCtx is a nil context, the mistake some tests make on purpose.
var nilCtx context.Context
