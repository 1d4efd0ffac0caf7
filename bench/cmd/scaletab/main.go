// Command scaletab turns the raw output of bench/scaling.sh (results/scaling.txt) into the
// Markdown tables of results/SCALING.md: the median cost per operation of every cell, each
// contended workload's growth from 64 to 1024 goroutines, and whether aio's growth differs
// from each peer's by more than the noise.
//
//	go run ./cmd/scaletab results/scaling.txt
//
// The growth comparison divides aio's 1024/64 ratio by a peer's 1024/64 ratio in the same
// -cpu. Above 1, aio's cost grew more than the peer's. Each cell has only a handful of noisy
// samples, so a ratio of medians alone cannot say whether 1.2 is growth or chance; scaletab
// also gives 95% bootstrap intervals (the four sample sets resampled 10,000 times with a
// fixed seed, so the tables are reproducible) for aio's own ratio and for its ratio over the
// peer's, and says aio's cost grows faster than the peer's only when both lie above 1: aio's
// cost grew, and grew more than the peer's.
package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aio-go/aio/bench/internal/stats"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: scaletab results/scaling.txt")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "scaletab:", err)
		os.Exit(1)
	}
	defer f.Close()
	s, err := parse(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "scaletab:", err)
		os.Exit(1)
	}
	write(os.Stdout, s)
}

// cell names one benchmark: BenchmarkScaling<bench>/impl=<impl>/<param>=<size>-<cpu>.
type cell struct {
	bench, impl, size string
	cpu               int
}

// samples holds every sample of every cell, in ns per operation (ns/task where the benchmark
// reports it).
type samples map[cell][]float64

var lineRE = regexp.MustCompile(`^BenchmarkScaling(\w+)/impl=([^/\s]+)/\w+=([^\s/]+?)(?:-(\d+))?\s+\d+\s+([\d.]+) ns/op(?:\s+([\d.]+) ns/task)?`)

// parse reads raw `go test -bench` output and collects the BenchmarkScaling* samples. A name
// without a -N suffix ran at GOMAXPROCS=1.
func parse(r io.Reader) (samples, error) {
	s := make(samples)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := lineRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		c := cell{bench: m[1], impl: m[2], size: m[3], cpu: 1}
		if m[4] != "" {
			c.cpu, _ = strconv.Atoi(m[4])
		}
		v := m[5]
		if m[6] != "" {
			v = m[6]
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", sc.Text(), err)
		}
		s[c] = append(s[c], x)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(s) == 0 {
		return nil, fmt.Errorf("no BenchmarkScaling results found")
	}
	return s, nil
}

// growth compares aio's growth from g=lo to g=hi goroutines with a peer's, at one -cpu.
type growth struct {
	own, ownLo, ownHi float64 // aio's cost at hi over its cost at lo, with a 95% interval
	peer              float64 // the peer's
	rel, relLo, relHi float64 // own / peer, with a 95% interval
}

// growthVs compares aio's growth from g=lo to g=hi with the peer's, as ratios of medians,
// with 95% bootstrap intervals. ok is false if a cell has no samples.
func growthVs(s samples, bench, peer string, cpu int, lo, hi string) (g growth, ok bool) {
	sets := [4][]float64{
		s[cell{bench, "aio", lo, cpu}], s[cell{bench, "aio", hi, cpu}],
		s[cell{bench, peer, lo, cpu}], s[cell{bench, peer, hi, cpu}],
	}
	for _, set := range sets {
		if len(set) == 0 {
			return g, false
		}
	}
	var m [4]float64
	for i, set := range sets {
		m[i] = stats.Median(set)
	}
	g.own, g.peer = m[1]/m[0], m[3]/m[2]
	g.rel = g.own / g.peer
	const rounds = 10000
	r := rand.New(rand.NewPCG(1, 2))
	own, rel := make([]float64, rounds), make([]float64, rounds)
	re := make([]float64, 0, 16)
	for k := range rounds {
		for i, set := range sets {
			re = re[:0]
			for range set {
				re = append(re, set[r.IntN(len(set))])
			}
			m[i] = stats.Median(re)
		}
		own[k] = m[1] / m[0]
		rel[k] = own[k] / (m[3] / m[2])
	}
	interval := func(est []float64) (float64, float64) {
		slices.Sort(est)
		return est[rounds*25/1000], est[rounds*975/1000-1]
	}
	g.ownLo, g.ownHi = interval(own)
	g.relLo, g.relHi = interval(rel)
	return g, true
}

// verdict says whether aio's cost grows faster than the peer's: only if aio's own cost
// grows (its interval lies above 1) and grows more than the peer's (that interval too).
// When the peer's cost falls with more goroutines while aio's stays level, aio has not
// degraded, and the verdict says so.
func (g growth) verdict() string {
	switch {
	case g.relLo > 1 && g.ownLo > 1:
		return "**yes**"
	case g.relLo > 1:
		return "no: aio level, the peer's cost fell"
	case g.relHi < 1:
		return "no: slower than the peer's"
	default:
		return "no (interval spans 1)"
	}
}

// format prints a cost in ns: one decimal below 100, none from 100 up, with commas between
// thousands; "–" for a missing one.
func format(x float64) string {
	switch {
	case x == 0:
		return "–"
	case x >= 1000:
		s := strconv.FormatFloat(x, 'f', 0, 64)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		return s
	case x >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	default:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
}

// ratio formats b/a, "–" if either is missing.
func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "–"
	}
	return strconv.FormatFloat(b/a, 'f', 2, 64)
}

