package sched

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

// acquireAsync starts s.Acquire(ctx, n, capacity) reporting id (or -id on failure) to
// out, and waits until it blocks or returns. Used inside a synctest bubble.
func acquireAsync(s *Sema, ctx context.Context, n, capacity int64, id int, out chan<- int) {
	go func() {
		if s.Acquire(ctx, n, capacity) == nil {
			out <- id
		} else {
			out <- -id
		}
	}()
	synctest.Wait()
}

func expect(t *testing.T, out <-chan int, want ...int) {
	t.Helper()
	for _, w := range want {
		select {
		case got := <-out:
			if got != w {
				t.Fatalf("got %d, want %d", got, w)
			}
		default:
			t.Fatalf("nothing, want %d", w)
		}
	}
	if len(out) != 0 {
		t.Fatalf("unexpected %d", <-out)
	}
}

func TestSemaFIFONoBarging(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const c = 1
		var s Sema
		if !s.TryAcquire(c, c) {
			t.Fatal("zero Sema is not all free")
		}
		out := make(chan int, 10)
		for i := 1; i <= 5; i++ {
			acquireAsync(&s, context.Background(), 1, c, i, out)
		}
		expect(t, out)
		for i := 1; i <= 5; i++ {
			if !s.Release(1, c) {
				t.Fatal("Release of a held permit failed")
			}
			// The permit went to waiter i, not to whoever is fastest.
			if s.TryAcquire(1, c) {
				t.Fatal("the releaser barged ahead of a waiter")
			}
			synctest.Wait()
			expect(t, out, i)
		}
		s.Release(1, c)
		if !s.TryAcquire(1, c) || s.state.Load() != unit {
			t.Fatalf("fast path not reopened: state %#x", s.state.Load())
		}
	})
}

func TestSemaLargeWaiterNotStarved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const c = 4
		var s Sema
		s.TryAcquire(3, c)
		out := make(chan int, 10)
		acquireAsync(&s, context.Background(), 4, c, 1, out)
		for i := 2; i <= 4; i++ {
			acquireAsync(&s, context.Background(), 1, c, i, out)
		}
		s.Release(1, c)
		s.Release(1, c)
		synctest.Wait()
		expect(t, out) // 2 free, the small ones fit, but the large one is first
		if s.TryAcquire(1, c) {
			t.Fatal("TryAcquire barged")
		}
		s.Release(1, c)
		synctest.Wait()
		expect(t, out, 1)
		s.Release(4, c)
		synctest.Wait()
		if got := []int{<-out, <-out, <-out}; len(got) != 3 || s.InUse() != 3 || s.Waiters() != 0 {
			t.Fatalf("got %v, in use %d, waiters %d", got, s.InUse(), s.Waiters())
		}
	})
}

func TestSemaReleaseUnheld(t *testing.T) {
	var s Sema
	if s.Release(1, 1) {
		t.Fatal("released a permit nobody held")
	}
	s.TryAcquire(1, 2)
	if s.Release(2, 2) || s.InUse() != 1 {
		t.Fatal("a failed Release changed the state")
	}
}

// TestSemaReleaseUnheldWithWaiters: with waiters queued, a release's add goes to the
// slow path; a release of more than is held must still fail there, change nothing and
// wake nobody, and ReleaseOne's slow half must hand the permit on like Release.
func TestSemaReleaseUnheldWithWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const c = 2
		var s Sema
		s.TryAcquire(2, c)
		out := make(chan int, 2)
		acquireAsync(&s, context.Background(), 2, c, 1, out)
		if s.Release(3, c) {
			t.Fatal("released 3 permits with 2 held")
		}
		synctest.Wait()
		expect(t, out)
		if s.InUse() != 2 || s.Waiters() != 1 || s.state.Load() != 2*unit|waitersFlag {
			t.Fatalf("a failed Release changed the state: %#x", s.state.Load())
		}
		if s.ReleaseOne() {
			t.Fatal("ReleaseOne with a waiter queued reported it was done")
		}
		if !s.ReleaseSlow(1, c) {
			t.Fatal("ReleaseSlow of a held permit failed")
		}
		synctest.Wait()
		expect(t, out) // 1 free, the waiter wants 2
		if s.ReleaseOne() || !s.ReleaseSlow(1, c) {
			t.Fatal("second release")
		}
		synctest.Wait()
		expect(t, out, 1)
		if s.state.Load() != 2*unit {
			t.Fatalf("state %#x, want 2 permits in use and no flag", s.state.Load())
		}
		s.Release(2, c)
		if s.ReleaseOne() || s.ReleaseSlow(1, c) || s.state.Load() != 0 {
			t.Fatalf("ReleaseOne of an unheld permit: state %#x", s.state.Load())
		}
	})
}

