package aio

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
)

// Task is a function running in its own goroutine whose result can be awaited: asyncio's
// Task (and Future). Create one with [Go] or [Spawn]; the zero value is not usable.
//
// A Task runs under a context of its own, derived from the one it was started with, so
// [Task.Cancel] stops this task only. All methods are safe for concurrent use.
type Task[T any] struct {
	// own is the task's context when the parent can never be canceled (see taskCtx).
	// Otherwise own.parent is the task's context, a context.WithCancel child of the
	// parent, and cancel cancels it. Either way own.flags and own.mu serve the Task:
	// packing them together keeps a Task small, and a Task costs one allocation.
	own    taskCtx
	cancel context.CancelFunc // nil when the task's context is &own
	wg     sync.WaitGroup     // counts 1 until the outcome is published: Wait parks on it

	// Written once by the task's goroutine before taskDone is set; read after.
	val T
	err error // the function's error, or the *PanicError if it panicked

	done chan struct{} // guarded by own.mu; made on demand by Done, closed when done
	sub0 subscriber[T] // guarded by own.mu; the first subscriber, if any
	more *taskMore[T]  // guarded by own.mu; made when needed
}

// taskMore holds what few tasks need: further subscribers, and a group's bookkeeping.
type taskMore[T any] struct {
	subs []subscriber[T] // subscribers after sub0, in order
	// Spawn's group bookkeeping, set before the task starts: onOutcome records a failure
	// in the group before any callback runs (as asyncio's TaskGroup's own done-callback,
	// added first, runs first), and onFinish counts the task out of the group after the
	// callbacks, so that the group's Wait also waits for them.
	onOutcome func(t *Task[T])
	onFinish  func(t *Task[T])
	group     context.Context // Spawn's group context
}

// groupEnded reports whether the task was Spawned in a group whose context has ended.
// A task that stops on the group's context (captured from NewTaskGroup, errgroup style)
// can return its error a moment before its own context, the group context's child, is
// canceled: Go's context package closes a parent's Done before it cancels the children.
// Cancelled must not depend on that moment, nor the group's count of failures on it
// (TestSpawnStopsOnGroupContext).
func (t *Task[T]) groupEnded() bool {
	t.own.mu.Lock()
	m := t.more
	t.own.mu.Unlock()
	return m != nil && m.group != nil && m.group.Err() != nil
}

// subscriber is one party to tell when a task completes: a user callback, or a watcher
// used internally by Wait and AsCompleted (which can unsubscribe again).
type subscriber[T any] struct {
	fn func(*Task[T])
	w  *watcher[T]
}

// empty reports whether s is no subscriber at all.
func (s subscriber[T]) empty() bool { return s.fn == nil && s.w == nil }

// notify tells s that t is done. An empty s does nothing.
func (s subscriber[T]) notify(t *Task[T]) {
	if s.w != nil {
		s.w.notify(t)
	} else if s.fn != nil {
		s.fn(t)
	}
}

// Result is the outcome of one function: its value and its error. [GatherAll] returns one
// per function, as asyncio.gather(..., return_exceptions=True) does.
type Result[T any] struct {
	// Value is the value the function returned.
	Value T
	// Err is the error the function returned, or a *PanicError if it panicked.
	Err error
}

// PanicError is a panic recovered from a task, carried to whoever waits for it. It keeps
// the value passed to panic and the stack of the goroutine that panicked, so the stack of
// the original panic is printed even though the panic is re-raised elsewhere.
type PanicError struct {
	// Value is the value the task passed to panic.
	Value any
	// Stack is the stack trace of the panicking goroutine, as runtime/debug.Stack formats it.
	Stack []byte
}

// Error returns the panic value and the stack of the goroutine that panicked.
func (p *PanicError) Error() string {
	return fmt.Sprintf("aio: task panicked: %v\n\ngoroutine that panicked:\n%s", p.Value, p.Stack)
}

// Unwrap returns the panic value if it is an error, and nil otherwise.
func (p *PanicError) Unwrap() error {
	if err, ok := p.Value.(error); ok {
		return err
	}
	return nil
}

// errGoexit is the error of a task whose function called runtime.Goexit.
var errGoexit = errors.New("aio: task function called runtime.Goexit")

// recovered turns the result of recover into a *PanicError with the current stack. It must
// be called from the deferred function that recovered, so the stack is still the one of
// the panicking goroutine, panic frame included.
func recovered(r any) *PanicError {
	return &PanicError{Value: r, Stack: debug.Stack()}
}

