#!/usr/bin/env bash
# Runs every benchmark in bench/ and prints benchstat tables with the impls side by side.
#   COUNT=6 (default) runs each benchmark six times; BENCH=regexp selects benchmarks;
#   BENCHTIME is passed to -benchtime when set. Raw output goes to results/raw.txt.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results
args=(-run='^$' -bench="${BENCH:-.}" -count="${COUNT:-6}" -benchmem)
if [[ -n "${BENCHTIME:-}" ]]; then
	args+=(-benchtime="$BENCHTIME")
fi
go version
status=0
go test "${args[@]}" . | tee results/raw.txt || status=$?
echo
go run golang.org/x/perf/cmd/benchstat@latest -col /impl results/raw.txt
exit "$status" # a failing benchmark (or leak check) still fails the script, after the tables
