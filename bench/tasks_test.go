package bench

import (
	"cmp"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aio-go/aio"
	"github.com/alitto/pond/v2"
	"github.com/panjf2000/ants/v2"
	"github.com/sourcegraph/conc"
	"github.com/sourcegraph/conc/iter"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

// perTask reports the time per task next to the time per operation.
func perTask(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/task")
}

// BenchmarkGather runs n trivial functions and collects their results in order.
// impl=wg (raw goroutines and a WaitGroup) is the floor.
func BenchmarkGather(b *testing.B) {
	for _, n := range []int{10, 10_000} {
		fns := make([]func(context.Context) (int, error), n)
		for i := range fns {
			fns[i] = func(context.Context) (int, error) { return i, nil }
		}
		ctx := context.Background()
		impls := []struct {
			name string
			run  func() []int
		}{
			{"aio", func() []int {
				out, err := aio.Gather(ctx, fns...)
				if err != nil {
					b.Fatal(err)
				}
				return out
			}},
			{"wg", func() []int {
				out := make([]int, n)
				var wg sync.WaitGroup
				wg.Add(n)
				for i, fn := range fns {
					go func() {
						defer wg.Done()
						out[i], _ = fn(ctx)
					}()
				}
				wg.Wait()
				return out
			}},
			{"errgroup", func() []int {
				out := make([]int, n)
				g, gctx := errgroup.WithContext(ctx)
				for i, fn := range fns {
					g.Go(func() error {
						v, err := fn(gctx)
						out[i] = v
						return err
					})
				}
				if err := g.Wait(); err != nil {
					b.Fatal(err)
				}
				return out
			}},
			{"conc", func() []int {
				out := make([]int, n)
				var wg conc.WaitGroup
				for i, fn := range fns {
					wg.Go(func() { out[i], _ = fn(ctx) })
				}
				wg.Wait()
				return out
			}},
		}
		for _, im := range impls {
			b.Run(fmt.Sprintf("impl=%s/n=%d", im.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if out := im.run(); out[n-1] != n-1 {
						b.Fatal("wrong result")
					}
				}
				perTask(b, n)
			})
		}
	}
}

// BenchmarkMap maps a trivial function over n elements with at most 8 calls at once.
// impl=workers (8 goroutines pulling indices) is the floor; conc-iter is conc's Mapper,
// built the same way, and conc (its pool, one closure per element) what conc users write
// when they need a context and a stop at the first error.
func BenchmarkMap(b *testing.B) {
	const n, limit = 10_000, 8
	in := make([]int, n)
	for i := range in {
		in[i] = i
	}
	fn := func(_ context.Context, v int) (int, error) { return v * 2, nil }
	ctx := context.Background()
	impls := []struct {
		name string
		run  func() []int
	}{
		{"aio", func() []int {
			out, err := aio.Map(ctx, in, fn, limit)
			if err != nil {
				b.Fatal(err)
			}
			return out
		}},
		{"workers", func() []int {
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
			return out
		}},
		{"errgroup", func() []int {
			out := make([]int, n)
			g, gctx := errgroup.WithContext(ctx)
			g.SetLimit(limit)
			for i, v := range in {
				g.Go(func() error {
					r, err := fn(gctx, v)
					out[i] = r
					return err
				})
			}
			if err := g.Wait(); err != nil {
				b.Fatal(err)
			}
			return out
		}},
		{"conc", func() []int {
			out := make([]int, n)
			p := pool.New().WithMaxGoroutines(limit).WithContext(ctx).WithCancelOnError()
			for i, v := range in {
				p.Go(func(ctx context.Context) error {
					r, err := fn(ctx, v)
					out[i] = r
					return err
				})
			}
			if err := p.Wait(); err != nil {
				b.Fatal(err)
			}
			return out
		}},
		{"conc-iter", func() []int {
			// conc's own Map: workers pulling the next index, as aio.Map's do. It takes no
			// context and does not stop at the first error, so it does less than the others.
			out, err := iter.Mapper[int, int]{MaxGoroutines: limit}.MapErr(in, func(v *int) (int, error) {
				return fn(ctx, *v)
			})
			if err != nil {
				b.Fatal(err)
			}
			return out
		}},
		{"ants", func() []int {
			// An ants pool of 8 workers, made per call like the others' pools.
			out := make([]int, n)
			p, err := ants.NewPool(limit)
			if err != nil {
				b.Fatal(err)
			}
			var wg sync.WaitGroup
			wg.Add(n)
			for i, v := range in {
				_ = p.Submit(func() {
					defer wg.Done()
					out[i], _ = fn(ctx, v)
				})
			}
			wg.Wait()
			p.Release() // its workers exit on their own; waiting for them is not part of the job
			return out
		}},
		{"pond", func() []int {
			out := make([]int, n)
			p := pond.NewPool(limit)
			g := p.NewGroup()
			for i, v := range in {
				g.SubmitErr(func() error {
					r, err := fn(ctx, v)
					out[i] = r
					return err
				})
			}
			if err := g.Wait(); err != nil {
				b.Fatal(err)
			}
			p.StopAndWait()
			return out
		}},
	}
	for _, im := range impls {
		b.Run(fmt.Sprintf("impl=%s/n=%d", im.name, n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if out := im.run(); out[n-1] != 2*(n-1) {
					b.Fatal("wrong result")
				}
			}
			perTask(b, n)
		})
	}
}

