// Package bench holds aio's benchmarks against the Go floor and its peers
// (golang.org/x/sync, sourcegraph/conc, panjf2000/ants, alitto/pond). It is a module of its
// own so that importers of aio never download a competitor. Run ./run.sh.
package bench
