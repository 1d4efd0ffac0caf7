package reliability

import (
	"testing"

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
			return semLinSpec("ref-sem", 2, 1, func() semSubject { return newRefSem(2, b) })
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