// abnormalExit says how a function that did not return normally ended, for the deferred
// call that guards it: a panic becomes a *PanicError (returned twice, as the panic and as
// the error) with the stack of the goroutine that panicked, and runtime.Goexit becomes
// errGoexit. Pass it recover() from the deferred function itself, where recover works:
//
//	defer func() {
//		if !normal {
//			p, err := abnormalExit(recover())
//			...
//		}
//	}()
func abnormalExit(r any) (*PanicError, error) {
	if r == nil {
		return nil, errGoexit
	}
	p := recovered(r)
	return p, p
}

// isCancellation reports whether err is what a function returns when its context ends.
func isCancellation(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// Go starts fn in a new goroutine and returns its Task: asyncio.create_task. fn receives
// a context derived from ctx that is canceled when ctx is or when [Task.Cancel] is called.
// A panic in fn is recovered and re-raised in whoever calls [Task.Wait].
//
// The task is a background task: nothing waits for it unless you do. Go panics if ctx or
// fn is nil.
func Go[T any](ctx context.Context, fn func(context.Context) (T, error)) *Task[T] {
	checkCtx("aio.Go", ctx)
	if fn == nil {
		panic("aio.Go: nil function")
	}
	t := newTask[T](ctx)
	go t.run(fn)
	return t
}

func newTask[T any](ctx context.Context) *Task[T] {
	t := &Task[T]{}
	t.wg.Add(1)
	if ctx.Done() == nil {
		// Nothing can cancel the parent: the task's own context needs no cancelCtx.
		t.own.parent = ctx
	} else {
		t.own.parent, t.cancel = context.WithCancel(ctx)
	}
	return t
}

// context returns the context the task's function runs under.
func (t *Task[T]) context() context.Context {
	if t.cancel == nil {
		return &t.own
	}
	return t.own.parent
}

// panicErr returns the task's *PanicError, or nil if it did not panic.
func (t *Task[T]) panicErr() *PanicError {
	if t.own.flags.Load()&taskPanicked != 0 {
		return t.err.(*PanicError)
	}
	return nil
}

// doneTask returns a task that is already done with err, Cancelled, for a TaskGroup whose
// context ended before the task could start.
func doneTask[T any](err error) *Task[T] {
	t := &Task[T]{err: err, cancel: func() {}}
	t.own.flags.Store(taskDone | taskCancelled | taskNotified)
	return t
}

// run calls fn and completes the task. The deferred completion runs first thing on the
// way out, whether fn returned, panicked or called runtime.Goexit, so no waiter can hang.
func (t *Task[T]) run(fn func(context.Context) (T, error)) {
	normal := false
	defer func() {
		var p *PanicError
		if !normal {
			p, t.err = abnormalExit(recover())
			var zero T
			t.val = zero
		}
		t.complete(p != nil)
	}()
	t.val, t.err = fn(t.context())
	normal = true
}

// complete publishes the outcome, tells the group of a failure, wakes waiters and runs
// callbacks, then counts the task out of its group (in a defer, so that a panicking
// callback cannot leave a TaskGroup hanging).
func (t *Task[T]) complete(panicked bool) {
	bits := taskDone
	if panicked {
		bits |= taskPanicked
	} else if t.err != nil && isCancellation(t.err) && (t.context().Err() != nil || t.groupEnded()) {
		// Read before Cancel below: Cancelled means the context ended on its own.
		bits |= taskCancelled
	}
	t.Cancel()
	t.own.flags.Or(bits) // happens before every load that sees it: val and err are visible
	t.own.mu.Lock()
	if t.done != nil {
		close(t.done)
	}
	var onOutcome, onFinish func(*Task[T])
	if m := t.more; m != nil {
		onOutcome, onFinish = m.onOutcome, m.onFinish
	}
	sub0, subs := t.takeSubscribersLocked()
	t.own.mu.Unlock()
	if onFinish != nil {
		defer onFinish(t)
	}
	if onOutcome != nil {
		onOutcome(t) // not under own.mu: failing cancels the group, and so this task's context
	}
	t.wg.Done()
	for !sub0.empty() || len(subs) > 0 {
		sub0.notify(t)
		for _, s := range subs {
			s.notify(t)
		}
		// Subscribers that came while these ran are told in turn: until none is left,
		// subscribe takes them rather than answering "done", so a callback added while
		// the task completes still runs after every earlier one and after Done closed.
		t.own.mu.Lock()
		sub0, subs = t.takeSubscribersLocked()
		t.own.mu.Unlock()
	}
}

// takeSubscribersLocked takes the subscribers from the task; with none left, it marks
// the task notified, after which subscribe answers "done". Called with own.mu held.
func (t *Task[T]) takeSubscribersLocked() (sub0 subscriber[T], subs []subscriber[T]) {
	sub0, t.sub0 = t.sub0, subscriber[T]{}
	if m := t.more; m != nil {
		subs, m.subs = m.subs, nil
	}
	if sub0.empty() && len(subs) == 0 {
		t.own.flags.Or(taskNotified)
	}
	return sub0, subs
}

// Wait blocks until the task is done or ctx ends, whichever comes first; ctx bounds the
// waiting only and never cancels the task (use [Task.Cancel] for that). It returns the
// task's value and error. If the task panicked, Wait panics with the task's *[PanicError],
// which keeps the original stack. If ctx ends first, Wait returns the zero value and
// ctx.Err() and leaves the task running. Wait is cancel-safe and can be called any number
// of times, from any number of goroutines.
func (t *Task[T]) Wait(ctx context.Context) (T, error) {
	checkCtx("aio: Task.Wait", ctx)
	if !t.isDone() {
		if d := ctx.Done(); d == nil {
			// Nothing but the task can end the waiting.
			t.awaitDone(true)
		} else {
			select {
			case <-t.Done():
			case <-d:
				var zero T
				return zero, ctx.Err()
			}
		}
	}
	if p := t.panicErr(); p != nil {
		panic(p)
	}
	return t.val, t.err
}

// awaitDone blocks until t is done, parking on its WaitGroup, which needs no channel (Done
// makes one) and, in a synctest bubble, blocks durably as a receive from Done does. With
// yield set, it first yields its processor once: a task that is ready to run may finish
// meanwhile, which costs less than parking and being woken. It reports whether it yielded.
func (t *Task[T]) awaitDone(yield bool) (yielded bool) {
	if t.isDone() {
		return false
	}
	if yield {
		runtime.Gosched()
		if t.isDone() {
			return true
		}
	}
	t.wg.Wait()
	return yield
}

// Done returns a channel that is closed when the task is done. The channel is made on
// the first call, so tasks nobody selects on cost one allocation less.
func (t *Task[T]) Done() <-chan struct{} {
	if t.isDone() {
		return closedChan
	}
	t.own.mu.Lock()
	defer t.own.mu.Unlock()
	if t.isDone() {
		return closedChan // complete has closed t.done, if it was made, or will not look
	}
	if t.done == nil {
		t.done = make(chan struct{})
	}
	return t.done
}

// isDone reports whether the task's outcome is published.
func (t *Task[T]) isDone() bool { return t.own.flags.Load()&taskDone != 0 }

// Result returns the task's value and error without blocking: asyncio's Task.result. It
// returns [ErrNotDone] while the task runs. For a task that panicked it returns the zero
// value and the *[PanicError], and does not panic. A task whose function called
// runtime.Goexit (as t.FailNow does in a test) ends with an error saying so, here and
// from [Task.Wait]; so do the calls of Gather, Map and TaskGroup that meet one.
func (t *Task[T]) Result() (T, error) {
	if !t.isDone() {
		var zero T
		return zero, ErrNotDone
	}
	return t.val, t.err
}

// Cancel cancels the task's context: asyncio's Task.cancel. It does not wait for the task
// to return; the task ends when its function notices. Cancel on a done task does nothing.
func (t *Task[T]) Cancel() {
	if t.cancel != nil {
		t.cancel()
	} else {
		t.own.cancel()
	}
}

// Cancelled reports whether the task is done and ended by the cancellation of its
// context: its function returned an error matching [context.Canceled] or
// [context.DeadlineExceeded] while the context it was given was done, whoever ended it
// ([Task.Cancel], a TaskGroup, the parent context, a deadline); for a task started by
// [Spawn], also while its group's context was done, even if the task's own context was
// not yet marked canceled. It is asyncio's Task.cancelled.
func (t *Task[T]) Cancelled() bool {
	f := t.own.flags.Load()
	return f&taskDone != 0 && f&taskCancelled != 0
}

// OnDone arranges for fn to be called once when the task is done: asyncio's
// add_done_callback. Callbacks run in the task's goroutine, in the order they were added,
// after [Task.Done] is closed (one added while they run is called after them); once they
// have all run, OnDone calls fn at once in the caller's goroutine. fn should be quick and
// must not panic. OnDone panics if fn is nil.
func (t *Task[T]) OnDone(fn func(*Task[T])) {
	if fn == nil {
		panic("aio: Task.OnDone: nil function")
	}
	if !t.subscribe(subscriber[T]{fn: fn}) {
		fn(t)
	}
}

// subscribe adds s to the parties told when the task is done. It reports false, adding
// nothing, once the task is done and has told every subscriber.
func (t *Task[T]) subscribe(s subscriber[T]) bool {
	t.own.mu.Lock()
	defer t.own.mu.Unlock()
	// Not isDone: a task that is done but has not yet told every subscriber (complete
	// waits for mu, or is telling them) still takes s, and tells it after the earlier
	// ones and after closing Done, as OnDone promises; answering "done" there ran a
	// callback at once, before both (an adversarial review found it).
	if t.own.flags.Load()&taskNotified != 0 {
		return false
	}
	if t.sub0.empty() && (t.more == nil || len(t.more.subs) == 0) {
		t.sub0 = s
		return true
	}
	if t.more == nil {
		t.more = &taskMore[T]{}
	}
	t.more.subs = append(t.more.subs, s)
	return true
}

// unsubscribe removes the watcher w from the task's subscribers, if it is there.
func (t *Task[T]) unsubscribe(w *watcher[T]) {
	t.own.mu.Lock()
	defer t.own.mu.Unlock()
	if t.sub0.w == w {
		t.sub0 = subscriber[T]{}
		return
	}
	if t.more == nil {
		return
	}
	for i, s := range t.more.subs {
		if s.w == w {
			t.more.subs = slices.Delete(t.more.subs, i, i+1) // zeroes the tail: drops the reference
			return
		}
	}
}

// isException reports whether the task is done with a failure that is not its own
// cancellation (a panic counts). Call only once the task is done.
func (t *Task[T]) isException() bool {
	return t.err != nil && t.own.flags.Load()&taskCancelled == 0
}

// watcher collects tasks in the order they complete, for Wait and AsCompleted. It is
// subscribed to many tasks and wakes its one reader through a one-slot channel.
type watcher[T any] struct {
	sig chan struct{}
	// With quiet set (by Wait), notify wakes the reader only once mode's condition holds
	// for the n watched tasks, so waiting for many tasks costs one wake-up, not one each.
	quiet bool
	mode  WaitMode
	n     int
	mu    sync.Mutex
	seen  int // guarded by mu; tasks recorded so far
	fin   []*Task[T]
	subd  []*Task[T] // the tasks we are subscribed to; owned by the reader
	out   []*Task[T] // an empty buffer for the reader's take, so the first take allocates nothing

	small [3 * smallWatch]*Task[T] // fin, subd and out's backing array for few tasks
}

// smallWatch is the most tasks a watcher keeps in its own small array.
const smallWatch = 8

// newWatcher returns a watcher for n distinct tasks. fin, subd and out never hold more
// than n tasks each, so they share one array: the watcher's own for a few tasks.
func newWatcher[T any](n int) *watcher[T] {
	w := &watcher[T]{sig: make(chan struct{}, 1), n: n}
	var buf []*Task[T]
	if n <= smallWatch {
		buf = w.small[:] // one allocation less: the buffer lives in the watcher
	} else {
		buf = make([]*Task[T], 3*n)
	}
	w.fin, w.subd, w.out = buf[:0:n], buf[n:n:2*n], buf[2*n:2*n:3*n]
	return w
}

// notify records that t completed and wakes the reader. Never blocks.
func (w *watcher[T]) notify(t *Task[T]) {
	w.mu.Lock()
	w.fin = append(w.fin, t)
	w.seen++
	wake := !w.quiet || w.seen == w.n || endsWait(w.mode, t)
	w.mu.Unlock()
	if !wake {
		return
	}
	select {
	case w.sig <- struct{}{}:
	default: // a wake-up is already pending; the reader will see every task in fin
	}
}

// watch subscribes w to t. A task already done is recorded at once.
func (w *watcher[T]) watch(t *Task[T]) {
	if !t.subscribe(subscriber[T]{w: w}) {
		w.notify(t)
		return
	}
	w.subd = append(w.subd, t)
}

// take returns the tasks completed since the last call.
func (w *watcher[T]) take(buf []*Task[T]) []*Task[T] {
	w.mu.Lock()
	buf = append(buf[:0], w.fin...)
	clear(w.fin)
	w.fin = w.fin[:0]
	w.mu.Unlock()
	return buf
}

// close unsubscribes w from every task it still watches, so nothing keeps a reference to
// it once its reader is gone.
func (w *watcher[T]) close() {
	for _, t := range w.subd {
		t.unsubscribe(w)
	}
	w.subd = nil
}
