package aio_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

// These tests run every queue inside a testing/synctest bubble (principle 9): blocked
// getters, putters and joiners are durably blocked, so synctest.Wait tells exactly when a
// goroutine has blocked, and timeouts use the bubble's fake clock.

type qResult struct {
	v   int
	err error
}

func qGoGet(q anyQueue[int], ctx context.Context) <-chan qResult {
	ch := make(chan qResult, 1)
	go func() {
		v, err := q.Get(ctx)
		ch <- qResult{v, err}
	}()
	synctest.Wait() // blocked in Get, or done
	return ch
}

func qGoPut(q anyQueue[int], ctx context.Context, v int) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- q.Put(ctx, v) }()
	synctest.Wait()
	return ch
}

func qRequireBlocked[T any](t *testing.T, ch <-chan T) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("returned %v, want still blocked", v)
	default:
	}
}

func TestQueueSynctestGettersFIFO(t *testing.T) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				q := k.mk(1)
				ctx := context.Background()
				a := qGoGet(q, ctx)
				b := qGoGet(q, ctx)
				qRequireBlocked(t, a)
				require.NoError(t, q.Put(ctx, 10))
				require.NoError(t, q.Put(ctx, 20), "handed straight to the second getter, so the queue is not full")
				require.Equal(t, qResult{10, nil}, <-a)
				require.Equal(t, qResult{20, nil}, <-b)
				require.Equal(t, 0, q.Len())
			})
		})
	}
}

func TestQueueSynctestPuttersFIFO(t *testing.T) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				q := k.mk(1)
				ctx := context.Background()
				require.NoError(t, q.Put(ctx, 5))
				a := qGoPut(q, ctx, 2)
				b := qGoPut(q, ctx, 1)
				qRequireBlocked(t, a)
				qRequireBlocked(t, b)
				v, err := q.Get(ctx)
				require.NoError(t, err)
				require.Equal(t, 5, v)
				require.NoError(t, <-a, "the first putter's item moved in")
				qRequireBlocked(t, b)
				require.Equal(t, 1, q.Len())
				v, _ = q.Get(ctx)
				require.Equal(t, 2, v, "the first putter went first, whatever the discipline")
				require.NoError(t, <-b)
				v, _ = q.Get(ctx)
				require.Equal(t, 1, v)
				for range 3 {
					q.TaskDone()
				}
				require.NoError(t, q.Join(ctx))
			})
		})
	}
}

func TestQueueSynctestTimeouts(t *testing.T) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				q := k.mk(1)
				start := time.Now()
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				defer cancel()
				_, err := q.Get(ctx)
				require.ErrorIs(t, err, context.DeadlineExceeded)
				require.Equal(t, time.Second, time.Since(start))

				require.NoError(t, q.TryPut(1))
				ctx2, cancel2 := context.WithTimeout(context.Background(), time.Second)
				defer cancel2()
				require.ErrorIs(t, q.Put(ctx2, 2), context.DeadlineExceeded)
				require.Equal(t, 2*time.Second, time.Since(start))
				require.Equal(t, 1, q.Len(), "a canceled Put leaves nothing behind")
				v, err := q.TryGet()
				require.NoError(t, err)
				require.Equal(t, 1, v)
				_, err = q.TryGet()
				require.ErrorIs(t, err, aio.ErrQueueEmpty)

				ctx3, cancel3 := context.WithTimeout(context.Background(), time.Second)
				defer cancel3()
				require.ErrorIs(t, q.Join(ctx3), context.DeadlineExceeded)
				q.TaskDone()
				// The canceled getter and putter left no waiter behind: a fresh pair
				// meets directly.
				g := qGoGet(q, context.Background())
				require.NoError(t, q.Put(context.Background(), 3))
				require.Equal(t, qResult{3, nil}, <-g)
			})
		})
	}
}

func TestQueueSynctestShutdownWakes(t *testing.T) {
	for _, k := range qKinds {
		for _, immediate := range []bool{false, true} {
			name := k.name + "/graceful"
			if immediate {
				name = k.name + "/immediate"
			}
			t.Run(name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					ctx := context.Background()
					full := k.mk(1)
					require.NoError(t, full.Put(ctx, 1))
					p := qGoPut(full, ctx, 2)
					j := make(chan error, 1)
					go func() { j <- full.Join(ctx) }()
					empty := k.mk(1)
					g := qGoGet(empty, ctx)
					qRequireBlocked(t, p)
					qRequireBlocked(t, g)

					full.Shutdown(immediate)
					empty.Shutdown(immediate)
					require.ErrorIs(t, <-p, aio.ErrQueueShutDown)
					require.ErrorIs(t, (<-g).err, aio.ErrQueueShutDown)
					synctest.Wait()
					if immediate {
						require.NoError(t, <-j, "the dropped item counts as done")
						require.Equal(t, 0, full.Len())
						return
					}
					qRequireBlocked(t, j)
					v, err := full.Get(ctx)
					require.NoError(t, err)
					require.Equal(t, 1, v, "the blocked putter's item was not put")
					_, err = full.Get(ctx)
					require.ErrorIs(t, err, aio.ErrQueueShutDown)
					full.TaskDone()
					require.NoError(t, <-j)
				})
			})
		}
	}
}

// TestQueueSynctestShutdownKeepsHandedItem: a Put that finds a getter waiting hands it
// the item, and Shutdown(true) before the getter has run does not take it back: the Get
// returns it, and it stays unfinished until TaskDone (asyncio would drop it instead).
func TestQueueSynctestShutdownKeepsHandedItem(t *testing.T) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				q := k.mk(4)
				g := qGoGet(q, ctx)
				qRequireBlocked(t, g)
				require.NoError(t, q.Put(ctx, 7))
				q.Shutdown(true)
				require.Equal(t, qResult{7, nil}, <-g)
				j := make(chan error, 1)
				go func() { j <- q.Join(ctx) }()
				qRequireBlocked(t, j)
				q.TaskDone()
				require.NoError(t, <-j)
				_, err := q.Get(ctx)
				require.ErrorIs(t, err, aio.ErrQueueShutDown)
			})
		})
	}
}

func TestQueueSynctestAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := aio.NewQueue[int](2)
		ctx := context.Background()
		go func() {
			for i := range 10 {
				if err := q.Put(ctx, i); err != nil {
					panic(err)
				}
				time.Sleep(time.Millisecond)
			}
			q.Shutdown(false)
		}()
		var got []int
		for v := range q.All(ctx) {
			got = append(got, v)
			q.TaskDone()
		}
		require.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, got)
		require.NoError(t, q.Join(ctx))

		// ctx ending stops the loop while it waits.
		p := aio.NewPriorityQueueOrdered[int](0)
		tctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		n := 0
		for range p.All(tctx) {
			n++
		}
		require.Zero(t, n)
		require.ErrorIs(t, tctx.Err(), context.DeadlineExceeded)
	})
}

// TestQueueSynctestJoinDoneAsCtxEnds: the last TaskDone and the end of a blocked Join's
// context come in one step, before Join runs again. Every item is done, so Join returns
// nil, as it does at once when none is unfinished even with ctx done.
func TestQueueSynctestJoinDoneAsCtxEnds(t *testing.T) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				q := k.mk(4)
				require.NoError(t, q.Put(context.Background(), 1))
				_, err := q.Get(context.Background())
				require.NoError(t, err)
				ctx, cancel := context.WithCancel(context.Background())
				joined := make(chan error, 1)
				go func() { joined <- q.Join(ctx) }()
				synctest.Wait()
				q.TaskDone()
				cancel()
				require.NoError(t, <-joined)
			})
		})
	}
}
