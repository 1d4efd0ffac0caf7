package reliability

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/aio-go/aio"
)

// Storms of the primitives whose waiters wait for a signal (Event, Condition, Barrier).
// Each round starts 64 waiters, lets them block (synctest.Wait, so the harness knows who
// waits when the signal comes), cancels 10-30% of their contexts at random moments while
// the signal is given, and waits for quiescence again; then it counts. The storm
// functions must run inside a testing/synctest bubble.

// waiterRound starts n waiters running wait(ctx) with chaos contexts: about a third of
// the canceled ones already done, the rest canceled by canceller goroutines that start
// when fire is called, after a random number of yields. It returns fire, which starts
// the cancellers and then calls signal; collect, which waits for quiescence and returns
// how many waiters have returned, and their errors; and release, which cancels every
// context (so that no waiter can be left behind) and waits for quiescence.
func waiterRound(rng *rand.Rand, rep *stormReport, n int, frac float64, wait func(ctx context.Context) error,
	allowed ...error) (fire func(signal func()), collect func() (returned int, errs []error), release func()) {
	var returned atomic.Int64
	var mu sync.Mutex
	var errs []error
	var cancels []context.CancelFunc
	var all []context.CancelFunc
	for range n {
		ctx, cancel := context.WithCancel(context.Background())
		all = append(all, cancel)
		if r := rng.Float64(); r < frac/3 {
			cancel()
			rep.planned++
		} else if r < frac {
			cancels = append(cancels, cancel)
			rep.planned++
		}
		go func() {
			err := wait(ctx)
			rep.checkCall(ctx, "Wait", err, allowed...)
			if ctx.Err() != nil {
				mu.Lock()
				rep.canceled++
				mu.Unlock()
			}
			mu.Lock()
			if err != nil {
				errs = append(errs, err)
			}
			mu.Unlock()
			returned.Add(1)
		}()
	}
	rep.ops.Add(int64(n))
	synctest.Wait()
	fire = func(signal func()) {
		for _, c := range cancels {
			k := rng.IntN(8)
			go func() {
				for range k {
					runtime.Gosched()
				}
				c()
			}()
		}
		signal()
	}
	collect = func() (int, []error) {
		synctest.Wait()
		mu.Lock()
		defer mu.Unlock()
		return int(returned.Load()), errs
	}
	release = func() {
		for _, c := range all {
			c()
		}
		synctest.Wait()
	}
	return fire, collect, release
}

// eventStorm: each round, waiters block on a clear event, then Set (and, half the time,
// Clear at once). Every waiter must return: nil, or its context's error if that ended.
func eventStorm(e eventSubject, ops int, seed uint64) *stormReport {
	rep := &stormReport{}
	rng := rand.New(rand.NewPCG(seed, 0))
	rounds := 0
	for rep.ops.Load() < int64(ops) {
		rounds++
		fire, collect, release := waiterRound(rng, rep, stormGoroutines, 0.1+0.2*rng.Float64(), e.Wait)
		fire(func() {
			e.Set()
			if rng.IntN(2) == 0 {
				e.Clear()
			}
		})
		rep.ops.Add(2)
		if n, _ := collect(); n != stormGoroutines {
			rep.lost += int64(stormGoroutines - n)
			rep.failf("round %d: %d waiters still blocked after Set", rounds, stormGoroutines-n)
		}
		release()
		e.Clear()
	}
	rep.notef("rounds: %d", rounds)
	return rep
}