// grantCancelRace has 8 workers each make rounds acquisitions (weighed by weight, which
// gets the worker's random source), two thirds of them racing a cancellation of their
// context, and counts exactly: what is held never exceeds capacity, every acquisition
// either got its weight or failed, and release gives it back. It returns how many
// acquisitions succeeded and failed; the caller checks what is left behind.
func grantCancelRace(t *testing.T, seed uint64, capacity int64, weight func(*rand.Rand) int64,
	acquire func(ctx context.Context, n int64) error, release func(n int64) bool) (ok, failed int64) {
	t.Helper()
	const workers = 8
	rounds := 3000 // per worker
	if testing.Short() {
		rounds = 300
	}
	var held, okN, failedN atomic.Int64
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), seed))
			for range rounds {
				n := weight(r)
				ctx, cancel := context.WithCancel(context.Background())
				if r.IntN(3) != 0 {
					go cancel()
				}
				err := acquire(ctx, n)
				cancel()
				if err != nil {
					failedN.Add(1)
					continue
				}
				okN.Add(1)
				if h := held.Add(n); h > capacity {
					t.Errorf("%d held, capacity %d", h, capacity)
				}
				held.Add(-n)
				if !release(n) {
					t.Errorf("release(%d) of what was held failed", n)
				}
			}
		})
	}
	wg.Wait()
	if got := okN.Load() + failedN.Load(); got != workers*int64(rounds) {
		t.Fatalf("%d acquisitions finished, want %d", got, workers*rounds)
	}
	t.Logf("%d acquired, %d canceled", okN.Load(), failedN.Load())
	return okN.Load(), failedN.Load()
}

// TestSemaGrantCancelRace races hand-offs against cancellations well over 10^4 times,
// with weighted acquires, and counts permits exactly: the permits held never exceed the
// capacity, and at the end all are free, nobody waits and the fast path is open again.
func TestSemaGrantCancelRace(t *testing.T) {
	const capacity = 5
	var s Sema
	grantCancelRace(t, 9, capacity, func(r *rand.Rand) int64 { return 1 + r.Int64N(capacity) },
		func(ctx context.Context, n int64) error { return s.Acquire(ctx, n, capacity) },
		func(n int64) bool { return s.Release(n, capacity) })
	if s.InUse() != 0 || s.Waiters() != 0 || s.state.Load() != 0 {
		t.Fatalf("left behind: in use %d, waiters %d, state %#x", s.InUse(), s.Waiters(), s.state.Load())
	}
}

// TestSemaCancelHeadWakesNext: a canceled head waiter that was blocking smaller waiters
// hands the free permits on (the repair x/sync's semaphore also makes).
func TestSemaCancelHeadWakesNext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const c = 2
		var s Sema
		s.TryAcquire(2, c)
		out := make(chan int, 2)
		ctx, cancel := context.WithCancel(context.Background())
		acquireAsync(&s, ctx, 2, c, 1, out)
		acquireAsync(&s, context.Background(), 1, c, 2, out)
		s.Release(1, c)
		synctest.Wait()
		expect(t, out)
		cancel()
		synctest.Wait()
		if a, b := <-out, <-out; a+b != 1 || a*b != -2 {
			t.Fatalf("got %d and %d, want -1 and 2", a, b)
		}
		if s.InUse() != 2 || s.Waiters() != 0 {
			t.Fatalf("in use %d, waiters %d", s.InUse(), s.Waiters())
		}
	})
}
