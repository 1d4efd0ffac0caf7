// Package reliability holds only tests: aio's reliability suite. It checks the promises of
// the package doc (nothing lost to cancellation, no goroutine left behind, panics never lost)
// under adversarial schedules: linearizability of recorded concurrent histories
// (porcupine), model-based fuzzing, cancellation storms with exact conservation checks,
// panic gates, and broken implementations that prove each kind of check can fail.
package reliability
