#!/usr/bin/env bash
# scaling.sh: the BenchmarkScaling* benchmarks (scaling_test.go). The contended workloads
# (Semaphore, Lock, Queue at 4, 64 and 1024 goroutines) run with -cpu=1,2,4,8; the size
# workloads (Gather/Map/TaskGroup at 10, 10^3, 10^5 tasks; queues at capacity 1, 64,
# unbounded) run at the default GOMAXPROCS. Raw output goes to results/scaling.txt, the
# benchstat tables to results/scaling-benchstat.txt, the machine to
# results/scaling-machine.txt. Conclusions are in results/SCALING.md.
#
#   COUNT=6 (default) runs each benchmark six times; BENCHTIME (default 200ms) is -benchtime.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results
common=(-run='^$' -count="${COUNT:-6}" -benchtime="${BENCHTIME:-200ms}" -benchmem)
{
	go version
	echo "nproc $(nproc)"
	grep -m1 '^model name' /proc/cpuinfo 2>/dev/null || true
} | tee results/scaling-machine.txt
status=0
{
	go test "${common[@]}" -bench='^BenchmarkScaling(Semaphore|Lock|Queue)$' -cpu=1,2,4,8 . || status=$?
	go test "${common[@]}" -bench='^BenchmarkScaling(QueueCap|Gather|Map|TaskGroup)$' . || status=$?
} | tee results/scaling.txt
echo
go run golang.org/x/perf/cmd/benchstat@latest -col /impl results/scaling.txt | tee results/scaling-benchstat.txt
exit "$status"
