package reliability

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

// Cancellation storms: per primitive, stormOps() operations (10^6 under AIO_STRESS=long)
// across 64 goroutines with 10-30% of contexts canceled before, during and just after
// hand-off, then an exact count of the conserved quantities.

func stormOps() int { return size(100_000, 1_000_000) }

// semStorm: every goroutine acquires 1..maxN permits (blocking with a chaos context, or
// Try), checks that no more than capacity permits are held, and releases them. At the
// end every permit must be available again.
func semStorm(s semSubject, capacity, maxN, ops int, seed uint64) *stormReport {
	rep := &stormReport{}
	ch := newChaos(0.1 + 0.2*rand.New(rand.NewPCG(seed, 0)).Float64())
	var held, acquired atomic.Int64
	storm(rep, stormGoroutines, ops, seed, func(sctx context.Context, _ int, rng *rand.Rand, quota int) {
		for calls := 0; calls < quota; calls++ { // an acquisition and its release count two
			if sctx.Err() != nil {
				return
			}
			n := 1 + rng.IntN(maxN)
			rep.ops.Add(1)
			var ok bool
			if rng.IntN(8) == 0 {
				ok = s.TryAcquireN(n)
			} else {
				ctx, done := ch.ctx(rng, sctx)
				err := s.AcquireN(ctx, n)
				rep.checkCall(ctx, "AcquireN", err)
				ok = err == nil
				done()
			}
			if !ok {
				continue
			}
			acquired.Add(1)
			if h := held.Add(int64(n)); h > int64(capacity) {
				rep.failf("%d permits held at once, capacity %d", h, capacity)
			}
			held.Add(-int64(n))
			rep.ops.Add(1)
			calls++
			s.ReleaseN(n)
			ch.kick(rng)
		}
	})
	rep.absorb(ch)
	rep.lost = int64(capacity - s.Available())
	rep.notef("acquired: %d, permits available at the end: %d of %d", acquired.Load(), s.Available(), capacity)
	return rep
}

// lockStorm: mutual exclusion under a storm, checked with an atomic occupancy count and
// a plain counter that the race detector watches; at the end the lock must be free.
func lockStorm(l lockSubject, ops int, seed uint64) *stormReport {
	rep := &stormReport{}
	ch := newChaos(0.1 + 0.2*rand.New(rand.NewPCG(seed, 0)).Float64())
	var inside, acquired atomic.Int64
	plain := 0 // guarded by l
	storm(rep, stormGoroutines, ops, seed, func(sctx context.Context, _ int, rng *rand.Rand, quota int) {
		for calls := 0; calls < quota; calls++ { // an acquisition and its release count two
			if sctx.Err() != nil {
				return
			}
			rep.ops.Add(1)
			var ok bool
			if rng.IntN(8) == 0 {
				ok = l.TryLock()
			} else {
				ctx, done := ch.ctx(rng, sctx)
				err := l.Acquire(ctx)
				rep.checkCall(ctx, "Acquire", err)
				ok = err == nil
				done()
			}
			if !ok {
				continue
			}
			if n := inside.Add(1); n != 1 {
				rep.failf("%d goroutines inside the lock", n)
			}
			plain++
			acquired.Add(1)
			inside.Add(-1)
			rep.ops.Add(1)
			calls++
			l.Unlock()
			ch.kick(rng)
		}
	})
	rep.absorb(ch)
	if l.Locked() {
		rep.lost = 1
	}
	if int64(plain) != acquired.Load() {
		rep.failf("critical sections counted %d, acquisitions %d", plain, acquired.Load())
	}
	rep.notef("acquired: %d", acquired.Load())
	return rep
}

// shutdownMode says how a queue storm ends.
type shutdownMode int

const (
	shutdownAtEnd       shutdownMode = iota // Shutdown(false) once every item is put
	shutdownMidGraceful                     // Shutdown(false) mid-storm
	shutdownMidNow                          // Shutdown(true) mid-storm: items dropped
)

func (m shutdownMode) String() string {
	return [...]string{"shutdown-at-end", "shutdown-mid", "shutdown-now-mid"}[m]
}

