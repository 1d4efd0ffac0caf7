package aio_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

type intFn = func(context.Context) (int, error)

func TestGatherManyInOrder(t *testing.T) {
	const n = 10_000
	fns := make([]intFn, n)
	for i := range fns {
		fns[i] = func(context.Context) (int, error) { return i * 2, nil }
	}
	got, err := aio.Gather(context.Background(), fns...)
	require.NoError(t, err)
	require.Len(t, got, n)
	for i, v := range got {
		require.Equal(t, i*2, v)
	}
}

func TestGatherEmpty(t *testing.T) {
	got, err := aio.Gather[int](context.Background())
	require.NoError(t, err)
	require.Empty(t, got)
	require.Empty(t, aio.GatherAll[int](context.Background()))
}

// TestGatherFirstErrorCancelsAndWaits checks that the first error cancels the siblings and
// that Gather returns only after every sibling's deferred cleanup ran.
func TestGatherFirstErrorCancelsAndWaits(t *testing.T) {
	const siblings = 50
	var cleaned atomic.Int64
	started := make(chan struct{}, siblings)
	fns := []intFn{func(context.Context) (int, error) {
		for range siblings {
			<-started // fail only once every sibling is blocked on its context
		}
		return 0, errBoom
	}}
	for range siblings {
		fns = append(fns, func(ctx context.Context) (int, error) {
			defer cleaned.Add(1)
			started <- struct{}{}
			<-ctx.Done()
			return 0, ctx.Err()
		})
	}
	got, err := aio.Gather(context.Background(), fns...)
	require.ErrorIs(t, err, errBoom)
	require.Nil(t, got)
	require.Equal(t, int64(siblings), cleaned.Load())
}

func TestGatherPanicReRaisedAfterSiblings(t *testing.T) {
	var cleaned atomic.Bool
	sibStarted := make(chan struct{})
	p := catchPanic(func() {
		_, _ = aio.Gather(context.Background(),
			func(ctx context.Context) (int, error) {
				defer cleaned.Store(true)
				close(sibStarted)
				<-ctx.Done()
				return 0, ctx.Err()
			},
			func(context.Context) (int, error) {
				<-sibStarted
				return gatherPanicker()
			},
		)
	})
	pe, ok := p.(*aio.PanicError)
	require.True(t, ok, "Gather re-panics with *PanicError, got %T", p)
	require.Equal(t, "gather kaboom", pe.Value)
	require.Contains(t, string(pe.Stack), "gatherPanicker")
	require.True(t, cleaned.Load(), "siblings finished before the re-panic")
}

func gatherPanicker() (int, error) { panic("gather kaboom") }

// TestPanicAfterFailureNotLost: a function that panics while the others wind down after
// a failure (here, in its cleanup once the failure canceled it) still has its panic
// re-raised, by Gather and by Map, although an error was recorded first: a panic is never
// lost. Before, the fan-out kept only the first failure, error or panic.
func TestPanicAfterFailureNotLost(t *testing.T) {
	t.Run("Gather", func(t *testing.T) {
		failed := make(chan struct{})
		p := catchPanic(func() {
			_, _ = aio.Gather(context.Background(),
				func(context.Context) (int, error) {
					defer close(failed)
					return 0, errBoom
				},
				func(ctx context.Context) (int, error) {
					<-failed
					<-ctx.Done() // canceled by the failure
					return gatherPanicker()
				},
			)
		})
		pe, ok := p.(*aio.PanicError)
		require.True(t, ok, "Gather re-panics with *PanicError, got %T %v", p, p)
		require.Equal(t, "gather kaboom", pe.Value)
	})
	t.Run("Map", func(t *testing.T) {
		started, failed := make(chan struct{}), make(chan struct{})
		p := catchPanic(func() {
			_, _ = aio.Map(context.Background(), []int{0, 1}, func(ctx context.Context, i int) (int, error) {
				if i == 0 {
					<-started // both calls run: the other one will panic
					defer close(failed)
					return 0, errBoom
				}
				close(started)
				<-failed
				<-ctx.Done()
				return gatherPanicker()
			}, 2)
		})
		_, ok := p.(*aio.PanicError)
		require.True(t, ok, "Map re-panics with *PanicError, got %T %v", p, p)
	})
}

