package bench

// The scaling benchmarks: the contended workloads at 4, 64 and 1024 goroutines (run them
// with -cpu=1,2,4,8, as scaling.sh does), Gather/Map/TaskGroup at 10, 10^3 and 10^5 tasks,
// and queues at capacity 1, 64 and unbounded. Their names start with BenchmarkScaling so
// that run.sh leaves them to scaling.sh. ns/op is per operation (acquire+release, item,
// task) throughout, so a flat line across sizes is constant cost per operation.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aio-go/aio"
	"github.com/panjf2000/ants/v2"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

// goroutineCounts are the contention levels; under -race (the CI smoke run) it stops at
// 64 to keep that run quick.
func goroutineCounts() []int {
	if raceEnabled {
		return []int{4, 64}
	}
	return []int{4, 64, 1024}
}

// taskCounts are the batch sizes for Gather, Map and TaskGroup; under -race it stops at
// 10^3, as the race detector allows at most 8128 goroutines alive at once.
func taskCounts() []int {
	if raceEnabled {
		return []int{10, 1000}
	}
	return []int{10, 1000, 100_000}
}

// runG splits b.N calls of op over g goroutines started together; ns/op is per call.
func runG(b *testing.B, g int, op func()) {
	b.ReportAllocs()
	n := b.N
	var start, wg sync.WaitGroup
	start.Add(1)
	wg.Add(g)
	for i := range g {
		go func() {
			defer wg.Done()
			start.Wait()
			for range qSplit(n, g, i) {
				op()
			}
		}()
	}
	b.ResetTimer()
	start.Done()
	wg.Wait()
}

// BenchmarkScalingSemaphore: g goroutines acquire and release a semaphore of 4 permits.
func BenchmarkScalingSemaphore(b *testing.B) {
	ctx := context.Background()
	impls := []struct {
		name string
		make func(n int) sem
	}{
		{"aio", func(n int) sem { return aioSem{aio.NewSemaphore(n)} }},
		{"xsync", func(n int) sem { return xsyncSem{semaphore.NewWeighted(int64(n))} }},
		{"chan", func(n int) sem { return make(chanSem, n) }},
	}
	for _, g := range goroutineCounts() {
		for _, im := range impls {
			b.Run(fmt.Sprintf("impl=%s/g=%d", im.name, g), func(b *testing.B) {
				s := im.make(4)
				runG(b, g, func() {
					if s.acquire(ctx) == nil {
						s.release()
					}
				})
			})
		}
	}
}

// BenchmarkScalingLock: g goroutines lock, increment a counter, unlock.
func BenchmarkScalingLock(b *testing.B) {
	impls := []struct {
		name string
		make func() locker
	}{
		{"aio", func() locker { return new(aio.Lock) }},
		{"mutex", func() locker { return new(sync.Mutex) }},
		{"chan", func() locker { return make(chanLock, 1) }},
	}
	for _, g := range goroutineCounts() {
		for _, im := range impls {
			b.Run(fmt.Sprintf("impl=%s/g=%d", im.name, g), func(b *testing.B) {
				l := im.make()
				n := 0
				runG(b, g, func() {
					l.Lock()
					n++
					l.Unlock()
				})
			})
		}
	}
}

// BenchmarkScalingQueue: g/2 producers pass items to g/2 consumers through a queue of
// capacity 64; ns/op is per item.
func BenchmarkScalingQueue(b *testing.B) {
	impls := []struct {
		name string
		mk   func() blockingQueue
	}{
		{"aio", func() blockingQueue { return aioQueue{aio.NewQueue[int](64)} }},
		{"chan", func() blockingQueue { return make(chanQueue, 64) }},
		{"cond", func() blockingQueue { return newRingQueue(64) }},
	}
	for _, g := range goroutineCounts() {
		for _, im := range impls {
			b.Run(fmt.Sprintf("impl=%s/g=%d", im.name, g), func(b *testing.B) {
				b.ReportAllocs()
				runQueuePC(b, im.mk(), g/2, g/2, func(_ *rand.Rand, i int) int { return i })
			})
		}
	}
}

// BenchmarkScalingQueueCap: one producer, one consumer, at capacity 1, 64 and unbounded
// (chan has no unbounded form; cond is a ring under a mutex and two sync.Conds, unbounded
// when asked).
func BenchmarkScalingQueueCap(b *testing.B) {
	for _, c := range []int{1, 64, 0} {
		name := fmt.Sprintf("cap=%d", c)
		if c == 0 {
			name = "cap=unbounded"
		}
		impls := []struct {
			name string
			mk   func() blockingQueue
		}{
			{"aio", func() blockingQueue { return aioQueue{aio.NewQueue[int](c)} }},
			{"cond", func() blockingQueue { return newRingQueue(c) }},
		}
		if c > 0 {
			impls = append(impls, struct {
				name string
				mk   func() blockingQueue
			}{"chan", func() blockingQueue { return make(chanQueue, c) }})
		}
		for _, im := range impls {
			b.Run("impl="+im.name+"/"+name, func(b *testing.B) {
				b.ReportAllocs()
				runQueuePC(b, im.mk(), 1, 1, func(_ *rand.Rand, i int) int { return i })
			})
		}
	}
}

