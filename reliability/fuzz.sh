#!/usr/bin/env bash
# Runs each model-based fuzz target of the reliability suite for a fixed time, one after
# the other. FUZZTIME sets the time per target (default 30s). New failing inputs are
# written under testdata/fuzz/<FuzzName>/ by go test; check them in once fixed.
#   reliability/fuzz.sh             # 30s per target
#   FUZZTIME=5m reliability/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")"
FUZZTIME="${FUZZTIME:-30s}"
targets=$(go test -list '^Fuzz' . | grep '^Fuzz')
for t in $targets; do
	echo "== $t ($FUZZTIME)"
	go test -run '^$' -fuzz "^${t}\$" -fuzztime "$FUZZTIME" .
done