func TestGatherAll(t *testing.T) {
	res := aio.GatherAll(context.Background(),
		func(context.Context) (int, error) { return 1, nil },
		func(context.Context) (int, error) { return 2, errBoom },
		func(context.Context) (int, error) { return gatherPanicker() },
		func(ctx context.Context) (int, error) { return 4, ctx.Err() }, // not canceled by the failure
	)
	require.Len(t, res, 4)
	require.Equal(t, aio.Result[int]{Value: 1}, res[0])
	require.Equal(t, aio.Result[int]{Value: 2, Err: errBoom}, res[1])
	var pe *aio.PanicError
	require.ErrorAs(t, res[2].Err, &pe)
	require.Contains(t, string(pe.Stack), "gatherPanicker")
	require.Equal(t, aio.Result[int]{Value: 4}, res[3])
}

func TestMap(t *testing.T) {
	for _, limit := range []int{-1, 0, 1, 3, 8, 1000} {
		t.Run(fmt.Sprint("limit=", limit), func(t *testing.T) {
			in := make([]int, 500)
			for i := range in {
				in[i] = i
			}
			var running, peak atomic.Int64
			got, err := aio.Map(context.Background(), in, func(_ context.Context, v int) (string, error) {
				r := running.Add(1)
				for {
					p := peak.Load()
					if r <= p || peak.CompareAndSwap(p, r) {
						break
					}
				}
				defer running.Add(-1)
				return fmt.Sprint(v), nil
			}, limit)
			require.NoError(t, err)
			for i, s := range got {
				require.Equal(t, fmt.Sprint(i), s)
			}
			if limit > 0 {
				require.LessOrEqual(t, peak.Load(), int64(limit))
			}
		})
	}
}

// TestMapCallsAfterFailure: after a failure no worker takes another element; a worker
// that took one as the failure came still calls fn with it, so at most one call per other
// worker starts under the context the failure canceled. (With a cheap fn on 2 processors
// this happens in 20-40% of runs: the workers are nearly always between taking an index
// and calling fn.)
func TestMapCallsAfterFailure(t *testing.T) {
	const workers = 4
	in := make([]int, 4096)
	for range 50 {
		var late atomic.Int64
		_, err := aio.Map(context.Background(), in, func(ctx context.Context, _ int) (int, error) {
			if ctx.Err() != nil {
				late.Add(1)
			}
			if rand.IntN(2000) == 0 {
				return 0, errBoom
			}
			return 0, nil
		}, workers)
		if err != nil {
			require.ErrorIs(t, err, errBoom)
		}
		require.LessOrEqual(t, late.Load(), int64(workers-1), "calls started under Map's context canceled by a failure")
	}
}

func TestMapFirstErrorStopsTheRest(t *testing.T) {
	for _, limit := range []int{1, 4} {
		t.Run(fmt.Sprint("limit=", limit), func(t *testing.T) {
			in := make([]int, 10_000)
			var calls atomic.Int64
			got, err := aio.Map(context.Background(), in, func(ctx context.Context, _ int) (int, error) {
				if calls.Add(1) == 10 {
					return 0, errBoom
				}
				return 0, nil
			}, limit)
			require.ErrorIs(t, err, errBoom)
			require.Nil(t, got)
			if limit == 1 {
				require.Equal(t, int64(10), calls.Load(), "one worker: nothing after the failure")
			} else {
				require.Less(t, calls.Load(), int64(len(in)))
			}
		})
	}
}

// TestMapContextEnded: a Map whose ctx ends reports it, even when every call ignores the
// cancellation, and few calls start after it (the workers look at ctx every 16
// elements). The calls that start after the end are counted by what they see, not by
// how many calls there were in all: the call that cancels may be descheduled before its
// cancel while the other worker takes every element left (0.1-0.7% of runs), and then
// Map used to return nil, since no worker looked at ctx again.
func TestMapContextEnded(t *testing.T) {
	const workers = 2
	ctx, cancel := context.WithCancel(context.Background())
	in := make([]int, 100)
	var calls, late atomic.Int64
	_, err := aio.Map(ctx, in, func(ctx context.Context, _ int) (int, error) {
		if ctx.Err() != nil {
			late.Add(1)
		}
		if calls.Add(1) == 5 {
			cancel()
		}
		return 0, nil // ignores the cancellation: Map must still report it
	}, workers)
	require.ErrorIs(t, err, context.Canceled)
	require.LessOrEqual(t, late.Load(), int64(16*workers), "calls started after ctx ended")
}

func TestMapPanic(t *testing.T) {
	var mu sync.Mutex
	p := catchPanic(func() {
		_, _ = aio.Map(context.Background(), []int{1, 2, 3, 4}, func(_ context.Context, v int) (int, error) {
			mu.Lock()
			defer mu.Unlock()
			if v == 3 {
				_, _ = gatherPanicker()
			}
			return v, nil
		}, 2)
	})
	pe, ok := p.(*aio.PanicError)
	require.True(t, ok, "got %T", p)
	require.Contains(t, string(pe.Stack), "gatherPanicker")
}

