package aio_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

// sleeper returns a function that sleeps d (fake time inside a bubble) and returns v, or
// stops with the context's error.
func sleeper(d time.Duration, v int, err error) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		select {
		case <-time.After(d):
			return v, err
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// TestSynctestWaitModesExpire runs Wait in each mode with a context that expires before
// the condition holds: done so far, the rest pending, the deadline error, at the deadline.
func TestSynctestWaitModesExpire(t *testing.T) {
	for _, mode := range []aio.WaitMode{aio.AllCompleted, aio.FirstCompleted, aio.FirstException} {
		t.Run(mode.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				bg := context.Background()
				tasks := []*aio.Task[int]{
					aio.Go(bg, sleeper(time.Hour, 0, nil)),
					aio.Go(bg, sleeper(time.Second, 1, nil)),
					aio.Go(bg, sleeper(2*time.Hour, 2, errBoom)),
				}
				wait := 30 * time.Minute
				if mode == aio.FirstCompleted {
					wait = 500 * time.Millisecond // before anything completes
				}
				ctx, cancel := context.WithTimeout(bg, wait)
				defer cancel()
				start := time.Now()
				done, pending, err := aio.Wait(ctx, tasks, mode)
				require.ErrorIs(t, err, context.DeadlineExceeded)
				require.Equal(t, wait, time.Since(start))
				if mode == aio.FirstCompleted {
					require.Empty(t, done)
					require.Equal(t, tasks, pending)
				} else {
					require.Equal(t, []*aio.Task[int]{tasks[1]}, done)
					require.Equal(t, []*aio.Task[int]{tasks[0], tasks[2]}, pending)
				}
				for _, p := range pending {
					require.False(t, p.Cancelled(), "Wait cancels nothing")
				}
				// Without a deadline the condition is met on fake time.
				done, _, err = aio.Wait(bg, tasks, mode)
				require.NoError(t, err)
				switch mode {
				case aio.AllCompleted:
					require.Len(t, done, 3)
					require.Equal(t, 2*time.Hour, time.Since(start))
				case aio.FirstCompleted:
					require.Len(t, done, 1)
					require.Equal(t, time.Second, time.Since(start))
				case aio.FirstException:
					require.Len(t, done, 3) // the failure comes last
				}
				for _, tk := range tasks {
					tk.Cancel()
					<-tk.Done()
				}
			})
		})
	}
}

func TestSynctestGatherMapAsCompletedGroup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bg := context.Background()
		start := time.Now()

		got, err := aio.Gather(bg, sleeper(3*time.Second, 3, nil), sleeper(time.Second, 1, nil))
		require.NoError(t, err)
		require.Equal(t, []int{3, 1}, got)
		require.Equal(t, 3*time.Second, time.Since(start), "concurrent: the longest, not the sum")

		start = time.Now()
		_, err = aio.Gather(bg, sleeper(time.Hour, 0, nil), sleeper(time.Second, 0, errBoom))
		require.ErrorIs(t, err, errBoom)
		require.Equal(t, time.Second, time.Since(start), "the failure canceled the sleeper")

		start = time.Now()
		out, err := aio.Map(bg, []int{1, 2, 3, 4}, func(ctx context.Context, v int) (int, error) {
			return sleeper(time.Second, v*v, nil)(ctx)
		}, 2)
		require.NoError(t, err)
		require.Equal(t, []int{1, 4, 9, 16}, out)
		require.Equal(t, 2*time.Second, time.Since(start), "two at a time")

		var order []int
		ts := []*aio.Task[int]{aio.Go(bg, sleeper(3*time.Second, 3, nil)), aio.Go(bg, sleeper(time.Second, 1, nil)), aio.Go(bg, sleeper(2*time.Second, 2, nil))}
		for tk := range aio.AsCompleted(bg, ts...) {
			v, _ := tk.Result()
			order = append(order, v)
		}
		require.Equal(t, []int{1, 2, 3}, order)

		ctx, cancel := context.WithTimeout(bg, 1500*time.Millisecond)
		order = order[:0]
		late := []*aio.Task[int]{aio.Go(bg, sleeper(time.Second, 1, nil)), aio.Go(bg, sleeper(time.Hour, 2, nil))}
		for tk := range aio.AsCompleted(ctx, late...) {
			v, _ := tk.Result()
			order = append(order, v)
		}
		cancel()
		require.Equal(t, []int{1}, order, "the sequence stops when ctx ends")
		late[1].Cancel()

		start = time.Now()
		g, _ := aio.NewTaskGroup(bg)
		g.SetLimit(2)
		for range 6 {
			g.Go(func(ctx context.Context) error { _, err := sleeper(time.Second, 0, nil)(ctx); return err })
		}
		g.Go(func(ctx context.Context) error { time.Sleep(500 * time.Millisecond); return errors.New("late failure") })
		err = g.Wait()
		require.EqualError(t, err, "late failure")
		require.Equal(t, 3*time.Second+500*time.Millisecond, time.Since(start),
			"three rounds of two, then the failure; it canceled nothing still running")
		synctest.Wait()
	})
}

// TestTaskGroupQueuedGoStartsNothingAfterCancel: with a limit of one, a Go waits for the
// slot; the running task cancels the group and returns. The waiting Go must start
// nothing: once the group's context has ended, Go starts nothing.
func TestTaskGroupQueuedGoStartsNothingAfterCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g, _ := aio.NewTaskGroup(context.Background())
		g.SetLimit(1)
		release := make(chan struct{})
		g.Go(func(context.Context) error { <-release; g.Cancel(); return nil })
		var ran atomic.Bool
		queued := make(chan struct{})
		go func() {
			defer close(queued)
			g.Go(func(context.Context) error { ran.Store(true); return nil })
		}()
		synctest.Wait() // the second Go waits for the slot
		close(release)
		<-queued
		require.NoError(t, g.Wait())
		require.False(t, ran.Load(), "a Go waiting for a slot started its function after the group was canceled")
	})
}

// TestSynctestMapChunksShrinkAtTheEnd: Map's workers take elements in chunks sized by what
// is left for all of them, so a worker back from a slow call takes the last elements one
// at a time beside the others instead of a chunk of 16 alone. Element 0 takes a second,
// every other a millisecond: when it returns, about 40 elements (5 ms for 8 workers) are
// left. A chunk sized by where the slow worker's own chunk ended took 16 ms more.
func TestSynctestMapChunksShrinkAtTheEnd(t *testing.T) {
	const limit, n = 8, 7*1000 + 40
	synctest.Test(t, func(t *testing.T) {
		in := make([]int, n)
		for i := range in {
			in[i] = i
		}
		start := time.Now()
		_, err := aio.Map(context.Background(), in, func(_ context.Context, v int) (int, error) {
			if v == 0 {
				time.Sleep(time.Second)
			} else {
				time.Sleep(time.Millisecond)
			}
			return 0, nil
		}, limit)
		require.NoError(t, err)
		require.LessOrEqual(t, time.Since(start), time.Second+8*time.Millisecond)
	})
}