// perTaskOp runs batch b.N times and reports ns per task as ns/op's companion metric.
func perTaskOp(b *testing.B, n int, batch func()) {
	b.ReportAllocs()
	for b.Loop() {
		batch()
	}
	perTask(b, n)
}

// BenchmarkScalingGather: Gather of n trivial functions against raw goroutines and a
// WaitGroup (the floor) and errgroup.
func BenchmarkScalingGather(b *testing.B) {
	ctx := context.Background()
	for _, n := range taskCounts() {
		fns := make([]func(context.Context) (int, error), n)
		for i := range fns {
			fns[i] = func(context.Context) (int, error) { return i, nil }
		}
		b.Run(fmt.Sprintf("impl=aio/n=%d", n), func(b *testing.B) {
			perTaskOp(b, n, func() {
				if _, err := aio.Gather(ctx, fns...); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(fmt.Sprintf("impl=wg/n=%d", n), func(b *testing.B) {
			perTaskOp(b, n, func() {
				out := make([]int, n)
				var wg sync.WaitGroup
				wg.Add(n)
				for i, fn := range fns {
					go func() { defer wg.Done(); out[i], _ = fn(ctx) }()
				}
				wg.Wait()
			})
		})
		b.Run(fmt.Sprintf("impl=errgroup/n=%d", n), func(b *testing.B) {
			perTaskOp(b, n, func() {
				out := make([]int, n)
				g, gctx := errgroup.WithContext(ctx)
				for i, fn := range fns {
					g.Go(func() (err error) { out[i], err = fn(gctx); return err })
				}
				if err := g.Wait(); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkScalingMap: Map with a limit of 8 over n items against 8 hand-written workers
// (the floor), errgroup with SetLimit(8) and an ants pool of 8.
func BenchmarkScalingMap(b *testing.B) {
	const limit = 8
	ctx := context.Background()
	fn := func(_ context.Context, v int) (int, error) { return v * 2, nil }
	for _, n := range taskCounts() {
		in := make([]int, n)
		for i := range in {
			in[i] = i
		}
		b.Run(fmt.Sprintf("impl=aio/n=%d", n), func(b *testing.B) {
			perTaskOp(b, n, func() {
				if _, err := aio.Map(ctx, in, fn, limit); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(fmt.Sprintf("impl=workers/n=%d", n), func(b *testing.B) {
			perTaskOp(b, n, func() {
				out := make([]int, n)
				var next atomic.Int64
				var wg sync.WaitGroup
				wg.Add(limit)
				for range limit {
					go func() {
						defer wg.Done()
						for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
							out[i], _ = fn(ctx, in[i])
						}
					}()
				}
				wg.Wait()
			})
		})
		b.Run(fmt.Sprintf("impl=errgroup/n=%d", n), func(b *testing.B) {
			perTaskOp(b, n, func() {
				out := make([]int, n)
				g, gctx := errgroup.WithContext(ctx)
				g.SetLimit(limit)
				for i, v := range in {
					g.Go(func() (err error) { out[i], err = fn(gctx, v); return err })
				}
				if err := g.Wait(); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(fmt.Sprintf("impl=ants/n=%d", n), func(b *testing.B) {
			perTaskOp(b, n, func() {
				out := make([]int, n)
				p, err := ants.NewPool(limit)
				if err != nil {
					b.Fatal(err)
				}
				var wg sync.WaitGroup
				wg.Add(n)
				for i, v := range in {
					_ = p.Submit(func() { defer wg.Done(); out[i], _ = fn(ctx, v) })
				}
				wg.Wait()
				p.Release()
			})
		})
	}
}

// BenchmarkScalingTaskGroup: a TaskGroup of n trivial tasks, no limit, against errgroup
// and a conc pool.
func BenchmarkScalingTaskGroup(b *testing.B) {
	ctx := context.Background()
	var sink atomic.Int64
	task := func(context.Context) error { sink.Add(1); return nil }
	for _, n := range taskCounts() {
		b.Run(fmt.Sprintf("impl=aio/n=%d", n), func(b *testing.B) {
			perTaskOp(b, n, func() {
				g, _ := aio.NewTaskGroup(ctx)
				for range n {
					g.Go(task)
				}
				if err := g.Wait(); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(fmt.Sprintf("impl=errgroup/n=%d", n), func(b *testing.B) {
			perTaskOp(b, n, func() {
				g, gctx := errgroup.WithContext(ctx)
				for range n {
					g.Go(func() error { return task(gctx) })
				}
				if err := g.Wait(); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(fmt.Sprintf("impl=conc/n=%d", n), func(b *testing.B) {
			perTaskOp(b, n, func() {
				p := pool.New().WithContext(ctx).WithCancelOnError()
				for range n {
					p.Go(task)
				}
				if err := p.Wait(); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
