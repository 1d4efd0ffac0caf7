package aio

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/aio-go/aio/internal/sched"
)

// TaskGroup runs a group of tasks under a shared context and waits for them all:
// asyncio.TaskGroup (structured concurrency), a superset of errgroup.Group. The first
// task to fail cancels the group's context, so its siblings stop; [TaskGroup.Wait] waits
// for every task and returns every failure. Create one with [NewTaskGroup]; the zero value
// is not usable. Methods are safe for concurrent use, except that [TaskGroup.SetLimit]
// must not run concurrently with starting tasks.
//
// A task whose error is the cancellation of its context, while that context is done, is
// not a failure: it was stopped by the group ([TaskGroup.Cancel], a sibling's failure,
// the parent context) or by hand ([Task.Cancel] on a task from [Spawn]).
type TaskGroup struct {
	parent context.Context
	ctx    context.Context
	cancel context.CancelCauseFunc

	limit int64 // 0: no limit; set by SetLimit before tasks start
	// count is the goroutines of the group still running (tasks without a limit, workers
	// with one), with groupWaiting set while a Wait sleeps and groupClosed once Wait has
	// seen it reach zero. A start adds one and sees groupClosed in the same atomic add,
	// so a start racing Wait either is counted before Wait can close the group, which
	// then waits for it, or panics: never a task that Wait does not wait for (a
	// sync.WaitGroup forbids that Add rather than detecting it).
	count atomic.Int64
	wmu   sync.Mutex
	wcond sync.Cond // on wmu: Wait sleeps on it; the last goroutine out wakes it

	// With a limit, up to limit worker goroutines run the tasks: a worker that finishes a
	// task takes the function of the first Go waiting for a slot and runs it, so a busy
	// group reuses its goroutines instead of starting one per task.
	qmu     sync.Mutex
	workers int64                // guarded by qmu; slots in use
	queue   sched.List[groupJob] // guarded by qmu; callers waiting for a slot, offering a job

	mu       sync.Mutex
	errs     []error     // real failures, in the order they happened
	panicked *PanicError // the first panic
	waited   bool        // result is set
	result   error       // what Wait returned, for a second call
}

// NewTaskGroup returns a TaskGroup and its context, derived from ctx, which every task
// receives. The context is canceled when a task fails, when [TaskGroup.Cancel] is
// called, or when [TaskGroup.Wait] returns, whichever comes first; its cause
// ([context.Cause]) is the first failure. NewTaskGroup panics if ctx is nil.
func NewTaskGroup(ctx context.Context) (*TaskGroup, context.Context) {
	checkCtx("aio.NewTaskGroup", ctx)
	gctx, cancel := context.WithCancelCause(ctx)
	g := &TaskGroup{parent: ctx, ctx: gctx, cancel: cancel}
	g.wcond.L = &g.wmu
	return g, gctx
}

// SetLimit limits the group to n tasks running at once; n <= 0 removes the limit
// (errgroup treats 0 as "none may run"; aio follows [Map], where 0 means no limit). Call
// it before starting tasks: it panics if tasks are running, and a task counts as running
// until its goroutine has finished the group's bookkeeping, a moment after its Task's
// Done is closed.
func (g *TaskGroup) SetLimit(n int) {
	g.check("SetLimit")
	g.qmu.Lock()
	busy := g.count.Load()&groupCountMask != 0 || g.workers != 0 || g.queue.Len() != 0
	g.qmu.Unlock()
	if busy {
		panic("aio: TaskGroup.SetLimit called while tasks are running")
	}
	g.limit = int64(max(n, 0))
}

// Go starts fn in a new goroutine of the group. With a limit, Go blocks until a slot is
// free, in FIFO order with other callers, and fn then runs in the goroutine of the task
// that freed the slot, so a busy group reuses its goroutines; Go stops waiting, starting
// nothing, when the group's context ends. Once that context has ended (a failure,
// [TaskGroup.Cancel], the parent), Go starts nothing. A panic in fn is re-raised by
// [TaskGroup.Wait]. Go panics if fn is nil or if Wait has already returned.
func (g *TaskGroup) Go(fn func(context.Context) error) {
	g.checkStart("Go", fn == nil)
	if g.limit > 0 {
		g.submit(groupJob{fn: fn}, false)
		return
	}
	if !g.acquire() {
		return
	}
	go g.run(fn)
}

// TryGo starts fn in a new goroutine of the group if that is possible without waiting:
// it returns false, starting nothing, when the limit is reached or the group's context
// has ended. It panics like [TaskGroup.Go].
func (g *TaskGroup) TryGo(fn func(context.Context) error) bool {
	g.checkStart("TryGo", fn == nil)
	if g.limit > 0 {
		return g.submit(groupJob{fn: fn}, true)
	}
	if !g.acquire() {
		return false
	}
	go g.run(fn)
	return true
}