var cpus = []int{1, 2, 4, 8}

// contended describes one contended workload: its benchmark, its table's title (with the
// unit) and its peers, the floor first.
type contended struct {
	bench, title string
	peers        []string
}

var contendedWorkloads = []contended{
	{"Semaphore", "Semaphore, limit 4 (ns per acquire+release)", []string{"chan", "xsync"}},
	{"Lock", "Lock (ns per lock+unlock)", []string{"chan", "mutex"}},
	{"Queue", "Queue, g/2 producers and g/2 consumers, capacity 64 (ns per item)", []string{"chan", "cond"}},
}

// sized describes one workload measured at several sizes at the default GOMAXPROCS.
type sized struct {
	bench, title, param string
	sizes, impls        []string
	growth              bool // print the largest size's cost over the smallest's
}

var sizedWorkloads = []sized{
	{"QueueCap", "Queue capacity, 1 producer / 1 consumer (ns per item)", "cap", []string{"1", "64", "unbounded"}, []string{"aio", "chan", "cond"}, false},
	{"Gather", "Gather (ns per task)", "n", []string{"10", "1000", "100000"}, []string{"aio", "wg", "errgroup"}, true},
	{"Map", "Map, limit 8 (ns per task)", "n", []string{"10", "1000", "100000"}, []string{"aio", "workers", "errgroup", "ants"}, true},
	{"TaskGroup", "TaskGroup (ns per task)", "n", []string{"10", "1000", "100000"}, []string{"aio", "errgroup", "conc"}, true},
}

func write(w io.Writer, s samples) {
	n := 0
	for _, v := range s {
		n = max(n, len(v))
	}
	for _, c := range contendedWorkloads {
		fmt.Fprintf(w, "### %s, median of %d\n\n", c.title, n)
		fmt.Fprintln(w, "| -cpu | impl | g=4 | g=64 | g=1024 | 1024/64 |")
		fmt.Fprintln(w, "|---:|---|---:|---:|---:|---:|")
		for _, cpu := range cpus {
			for _, impl := range append([]string{"aio"}, c.peers...) {
				m := func(g string) float64 { return stats.Median(s[cell{c.bench, impl, g, cpu}]) }
				fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s |\n", cpu, impl,
					format(m("4")), format(m("64")), format(m("1024")), ratio(m("64"), m("1024")))
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "### Growth from 64 to 1024 goroutines, aio against each peer")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Each cost at 1024 goroutines over the same cost at 64 (1.00: flat), and aio's ratio over")
	fmt.Fprintln(w, "the peer's (above 1: aio's cost grew more), with 95% bootstrap intervals. aio's cost")
	fmt.Fprintln(w, "grows faster than the peer's only if both intervals lie above 1.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| workload | -cpu | peer | aio 1024/64 | 95% interval | peer 1024/64 | aio ÷ peer | 95% interval | aio grows faster |")
	fmt.Fprintln(w, "|---|---:|---|---:|---|---:|---:|---|---|")
	for _, c := range contendedWorkloads {
		for _, cpu := range cpus {
			for _, peer := range c.peers {
				g, ok := growthVs(s, c.bench, peer, cpu, "64", "1024")
				if !ok {
					continue
				}
				fmt.Fprintf(w, "| %s | %d | %s | %.2f | %.2f – %.2f | %.2f | %.2f | %.2f – %.2f | %s |\n",
					c.bench, cpu, peer, g.own, g.ownLo, g.ownHi, g.peer, g.rel, g.relLo, g.relHi, g.verdict())
			}
		}
	}
	fmt.Fprintln(w)
	for _, z := range sizedWorkloads {
		fmt.Fprintf(w, "### %s, median of %d\n\n", z.title, n)
		cpu := sizedCPU(s, z.bench)
		cols := make([]string, len(z.sizes))
		for i, size := range z.sizes {
			cols[i] = z.param + "=" + size
		}
		if z.growth {
			cols = append(cols, z.sizes[len(z.sizes)-1]+" / "+z.sizes[0])
		}
		fmt.Fprintf(w, "| impl | %s |\n", strings.Join(cols, " | "))
		fmt.Fprintf(w, "|---|%s\n", strings.Repeat("---:|", len(cols)))
		for _, impl := range z.impls {
			var row []string
			for _, size := range z.sizes {
				row = append(row, format(stats.Median(s[cell{z.bench, impl, size, cpu}])))
			}
			if z.growth {
				first := stats.Median(s[cell{z.bench, impl, z.sizes[0], cpu}])
				last := stats.Median(s[cell{z.bench, impl, z.sizes[len(z.sizes)-1], cpu}])
				row = append(row, ratio(first, last))
			}
			fmt.Fprintf(w, "| %s | %s |\n", impl, strings.Join(row, " | "))
		}
		fmt.Fprintln(w)
	}
}

// sizedCPU returns the GOMAXPROCS at which bench ran (the sized workloads run at one only).
func sizedCPU(s samples, bench string) int {
	cpu := 0
	for c := range s {
		if c.bench == bench && (cpu == 0 || c.cpu < cpu) {
			cpu = c.cpu
		}
	}
	return cpu
}
