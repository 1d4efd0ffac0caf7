package reliability

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/aio-go/aio"
)

// taskGroupStorm: 64 goroutines each run TaskGroups one after another, with a limit of
// 1..4 (so Go waits for a slot on the scheduling core) and 1..8 tasks that work a while
// (stopping early when the group's context ends), return at once, or fail. 10-30% of the parent contexts are canceled
// at random moments, and some groups are canceled by hand. When Wait returns, every task
// that started must have finished (no goroutine outlives its owner), no more than limit
// tasks may have run at once, and Wait's error must be the failure if there was one.
func taskGroupStorm(ops int, seed uint64) *stormReport {
	rep := &stormReport{}
	ch := newChaos(0.1 + 0.2*rand.New(rand.NewPCG(seed, 0)).Float64())
	errTask := errors.New("task failed")
	var groups atomic.Int64
	storm(rep, stormGoroutines, ops, seed, func(sctx context.Context, _ int, rng *rand.Rand, quota int) {
		for quota > 0 && sctx.Err() == nil {
			ctx, done := ch.ctx(rng, sctx)
			g, _ := aio.NewTaskGroup(ctx)
			limit := 1 + rng.IntN(4)
			g.SetLimit(limit)
			var started, finished, running atomic.Int64
			failed := false
			n := 1 + rng.IntN(8)
			for i := range n {
				kind := rng.IntN(10)
				failed = failed || kind == 0
				rep.ops.Add(1)
				g.Go(func(ctx context.Context) error {
					started.Add(1)
					defer finished.Add(1)
					if r := running.Add(1); r > int64(limit) {
						rep.failf("%d tasks running in a group limited to %d", r, limit)
					}
					defer running.Add(-1)
					switch {
					case kind == 0:
						return errTask
					case kind < 5: // works a while, stopping early if the group is canceled
						for range 20 {
							if ctx.Err() != nil {
								return ctx.Err()
							}
							runtime.Gosched()
						}
					}
					runtime.Gosched()
					return nil
				})
				if i == n/2 && rng.IntN(8) == 0 {
					g.Cancel()
				}
				if i == n-1 {
					ch.kick(rng)
				}
			}
			err := g.Wait()
			rep.ops.Add(1)
			if s, f := started.Load(), finished.Load(); s != f {
				rep.lost += s - f
				rep.failf("Wait returned with %d of %d started tasks still running", s-f, s)
			}
			if err != nil && !errors.Is(err, errTask) && !isCtxErr(err) {
				rep.failf("Wait returned %v", err)
			}
			if errors.Is(err, errTask) && !failed {
				rep.failf("Wait returned a failure no task returned")
			}
			done()
			groups.Add(1)
			quota -= n + 1
		}
	})
	rep.absorb(ch)
	rep.notef("groups: %d", groups.Load())
	return rep
}

func TestStormTaskGroup(t *testing.T) {
	logStorm(t, "TaskGroup", taskGroupStorm(stormOps(), 1))
}