// BenchmarkTaskGroup starts n trivial tasks in a group and waits for them, without and
// with a limit of 8.
func BenchmarkTaskGroup(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{100, 10_000} {
		for _, limit := range []int{0, 8} {
			var sink atomic.Int64
			task := func(context.Context) error { sink.Add(1); return nil }
			impls := []struct {
				name string
				run  func()
			}{
				{"aio", func() {
					g, _ := aio.NewTaskGroup(ctx)
					if limit > 0 {
						g.SetLimit(limit)
					}
					for range n {
						g.Go(task)
					}
					if err := g.Wait(); err != nil {
						b.Fatal(err)
					}
				}},
				{"errgroup", func() {
					g, gctx := errgroup.WithContext(ctx)
					if limit > 0 {
						g.SetLimit(limit)
					}
					for range n {
						g.Go(func() error { return task(gctx) })
					}
					if err := g.Wait(); err != nil {
						b.Fatal(err)
					}
				}},
				{"conc", func() {
					p := pool.New().WithContext(ctx).WithCancelOnError()
					if limit > 0 {
						p = p.WithMaxGoroutines(limit)
					}
					for range n {
						p.Go(task)
					}
					if err := p.Wait(); err != nil {
						b.Fatal(err)
					}
				}},
				{"ants", func() {
					// ants needs a bound; unbounded is a pool as large as the batch.
					p, err := ants.NewPool(cmp.Or(limit, n))
					if err != nil {
						b.Fatal(err)
					}
					var wg sync.WaitGroup
					wg.Add(n)
					for range n {
						_ = p.Submit(func() { defer wg.Done(); _ = task(ctx) })
					}
					wg.Wait()
					p.Release() // its workers exit on their own; waiting for them is not part of the job
				}},
				{"pond", func() {
					p := pond.NewPool(limit) // 0: unbounded
					g := p.NewGroup()
					for range n {
						g.SubmitErr(func() error { return task(ctx) })
					}
					if err := g.Wait(); err != nil {
						b.Fatal(err)
					}
					p.StopAndWait()
				}},
			}
			for _, im := range impls {
				b.Run(fmt.Sprintf("impl=%s/n=%d/limit=%d", im.name, n, limit), func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						im.run()
					}
					perTask(b, n)
				})
			}
		}
	}
}

// BenchmarkWait starts 8 tasks of which one finishes at once, waits for the first to
// complete, cancels the losers and waits for them all to return. impl=select is the
// hand-written floor: 8 goroutines, a channel each, one select.
func BenchmarkWait(b *testing.B) {
	ctx := context.Background()
	loser := func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, ctx.Err() }
	winner := func(context.Context) (int, error) { return 1, nil }
	b.Run("impl=aio/first-of-8", func(b *testing.B) {
		b.ReportAllocs()
		tasks := make([]*aio.Task[int], 8)
		for b.Loop() {
			for i := range tasks {
				if i == 5 {
					tasks[i] = aio.Go(ctx, winner)
				} else {
					tasks[i] = aio.Go(ctx, loser)
				}
			}
			done, pending, err := aio.Wait(ctx, tasks, aio.FirstCompleted)
			if err != nil || len(done) == 0 {
				b.Fatal("no winner")
			}
			for _, t := range pending {
				t.Cancel()
			}
			// asyncio's `await asyncio.wait(pending)`: one wait for all the losers, as
			// the floor's wg.Wait.
			if _, _, err := aio.Wait(ctx, pending, aio.AllCompleted); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=select/first-of-8", func(b *testing.B) {
		b.ReportAllocs()
		var chs [8]chan int
		for b.Loop() {
			cctx, cancel := context.WithCancel(ctx)
			var wg sync.WaitGroup
			wg.Add(8)
			for i := range chs {
				chs[i] = make(chan int, 1)
				fn := loser
				if i == 5 {
					fn = winner
				}
				go func() {
					defer wg.Done()
					v, _ := fn(cctx)
					chs[i] <- v
				}()
			}
			var v int
			select {
			case v = <-chs[0]:
			case v = <-chs[1]:
			case v = <-chs[2]:
			case v = <-chs[3]:
			case v = <-chs[4]:
			case v = <-chs[5]:
			case v = <-chs[6]:
			case v = <-chs[7]:
			}
			_ = v
			cancel()
			wg.Wait()
		}
	})
}

// BenchmarkAsCompleted starts n tasks and consumes their results in completion order.
// impl=chan is the floor: goroutines sending into one buffered channel.
func BenchmarkAsCompleted(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{8, 1000} {
		fn := func(context.Context) (int, error) { return 1, nil }
		b.Run(fmt.Sprintf("impl=aio/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			tasks := make([]*aio.Task[int], n)
			for b.Loop() {
				for i := range tasks {
					tasks[i] = aio.Go(ctx, fn)
				}
				sum := 0
				for t := range aio.AsCompleted(ctx, tasks...) {
					v, _ := t.Result()
					sum += v
				}
				if sum != n {
					b.Fatal("lost a task")
				}
			}
			perTask(b, n)
		})
		b.Run(fmt.Sprintf("impl=chan/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ch := make(chan int, n)
				for range n {
					go func() { v, _ := fn(ctx); ch <- v }()
				}
				sum := 0
				for range n {
					sum += <-ch
				}
				if sum != n {
					b.Fatal("lost a task")
				}
			}
			perTask(b, n)
		})
	}
}
