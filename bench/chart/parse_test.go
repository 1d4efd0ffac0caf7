package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseRawSample(t *testing.T) {
	f, err := os.Open("testdata/raw.txt")
	require.NoError(t, err)
	defer f.Close()
	res, err := parseRaw(f, 0)
	require.NoError(t, err)

	require.Equal(t, "AMD EPYC", res.CPU)
	require.Equal(t, "linux", res.GOOS)
	require.Equal(t, "amd64", res.GOARCH)
	require.Equal(t, 2, res.Procs)
	require.Len(t, res.Primitives, 2)

	sem, q := res.Primitives[0], res.Primitives[1]
	require.Equal(t, "Semaphore", sem.Name)
	require.Equal(t, []string{"uncontended", "contended-64"}, sem.Workloads)
	require.Equal(t, []string{"aio", "xsync", "chan"}, sem.Impls)
	require.Equal(t, map[string]map[string]float64{
		"aio":   {"uncontended": 14.4, "contended-64": 812},
		"xsync": {"uncontended": 30, "contended-64": 1700},
		"chan":  {"uncontended": 22.5},
	}, sem.Median)

	require.Equal(t, "Queue", q.Name)
	require.Equal(t, []string{"cap-64", "unbounded"}, q.Workloads)
	require.Equal(t, []string{"aio", "chan"}, q.Impls, "aio moves first")
	require.Equal(t, map[string]map[string]float64{
		"aio":  {"cap-64": 54, "unbounded": 63},
		"chan": {"cap-64": 42},
	}, q.Median)
}

func TestParseRawProcs(t *testing.T) {
	for _, tc := range []struct {
		name      string
		lines     []string
		procs     int
		wantProcs int
		want      []string // workloads of the one primitive
	}{
		{
			name:      "same suffix everywhere is stripped",
			lines:     []string{"BenchmarkX/impl=aio/n-64-8 1 5 ns/op", "BenchmarkX/impl=aio/flat-8 1 5 ns/op"},
			wantProcs: 8,
			want:      []string{"n-64", "flat"},
		},
		{
			name:      "GOMAXPROCS=1 adds no suffix; a workload's number stays",
			lines:     []string{"BenchmarkX/impl=aio/n-64 1 5 ns/op", "BenchmarkX/impl=aio/flat 1 5 ns/op"},
			wantProcs: 0,
			want:      []string{"n-64", "flat"},
		},
		{
			name:      "mixed -cpu values are kept apart",
			lines:     []string{"BenchmarkX/impl=aio/n-2 1 5 ns/op", "BenchmarkX/impl=aio/n-4 1 5 ns/op"},
			wantProcs: 0,
			want:      []string{"n-2", "n-4"},
		},
		{
			name:      "an explicit procs is stripped where present",
			lines:     []string{"BenchmarkX/impl=aio/n-64 1 5 ns/op", "BenchmarkX/impl=aio/n-64-4 1 7 ns/op"},
			procs:     4,
			wantProcs: 4,
			want:      []string{"n-64"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := parseRaw(strings.NewReader(strings.Join(tc.lines, "\n")), tc.procs)
			require.NoError(t, err)
			require.Equal(t, tc.wantProcs, res.Procs)
			require.Len(t, res.Primitives, 1)
			require.Equal(t, tc.want, res.Primitives[0].Workloads)
		})
	}
}

func TestParseLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		ok   bool
		name string
		ns   float64
	}{
		{"BenchmarkA/impl=aio/x-2 \t 100 \t 12.5 ns/op \t 0 B/op \t 0 allocs/op", true, "A/impl=aio/x-2", 12.5},
		{"BenchmarkA-2 100 8 B/op 3.25 ns/op", true, "A-2", 3.25},
		{"BenchmarkA/impl=aio/x-2", false, "", 0},            // name alone, results on a later line
		{"BenchmarkA 100 12 B/op 1 allocs/op", false, "", 0}, // no ns/op
		{"BenchmarkA many 12 ns/op x", false, "", 0},         // iterations not a number
		{"BenchmarkA 100 fast ns/op", false, "", 0},          // value not a number
	} {
		t.Run(tc.line, func(t *testing.T) {
			s, ok := parseLine(tc.line)
			require.Equal(t, tc.ok, ok)
			require.Equal(t, tc.name, s.name)
			require.Equal(t, tc.ns, s.nsPerOp)
		})
	}
}

func TestSplitName(t *testing.T) {
	for _, tc := range []struct{ in, prim, impl, workload string }{
		{"Semaphore/impl=aio/contended-64", "Semaphore", "aio", "contended-64"},
		{"Gather/tasks=1000/impl=errgroup", "Gather", "errgroup", "tasks=1000"},
		{"Map/impl=conc/limit=8/n=100", "Map", "conc", "limit=8/n=100"},
		{"Lock/impl=mutex", "Lock", "mutex", "default"},
		{"Plain", "Plain", "default", "default"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			prim, impl, workload := splitName(tc.in)
			require.Equal(t, []string{tc.prim, tc.impl, tc.workload}, []string{prim, impl, workload})
		})
	}
}

func TestMedian(t *testing.T) {
	require.Equal(t, 5.0, median([]float64{9, 1, 5}))
	require.Equal(t, 3.0, median([]float64{4, 1, 10, 2}))
	require.Equal(t, 7.0, median([]float64{7}))
}

func TestFormatNs(t *testing.T) {
	for _, tc := range []struct {
		ns   float64
		want string
	}{
		{3.256, "3.26 ns"}, {812, "812 ns"}, {1700, "1.7 µs"}, {12345, "12.3 µs"},
		{2.5e6, "2.5 ms"}, {3e9, "3 s"},
	} {
		require.Equal(t, tc.want, formatNs(tc.ns))
	}
}
