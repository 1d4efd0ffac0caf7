package reliability

import (
	"github.com/aio-go/aio"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"
)

// Proof that each kind of check can fail: the same harness code that checks aio's
// primitives is run against the reference implementations of reference_test.go, first
// correct (the harness must pass them: no false alarms), then with one deliberate bug
// (the harness must report it).

func TestBrokenLinearizability(t *testing.T) {
	cases := []struct {
		name   string
		spec   func(broken bool) linSpec
		broken string
	}{
		{"queue/fifo", func(b bool) linSpec {
			return queueLinSpec("ref-fifo", fifo, 2, func() queueSubject { return newRefQueue(fifo, 2, b) })
		}, "drops the item a canceled Get took"},
		{"queue/prio", func(b bool) linSpec {
			return queueLinSpec("ref-prio", prio, 0, func() queueSubject { return newRefQueue(prio, 0, b) })
		}, "drops the item a canceled Get took"},
		{"semaphore", func(b bool) linSpec {
			leak := 0
			if b {
				leak = 1
			}
			return semLinSpec("ref-sem", 2, 1, func() semSubject { return newRefSem(2, leak) })
		}, "leaks permits on cancellation"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := checkLinearizable(c.spec(false), 200, 1)
			require.Empty(t, rep.failure, "the correct reference must pass")
			rep = checkLinearizable(c.spec(true), 2000, 1)
			require.NotEmpty(t, rep.failure, "the harness missed an implementation that %s", c.broken)
			t.Logf("caught after %d histories; the failing history:\n%s", rep.histories, rep.failure)
		})
	}
}

func TestBrokenStorm(t *testing.T) {
	ops := 20_000
	t.Run("semaphore", func(t *testing.T) {
		rep := semStorm(newRefSem(4, 0), 4, 2, ops, 1)
		require.False(t, rep.failed(), "the correct reference must pass: %v", rep)
		rep = untilCaught(func(seed uint64) *stormReport { return semStorm(newRefSem(4, 2), 4, 2, ops, seed) })
		require.True(t, rep.failed(), "the storm missed a semaphore that leaks permits: %v", rep)
		t.Logf("caught: %v", rep)
	})
	t.Run("queue", func(t *testing.T) {
		for _, k := range queueKinds {
			rep := queueStorm(newRefQueue(k, 4, false), shutdownAtEnd, ops, 1)
			require.False(t, rep.failed(), "the correct reference must pass: %v", rep)
			rep = untilCaught(func(seed uint64) *stormReport {
				return queueStorm(newRefQueue(k, 4, true), shutdownAtEnd, ops, seed)
			})
			require.True(t, rep.failed(), "the storm missed a %v queue that drops items: %v", k, rep)
			require.Positive(t, rep.lost)
			t.Logf("caught (%v): %v", k, rep)
		}
	})
	t.Run("condition", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			newC := func(drop bool) func(l sync.Locker) condSubject {
				return func(l sync.Locker) condSubject { return &refCond{l: l, dropLate: drop} }
			}
			rep := condStorm(newC(false), ops, 1)
			require.False(t, rep.failed(), "the correct reference must pass: %v", rep)
			rep = untilCaught(func(seed uint64) *stormReport { return condStorm(newC(true), ops, seed) })
			require.True(t, rep.failed(), "the storm missed a condition that loses notifications: %v", rep)
			t.Logf("caught: %v", rep)
		})
	})
}

// untilCaught runs a storm against a broken implementation with up to five seeds and
// returns the first report that caught the bug (or the last one). A storm finds a planted
// race with high but not certain probability in one run, especially on a loaded machine;
// five misses in a row would mean the harness has lost its teeth.
func untilCaught(storm func(seed uint64) *stormReport) *stormReport {
	var rep *stormReport
	for seed := uint64(1); seed <= 5; seed++ {
		if rep = storm(seed); rep.failed() {
			break
		}
	}
	return rep
}

func TestBrokenFuzz(t *testing.T) {
	// Each input: what the harness must find, against the correct primitive (must pass)
	// and against it with a bug planted (must diverge).
	cases := []struct {
		name        string
		input       []byte
		good, wrong func(data []byte) error
	}{
		{"queue: a canceled Get swallows an item", []byte{0, 0, 5, 6, 0, 7, 0, 1, 0},
			func(d []byte) error { return runQueueOps(newAioQueue(fifo, 0), fifo, 0, d[1:]) },
			func(d []byte) error { return runQueueOps(dropQueue{newAioQueue(fifo, 0)}, fifo, 0, d[1:]) }},
		{"semaphore: a canceled AcquireN leaks permits", []byte{1, 3, 1, 5, 0},
			func(d []byte) error { return runSemOps(aio.NewSemaphore(2), 2, d[1:]) },
			func(d []byte) error { return runSemOps(leakSem{aio.NewSemaphore(2)}, 2, d[1:]) }},
		{"condition: Notify loses a wake-up", []byte{0, 0, 0, 0, 1, 2},
			func(d []byte) error {
				return runCondOps(func(l sync.Locker) condSubject { return aio.NewCondition(l) }, d)
			},
			func(d []byte) error {
				return runCondOps(func(l sync.Locker) condSubject { return lossyCond{aio.NewCondition(l)} }, d)
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				require.NoError(t, c.good(c.input), "the correct primitive must pass")
				err := c.wrong(c.input)
				require.Error(t, err, "the fuzz model missed the planted bug")
				t.Logf("caught: %v", err)
			})
		})
	}
}
