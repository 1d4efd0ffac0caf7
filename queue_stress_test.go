package aio_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

// queueStressItems is how many items the FIFO qStress test passes: 10^6 normally, fewer under
// the race detector (about ten times slower) or with -short. The other disciplines pass a
// tenth of that.
func queueStressItems() int {
	switch {
	case testing.Short():
		return 20_000
	case queueRaceEnabled:
		return 100_000
	}
	return 1_000_000
}

// qCanceler cancels, at a random moment shortly after it receives them, the contexts of
// one worker's operations, so that cancellation races the hand-off inside Get and Put.
type qCanceler struct {
	r    *rand.Rand
	ch   chan context.CancelFunc
	done chan struct{}
}

func newQCanceler(seed uint64) *qCanceler {
	c := &qCanceler{r: rand.New(rand.NewPCG(seed, 7)), ch: make(chan context.CancelFunc, 1), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		r := rand.New(rand.NewPCG(seed, 8))
		for cancel := range c.ch {
			for range r.IntN(4) {
				runtime.Gosched()
			}
			cancel()
		}
	}()
	return c
}

// ctx returns the context for the next operation: 20% of them are canceled at random.
func (c *qCanceler) ctx() (context.Context, context.CancelFunc) {
	if c.r.IntN(5) != 0 {
		return context.Background(), func() {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.ch <- cancel
	return ctx, cancel
}

func (c *qCanceler) stop() { close(c.ch); <-c.done }

// qStress runs 4 producers and 4 consumers over q. Producer p puts p*per+i for i in
// [0, per) in order, retrying a Put that its context canceled; consumers Get, retrying
// likewise, and call TaskDone for each item. mode is "join" (Join, then Shutdown(false)
// to release the consumers), "graceful" or "immediate" (Shutdown(false/true) once half
// the items are in). It checks that each item put was got exactly once (dropped ones
// aside), that with fifo each producer's items came out in its order, that Join returns
// and that the queue counted exactly as many items done as were put.
func qStress(t *testing.T, q anyQueue[int], items int, mode string, fifo bool) {
	const P, C = 4, 4
	per := items / P
	var (
		putN     [P]int // items producer p put
		inserted atomic.Int64
		half     = make(chan struct{})
		halfOnce sync.Once
		wg       sync.WaitGroup
		cancels  atomic.Int64
	)
	for p := range P {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newQCanceler(uint64(p))
			defer c.stop()
			for i := 0; i < per; {
				ctx, cancel := c.ctx()
				err := q.Put(ctx, p*per+i)
				cancel()
				switch {
				case err == nil:
					i++
					putN[p] = i
					if inserted.Add(1) == int64(items/2) {
						halfOnce.Do(func() { close(half) })
					}
				case errors.Is(err, context.Canceled):
					cancels.Add(1)
				case errors.Is(err, aio.ErrQueueShutDown) && mode != "join":
					return
				default:
					panic(fmt.Sprintf("Put: %v", err))
				}
			}
		}()
	}
	got := make([][]int, C)
	var cwg sync.WaitGroup
	for k := range C {
		cwg.Add(1)
		go func() {
			defer cwg.Done()
			c := newQCanceler(uint64(100 + k))
			defer c.stop()
			for {
				ctx, cancel := c.ctx()
				v, err := q.Get(ctx)
				cancel()
				switch {
				case err == nil:
					got[k] = append(got[k], v)
					q.TaskDone()
				case errors.Is(err, context.Canceled):
					cancels.Add(1)
				case errors.Is(err, aio.ErrQueueShutDown):
					return
				default:
					panic(fmt.Sprintf("Get: %v", err))
				}
			}
		}()
	}
	switch mode {
	case "join":
		wg.Wait()
		// The deadline only turns a lost item (Join would never return) into a failure
		// instead of a hang; it asserts nothing about time.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		require.NoError(t, q.Join(ctx), "Join did not return: an item was lost or TaskDone missed")
		q.Shutdown(false)
	default:
		<-half
		q.Shutdown(mode == "immediate")
		wg.Wait()
	}
	cwg.Wait()

	// Each item got exactly once, and only items that were put.
	seen := make([]uint8, P*per)
	total := 0
	for k := range C {
		last := [P]int{-1, -1, -1, -1}
		for _, v := range got[k] {
			p, i := v/per, v%per
			require.Less(t, i, putN[p], "item %d got but never put", v)
			require.Zero(t, seen[v], "item %d got twice", v)
			seen[v]++
			if fifo {
				require.Greater(t, i, last[p], "producer %d's items out of order", p)
				last[p] = i
			}
		}
		total += len(got[k])
	}
	put := 0
	for p := range P {
		put += putN[p]
		for i := range putN[p] {
			if seen[p*per+i] == 0 {
				require.Equal(t, "immediate", mode, "item %d put but lost", p*per+i)
				// FIFO drops only the tail of what each producer put.
				require.False(t, fifo && i+1 < putN[p] && seen[p*per+i+1] != 0, "item %d lost before a later one", p*per+i)
			}
		}
	}
	if mode == "join" {
		require.Equal(t, P*per, put)
	}
	// Join returns at once only if the queue counts every item done: the got ones by
	// TaskDone, the dropped ones by Shutdown(true). One more TaskDone is one too many.
	canceledCtx, cancel := context.WithCancel(context.Background())
	cancel()
	require.NoError(t, q.Join(canceledCtx))
	require.Panics(t, q.TaskDone)
	require.Equal(t, 0, q.Len())
	t.Logf("%s: put %d, got %d, dropped %d, %d operations canceled", mode, put, total, put-total, cancels.Load())
	require.Positive(t, cancels.Load())
}

func TestQueueStress(t *testing.T) {
	for _, k := range qKinds {
		// A priority queue also at a capacity where a producer's burst of Puts is long
		// enough for the heap to sort it (internal/container, burst.go).
		caps := []int{16}
		if strings.HasPrefix(k.name, "priority") {
			caps = append(caps, 256)
		}
		for _, c := range caps {
			for _, mode := range []string{"join", "graceful", "immediate"} {
				t.Run(fmt.Sprintf("%s/cap=%d/%s", k.name, c, mode), func(t *testing.T) {
					n := queueStressItems()
					fifo := strings.HasPrefix(k.name, "fifo")
					if !fifo {
						n /= 4
					}
					qStress(t, k.mk(c), n, mode, fifo)
				})
			}
		}
	}
}