// Spawn starts fn as a task of the group g and returns its [Task], whose result the
// caller can collect: asyncio's TaskGroup.create_task. It waits for a slot like
// [TaskGroup.Go]. If the group's context ends before fn can start, Spawn returns a task
// that is already done and Cancelled, with the context's error. The task's failure or
// panic is also a failure of the group, recorded (and the group canceled) before the
// task's [Task.OnDone] callbacks run, as asyncio's own done-callback runs first; the task
// holds its place in the group until its callbacks have returned, so a callback must not
// wait for the group, nor start a task in a group at its limit. Spawn panics if g or fn
// is nil, or if [TaskGroup.Wait] has returned.
func Spawn[T any](g *TaskGroup, fn func(context.Context) (T, error)) *Task[T] {
	if g == nil {
		panic("aio.Spawn: nil TaskGroup")
	}
	g.checkStart("Spawn", fn == nil)
	limited := g.limit > 0
	if !limited && !g.acquire() {
		return doneTask[T](g.ctx.Err())
	}
	t := newTask[T](g.ctx)
	t.more = &taskMore[T]{group: g.ctx, onOutcome: func(t *Task[T]) {
		// Runs once the task is done, before its callbacks.
		if p := t.panicErr(); p != nil {
			g.fail(p, nil)
		} else if t.isException() {
			g.fail(nil, t.err)
		}
	}}
	if !limited {
		t.more.onFinish = func(*Task[T]) { g.exit() } // after the callbacks, from a defer
	}
	if limited {
		if !g.submit(groupJob{task: func() { t.run(fn) }}, false) {
			t.Cancel() // never started: releases its context
			return doneTask[T](g.ctx.Err())
		}
		return t
	}
	go t.run(fn)
	return t
}

// Cancel cancels the group's context, stopping every task: asyncio's TaskGroup.cancel
// (Python 3.15). It is not a failure: tasks that return the cancellation are not
// reported by [TaskGroup.Wait], and no new task starts. It does not wait.
func (g *TaskGroup) Cancel() {
	g.check("Cancel")
	g.cancel(context.Canceled)
}

// Wait blocks until every task of the group has returned, then cancels the group's
// context and returns the failures joined with [errors.Join] (asyncio's ExceptionGroup),
// the first failure first. Cancellations caused by the group are left out. With no
// failure it returns nil, or the parent context's error if the parent has ended. If a task
// panicked, Wait re-raises the first panic as a *[PanicError] once all tasks are done.
//
// Wait is not bounded by a context: cancel the group to make it return sooner. Calling it
// again returns the same result; starting a task after it returned panics.
func (g *TaskGroup) Wait() error {
	g.check("Wait")
	g.waitClosed()
	g.mu.Lock()
	if !g.waited {
		g.result = errors.Join(g.errs...)
		if g.result == nil && g.panicked == nil {
			g.result = g.parent.Err()
		}
		g.waited = true
	}
	g.mu.Unlock()
	g.cancel(context.Canceled)
	if g.panicked != nil {
		panic(g.panicked)
	}
	return g.result
}

// The bits of TaskGroup.count above the count itself.
const (
	groupWaiting   = int64(1) << 61
	groupClosed    = int64(1) << 62
	groupCountMask = groupWaiting - 1
)

// enter counts a goroutine of the group in and reports true, or reports false, counting
// nothing, if Wait has closed the group (the caller panics: a use after Wait).
func (g *TaskGroup) enter() bool {
	if g.count.Add(1)&groupClosed != 0 {
		g.count.Add(-1)
		return false
	}
	return true
}

// exit counts a goroutine of the group out and wakes Wait if it was the last.
func (g *TaskGroup) exit() {
	if c := g.count.Add(-1); c&groupCountMask == 0 && c&groupWaiting != 0 {
		g.wmu.Lock()
		g.wcond.Broadcast()
		g.wmu.Unlock()
	}
}

// waitClosed waits until no goroutine of the group runs and closes the group, so that
// every later start panics. A start that slips in as the count reaches zero is counted,
// and waited for in turn.
func (g *TaskGroup) waitClosed() {
	for {
		c := g.count.Load()
		if c&groupClosed != 0 {
			return // closed by an earlier or a concurrent Wait
		}
		if c&groupCountMask == 0 {
			if g.count.CompareAndSwap(c, groupClosed) {
				return
			}
			continue
		}
		g.wmu.Lock()
		// Flagged before the look under wmu: the exit that brings the count to zero
		// either came before the look, which then sees zero, or sees the flag and takes
		// wmu to wake us, which it can do only once we sleep.
		g.count.Or(groupWaiting)
		if g.count.Load()&groupCountMask != 0 {
			g.wcond.Wait()
		}
		g.wmu.Unlock()
	}
}

