package bench

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/aio-go/aio"
	"github.com/sourcegraph/conc"
)

// BenchmarkGo starts one task and waits for its result. impl=chan is the floor: a
// goroutine sending its result on a one-slot channel; impl=conc is conc.WaitGroup.
func BenchmarkGo(b *testing.B) {
	ctx := context.Background()
	fn := func(context.Context) (int, error) { return 1, nil }
	b.Run("impl=aio/start-wait", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if v, _ := aio.Go(ctx, fn).Wait(ctx); v != 1 {
				b.Fatal("wrong result")
			}
		}
	})
	b.Run("impl=chan/start-wait", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ch := make(chan int, 1)
			go func() { v, _ := fn(ctx); ch <- v }()
			if <-ch != 1 {
				b.Fatal("wrong result")
			}
		}
	})
	b.Run("impl=conc/start-wait", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var wg conc.WaitGroup
			var v int
			wg.Go(func() { v, _ = fn(ctx) })
			wg.Wait()
			if v != 1 {
				b.Fatal("wrong result")
			}
		}
	})
}

// BenchmarkGatherAll runs n trivial functions and collects every value and error in
// order. impl=wg (raw goroutines and a WaitGroup filling a result slice) is the floor.
func BenchmarkGatherAll(b *testing.B) {
	const n = 10_000
	ctx := context.Background()
	fns := make([]func(context.Context) (int, error), n)
	for i := range fns {
		fns[i] = func(context.Context) (int, error) { return i, nil }
	}
	b.Run("impl=aio/n=10000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if out := aio.GatherAll(ctx, fns...); out[n-1].Value != n-1 {
				b.Fatal("wrong result")
			}
		}
		perTask(b, n)
	})
	b.Run("impl=wg/n=10000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out := make([]aio.Result[int], n)
			var wg sync.WaitGroup
			wg.Add(n)
			for i, fn := range fns {
				go func() {
					defer wg.Done()
					out[i].Value, out[i].Err = fn(ctx)
				}()
			}
			wg.Wait()
			if out[n-1].Value != n-1 {
				b.Fatal("wrong result")
			}
		}
		perTask(b, n)
	})
}

// condBarrier is the hand-written floor for Barrier: a cyclic barrier on sync.Cond with a
// generation counter (no cancellation, no abort).
type condBarrier struct {
	mu      sync.Mutex
	c       sync.Cond
	parties int
	count   int
	gen     uint64
}

func newCondBarrier(parties int) *condBarrier {
	b := &condBarrier{parties: parties}
	b.c.L = &b.mu
	return b
}

func (b *condBarrier) wait() {
	b.mu.Lock()
	gen := b.gen
	b.count++
	if b.count == b.parties {
		b.count = 0
		b.gen++
		b.mu.Unlock()
		b.c.Broadcast()
		return
	}
	for gen == b.gen {
		b.c.Wait()
	}
	b.mu.Unlock()
}

// BenchmarkBarrier runs 8 goroutines through b.N rounds of a cyclic barrier; ns/op is ns
// per round.
func BenchmarkBarrier(b *testing.B) {
	const parties = 8
	ctx := context.Background()
	run := func(b *testing.B, wait func()) {
		b.ReportAllocs()
		n := b.N
		var wg sync.WaitGroup
		wg.Add(parties)
		b.ResetTimer()
		for range parties {
			go func() {
				defer wg.Done()
				for range n {
					wait()
				}
			}()
		}
		wg.Wait()
	}
	b.Run("impl=aio/8-parties", func(b *testing.B) {
		bar := aio.NewBarrier(parties)
		run(b, func() {
			if _, err := bar.Wait(ctx); err != nil {
				panic(err)
			}
		})
	})
	b.Run("impl=cond/8-parties", func(b *testing.B) {
		run(b, newCondBarrier(parties).wait)
	})
}

// stackQueue is a hand-written LIFO under a mutex with two sync.Conds, the floor for
// LifoQueue.
type stackQueue struct {
	mu                sync.Mutex
	notEmpty, notFull sync.Cond
	s                 []int
	max               int
}

func newStackQueue(max int) *stackQueue {
	q := &stackQueue{s: make([]int, 0, max), max: max}
	q.notEmpty.L, q.notFull.L = &q.mu, &q.mu
	return q
}

func (q *stackQueue) put(v int) {
	q.mu.Lock()
	for len(q.s) == q.max {
		q.notFull.Wait()
	}
	q.s = append(q.s, v)
	q.mu.Unlock()
	q.notEmpty.Signal()
}

func (q *stackQueue) get() int {
	q.mu.Lock()
	for len(q.s) == 0 {
		q.notEmpty.Wait()
	}
	v := q.s[len(q.s)-1]
	q.s = q.s[:len(q.s)-1]
	q.mu.Unlock()
	q.notFull.Signal()
	return v
}

// BenchmarkLifoQueue passes ints from producers to consumers through a LIFO bounded at
// queueCap; ns/op is ns per item.
func BenchmarkLifoQueue(b *testing.B) {
	impls := []struct {
		name string
		mk   func() blockingQueue
	}{
		{"aio", func() blockingQueue { return aioQueue{aio.NewLifoQueue[int](queueCap)} }},
		{"cond", func() blockingQueue { return newStackQueue(queueCap) }},
	}
	for _, impl := range impls {
		for _, w := range qWorkloads {
			b.Run("impl="+impl.name+"/"+w.name, func(b *testing.B) {
				b.ReportAllocs()
				runQueuePC(b, impl.mk(), w.p, w.c, func(_ *rand.Rand, i int) int { return i })
			})
		}
	}
}

// BenchmarkTimed wraps a trivial function with a duration report. impl=now is the floor:
// time.Now and time.Since around the call.
func BenchmarkTimed(b *testing.B) {
	ctx := context.Background()
	fn := func(context.Context) (int, error) { return 1, nil }
	var total time.Duration
	report := func(d time.Duration, _ error) { total += d }
	b.Run("impl=aio/trivial", func(b *testing.B) {
		b.ReportAllocs()
		timed := aio.Timed(fn, report)
		for b.Loop() {
			_, _ = timed(ctx)
		}
	})
	b.Run("impl=now/trivial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			start := time.Now()
			_, err := fn(ctx)
			report(time.Since(start), err)
		}
	})
}

// BenchmarkSleep sleeps 1µs with a context. impl=timer is the floor: a time.Timer in a
// select with ctx.Done.
func BenchmarkSleep(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const d = time.Microsecond
	b.Run("impl=aio/1us", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = aio.Sleep(ctx, d)
		}
	})
	b.Run("impl=timer/1us", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
			}
		}
	})
}
