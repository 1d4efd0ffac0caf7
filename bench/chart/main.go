// Command chart draws aio's benchmark results as SVG bar charts, one per primitive.
//
// It reads raw `go test -bench` output (any -count; the median of the runs of each benchmark
// is drawn) for benchmarks named Benchmark<Primitive>/impl=<impl>/<workload>, and writes
// <out>/<Primitive>.svg for each primitive: one group of bars per workload, one bar per impl
// (aio first, beside the Go floor and the peers), in ns/op, lower is better. When a chart's
// values span more than a factor of 30, its y axis is logarithmic.
//
// It is a module of its own so that the bench module does not depend on a plotting library.
//
// Usage:
//
//	go run . -in ../results/raw.txt -out ../results
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	in := flag.String("in", "-", "raw `go test -bench` output to read; - for standard input")
	out := flag.String("out", ".", "directory to write <Primitive>.svg into")
	procs := flag.Int("procs", 0, "GOMAXPROCS suffix (-N) to strip from benchmark names; 0 to detect it")
	format := flag.String("format", "svg", "image format: svg, png or pdf")
	flag.Parse()
	if err := run(*in, *out, *format, *procs, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "chart:", err)
		os.Exit(1)
	}
}

// run reads the results from the file in (stdin when "-"), writes a chart per primitive into
// out in the given format, and lists the files it wrote on w.
func run(in, out, format string, procs int, stdin io.Reader, w io.Writer) error {
	r := stdin
	if in != "-" {
		f, err := os.Open(in)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	res, err := parseRaw(r, procs)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, p := range res.Primitives {
		path, err := writeChart(p, res, out, format)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, path)
	}
	return nil
}
