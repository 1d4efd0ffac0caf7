//go:build !race

package aio_test

// queueRaceEnabled scales the queue qStress tests down under the race detector.
const queueRaceEnabled = false
