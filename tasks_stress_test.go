package aio_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

// The stress tests below race each helper's hand-off of results against the caller's
// context ending at a random moment, many rounds, and count exactly: calls started
// against calls finished, results against inputs, tasks yielded against tasks done.

func stressRounds() int {
	if testing.Short() {
		return 500
	}
	return 5_000
}

// raceCancel cancels ctx after a random number of yields, from its own goroutine, and
// returns a channel closed once it has.
func raceCancel(r *rand.Rand, cancel context.CancelFunc) <-chan struct{} {
	spins := r.IntN(40)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range spins {
			runtime.Gosched()
		}
		cancel()
	}()
	return done
}

// TestGatherCancelStress: when Gather returns, every call it started has returned (none
// runs on behind its back), and a nil error comes with every value.
func TestGatherCancelStress(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range stressRounds() {
		ctx, cancel := context.WithCancel(context.Background())
		var running, calls atomic.Int64
		n := 1 + r.IntN(8)
		fns := make([]func(context.Context) (int, error), n)
		for i := range fns {
			slow := r.IntN(2) == 0
			fns[i] = func(ctx context.Context) (int, error) {
				calls.Add(1)
				running.Add(1)
				defer running.Add(-1)
				if slow {
					<-ctx.Done() // stays until the cancellation reaches it
					return 0, ctx.Err()
				}
				runtime.Gosched()
				return i * 10, nil
			}
		}
		canceled := raceCancel(r, cancel)
		out, err := aio.Gather(ctx, fns...)
		require.Zero(t, running.Load(), "round %d: a call still ran after Gather returned", round)
		require.Equal(t, int64(n), calls.Load(), "round %d: Gather starts every function", round)
		if err == nil {
			for i, v := range out {
				require.Equal(t, i*10, v, "round %d", round)
			}
		} else {
			require.ErrorIs(t, err, context.Canceled, "round %d", round)
		}
		<-canceled
	}
}

// TestMapCancelStress: when Map returns, no call is running; with a nil error every
// element was mapped exactly once, and with ctx's error the result is nil.
func TestMapCancelStress(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range stressRounds() {
		ctx, cancel := context.WithCancel(context.Background())
		n := r.IntN(100)
		if round%8 == 0 {
			n = r.IntN(2000) // long enough for Map's workers to take chunks of elements
		}
		in := make([]int, n)
		for i := range in {
			in[i] = i
		}
		seen := make([]atomic.Int32, n)
		var running atomic.Int64
		canceled := raceCancel(r, cancel)
		out, err := aio.Map(ctx, in, func(_ context.Context, v int) (int, error) {
			running.Add(1)
			defer running.Add(-1)
			seen[v].Add(1)
			runtime.Gosched()
			return v * 2, nil
		}, 1+r.IntN(8))
		require.Zero(t, running.Load(), "round %d: a call still ran after Map returned", round)
		for i := range seen {
			require.LessOrEqual(t, seen[i].Load(), int32(1), "round %d: element %d mapped twice", round, i)
		}
		if err != nil {
			require.ErrorIs(t, err, context.Canceled, "round %d", round)
			require.Nil(t, out, "round %d", round)
		} else {
			require.Len(t, out, n)
			for i, v := range out {
				require.Equal(t, int32(1), seen[i].Load(), "round %d: element %d", round, i)
				require.Equal(t, 2*i, v, "round %d", round)
			}
		}
		<-canceled
	}
}

// TestAsCompletedCancelStress: the iteration yields each task at most once, only done
// tasks, and all of them unless ctx ended; tasks keep running to their end either way
// (the iteration cancels none).
func TestAsCompletedCancelStress(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for round := range stressRounds() {
		ctx, cancel := context.WithCancel(context.Background())
		n := 1 + r.IntN(8)
		tasks := make([]*aio.Task[int], n)
		for i := range tasks {
			tasks[i] = aio.Go(context.Background(), func(context.Context) (int, error) {
				runtime.Gosched()
				return i, nil
			})
		}
		canceled := raceCancel(r, cancel)
		yielded := make(map[*aio.Task[int]]bool)
		for tk := range aio.AsCompleted(ctx, tasks...) {
			require.False(t, yielded[tk], "round %d: a task yielded twice", round)
			yielded[tk] = true
			select {
			case <-tk.Done():
			default:
				t.Fatalf("round %d: a task yielded before it was done", round)
			}
		}
		if ctx.Err() == nil {
			require.Len(t, yielded, n, "round %d: the iteration ended early with ctx alive", round)
		}
		for i, tk := range tasks {
			v, err := tk.Wait(context.Background())
			require.NoError(t, err, "round %d: the iteration canceled a task", round)
			require.Equal(t, i, v)
		}
		<-canceled
	}
}

// TestShieldCancelStress: the caller's context ending at a random moment never reaches a
// shielded function: every one runs to its end, and its outcome stays collectable.
func TestShieldCancelStress(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	errWorked := errors.New("worked")
	var finished atomic.Int64
	rounds := stressRounds()
	for round := range rounds {
		ctx, cancel := context.WithCancel(context.Background())
		canceled := raceCancel(r, cancel)
		tk := aio.Shield(ctx, func(sctx context.Context) (int, error) {
			for range 10 {
				runtime.Gosched()
				if sctx.Err() != nil {
					return 0, sctx.Err()
				}
			}
			finished.Add(1)
			return round, errWorked
		})
		_, err := tk.Wait(ctx)
		if err != nil && !errors.Is(err, errWorked) {
			require.ErrorIs(t, err, context.Canceled, "round %d", round)
		}
		v, err := tk.Wait(context.Background())
		require.ErrorIs(t, err, errWorked, "round %d: the caller's cancellation reached fn", round)
		require.Equal(t, round, v)
		<-canceled
	}
	require.Equal(t, int64(rounds), finished.Load())
}
