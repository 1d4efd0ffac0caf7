// Package examples_test builds every program in examples/ and runs it with small sizes,
// checking that its output shows the pattern at work. It is part of go test ./...
package examples_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// program is one example run: the program, its arguments and the texts its output must
// contain. A program may be run more than once, with different arguments.
type program struct {
	name string
	args []string
	want []string
}

var programs = []program{
	{"gather", []string{"-n", "5", "-delay", "20ms"}, []string{
		`first result: "page 0", last result: "page 4" (input order)`,
		"serial              5 ",
		"aio.Gather          5 ",
		"same bytes: true",
	}},
	{"scraper", []string{"-n", "20", "-limit", "4", "-timeout", "1s"}, []string{
		"crawling 20 pages, at most 4 at a time (map)",
		"summary: 16 ok (312 bytes), 2 timeouts, 2 errors",
		"(limit 4 held: true)",
	}},
	{"scraper", []string{"-n", "20", "-limit", "4", "-timeout", "1s", "-mode", "semaphore"}, []string{
		"crawling 20 pages, at most 4 at a time (semaphore)",
		"summary: 16 ok (312 bytes), 2 timeouts, 2 errors",
		"(limit 4 held: true)",
	}},
	{"firstcompleted", []string{"-latencies", "10s,100ms,10s"}, []string{
		`winner: "file from mirror-b"`,
		"2 still pending",
		"mirror-a: Cancelled()=true, err is context.Canceled: true",
		"mirror-c: Cancelled()=true, err is context.Canceled: true",
	}},
	{"ascompleted", []string{"-n", "5", "-step", "20ms"}, []string{
		"started 5 jobs",
		" 1/5 done: ",
		"[####################]  5/5 done: ",
		"all 5 jobs done",
	}},
	{"taskgroup", []string{"-workers", "3"}, []string{
		"step reserve-2: canceled, cleaned up",
		"TaskGroup.Wait returned 2 failures (errors.Join):\n  - charge: card declined\n  - ship: rollback failed: connection reset",
		"errors.Is(err, errDeclined) = true, errors.Is(err, errRollback) = true",
	}},
	{"retry", []string{"-failures", "2", "-attempts", "3", "-initial", "2ms"}, []string{
		"GET /flaky\n  attempt 1 failed: 503 Service Unavailable; retrying in 2ms\n  attempt 2 failed: 503 Service Unavailable; retrying in 4ms\n  ok: \"fresh data\"",
		"gave up after 3 attempts: aio.Retry: 3 attempts: 503 Service Unavailable",
		"GET /missing\n  not retried, the error is Permanent: aio.Retry: 1 attempt: 404 Not Found",
	}},
	{"shutdown", []string{"-demo", "-after", "100ms", "-workers", "2", "-job", "5ms"}, []string{
		"demo: sending SIGINT to myself",
		"shutdown requested: aio.Run: interrupt received",
		"worker 0: flushed",
		"worker 1: flushed",
		"all 2 workers stopped cleanly",
		"aio.Run returned <nil>",
	}},
	{"prodcons", []string{"-producers", "2", "-consumers", "3", "-items", "8", "-size", "3", "-work", "1ms"}, []string{
		"queue of capacity 3; 2 producers put 8 items each; 3 consumers",
		"producer 0: put 8 items",
		"producer 1: put 8 items",
		"Join returned: 16 of 16 items processed",
		"consumer 2: processed",
		"after Shutdown, Put fails: aio: queue shut down",
		"the queue never held more than its capacity: true",
	}},
	{"priority", []string{"-jobs", "5", "-seed", "1", "-work", "2ms"}, []string{
		"queued   job-0 (priority 2)\nqueued   job-1 (priority 1)\nqueued   job-2 (priority 3)\nqueued   job-3 (priority 1)\nqueued   job-4 (priority 3)\n",
		"running  job-1 (priority 1)\nqueued   urgent: page the on-call (priority 0) while the worker is busy\nrunning  urgent: page the on-call (priority 0)\nrunning  job-3 (priority 1)\nrunning  job-0 (priority 2)\nrunning  job-2 (priority 3)\nrunning  job-4 (priority 3)\n",
		"done: 6 jobs run in priority order",
	}},
	{"condition", []string{"-producers", "3", "-consumers", "2", "-items", "10", "-size", "2"}, []string{
		"consumed 30 items, sum 465 (expected 465)",
		"(capacity 2)",
		"get on the empty buffer with a 20ms deadline: context deadline exceeded",
		"afterwards the lock is free (true) and the buffer unchanged (0 items)",
	}},
	{"barrier", []string{"-workers", "3", "-phases", "2", "-step", "1ms"}, []string{
		"phase 1 complete: arrivals",
		"phase 2 complete: arrivals",
		"all 2 phases done; nobody waiting: true",
	}},
	{"barrier", []string{"-workers", "3", "-phases", "3", "-step", "1ms", "-fail", "2"}, []string{
		"phase 1 complete: arrivals",
		"barrier broken: true; the other 2 workers got ErrBrokenBarrier: true",
		"group error: worker 0: phase 2 failed",
	}},
	{"tour", nil, []string{
		"Wait: 42 <nil>",
		"[a b c] <nil>, in input order",
		"peak concurrency 3",
		"winner: fast mirror; loser canceled: true",
		"completed in the order b, c, a",
		`joined: "charge: card declined; ship: rollback failed"`,
		"aio: timeout (is context.DeadlineExceeded: true)",
		`the shielded write went on: "order saved" <nil>`,
		`result: "fresh data" <nil> after 3 calls`,
		"Run returned <nil>",
		"6 jobs through a semaphore of 2: peak concurrency 2, 2 permits free afterwards",
		"Acquire while held, 10ms deadline: context deadline exceeded; TryLock: false",
		"Set woke all 3 waiters; IsSet: true",
		`a waiter woken by Notify found: "job"`,
		"3 workers, 2 phases: [p1 p1 p1 p2 p2 p2]",
		"after Abort: aio: barrier broken (is ErrBrokenBarrier: true)",
		"sum 55; Put now: aio: queue shut down",
		"got c, b, a; then TryGet: aio: queue empty",
		"ties in arrival order: page on-call, restart, resize, backup",
		"tour done: 21 patterns",
	}},
}

func TestExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every example program")
	}
	goTool := goCommand(t)
	bin := t.TempDir()
	// One build for every program, without -race even under go test -race: it is the
	// programs' output that is checked here, and building them with -race is slow.
	build := exec.Command(goTool, "build", "-o", bin+string(filepath.Separator), "./...")
	build.Env = append(os.Environ(), "GOFLAGS=")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build ./examples/...:\n%s", out)

	t.Run("every program is tested", func(t *testing.T) {
		dirs, err := filepath.Glob("*/main.go")
		require.NoError(t, err)
		var have, tested []string
		for _, d := range dirs {
			have = append(have, filepath.Dir(d))
		}
		for _, p := range programs {
			tested = append(tested, p.name)
		}
		sort.Strings(have)
		sort.Strings(tested)
		tested = slices.Compact(tested)
		require.Equal(t, have, tested)
	})

	for _, p := range programs {
		t.Run(strings.Join(append([]string{p.name}, p.args...), " "), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			exe := filepath.Join(bin, p.name)
			if runtime.GOOS == "windows" {
				exe += ".exe"
			}
			out, err := exec.CommandContext(ctx, exe, p.args...).CombinedOutput()
			require.NoError(t, err, "%s %s:\n%s", p.name, strings.Join(p.args, " "), out)
			for _, w := range p.want {
				require.Contains(t, string(out), w, "%s %s", p.name, strings.Join(p.args, " "))
			}
		})
	}
}

// TestShutdownOnCtrlC sends a real SIGINT to the shutdown program, as Ctrl+C in a
// terminal does, once its workers are running.
func TestShutdownOnCtrlC(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds the shutdown program and sends it SIGINT")
	}
	bin := t.TempDir()
	exe := filepath.Join(bin, "shutdown")
	out, err := exec.Command(goCommand(t), "build", "-o", exe, "./shutdown").CombinedOutput()
	require.NoError(t, err, "go build ./examples/shutdown:\n%s", out)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-workers", "2", "-job", "2ms")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	var lines []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if strings.Contains(sc.Text(), "workers running") {
			require.NoError(t, cmd.Process.Signal(os.Interrupt))
		}
	}
	require.NoError(t, cmd.Wait(), "%s", strings.Join(lines, "\n"))
	got := strings.Join(lines, "\n")
	for _, w := range []string{
		"press Ctrl+C to stop",
		"shutdown requested: aio.Run: interrupt received",
		"all 2 workers stopped cleanly",
		"aio.Run returned <nil>",
	} {
		require.Contains(t, got, w)
	}
}

// goCommand returns the go command that runs this test.
func goCommand(t *testing.T) string {
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); fileExists(p) {
			return p
		}
	}
	p, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to build the examples")
	return p
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
