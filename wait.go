package aio

import (
	"context"
	"fmt"
	"slices"
)

// WaitMode says when [Wait] returns: asyncio's return_when.
type WaitMode int

const (
	// AllCompleted makes Wait return when every task is done (asyncio.ALL_COMPLETED).
	AllCompleted WaitMode = iota
	// FirstCompleted makes Wait return when any task is done (asyncio.FIRST_COMPLETED).
	FirstCompleted
	// FirstException makes Wait return when any task fails, or when every task is done
	// (asyncio.FIRST_EXCEPTION). A task that panicked has failed; a Cancelled task has not.
	FirstException
)

// String returns the mode's Go name.
func (m WaitMode) String() string {
	switch m {
	case AllCompleted:
		return "AllCompleted"
	case FirstCompleted:
		return "FirstCompleted"
	case FirstException:
		return "FirstException"
	}
	return fmt.Sprintf("WaitMode(%d)", int(m))
}

// Wait blocks until the tasks reach the condition mode names, or ctx ends: asyncio.wait.
// It returns the tasks that are done and those still pending, each in input order; a task
// listed twice appears once. Wait never cancels a pending task, and never re-raises a
// task's panic: inspect done tasks with [Task.Result].
//
// If the condition already holds, Wait returns at once with a nil error, even if ctx has
// ended. Otherwise, when ctx ends first, it returns the tasks done so far, the rest as
// pending, and ctx.Err(), unless those lists meet the condition after all (a task that
// completed just before ctx ended): then the error is nil. Wait is cancel-safe: it
// changes no task and leaves nothing behind (no goroutine, no callback). With no tasks it
// returns nil, nil, nil. It panics if ctx or a task is nil, or if mode is not one of the
// three modes.
func Wait[T any](ctx context.Context, tasks []*Task[T], mode WaitMode) (done, pending []*Task[T], err error) {
	checkCtx("aio.Wait", ctx)
	if mode < AllCompleted || mode > FirstException {
		panic(fmt.Sprintf("aio.Wait: invalid mode %d", int(mode)))
	}
	tasks = uniqueTasks("aio.Wait", tasks)
	if len(tasks) == 0 {
		return nil, nil, nil
	}
	// Fast path: the condition may already hold (a common case in loops that call Wait
	// repeatedly with FirstCompleted), then no subscription is needed.
	if waitSatisfied(tasks, mode) {
		done, pending = partition(tasks)
		return done, pending, nil
	}
	if mode == AllCompleted && ctx.Done() == nil {
		// Nothing but the tasks can end this wait, and it ends only when every task is
		// done: wait for each in turn on its WaitGroup, with no watcher to make and no
		// subscriptions to take and drop.
		waitEach(tasks)
		done, pending = partition(tasks)
		return done, pending, nil
	}
	w := newWatcher[T](len(tasks))
	w.quiet, w.mode = true, mode
	defer w.close()
	for _, t := range tasks {
		w.watch(t)
	}
	remaining := len(tasks)
	fin := w.out
	for {
		fin = w.take(fin)
		met := false
		for _, t := range fin {
			remaining--
			if endsWait(mode, t) {
				met = true
			}
		}
		if met || remaining == 0 {
			done, pending = partition(tasks)
			return done, pending, nil
		}
		select {
		case <-w.sig:
		case <-ctx.Done():
			// A task may complete while we partition: partition reads each task once,
			// so every task lands in exactly one of the two lists. And one may have
			// completed before ctx ended without our having been told yet (a task is done
			// before it tells its watchers, and an OnDone callback of its own may be what
			// ended ctx): if the lists meet the condition, the wait was met, not cut short.
			done, pending = partition(tasks)
			if conditionMet(done, pending, mode) {
				return done, pending, nil
			}
			return done, pending, ctx.Err()
		}
	}
}

// waitEach returns once every task is done. Like Task.Wait, it yields once before it first
// parks.
func waitEach[T any](tasks []*Task[T]) {
	yield := true
	for _, t := range tasks {
		if t.awaitDone(yield) {
			yield = false
		}
	}
}

// endsWait reports whether the done task t alone meets mode's condition: any task for
// FirstCompleted, a failed one for FirstException, none for AllCompleted.
func endsWait[T any](mode WaitMode, t *Task[T]) bool {
	return mode == FirstCompleted || mode == FirstException && t.isException()
}

// conditionMet reports whether mode's condition holds for a partition into done and
// pending.
func conditionMet[T any](done, pending []*Task[T], mode WaitMode) bool {
	for _, t := range done {
		if endsWait(mode, t) {
			return true
		}
	}
	return len(pending) == 0
}

// waitSatisfied reports whether mode's condition holds for tasks right now.
func waitSatisfied[T any](tasks []*Task[T], mode WaitMode) bool {
	all := true
	for _, t := range tasks {
		if !t.isDone() {
			all = false
		} else if endsWait(mode, t) {
			return true
		}
	}
	return all
}

// partition splits tasks into done and pending, keeping their order. It reads each task's
// state once, and both results share one allocation: done fills it from the front,
// pending from the back (then put back in order).
func partition[T any](tasks []*Task[T]) (done, pending []*Task[T]) {
	buf := make([]*Task[T], len(tasks))
	d, p := 0, len(buf)
	for _, t := range tasks {
		if t.isDone() {
			buf[d] = t
			d++
		} else {
			p--
			buf[p] = t
		}
	}
	if d > 0 {
		done = buf[:d:d]
	}
	if d < len(buf) {
		pending = buf[d:]
		slices.Reverse(pending)
	}
	return done, pending
}

// uniqueTasks returns tasks without duplicates, first occurrence kept, and panics naming
// fn on a nil task. It returns tasks itself when there is no duplicate.
func uniqueTasks[T any](fn string, tasks []*Task[T]) []*Task[T] {
	for i, t := range tasks {
		if t == nil {
			panic(fmt.Sprintf("%s: nil task at index %d", fn, i))
		}
	}
	if len(tasks) <= 16 {
		for i := 1; i < len(tasks); i++ {
			for j := range i {
				if tasks[i] == tasks[j] {
					return dedupe(tasks)
				}
			}
		}
		return tasks
	}
	return dedupe(tasks)
}

func dedupe[T any](tasks []*Task[T]) []*Task[T] {
	seen := make(map[*Task[T]]struct{}, len(tasks))
	out := make([]*Task[T], 0, len(tasks))
	for _, t := range tasks {
		if _, ok := seen[t]; !ok {
			seen[t] = struct{}{}
			out = append(out, t)
		}
	}
	return out
}
