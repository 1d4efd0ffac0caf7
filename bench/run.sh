#!/usr/bin/env bash
# Runs every benchmark in bench/ and prints benchstat tables with the impls side by side.
#   COUNT=6 (default) runs each benchmark six times; BENCH=regexp selects benchmarks (by
#   default all but the BenchmarkScaling* ones, which are scaling.sh's); BENCHTIME (default
#   500ms, which keeps COUNT=6 near ten minutes on a 2-core machine) is -benchtime. Raw
#   output goes to results/raw.txt, the tables to results/benchstat.txt, the machine to
#   results/machine.txt, and one SVG bar chart per primitive to results/<Primitive>.svg
#   (chart.sh). The asyncio comparison is compare.sh, the scaling runs scaling.sh.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results
args=(-run='^$' -bench="${BENCH:-^Benchmark([^S]|S[^c])}" -count="${COUNT:-6}"
	-benchtime="${BENCHTIME:-500ms}" -benchmem)
{
	go version
	echo "nproc $(nproc)"
	grep -m1 '^model name' /proc/cpuinfo 2>/dev/null || true
} | tee results/machine.txt
status=0
go test "${args[@]}" . | tee results/raw.txt || status=$?
echo
go run golang.org/x/perf/cmd/benchstat@latest -table .name -col /impl results/raw.txt | tee results/benchstat.txt
echo
./chart.sh results/raw.txt results || status=$?
exit "$status" # a failing benchmark (or leak check) still fails the script, after the tables