// acquire counts a task of a group without a limit in. It reports false, counting
// nothing, when the group's context has ended, and panics if Wait has returned.
func (g *TaskGroup) acquire() bool {
	if g.ctx.Err() != nil {
		g.checkOpen()
		return false
	}
	if !g.enter() {
		panic(errUsedAfterWait)
	}
	return true
}

// groupJob is one task of a group with a limit: fn for Go and TryGo, task for Spawn
// (which records its own outcome).
type groupJob struct {
	fn   func(context.Context) error
	task func()
}

// submit starts j in a new worker if a slot is free and nobody waits for one; otherwise,
// unless try, it queues j in FIFO order until a finishing worker takes it. It reports
// false, starting nothing, when the group's context ends first or (try) no slot is free.
func (g *TaskGroup) submit(j groupJob, try bool) bool {
	if g.ctx.Err() != nil {
		g.checkOpen()
		return false
	}
	g.qmu.Lock()
	if g.workers < g.limit && g.queue.Len() == 0 {
		if !g.enter() {
			g.qmu.Unlock()
			panic(errUsedAfterWait)
		}
		g.workers++
		g.qmu.Unlock()
		go g.worker(j)
		return true
	}
	if try {
		g.qmu.Unlock()
		return false
	}
	w := g.queue.Enqueue(0, j)
	g.qmu.Unlock()
	if _, st := g.queue.Await(g.ctx, &g.qmu, w); st == sched.Canceled {
		g.qmu.Unlock()
		return false
	}
	return true // Handed or Late: a worker has taken j.
}

// worker runs j, then the jobs of waiting callers, one at a time, until nobody waits.
func (g *TaskGroup) worker(j groupJob) {
	exited := false
	defer func() {
		if !exited {
			// A job called runtime.Goexit, which ends this goroutine: hand the slot to
			// a new worker if a job waits for it.
			if j, ok := g.next(); ok {
				go g.worker(j)
			}
		}
	}()
	for {
		if j.task != nil {
			j.task()
		} else {
			g.call(j.fn)
		}
		var ok bool
		if j, ok = g.next(); !ok {
			exited = true
			return
		}
	}
}

// next takes the job of the first caller waiting for a slot, keeping the slot, or, if
// nobody waits or the group's context has ended, gives the slot up and counts the
// worker out.
func (g *TaskGroup) next() (groupJob, bool) {
	g.qmu.Lock()
	if w := g.queue.Front(); w != nil && g.ctx.Err() == nil {
		j := w.V
		g.queue.Detach(w)
		g.qmu.Unlock()
		w.Deliver(groupJob{})
		return j, true
	}
	g.workers--
	g.qmu.Unlock()
	g.exit()
	return groupJob{}, false
}

// run calls fn as a task of a group without a limit.
func (g *TaskGroup) run(fn func(context.Context) error) {
	defer g.exit()
	g.call(fn)
}

// call calls fn as a task of the group and records its failure. A panic in fn is
// recovered and recorded; runtime.Goexit is recorded and goes on ending the goroutine.
func (g *TaskGroup) call(fn func(context.Context) error) {
	normal := false
	defer func() {
		if !normal {
			g.fail(abnormalExit(recover()))
		}
	}()
	err := fn(g.ctx)
	normal = true
	// A cancellation while the group's context is done was caused by the group.
	if err != nil && !(g.ctx.Err() != nil && isCancellation(err)) {
		g.fail(nil, err)
	}
}

// fail records a failure or a panic and, for the first, cancels the group's context with
// it as the cause. Only the first cancels: a later failure that canceled first (each
// cancels after unlocking) would make the cause another failure than the one Wait lists
// first (TestTaskGroupCauseIsFirstFailure).
func (g *TaskGroup) fail(p *PanicError, err error) {
	g.mu.Lock()
	if p != nil {
		if g.panicked == nil {
			g.panicked = p
		}
		err = p
	}
	first := len(g.errs) == 0
	g.errs = append(g.errs, err)
	g.mu.Unlock()
	if first {
		g.cancel(err)
	}
}

func (g *TaskGroup) check(method string) {
	if g == nil || g.ctx == nil {
		panic("aio: TaskGroup." + method + " on a TaskGroup not made by NewTaskGroup")
	}
}

func (g *TaskGroup) checkStart(method string, nilFn bool) {
	g.check(method)
	if nilFn {
		panic("aio: TaskGroup." + method + ": nil function")
	}
	g.checkOpen()
}

const errUsedAfterWait = "aio: TaskGroup used after Wait"

// checkOpen panics if Wait has closed the group. It is the check for a start that counts
// nothing in (the group's context has ended, or it queues for a slot); a start that
// counts a goroutine in is checked by that count itself (enter).
func (g *TaskGroup) checkOpen() {
	if g.count.Load()&groupClosed != 0 {
		panic(errUsedAfterWait)
	}
}
