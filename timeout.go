package aio

import (
	"context"
	"time"
)

// Sleep pauses the calling goroutine for d, like asyncio.sleep, unless ctx ends first.
//
// Sleep blocks until d has passed or ctx ends, whichever comes first. It returns nil when
// d passed, and ctx.Err() as soon as ctx ends (at once if ctx has already ended, even when
// d <= 0). A d <= 0 does not block. Sleep stops its timer on both paths, so no timer is
// left to the runtime. It holds no state and is cancel-safe: ending ctx loses nothing.
func Sleep(ctx context.Context, d time.Duration) error {
	checkCtx("aio.Sleep", ctx)
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// WaitFor calls fn with a context that ends d after the call, like asyncio.wait_for, and
// returns fn's outcome.
//
// WaitFor runs fn in the calling goroutine and blocks until fn returns; when the deadline
// passes it cancels fn's context and keeps waiting for fn, so no goroutine outlives the
// call, and a panic in fn propagates to the caller unchanged, with fn's own stack.
// The outcome, as in asyncio 3.12+:
//
//   - fn returned a nil error: its value is returned, even if the deadline passed meanwhile.
//     A value is never replaced by a timeout. In particular, fn that returns at exactly d
//     with a value keeps it.
//   - fn returned an error matching context.Canceled or context.DeadlineExceeded after
//     the deadline ended its context: WaitFor returns the zero value and [ErrTimeout],
//     which matches both ErrTimeout and context.DeadlineExceeded under [errors.Is].
//   - the parent ctx ended before the deadline (its own cancellation or an earlier
//     parent deadline): fn's error is returned unchanged; it is the parent's cancellation,
//     never a timeout.
//   - any other error is fn's own and is returned unchanged, with fn's value.
//
// Inside fn, once the deadline has passed, context.Cause of the context reports an error
// that matches [ErrTimeout] (and context.DeadlineExceeded) under errors.Is. It is a value
// of each call's own, not ErrTimeout itself: a context inherits its parent's cause, so a
// WaitFor inside fn tells by that value whether its own deadline or this one's ended it.
//
// When d <= 0, fn could not finish in time, so fn is not started and WaitFor returns
// [ErrTimeout] (or ctx.Err() if ctx has already ended). This is a choice: asyncio 3.12
// runs the coroutine up to its first suspension point, which has no Go equivalent.
// When ctx has already ended, fn is not started and ctx.Err() is returned.
//
// WaitFor panics if fn is nil.
func WaitFor[T any](ctx context.Context, d time.Duration, fn func(context.Context) (T, error)) (T, error) {
	if fn == nil {
		panic("aio.WaitFor: nil function")
	}
	checkCtx("aio.WaitFor", ctx)
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	if d <= 0 {
		return zero, ErrTimeout
	}
	own := new(deadlineCause)
	fctx, cancel := context.WithTimeoutCause(ctx, d, own)
	defer cancel()
	v, err := fn(fctx)
	if err == nil {
		return v, nil
	}
	// Cause(fctx) is own only if our deadline ended fctx; if the parent ended first (even
	// by its own, earlier deadline, or by an outer WaitFor's) fctx carries the parent's
	// cause instead. Reading the cause, not the clock, settles "which came first" without
	// a race.
	if fctx.Err() != nil && context.Cause(fctx) == error(own) && isCancellation(err) {
		return zero, ErrTimeout
	}
	return v, err
}

// deadlineCause is the cause WaitFor gives its deadline: each call makes its own, so that
// its address says whose deadline ended a context, which ErrTimeout alone cannot once a
// WaitFor runs inside another (TestWaitForNested). It behaves as ErrTimeout does.
type deadlineCause struct {
	_ byte // not zero-size: a new one gets an address of its own
}

func (*deadlineCause) Error() string { return ErrTimeout.Error() }

// Is reports whether target is ErrTimeout or context.DeadlineExceeded.
func (*deadlineCause) Is(target error) bool {
	return target == ErrTimeout || target == context.DeadlineExceeded
}

// Timeout reports true, as ErrTimeout's Timeout does.
func (*deadlineCause) Timeout() bool { return true }

// Shield starts fn in a new task that ctx's cancellation does not reach, like
// asyncio.shield. fn's context keeps ctx's values but never ends with ctx; only the
// returned task's own [Task.Cancel] cancels it. fn starts even if ctx has already ended
// (asyncio does the same).
//
// Shield(ctx, fn).Wait(ctx) is asyncio's await shield(...): when ctx ends, the Wait
// returns ctx.Err() at once while fn runs on to completion, and fn's outcome stays
// collectable from the task with [Task.Wait], [Task.Result] or [Task.Done]. Shield does
// not block. The task is a background task: nothing waits for it unless you do, so
// wait for it before the program exits if its work matters. A panic in fn is re-raised
// in whoever waits for the task, as [Task.Wait] says. Shield panics if ctx or fn is nil.
func Shield[T any](ctx context.Context, fn func(context.Context) (T, error)) *Task[T] {
	checkCtx("aio.Shield", ctx)
	if fn == nil {
		panic("aio.Shield: nil function")
	}
	return Go(context.WithoutCancel(ctx), fn)
}
