package aio_test

import (
	"context"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"github.com/aio-go/aio"
)

type arrival struct {
	id, index int
	err       error
}

// arriveAsync starts a Wait that reports to out, and waits until it blocks or returns.
func arriveAsync(b *aio.Barrier, ctx context.Context, id int, out chan<- arrival) {
	go func() {
		i, err := b.Wait(ctx)
		out <- arrival{id, i, err}
	}()
	synctest.Wait()
}

func TestBarrierBadInput(t *testing.T) {
	require.PanicsWithValue(t, "aio: NewBarrier with fewer than 1 party", func() { aio.NewBarrier(0) })
}

func TestBarrierRounds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := aio.NewBarrier(3)
		require.Equal(t, 3, b.Parties())
		out := make(chan arrival, 3)
		for round := range 3 {
			arriveAsync(b, context.Background(), 1, out)
			arriveAsync(b, context.Background(), 2, out)
			require.Equal(t, 2, b.Waiting(), "round %d", round)
			require.Empty(t, out)
			i, err := b.Wait(context.Background())
			require.NoError(t, err)
			require.Equal(t, 2, i, "the last to arrive")
			got := map[int]int{}
			for range 2 {
				a := <-out
				require.NoError(t, a.err)
				got[a.id] = a.index
			}
			require.Equal(t, map[int]int{1: 0, 2: 1}, got, "arrival indices")
			require.Equal(t, 0, b.Waiting())
		}
		i, err := aio.NewBarrier(1).Wait(context.Background())
		require.NoError(t, err)
		require.Equal(t, 0, i, "one party never waits")
	})
}

func TestBarrierCancelLeaves(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := aio.NewBarrier(3)
		out := make(chan arrival, 3)
		ctx, cancel := context.WithCancel(context.Background())
		arriveAsync(b, context.Background(), 1, out)
		arriveAsync(b, ctx, 2, out)
		cancel()
		synctest.Wait()
		a := <-out
		require.Equal(t, 2, a.id)
		require.ErrorIs(t, a.err, context.Canceled)
		require.Equal(t, 1, b.Waiting(), "the canceled party no longer counts")
		require.False(t, b.Broken(), "and the barrier is not broken")
		arriveAsync(b, context.Background(), 3, out)
		require.Empty(t, out)
		i, err := b.Wait(context.Background())
		require.NoError(t, err)
		require.Equal(t, 2, i)
		require.ElementsMatch(t, []arrival{{1, 0, nil}, {3, 1, nil}}, []arrival{<-out, <-out})

		_, err = b.Wait(canceled())
		require.ErrorIs(t, err, context.Canceled, "an ended ctx fails at once")
		require.Equal(t, 0, b.Waiting())
	})
}

func TestBarrierAbortAndReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := aio.NewBarrier(3)
		out := make(chan arrival, 3)
		arriveAsync(b, context.Background(), 1, out)
		arriveAsync(b, context.Background(), 2, out)
		b.Abort()
		require.True(t, b.Broken())
		for range 2 {
			require.ErrorIs(t, (<-out).err, aio.ErrBrokenBarrier)
		}
		_, err := b.Wait(context.Background())
		require.ErrorIs(t, err, aio.ErrBrokenBarrier, "later callers fail at once")

		b.Reset()
		require.False(t, b.Broken(), "Reset repairs an aborted barrier")
		arriveAsync(b, context.Background(), 1, out)
		b.Reset() // breaks the current round only
		require.ErrorIs(t, (<-out).err, aio.ErrBrokenBarrier)
		require.False(t, b.Broken())
		arriveAsync(b, context.Background(), 1, out)
		arriveAsync(b, context.Background(), 2, out)
		i, err := b.Wait(context.Background())
		require.NoError(t, err)
		require.Equal(t, 2, i)
		require.NoError(t, (<-out).err)
		require.NoError(t, (<-out).err)
	})
}

// TestBarrierReleaseCancelRace races the last arrival against the cancellation of a waiter
// 10^4 times and counts the parties exactly: either the round is released with unique
// indices 0..2 for all three (the waiter released as its ctx ended keeps its index), or
// the canceled waiter left, nobody else was released, and the other two still wait.
func TestBarrierReleaseCancelRace(t *testing.T) {
	rounds := 10000
	if testing.Short() {
		rounds = 1000
	}
	synctest.Test(t, func(t *testing.T) {
		b := aio.NewBarrier(3)
		out := make(chan arrival, 4)
		left := 0
		for range rounds {
			ctx, cancel := context.WithCancel(context.Background())
			arriveAsync(b, ctx, 1, out)
			arriveAsync(b, context.Background(), 2, out)
			go cancel()
			go func() {
				i, err := b.Wait(context.Background())
				out <- arrival{3, i, err}
			}()
			synctest.Wait()
			if b.Waiting() == 2 {
				// 1 left before 3 arrived: only its error is out; release 2 and 3.
				left++
				a := <-out
				require.Equal(t, 1, a.id)
				require.ErrorIs(t, a.err, context.Canceled)
				require.Empty(t, out)
				arriveAsync(b, context.Background(), 4, out)
			}
			seen := map[int]bool{}
			for range 3 {
				a := <-out
				require.NoError(t, a.err, "party %d", a.id)
				require.False(t, seen[a.index], "index %d twice", a.index)
				seen[a.index] = true
			}
			require.Len(t, seen, 3)
			require.Equal(t, 0, b.Waiting())
			require.Empty(t, out)
		}
		t.Logf("%d rounds; the canceled party left before the release in %d", rounds, left)
	})
}
