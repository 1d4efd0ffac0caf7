#!/usr/bin/env bash
# Runs every benchmark in bench/ and prints benchstat tables with the impls side by side.
#   COUNT=6 (default) runs each benchmark six times; BENCH=regexp selects benchmarks (by
#   default all but the BenchmarkScaling* ones, which are scaling.sh's); BENCHTIME (default
#   500ms, which keeps COUNT=6 near ten minutes on a 2-core machine) is -benchtime. Raw
#   output goes to results/raw.txt, the tables to results/benchstat.txt, the machine to
#   results/machine.txt, and one SVG bar chart per primitive to results/<Primitive>.svg
#   (chart.sh). The asyncio comparison is compare.sh, the scaling runs scaling.sh.
#
# The COUNT runs are rounds: each round runs every benchmark once, so the samples of aio and
# of the peers it is compared with are spread over the same ten minutes. (With -count=6 the
# six samples of one benchmark are taken back to back, and on a shared machine whose speed
# drifts that put a slow minute into one implementation's median only.)
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results
args=(-test.run='^$' -test.bench="${BENCH:-^Benchmark([^S]|S[^c])}" -test.count=1
	-test.benchtime="${BENCHTIME:-500ms}" -test.benchmem)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/bench.test" .
{
	go version
	echo "nproc $(nproc)"
	grep -m1 '^model name' /proc/cpuinfo 2>/dev/null || true
} | tee results/machine.txt
status=0
: >results/raw.txt
for round in $(seq "${COUNT:-6}"); do
	echo "== round $round of ${COUNT:-6}"
	"$tmp/bench.test" "${args[@]}" | tee -a results/raw.txt || status=$?
done
echo
go run golang.org/x/perf/cmd/benchstat@latest -table .name -col /impl results/raw.txt | tee results/benchstat.txt
echo
./chart.sh results/raw.txt results || status=$?
exit "$status" # a failing benchmark (or leak check) still fails the script, after the tables