// condStorm: each round, waiters block on the condition, then k notifications come in
// random chunks. Nobody may be woken without a notification, and while anyone still
// waits, every notification must have woken a waiter that returned nil (a waiter
// notified as its context ended passes it on). NotifyAll then releases the rest.
func condStorm(newC func(l sync.Locker) condSubject, ops int, seed uint64) *stormReport {
	rep := &stormReport{}
	rng := rand.New(rand.NewPCG(seed, 0))
	var mu sync.Mutex
	c := newC(&mu)
	rounds, notified, woken := 0, 0, 0
	wait := func(ctx context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		return c.Wait(ctx)
	}
	for rep.ops.Load() < int64(ops) {
		rounds++
		fire, collect, release := waiterRound(rng, rep, stormGoroutines, 0.1+0.2*rng.Float64(), wait)
		k := rng.IntN(stormGoroutines + 8)
		fire(func() {
			for left := k; left > 0; {
				m := 1 + rng.IntN(left)
				c.Notify(m)
				rep.ops.Add(1)
				left -= m
				// Let the cancellations and the woken waiters run between chunks: on
				// one processor they would otherwise all run after the last Notify.
				runtime.Gosched()
			}
		})
		n, errs := collect()
		nils := n - len(errs)
		notified += k
		woken += nils
		blocked := stormGoroutines - n
		if nils > k {
			rep.failf("round %d: %d waiters woken by %d notifications", rounds, nils, k)
		}
		if blocked > 0 && nils < k {
			rep.lost += int64(k - nils)
			rep.failf("round %d: %d of %d notifications lost while %d waiters still waited", rounds, k-nils, k, blocked)
		}
		c.NotifyAll()
		rep.ops.Add(1)
		if m, _ := collect(); m != stormGoroutines {
			rep.lost += int64(stormGoroutines - m)
			rep.failf("round %d: %d waiters still blocked after NotifyAll", rounds, stormGoroutines-m)
		}
		release()
	}
	rep.notef("rounds: %d, notifications: %d, consumed by a waiter: %d, the rest found nobody waiting", rounds, notified, woken)
	return rep
}

// barrierStorm: each round, 64 goroutines arrive at a barrier of 2..8 parties, 10-30%
// with contexts canceled at random moments, and a quarter of the rounds Abort or Reset it
// mid-round. Each released group must return the indices 0..parties-1 once each, so at
// the end every index has been returned equally often; fewer than parties goroutines may
// remain waiting; then Reset releases them.
func barrierStorm(newB func(parties int) barrierSubject, ops int, seed uint64) *stormReport {
	rep := &stormReport{}
	rng := rand.New(rand.NewPCG(seed, 0))
	rounds, released, broken := 0, 0, 0
	for rep.ops.Load() < int64(ops) {
		rounds++
		parties := 2 + rng.IntN(7)
		b := newB(parties)
		var mu sync.Mutex
		counts := make([]int, parties)
		wait := func(ctx context.Context) error {
			i, err := b.Wait(ctx)
			if err == nil {
				mu.Lock()
				counts[i]++
				mu.Unlock()
			}
			return err
		}
		fire, collect, release := waiterRound(rng, rep, stormGoroutines, 0.1+0.2*rng.Float64(), wait, aio.ErrBrokenBarrier)
		breakIt := rng.IntN(8)
		fire(func() {
			switch breakIt {
			case 0:
				b.Abort()
				rep.ops.Add(1)
			case 1:
				b.Reset()
				rep.ops.Add(1)
			}
		})
		n, errs := collect()
		blocked := stormGoroutines - n
		if w := b.Waiting(); w != blocked {
			rep.failf("round %d: Waiting() = %d, %d goroutines blocked", rounds, w, blocked)
		}
		if blocked >= parties {
			rep.lost += int64(blocked)
			rep.failf("round %d: %d goroutines still wait at a barrier of %d parties", rounds, blocked, parties)
		}
		for _, err := range errs {
			if errors.Is(err, aio.ErrBrokenBarrier) && breakIt > 1 {
				rep.failf("round %d: ErrBrokenBarrier, but nobody aborted or reset the barrier", rounds)
			}
		}
		for i, c := range counts {
			if c != counts[0] {
				rep.lost++
				rep.failf("round %d: index %d returned %d times, index 0 %d times", rounds, i, c, counts[0])
			}
		}
		released += counts[0] * parties
		b.Reset()
		rep.ops.Add(1)
		if m, errs := collect(); m != stormGoroutines {
			rep.failf("round %d: %d goroutines still blocked after Reset", rounds, stormGoroutines-m)
		} else {
			broken += len(errs)
		}
		release()
	}
	rep.notef("rounds: %d, parties released together: %d, broken or canceled waits: %d", rounds, released, broken)
	return rep
}

func TestStormEvent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		logStorm(t, "Event", eventStorm(new(aio.Event), stormOps(), 1))
	})
}

func TestStormCondition(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		newC := func(l sync.Locker) condSubject { return aio.NewCondition(l) }
		logStorm(t, "Condition", condStorm(newC, stormOps(), 1))
	})
}

func TestStormBarrier(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		newB := func(p int) barrierSubject { return aio.NewBarrier(p) }
		logStorm(t, "Barrier", barrierStorm(newB, stormOps(), 1))
	})
}
