package aio

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
)

// firstFailure keeps the first failure of a fan-out, and its first panic apart from it,
// and cancels the others.
type firstFailure struct {
	mu       sync.Mutex
	err      error
	panicked *PanicError
	cancel   context.CancelFunc
}

// fail records err if it is the first failure, and p, if not nil, if it is the first
// panic, and cancels the fan-out's context. A panic is kept even when an error came
// first: a function that panics while the others wind down after a failure must not have
// its panic dropped.
func (f *firstFailure) fail(p *PanicError, err error) {
	f.mu.Lock()
	if f.err == nil {
		f.err = err
	}
	if f.panicked == nil {
		f.panicked = p
	}
	f.mu.Unlock()
	f.cancel()
}

// result re-raises the first panic in the caller, if there was one, or returns the first
// error.
func (f *firstFailure) result() error {
	if f.panicked != nil {
		panic(f.panicked)
	}
	return f.err
}

// Gather runs every function in its own goroutine and returns their values in input
// order: asyncio.gather. Each function receives a context derived from ctx. The first
// function to fail cancels that context for the others; Gather then waits for every
// function to return and returns the first error, with a nil slice.
//
// Gather blocks until all functions have returned, even when ctx ends: ending ctx cancels
// the functions' context, and what they return decides the outcome. It leaves no
// goroutine behind. If a function panics, the others are canceled and, once they have all
// returned, Gather panics in the caller with a *[PanicError] that keeps the original value
// and stack; it does so even when another function failed first, so a panic is never
// lost. Gather panics if ctx or any function is nil. It costs one goroutine per function
// and no Task.
func Gather[T any](ctx context.Context, fns ...func(context.Context) (T, error)) ([]T, error) {
	checkFuncs("aio.Gather", ctx, fns)
	out := make([]T, len(fns))
	if len(fns) == 0 {
		return out, nil
	}
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g := &gatherRun[T]{firstFailure: firstFailure{cancel: cancel}, ctx: gctx, fns: fns, out: out}
	g.start()
	g.wg.Wait()
	if err := g.result(); err != nil {
		return nil, err
	}
	return out, nil
}

// gatherRun is what the goroutines of one Gather or GatherAll share. Keeping it in one
// object makes each goroutine's closure three words, whatever the call needs.
type gatherRun[T any] struct {
	firstFailure // Gather's
	wg           sync.WaitGroup
	ctx          context.Context
	fns          []func(context.Context) (T, error)
	next         atomic.Int64 // the index of the next function a goroutine takes
	out          []T          // Gather's values
	all          []Result[T]  // GatherAll's results; nil for Gather
}

// start starts one goroutine per function. The goroutines share one closure and each
// takes the next index as it starts, so starting n of them allocates one closure instead
// of n (a go statement with arguments allocates their copy).
func (g *gatherRun[T]) start() {
	g.wg.Add(len(g.fns))
	run := g.callNext
	for range g.fns {
		go run()
	}
}

// callNext takes the next function not yet taken, runs it as the i-th, and records its
// outcome.
func (g *gatherRun[T]) callNext() {
	i := int(g.next.Add(1) - 1)
	normal := false
	// Bookkeeping first on the way out: Done runs even if the function panics.
	defer func() {
		if !normal {
			p, err := abnormalExit(recover())
			var zero T
			g.record(i, zero, err, p)
		}
		g.wg.Done()
	}()
	v, err := g.fns[i](g.ctx)
	normal = true
	g.record(i, v, err, nil)
}

// record stores the i-th function's outcome: in its Result for GatherAll; for Gather, its
// value, or, for a failure or a panic p, the first failure, which cancels the rest.
func (g *gatherRun[T]) record(i int, v T, err error, p *PanicError) {
	switch {
	case g.all != nil:
		g.all[i] = Result[T]{Value: v, Err: err}
	case err != nil:
		g.fail(p, err)
	default:
		g.out[i] = v
	}
}

// GatherAll runs every function in its own goroutine, waits for all of them and returns
// one [Result] per function in input order: asyncio.gather(..., return_exceptions=True).
// A failure does not cancel the others, and a panic is returned as a *[PanicError] in its
// Result rather than re-raised. Each function receives ctx itself.
//
// GatherAll blocks until every function has returned, even when ctx ends, and leaves no
// goroutine behind. It panics if ctx or any function is nil.
func GatherAll[T any](ctx context.Context, fns ...func(context.Context) (T, error)) []Result[T] {
	checkFuncs("aio.GatherAll", ctx, fns)
	g := &gatherRun[T]{ctx: ctx, fns: fns, all: make([]Result[T], len(fns))}
	g.start()
	g.wg.Wait()
	return g.all
}

// Map's chunks: a worker takes at most maxChunk elements at a time, and at most
// 1/chunkShare of its share of the elements left, so chunks shrink to one element as
// the end nears.
const (
	maxChunk   = 16
	chunkShare = 32
)

// stopIndex is where Map moves its next index to stop its workers: past any slice's end,
// with room for every worker's last increment.
const stopIndex = math.MaxInt64 / 2

