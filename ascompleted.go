package aio

import (
	"context"
	"iter"
	"runtime"
)

// AsCompleted returns a sequence that yields the tasks in the order they complete:
// asyncio.as_completed. Tasks already done when the iteration starts come first, in input
// order; a task listed twice is yielded once. Read each one with [Task.Result] (which
// does not re-panic) or [Task.Wait].
//
// Each step blocks until the next task completes or ctx ends. When ctx ends, the
// sequence stops without yielding the remaining tasks; check ctx.Err() after the loop to
// tell that from the end of the tasks. The sequence never cancels a task. Breaking out of
// the loop early is safe and leaves nothing behind (no goroutine, no callback). The
// sequence can be iterated more than once; each iteration starts afresh.
//
// AsCompleted panics if ctx or a task is nil.
func AsCompleted[T any](ctx context.Context, tasks ...*Task[T]) iter.Seq[*Task[T]] {
	checkCtx("aio.AsCompleted", ctx)
	tasks = uniqueTasks("aio.AsCompleted", tasks)
	return func(yield func(*Task[T]) bool) {
		if len(tasks) == 0 {
			return
		}
		w := newWatcher[T](len(tasks))
		defer w.close() // also runs if the loop body panics
		// The tasks done now are recorded first, in input order, before any is watched:
		// subscribing in input order instead let a task that completed while the later
		// ones were subscribed come before those already done (TestAsCompletedDoneFirst).
		pending := w.out // out's room is free until the first take
		for _, t := range tasks {
			if t.isDone() {
				w.notify(t)
			} else {
				pending = append(pending, t)
			}
		}
		for _, t := range pending {
			w.watch(t)
		}
		clear(pending)
		fin := w.out
		yielded := false
		for remaining := len(tasks); remaining > 0; {
			fin = w.take(fin)
			for _, t := range fin {
				if ctx.Err() != nil || !yield(t) {
					return
				}
				remaining--
			}
			if remaining == 0 {
				return
			}
			if len(fin) > 0 || !yielded {
				// Before parking, let tasks that are ready to run (often on this very
				// processor) finish: a yield costs less than a sleep and a wake-up, and
				// with short tasks it saves one of each per task.
				yielded = true
				runtime.Gosched()
				continue
			}
			yielded = false
			select {
			case <-w.sig:
			case <-ctx.Done():
				return
			}
		}
	}
}
