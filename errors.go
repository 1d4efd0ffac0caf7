package aio

import (
	"context"
	"errors"
)

// Sentinel errors returned by aio's primitives. Compare them with [errors.Is]:
// aio may wrap them to add detail.
var (
	// ErrNotDone is returned by [Task.Result] for a task that has not finished.
	// It is asyncio's InvalidStateError("Result is not set.").
	ErrNotDone = errors.New("aio: task not done")

	// ErrQueueFull is returned by TryPut on a full queue (asyncio.QueueFull).
	ErrQueueFull = errors.New("aio: queue full")

	// ErrQueueEmpty is returned by TryGet on an empty queue (asyncio.QueueEmpty).
	ErrQueueEmpty = errors.New("aio: queue empty")

	// ErrQueueShutDown is returned by a queue's Put after Shutdown, and by its Get once
	// it is shut down and drained (asyncio.QueueShutDown).
	ErrQueueShutDown = errors.New("aio: queue shut down")

	// ErrBrokenBarrier is returned by [Barrier.Wait] when the barrier is aborted or reset
	// while the caller waits, and by every Wait on an aborted barrier
	// (asyncio.BrokenBarrierError).
	ErrBrokenBarrier = errors.New("aio: barrier broken")

	// ErrTooManyPermits is returned by [Semaphore.AcquireN] when it asks for more permits
	// than the semaphore has: such a call could never succeed, so it fails at once.
	ErrTooManyPermits = errors.New("aio: more permits asked for than the semaphore has")

	// ErrShutdownTimeout is returned by [Run] when main did not return within the grace
	// period after a shutdown signal, or when a second signal arrived.
	ErrShutdownTimeout = errors.New("aio: shutdown timed out")

	// ErrTimeout is returned by [WaitFor] when its deadline passed and the function
	// returned the cancellation (asyncio.TimeoutError). It also matches
	// [context.DeadlineExceeded], so code that checks for the context error keeps working.
	ErrTimeout error = timeoutError{}
)

type timeoutError struct{}

func (timeoutError) Error() string { return "aio: timeout" }

// Is reports whether target is context.DeadlineExceeded, so that
// errors.Is(ErrTimeout, context.DeadlineExceeded) holds.
func (timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// Timeout reports true, as context.DeadlineExceeded does, for net.Error-style checks.
func (timeoutError) Timeout() bool { return true }
