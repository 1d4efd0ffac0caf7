//go:build !race

package bench

// raceEnabled scales the scaling benchmarks down under -race, whose detector allows at
// most 8128 goroutines alive at once.
const raceEnabled = false
