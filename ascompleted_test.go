package aio_test

import (
	"context"
	"testing"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

func TestAsCompletedOrder(t *testing.T) {
	gs := newGates(4, noErr)
	defer releaseAll(gs)
	finish(gs, 2) // already done: yielded first
	ts := tasksOf(gs)
	ts = append(ts, ts[1]) // a duplicate is yielded once
	var got []int
	for tk := range aio.AsCompleted(context.Background(), ts...) {
		v, err := tk.Result()
		require.NoError(t, err)
		got = append(got, v)
		// Release the next one only now: the completion order is 2, 0, 3, 1.
		switch v {
		case 2:
			finish(gs, 0)
		case 0:
			finish(gs, 3)
		case 3:
			finish(gs, 1)
		}
	}
	require.Equal(t, []int{2, 0, 3, 1}, got)
}

// TestAsCompletedDoneFirst: the tasks done when the iteration starts come first, also
// when an earlier task in the input completes as the iteration starts. The iteration used
// to subscribe to the tasks in input order, so the first task, completing meanwhile, came
// before some of the 64 already done (in most rounds on 2 processors).
func TestAsCompletedDoneFirst(t *testing.T) {
	ctx := context.Background()
	const others = 64
	for round := range 100 {
		release := make(chan struct{})
		a := aio.Go(ctx, func(context.Context) (int, error) { <-release; return -1, nil })
		tasks := []*aio.Task[int]{a}
		for i := range others {
			b := aio.Go(ctx, func(context.Context) (int, error) { return i, nil })
			<-b.Done()
			tasks = append(tasks, b)
		}
		close(release) // a completes about now, racing the iteration's start
		_, err := a.Result()
		aDoneBefore := err == nil
		var got []int
		for tk := range aio.AsCompleted(ctx, tasks...) {
			v, _ := tk.Result()
			got = append(got, v)
		}
		require.Len(t, got, others+1)
		if !aDoneBefore {
			want := make([]int, 0, others+1)
			for i := range others {
				want = append(want, i)
			}
			// a was not done before the iteration began: it may count among the tasks done
			// at the start (if it completed before the look at it) or come after them all.
			if got[0] == -1 {
				want = append([]int{-1}, want...)
			} else {
				want = append(want, -1)
			}
			require.Equal(t, want, got, "round %d", round)
		}
	}
}

func TestAsCompletedEarlyBreak(t *testing.T) {
	gs := newGates(3, noErr)
	finish(gs, 1)
	n := 0
	for tk := range aio.AsCompleted(context.Background(), tasksOf(gs)...) {
		v, _ := tk.Result()
		require.Equal(t, 1, v)
		n++
		break
	}
	require.Equal(t, 1, n)
	// The break left nothing subscribed: completing the others must not block or panic,
	// and goleak (TestMain) checks no goroutine is left.
	releaseAll(gs)
}

func TestAsCompletedContextEnds(t *testing.T) {
	gs := newGates(3, noErr)
	defer releaseAll(gs)
	finish(gs, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []int
	for tk := range aio.AsCompleted(ctx, tasksOf(gs)...) {
		v, _ := tk.Result()
		got = append(got, v)
		cancel() // the sequence stops at the next step
	}
	require.Equal(t, []int{0}, got)
	require.ErrorIs(t, ctx.Err(), context.Canceled)
}

func TestAsCompletedReiterate(t *testing.T) {
	gs := newGates(2, noErr)
	finish(gs, 1, 0)
	seq := aio.AsCompleted(context.Background(), tasksOf(gs)...)
	for range 2 {
		var got []int
		for tk := range seq {
			got = append(got, ids([]*aio.Task[int]{tk})...)
		}
		require.ElementsMatch(t, []int{0, 1}, got)
	}
}

func TestAsCompletedBadInput(t *testing.T) {
	require.PanicsWithValue(t, "aio.AsCompleted: nil task at index 0", func() {
		aio.AsCompleted[int](context.Background(), nil)
	})
	require.PanicsWithValue(t, "aio.AsCompleted: nil context", func() {
		aio.AsCompleted[int](nilCtx)
	})
}
