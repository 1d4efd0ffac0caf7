package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A Primitive holds the results of one top-level benchmark (BenchmarkSemaphore is the
// primitive "Semaphore"): the median ns/op of every impl on every workload.
type Primitive struct {
	Name      string
	Workloads []string // in order of first appearance
	Impls     []string // "aio" first, then in order of first appearance
	// Median maps impl, then workload, to the median ns/op of its runs. A missing entry means
	// that impl did not run that workload.
	Median map[string]map[string]float64
}

// Results is everything read from one raw `go test -bench` output.
type Results struct {
	Primitives []*Primitive // in order of first appearance
	CPU        string       // from the "cpu:" header line, if any
	GOOS       string
	GOARCH     string
	Procs      int // GOMAXPROCS suffix stripped from the names, 0 if none
}

// sample is one benchmark result line.
type sample struct {
	name    string // full name, without "Benchmark", with its -N suffix
	nsPerOp float64
}

var trailingProcs = regexp.MustCompile(`-(\d+)$`)

// parseRaw reads raw `go test -bench` output (any -count, any number of packages) and returns
// the median ns/op per primitive, impl and workload.
//
// A benchmark named Benchmark<Primitive>/impl=<impl>/<workload...>[-N] gives its primitive, impl
// and workload; the elements after the primitive other than impl= form the workload (joined
// with "/"; "default" when there are none) and a name without impl= has the impl "default".
// The -N GOMAXPROCS suffix that `go test` adds is stripped when procs says which N it is; with
// procs 0 it is stripped only when every benchmark name ends in the same -N, since a workload
// may itself end in a number ("contended-64") and `go test` adds no suffix for GOMAXPROCS=1.
// Lines that are not benchmark results are ignored, apart from the cpu/goos/goarch headers.
func parseRaw(r io.Reader, procs int) (*Results, error) {
	res := &Results{}
	var samples []sample
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "cpu:"):
			res.CPU = strings.TrimSpace(strings.TrimPrefix(line, "cpu:"))
		case strings.HasPrefix(line, "goos:"):
			res.GOOS = strings.TrimSpace(strings.TrimPrefix(line, "goos:"))
		case strings.HasPrefix(line, "goarch:"):
			res.GOARCH = strings.TrimSpace(strings.TrimPrefix(line, "goarch:"))
		case strings.HasPrefix(line, "Benchmark"):
			if s, ok := parseLine(line); ok {
				samples = append(samples, s)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading benchmark output: %w", err)
	}
	if len(samples) == 0 {
		return nil, fmt.Errorf("no benchmark results with ns/op found")
	}
	if procs == 0 {
		procs = commonProcs(samples)
	}
	res.Procs = procs

	byName := map[string]*Primitive{}
	runs := map[[3]string][]float64{}
	for _, s := range samples {
		name := s.name
		if procs > 0 {
			name = strings.TrimSuffix(name, "-"+strconv.Itoa(procs))
		}
		prim, impl, workload := splitName(name)
		p := byName[prim]
		if p == nil {
			p = &Primitive{Name: prim, Median: map[string]map[string]float64{}}
			byName[prim] = p
			res.Primitives = append(res.Primitives, p)
		}
		if !slices.Contains(p.Workloads, workload) {
			p.Workloads = append(p.Workloads, workload)
		}
		if !slices.Contains(p.Impls, impl) {
			p.Impls = append(p.Impls, impl)
		}
		k := [3]string{prim, impl, workload}
		runs[k] = append(runs[k], s.nsPerOp)
	}
	for k, v := range runs {
		p := byName[k[0]]
		if p.Median[k[1]] == nil {
			p.Median[k[1]] = map[string]float64{}
		}
		p.Median[k[1]][k[2]] = median(v)
	}
	for _, p := range res.Primitives {
		// aio first, so that it stands first in every group of bars and in the legend.
		if i := slices.Index(p.Impls, "aio"); i > 0 {
			p.Impls = slices.Insert(slices.Delete(p.Impls, i, i+1), 0, "aio")
		}
	}
	return res, nil
}

// parseLine parses one result line: name, iterations, then value/unit pairs, one of them ns/op.
func parseLine(line string) (sample, bool) {
	f := strings.Fields(line)
	if len(f) < 4 {
		return sample{}, false
	}
	if _, err := strconv.ParseInt(f[1], 10, 64); err != nil {
		return sample{}, false
	}
	for i := 2; i+1 < len(f); i += 2 {
		if f[i+1] != "ns/op" {
			continue
		}
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return sample{}, false
		}
		return sample{name: strings.TrimPrefix(f[0], "Benchmark"), nsPerOp: v}, true
	}
	return sample{}, false
}

// commonProcs returns N when every name ends in the same -N, else 0.
func commonProcs(samples []sample) int {
	procs := 0
	for _, s := range samples {
		m := trailingProcs.FindStringSubmatch(s.name)
		if m == nil {
			return 0
		}
		n, err := strconv.Atoi(m[1])
		if err != nil || (procs != 0 && n != procs) {
			return 0
		}
		procs = n
	}
	return procs
}

// splitName splits "Semaphore/impl=aio/contended-64" into its primitive, impl and workload.
func splitName(name string) (prim, impl, workload string) {
	parts := strings.Split(name, "/")
	prim, impl = parts[0], "default"
	var rest []string
	for _, p := range parts[1:] {
		if v, ok := strings.CutPrefix(p, "impl="); ok {
			impl = v
			continue
		}
		rest = append(rest, p)
	}
	workload = strings.Join(rest, "/")
	if workload == "" {
		workload = "default"
	}
	return prim, impl, workload
}

// median returns the middle value of vs (the mean of the two middle ones for an even count).
func median(vs []float64) float64 {
	s := slices.Clone(vs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