// Map calls fn on every element of in, at most limit calls at a time, and returns the
// results in input order: the bounded fan-out asyncio code writes with a Semaphore around
// gather. limit <= 0 means no limit. Each call receives a context derived from ctx; the
// first error cancels it and stops the workers, and Map returns that error with a nil
// slice once every running call has returned.
//
// Map runs min(limit, len(in)) worker goroutines that take the next elements in turn (up
// to 16 at a time while many are left, one at a time near the end), so its cost per
// element is a function call, not a goroutine. After a failure no worker takes
// another element; a worker that took one just as the failure came, before it could see
// it, still calls fn with it (with the context already canceled), so at most one call per
// other worker starts after the failing one returned. When ctx ends, no new call starts
// (within a few elements) and Map returns ctx.Err() (unless a call failed first) once
// the running calls return; it leaves no goroutine behind. A panic in fn cancels the rest
// and is re-raised in the caller as a *[PanicError] once every worker has stopped, even
// when another call failed first. Map panics if ctx or fn is nil.
func Map[In, Out any](ctx context.Context, in []In, fn func(context.Context, In) (Out, error), limit int) ([]Out, error) {
	checkCtx("aio.Map", ctx)
	if fn == nil {
		panic("aio.Map: nil function")
	}
	n := len(in)
	out := make([]Out, n)
	if n == 0 {
		return out, nil
	}
	workers := n
	if limit > 0 && limit < n {
		workers = limit
	}
	mctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := mctx.Done()
	// next is the index of the next element to take. A failure stops the workers by
	// moving it past the end, so the atomic add that takes a chunk also carries the stop,
	// and the rest of a chunk sees it by loading next.
	var next atomic.Int64
	f := firstFailure{cancel: func() { next.Store(stopIndex); cancel() }}
	var wg sync.WaitGroup
	wg.Add(workers)
	worker := func(caller bool) {
		normal := false
		defer func() {
			if !normal {
				f.fail(abnormalExit(recover()))
			}
			wg.Done()
			if caller && !normal {
				// fn called runtime.Goexit in the caller's goroutine, which goes on ending
				// it, so Map never returns: wait for the other workers, stopped by the
				// failure just recorded, so as to leave no goroutine behind. (After a
				// panic, recovered above, this waits early for what Map waits for next.)
				wg.Wait()
			}
		}()
		// Elements are taken in chunks of up to maxChunk, sized to what is left (guided
		// scheduling): one atomic add per chunk instead of per element, while the last
		// elements still go one at a time, so the workers end together.
		c := 1
		for {
			// Compared as int64: stopIndex does not fit an int on 32-bit platforms.
			s := next.Add(int64(c)) - int64(c)
			if s >= int64(n) {
				break
			}
			start := int(s)
			end := min(start+c, n)
			for i := start; i < end; i++ {
				// After a failure no worker takes another element: next has moved past
				// the end, which the rest of a chunk sees here.
				if i != start && next.Load() >= stopIndex {
					normal = true
					return
				}
				// Polling ctx costs more than the work of a cheap fn, so look every 16
				// elements: each worker stops at the first multiple of 16 it takes, so
				// at most about 16 calls per worker start after ctx ends.
				if i&15 == 0 {
					select {
					case <-done:
						// Our own cancel comes after a recorded failure, so this records
						// ctx.Err() only when ctx itself ended.
						f.fail(nil, ctx.Err())
						normal = true
						return
					default:
					}
				}
				v, err := fn(mctx, in[i])
				if err != nil {
					f.fail(nil, err)
					normal = true
					return
				}
				out[i] = v
			}
			// Sized by what is left for all the workers, not by where this one's chunk
			// ended: a worker back from a slow call must not take 16 of the last elements.
			left := int64(n) - next.Load() // negative once the end is passed or a failure stopped
			c = int(min(max(left/int64(workers*chunkShare), 1), maxChunk))
		}
		normal = true
	}
	for range workers - 1 {
		go worker(false)
	}
	worker(true) // the caller is the last worker: one goroutine fewer
	wg.Wait()
	if err := f.result(); err != nil {
		return nil, err
	}
	// The workers look at ctx every 16 elements, so when ctx ends while the last ones are
	// taken, no look may follow: ctx is asked once more here.
	if ctxDone(ctx) {
		return nil, ctx.Err()
	}
	return out, nil
}

// checkCtx panics with a message naming the function if ctx is nil, rather than leaving
// a nil-pointer dereference deeper down.
func checkCtx(name string, ctx context.Context) {
	if ctx == nil {
		panic(name + ": nil context")
	}
}

// checkFuncs panics with a message naming the function and the mistake for a nil context
// or a nil function.
func checkFuncs[F any](name string, ctx context.Context, fns []func(context.Context) (F, error)) {
	checkCtx(name, ctx)
	for i, fn := range fns {
		if fn == nil {
			panic(fmt.Sprintf("%s: nil function at index %d", name, i))
		}
	}
}