func TestMapEmpty(t *testing.T) {
	got, err := aio.Map(context.Background(), nil, func(context.Context, int) (int, error) { return 0, errBoom }, 3)
	require.NoError(t, err)
	require.Empty(t, got)
}

func TestGatherBadInput(t *testing.T) {
	ok := func(context.Context) (int, error) { return 0, nil }
	tests := []struct {
		name, want string
		fn         func()
	}{
		{"Gather nil fn", "aio.Gather: nil function at index 2", func() { _, _ = aio.Gather(context.Background(), ok, ok, nil) }},
		{"Gather nil ctx", "aio.Gather: nil context", func() { _, _ = aio.Gather(nilCtx, ok) }},
		{"GatherAll nil fn", "aio.GatherAll: nil function at index 0", func() { aio.GatherAll(context.Background(), nil, ok) }},
		{"GatherAll nil ctx", "aio.GatherAll: nil context", func() { aio.GatherAll(nilCtx, ok) }},
		{"Map nil fn", "aio.Map: nil function", func() { _, _ = aio.Map[int, int](context.Background(), []int{1}, nil, 1) }},
		{"Map nil ctx", "aio.Map: nil context", func() {
			_, _ = aio.Map(nilCtx, []int{1}, func(context.Context, int) (int, error) { return 0, nil }, 1)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.PanicsWithValue(t, tc.want, tc.fn)
		})
	}
}

// TestMapGoexitInCallersWorker: Map runs one worker in the caller's goroutine, so a fn
// that calls runtime.Goexit there ends the caller's goroutine and Map never returns. It
// must still leave no worker behind: by the time the caller's goroutine has ended, every
// other worker has stopped. Both workers are held inside fn until both are there, so
// the caller's worker always takes an element.
func TestMapGoexitInCallersWorker(t *testing.T) {
	for round := range 100 {
		var inside sync.WaitGroup
		inside.Add(2)
		var left atomic.Int32
		returned := false
		leftAtExit := make(chan int32)
		go func() {
			defer func() { leftAtExit <- left.Load() }()
			_, _ = aio.Map(context.Background(), []int{0, 1}, func(_ context.Context, v int) (int, error) {
				defer left.Add(1)
				if v == 1 {
					// Slow to finish. The caller's worker nearly always takes element 0
					// (the other worker's goroutine has yet to run), so this is the other
					// worker: a Map that did not wait for it would let the caller's
					// goroutine end first.
					defer func() {
						for range 100 {
							runtime.Gosched()
						}
					}()
				}
				inside.Done()
				inside.Wait()
				runtime.Goexit()
				return 0, nil
			}, 2)
			returned = true
		}()
		require.Equal(t, int32(2), <-leftAtExit, "round %d: a worker still ran when the caller's goroutine ended", round)
		require.False(t, returned, "Map returned although fn ended the caller's goroutine")
	}
}

// TestMapContextEndsAfterLastLook: the workers look at ctx every 16 elements, so when ctx
// ends at element 2 of 10, no worker looks again; Map must still report ctx's end rather
// than a result with elements computed after it.
func TestMapContextEndsAfterLastLook(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, err := aio.Map(ctx, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, func(_ context.Context, v int) (int, error) {
		if v == 2 {
			cancel()
		}
		return v, nil
	}, 1)
	require.ErrorIs(t, err, context.Canceled)
	require.Nil(t, out)
}

// TestGatherOneGoroutineEach: every function runs in a goroutine of its own, so n
// functions that each wait until all n have started all finish. (In a synctest bubble a
// function left waiting for one that cannot start is a deadlock, which fails the test.)
func TestGatherOneGoroutineEach(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 64
		var started atomic.Int32
		all := make(chan struct{})
		fns := make([]intFn, n)
		for i := range fns {
			fns[i] = func(context.Context) (int, error) {
				if started.Add(1) == n {
					close(all)
				}
				<-all
				return i, nil
			}
		}
		got, err := aio.Gather(context.Background(), fns...)
		require.NoError(t, err)
		for i, v := range got {
			require.Equal(t, i, v)
		}
		started.Store(0)
		all = make(chan struct{})
		for i, r := range aio.GatherAll(context.Background(), fns...) {
			require.Equal(t, aio.Result[int]{Value: i}, r)
		}
	})
}
