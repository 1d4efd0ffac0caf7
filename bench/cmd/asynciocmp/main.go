// Command asynciocmp runs the seeds' asyncio workloads with aio, the Go twins of the CPython
// programs in bench/asyncio, or with -impl go the same workloads written as Go code does
// without aio (goroutines and a WaitGroup, buffered channels, container/heap: the floor),
// and prints one line per workload in the same format:
//
//	workload=<name> ops=<n> seconds=<s> ns_per_op=<x>
//
// Each workload runs -runs times (default 5) in this process, after a garbage collection, and
// the median run is printed; process start-up is not timed. bench/compare.sh runs both sides
// and writes bench/results/asyncio.md.
//
// Usage:
//
//	go run ./cmd/asynciocmp [-runs 5] [-only gather,queue] [-impl aio|go]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/aio-go/aio/bench/internal/stats"
)

func main() {
	runs := flag.Int("runs", 5, "timed runs per workload; the median is printed")
	only := flag.String("only", "", "comma-separated workload names to run (default: all)")
	implName := flag.String("impl", "aio", "aio, or go for the hand-written Go floor")
	flag.Parse()
	im, ok := map[string]impl{"aio": aioImpl, "go": goImpl}[*implName]
	if !ok {
		fmt.Fprintf(os.Stderr, "asynciocmp: -impl must be aio or go, not %q\n", *implName)
		os.Exit(2)
	}
	if *runs < 1 {
		fmt.Fprintln(os.Stderr, "asynciocmp: -runs must be at least 1")
		os.Exit(2)
	}
	var names []string
	if *only != "" {
		names = strings.Split(*only, ",")
	}
	ctx := context.Background()
	for _, w := range workloads(1, im) {
		if names != nil && !slices.Contains(names, w.name) {
			continue
		}
		d, err := measure(ctx, w, *runs)
		if err != nil {
			fmt.Fprintf(os.Stderr, "asynciocmp: %s: %v\n", w.name, err)
			os.Exit(1)
		}
		fmt.Println(resultLine(w.name, w.ops, d))
	}
}

// measure runs w runs times and returns the median wall time of one run. It collects garbage
// before each run so that one run's garbage is not charged to the next, as the Python harness
// does, and checks every run's result.
func measure(ctx context.Context, w workload, runs int) (time.Duration, error) {
	times := make([]time.Duration, 0, runs)
	for range runs {
		if w.setup != nil {
			w.setup()
		}
		runtime.GC()
		start := time.Now()
		got, err := w.run(ctx)
		elapsed := time.Since(start)
		if err != nil {
			return 0, err
		}
		if got != w.want {
			return 0, fmt.Errorf("got %d, want %d", got, w.want)
		}
		times = append(times, elapsed)
	}
	return stats.Median(times), nil
}

// resultLine formats one result in the format the Python harness prints.
func resultLine(name string, ops int, d time.Duration) string {
	return fmt.Sprintf("workload=%s ops=%d seconds=%.6f ns_per_op=%.1f",
		name, ops, d.Seconds(), float64(d.Nanoseconds())/float64(ops))
}
