//go:build race

package aio_test

// raceEnabled scales the queue stress tests down under the race detector.
const raceEnabled = true
