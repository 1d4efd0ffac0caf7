package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestRun draws the hand-written sample in testdata/raw.txt and checks that every primitive's
// SVG is written, titled, and names its workloads and impls.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var listed bytes.Buffer
	require.NoError(t, run(filepath.Join("testdata", "raw.txt"), dir, "svg", 0, nil, &listed))

	want := map[string][]string{
		"Semaphore": {"uncontended", "contended-64", "aio", "xsync", "chan", "ns/op (log scale)", "812 ns"},
		"Queue":     {"cap-64", "unbounded", "aio", "chan", "54 ns"},
	}
	var paths []string
	for prim, texts := range want {
		path := filepath.Join(dir, prim+".svg")
		paths = append(paths, path)
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		svg := string(b)
		require.True(t, strings.HasPrefix(svg, "<?xml"), "not an SVG document")
		require.Contains(t, svg, "<svg")
		require.Contains(t, svg, prim+": ns/op, lower is better")
		require.Contains(t, svg, "GOMAXPROCS=2")
		for _, s := range texts {
			require.Contains(t, svg, ">"+s+"<", "%s.svg lacks %q", prim, s)
		}
	}
	require.ElementsMatch(t, paths, strings.Fields(listed.String()))
}

func TestRunStdin(t *testing.T) {
	dir := t.TempDir()
	in := "BenchmarkEvent/impl=aio/wake-1000-4 \t 1000 \t 5000 ns/op\n"
	require.NoError(t, run("-", dir, "svg", 0, strings.NewReader(in), &bytes.Buffer{}))
	require.FileExists(t, filepath.Join(dir, "Event.svg"))
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, in, file, want string
	}{
		{name: "no results", in: "PASS\nok \tpkg\t0.1s\n", file: "-", want: "no benchmark results"},
		{name: "missing file", file: filepath.Join(dir, "absent.txt"), want: "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(tc.file, dir, "svg", 0, strings.NewReader(tc.in), &bytes.Buffer{})
			require.ErrorContains(t, err, tc.want)
		})
	}
}
