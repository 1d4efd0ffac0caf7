#!/usr/bin/env bash
# scaling.sh: the BenchmarkScaling* benchmarks (scaling_test.go). The contended workloads
# (Semaphore, Lock, Queue at 4, 64 and 1024 goroutines) run with -cpu=1,2,4,8; the size
# workloads (Gather/Map/TaskGroup at 10, 10^3, 10^5 tasks; queues at capacity 1, 64,
# unbounded) run at the default GOMAXPROCS. Raw output goes to results/scaling.txt, the
# benchstat tables to results/scaling-benchstat.txt, the machine to
# results/scaling-machine.txt. Conclusions are in results/SCALING.md.
#
#   COUNT=6 (default) runs each benchmark six times; BENCHTIME (default 200ms) is -benchtime.
#
# The COUNT runs are rounds, as in run.sh: each round runs every scaling benchmark once, so
# the samples of aio and of the peers it is compared with are spread over the same minutes
# rather than taken back to back. cmd/scaletab then turns results/scaling.txt into the
# tables of results/scaling-tables.md, with a bootstrap interval on each comparison of
# growth from 64 to 1024 goroutines.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results
args=(-test.run='^$' -test.count=1 -test.benchtime="${BENCHTIME:-200ms}" -test.benchmem)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/bench.test" .
{
	go version
	echo "nproc $(nproc)"
	grep -m1 '^model name' /proc/cpuinfo 2>/dev/null || true
} | tee results/scaling-machine.txt
status=0
: >results/scaling.txt
for round in $(seq "${COUNT:-6}"); do
	echo "== round $round of ${COUNT:-6}"
	{
		"$tmp/bench.test" "${args[@]}" -test.bench='^BenchmarkScaling(Semaphore|Lock|Queue)$' -test.cpu=1,2,4,8 || status=$?
		"$tmp/bench.test" "${args[@]}" -test.bench='^BenchmarkScaling(QueueCap|Gather|Map|TaskGroup)$' || status=$?
	} | tee -a results/scaling.txt
done
echo
go run golang.org/x/perf/cmd/benchstat@latest -col /impl results/scaling.txt | tee results/scaling-benchstat.txt
go run ./cmd/scaletab results/scaling.txt | tee results/scaling-tables.md
exit "$status"
