package reliability

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

// TestSemaphoreAvailableAfterGrant pins down a history TestLinearizability/Semaphore/
// weighted found under AIO_STRESS=long, against the first version of sched.Sema (which
// woke the granted waiters before it stored the new count; the split hand-off on main
// stores it first): a Release that grants permits to several waiters must publish the
// new count before it wakes them, or a woken waiter that looks at Available at once sees
// the count from before the hand-off (here 1 instead of 0). It fails on that version
// under -race about 5 times in 20000 rounds.
// Capacity 3; A holds 2; B waits for 2 and C for 1; A releases 2, which grants both.
func TestSemaphoreAvailableAfterGrant(t *testing.T) {
	ctx := context.Background()
	bad := 0
	rounds := size(20_000, 200_000)
	for range rounds {
		s := aio.NewSemaphore(3)
		require.True(t, s.TryAcquireN(2))
		var wg sync.WaitGroup
		bQueued, cQueued := make(chan struct{}), make(chan struct{})
		var seen int
		wg.Go(func() {
			close(bQueued)
			require.NoError(t, s.AcquireN(ctx, 2))
		})
		<-bQueued
		for s.TryAcquireN(1) { // succeeds until B waits (then no Try may barge past it)
			s.ReleaseN(1)
			runtime.Gosched()
		}
		wg.Go(func() {
			close(cQueued)
			require.NoError(t, s.AcquireN(ctx, 1))
			seen = s.Available() // B holds 2 and C 1: nothing is free
		})
		<-cQueued
		runtime.Gosched() // most often C is queued behind B by now; if not, the round is merely weaker
		s.ReleaseN(2)
		wg.Wait()
		if seen != 0 {
			bad++
		}
		s.ReleaseN(3)
	}
	require.Zero(t, bad, "a woken waiter saw Available() > 0 in %d of %d rounds", bad, rounds)
}
