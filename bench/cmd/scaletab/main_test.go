package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// raw writes benchmark lines for one contended workload at one -cpu: aio's and a peer's
// samples at g=64 and g=1024.
func raw(bench, peer string, cpu int, aio64, aio1024, peer64, peer1024 []float64) string {
	var b strings.Builder
	suffix := ""
	if cpu > 1 {
		suffix = fmt.Sprintf("-%d", cpu)
	}
	line := func(impl, g string, vs []float64) {
		for _, v := range vs {
			fmt.Fprintf(&b, "BenchmarkScaling%s/impl=%s/g=%s%s   \t 1000\t %.3f ns/op\t 0 B/op\t 0 allocs/op\n", bench, impl, g, suffix, v)
		}
	}
	line("aio", "64", aio64)
	line("aio", "1024", aio1024)
	line(peer, "64", peer64)
	line(peer, "1024", peer1024)
	return b.String()
}

func TestParse(t *testing.T) {
	in := "goos: linux\n" +
		"BenchmarkScalingSemaphore/impl=aio/g=4           \t26460637\t         8.643 ns/op\t       0 B/op\t       0 allocs/op\n" +
		"BenchmarkScalingSemaphore/impl=aio/g=4-8         \t 8053956\t        31.05 ns/op\t       0 B/op\t       0 allocs/op\n" +
		"BenchmarkScalingGather/impl=aio/n=10-2                     \t   77313\t      2942 ns/op\t       294.2 ns/task\t     784 B/op\t      14 allocs/op\n" +
		"BenchmarkScalingQueueCap/impl=chan/cap=unbounded-2 \t 1\t 39.5 ns/op\n" +
		"BenchmarkSemaphore/impl=aio/uncontended-2 \t 1\t 6.1 ns/op\n"
	s, err := parse(strings.NewReader(in))
	require.NoError(t, err)
	require.Equal(t, samples{
		{"Semaphore", "aio", "4", 1}:         {8.643},
		{"Semaphore", "aio", "4", 8}:         {31.05},
		{"Gather", "aio", "10", 2}:           {294.2}, // ns/task, not ns/op
		{"QueueCap", "chan", "unbounded", 2}: {39.5},
	}, s)

	_, err = parse(strings.NewReader("PASS\n"))
	require.ErrorContains(t, err, "no BenchmarkScaling results")
}

func TestGrowthVs(t *testing.T) {
	// aio doubles from 64 to 1024 goroutines, tightly; the peer stays flat: aio grows faster.
	in := raw("Queue", "chan", 2,
		[]float64{10, 10.1, 9.9, 10, 10.2, 9.8}, []float64{20, 20.2, 19.8, 20, 20.1, 19.9},
		[]float64{30, 30.3, 29.7, 30, 30.1, 29.9}, []float64{30, 30.2, 29.8, 30, 30.3, 29.7})
	// Lock: both flat, but noisy: no verdict either way.
	in += raw("Lock", "chan", 2,
		[]float64{10, 14, 7, 12, 9, 11}, []float64{11, 8, 13, 10, 15, 9},
		[]float64{10, 13, 8, 12, 9, 10}, []float64{12, 9, 10, 14, 8, 11})
	s, err := parse(strings.NewReader(in))
	require.NoError(t, err)

	g, ok := growthVs(s, "Queue", "chan", 2, "64", "1024")
	require.True(t, ok)
	require.InDelta(t, 2.0, g.own, 0.01)
	require.InDelta(t, 1.0, g.peer, 0.01)
	require.InDelta(t, 2.0, g.rel, 0.01)
	require.Greater(t, g.ownLo, 1.5)
	require.Greater(t, g.relLo, 1.5)
	require.Less(t, g.relHi, 2.5)
	require.LessOrEqual(t, g.relLo, g.rel)
	require.GreaterOrEqual(t, g.relHi, g.rel)
	require.Equal(t, "**yes**", g.verdict())

	g, ok = growthVs(s, "Lock", "chan", 2, "64", "1024")
	require.True(t, ok)
	require.Less(t, g.relLo, 1.0)
	require.Greater(t, g.relHi, 1.0)
	require.Equal(t, "no (interval spans 1)", g.verdict())

	_, ok = growthVs(s, "Lock", "mutex", 2, "64", "1024")
	require.False(t, ok, "a peer with no samples has no comparison")

	// aio level while the peer's cost halves: aio's ratio over the peer's is 2, but aio has
	// not degraded.
	flat := growth{own: 1, ownLo: 0.9, ownHi: 1.1, peer: 0.5, rel: 2, relLo: 1.6, relHi: 2.4}
	require.Equal(t, "no: aio level, the peer's cost fell", flat.verdict())
	require.Equal(t, "no: slower than the peer's", growth{relLo: 0.5, relHi: 0.9}.verdict())

	var out bytes.Buffer
	write(&out, s)
	require.Contains(t, out.String(), "| Queue | 2 | chan | 2.00 |")
	require.Contains(t, out.String(), "| **yes** |")
	require.Contains(t, out.String(), "| 2 | aio | – | 10.0 | 20.0 | 2.00 |")
}

func TestFormat(t *testing.T) {
	for x, want := range map[float64]string{0: "–", 7.84: "7.8", 123.4: "123", 1404: "1,404", 1234567: "1,234,567"} {
		require.Equal(t, want, format(x), "format(%v)", x)
	}
	require.Equal(t, "–", ratio(0, 3))
	require.Equal(t, "1.50", ratio(2, 3))
}
