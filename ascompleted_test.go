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
