package main

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestWorkloads runs every workload of both implementations at a hundredth of its size and
// checks its result.
func TestWorkloads(t *testing.T) {
	for name, im := range map[string]impl{"aio": aioImpl, "go": goImpl} {
		names := map[string]bool{}
		for _, w := range workloads(100, im) {
			names[w.name] = true
			t.Run(name+"/"+w.name, func(t *testing.T) {
				d, err := measure(context.Background(), w, 3)
				require.NoError(t, err)
				require.Positive(t, d)
			})
		}
		// The names compare.sh matches against bench/asyncio's output.
		require.Equal(t, map[string]bool{"gather": true, "taskgroup": true, "semaphore": true,
			"queue": true, "priorityqueue": true}, names)
	}
}

func TestMeasureRejectsWrongResult(t *testing.T) {
	w := workload{name: "bad", ops: 1, want: 2, run: func(context.Context) (int, error) { return 1, nil }}
	_, err := measure(context.Background(), w, 1)
	require.ErrorContains(t, err, "got 1, want 2")
}

func TestResultLine(t *testing.T) {
	line := resultLine("queue", 200_000, 150*time.Millisecond)
	require.Equal(t, "workload=queue ops=200000 seconds=0.150000 ns_per_op=750.0", line)
	require.Regexp(t, regexp.MustCompile(`^workload=\S+ ops=\d+ seconds=[0-9.]+ ns_per_op=[0-9.]+$`), line)
}

func TestPermutation(t *testing.T) {
	keys := permutation(priorityItems)
	seen := make([]bool, len(keys))
	for _, k := range keys {
		require.False(t, seen[k], "key %d twice", k)
		seen[k] = true
	}
}