// queueStorm: 32 producers put unique items (Put with a chaos context, retried when
// canceled, or TryPut), 32 consumers get them (Get with a chaos context, or TryGet) and
// mark each done. At the end every item put must have been got exactly once, or dropped
// by an immediate shutdown; no item may be got twice or got without being put; and Join
// must return.
func queueStorm(q queueSubject, mode shutdownMode, ops int, seed uint64) *stormReport {
	rep := &stormReport{}
	rng0 := rand.New(rand.NewPCG(seed, 0))
	ch := newChaos(0.1 + 0.2*rng0.Float64())
	items := ops / 2
	put := make([]atomic.Bool, items)
	got := make([]atomic.Int32, items)
	var produced atomic.Int64
	shutAt := int64(items/4 + rng0.IntN(items/2+1))
	shutdown := func(n int64) {
		if mode != shutdownAtEnd && n == shutAt {
			q.Shutdown(mode == shutdownMidNow)
		}
	}
	half := stormGoroutines / 2
	var producersDone atomic.Int64
	storm(rep, stormGoroutines, 2*half, seed, func(sctx context.Context, w int, rng *rand.Rand, _ int) {
		if w < half { // producer of items w, w+half, w+2*half, ...
			defer func() {
				if producersDone.Add(1) == int64(half) && mode == shutdownAtEnd {
					q.Shutdown(false)
				}
			}()
			for id := w; id < items; id += half {
				for {
					if sctx.Err() != nil {
						return
					}
					rep.ops.Add(1)
					var err error
					if rng.IntN(8) == 0 {
						if err = q.TryPut(id); errors.Is(err, aio.ErrQueueFull) {
							runtime.Gosched()
							continue
						}
					} else {
						ctx, done := ch.ctx(rng, sctx)
						err = q.Put(ctx, id)
						rep.checkCall(ctx, "Put", err, aio.ErrQueueShutDown)
						done()
					}
					if errors.Is(err, aio.ErrQueueShutDown) {
						if mode == shutdownAtEnd {
							rep.failf("Put returned ErrQueueShutDown before Shutdown")
						}
						return
					}
					if err == nil {
						put[id].Store(true)
						shutdown(produced.Add(1))
						ch.kick(rng)
						break
					}
				}
			}
			return
		}
		for sctx.Err() == nil { // consumer
			rep.ops.Add(1)
			var v int
			var err error
			if rng.IntN(8) == 0 {
				if v, err = q.TryGet(); errors.Is(err, aio.ErrQueueEmpty) {
					runtime.Gosched()
					continue
				}
			} else {
				ctx, done := ch.ctx(rng, sctx)
				v, err = q.Get(ctx)
				rep.checkCall(ctx, "Get", err, aio.ErrQueueShutDown)
				done()
			}
			if errors.Is(err, aio.ErrQueueShutDown) {
				return
			}
			if err != nil {
				continue
			}
			if v < 0 || v >= items {
				rep.failf("Get returned %d, never put", v)
				continue
			}
			got[v].Add(1)
			q.TaskDone()
			ch.kick(rng)
		}
	})
	rep.absorb(ch)
	var nPut, nGot, dropped int64
	for id := range items {
		p, g := put[id].Load(), got[id].Load()
		switch {
		case g > 1:
			rep.failf("item %d got %d times", id, g)
		case g == 1 && !p:
			rep.failf("item %d got but never put", id)
		case p && g == 0 && mode == shutdownMidNow:
			dropped++
		case p && g == 0:
			rep.lost++
		}
		if p {
			nPut++
		}
		nGot += int64(g)
	}
	if _, err := q.TryGet(); !errors.Is(err, aio.ErrQueueShutDown) {
		rep.failf("TryGet after the storm returned %v, want ErrQueueShutDown", err)
	}
	if rep.lost > 0 {
		// A lost item is never marked done, so Join could not return: do not wait for it.
		rep.notef("items put: %d, got: %d, Join not called (items lost)", nPut, nGot)
		return rep
	}
	ctx, cancel := hangCtx()
	defer cancel()
	if err := q.Join(ctx); err != nil {
		rep.failf("Join did not return: %v (items put %d, got %d, dropped %d)", err, nPut, nGot, dropped)
	}
	rep.notef("items put: %d, got: %d, dropped by Shutdown(true): %d, Join returned", nPut, nGot, dropped)
	return rep
}

func logStorm(t *testing.T, name string, rep *stormReport) {
	t.Helper()
	t.Logf("%s: %v", name, rep)
	require.False(t, rep.failed(), "%s: %v", name, rep)
}

func TestStormSemaphore(t *testing.T) {
	for _, c := range []struct{ capacity, maxN int }{{1, 1}, {8, 1}, {8, 3}} {
		rep := semStorm(aio.NewSemaphore(c.capacity), c.capacity, c.maxN, stormOps(), uint64(c.capacity*10+c.maxN))
		logStorm(t, "Semaphore/cap="+itoa(c.capacity)+"/weights=1.."+itoa(c.maxN), rep)
	}
}

func TestStormLock(t *testing.T) {
	logStorm(t, "Lock", lockStorm(new(aio.Lock), stormOps(), 1))
}

func TestStormQueue(t *testing.T) {
	for _, k := range queueKinds {
		total := int64(0)
		for _, c := range []int{0, 8} {
			for _, m := range []shutdownMode{shutdownAtEnd, shutdownMidGraceful, shutdownMidNow} {
				rep := queueStorm(newAioQueue(k, c), m, stormOps()/3, uint64(c)<<8|uint64(m)<<4|uint64(k))
				logStorm(t, k.String()+"/cap="+itoa(c)+"/"+m.String(), rep)
				total += rep.ops.Load()
			}
		}
		t.Logf("%v queue: operations: %d in all", k, total)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
