#!/usr/bin/env bash
# chart.sh: draw raw `go test -bench` output as one SVG bar chart per primitive
# (<out>/<Primitive>.svg), with the program in bench/chart (a module of its own, so the bench
# module does not depend on a plotting library).
#
#   bench/chart.sh [raw.txt [outdir]]    defaults: bench/results/raw.txt, bench/results
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

raw=$(realpath -m "${1:-$here/results/raw.txt}")
out=$(realpath -m "${2:-$here/results}")
if [ ! -f "$raw" ]; then
	echo "chart.sh: $raw not found; make it with, in bench/:" >&2
	echo "  go test -run='^\$' -bench=. -count=6 . | tee results/raw.txt" >&2
	exit 1
fi

echo "== charts of $raw into $out"
(cd "$here/chart" && go run . -in "$raw" -out "$out")
