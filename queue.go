package aio

import (
	"context"
	"iter"
	"sync/atomic"

	"github.com/aio-go/aio/internal/container"
	"github.com/aio-go/aio/internal/sched"
)

// store is what the engine needs from its container: the FIFO ring, the LIFO stack or the
// stable heap of internal/container.
type store[T any] interface {
	Push(v T)
	Pop() T
	Replace(v T) T // Pop, then Push(v), in one step
	Len() int
	Clear() int
}

// handoff is what a blocked getter or putter is woken with: an item for a getter, or
// ErrQueueShutDown for either (a zero handoff tells a putter its item was taken in).
type handoff[T any] struct {
	v   T
	err error
}

// engine is the one implementation of blocking, hand-off, task accounting and shutdown
// behind Queue and PriorityQueue.
//
// It keeps its items in one of two ways. A bounded FIFO queue of minLockFree to
// maxLockFree items keeps them in fifo, a lock-free ring that puts and gets use without
// mu while nobody waits (the fast path): producers and consumers then never touch the
// same word, and there is no lock for them to queue on. Every other queue keeps them in
// c, under mu. Everything else — the waiter lists, task accounting, shutdown — is under
// mu in both.
//
// Invariants, under mu:
//   - getters wait only while the store is empty (a Put hands its item to the first
//     getter), putters only while it is full (a Get moves the first putter's item in);
//     with fifo, a push or pop in progress on the fast path can break this for a moment,
//     and the goroutine making it repairs it (settleLocked) before it returns;
//   - with fifo, waiting has getWaiting set while getters is not empty and putWaiting
//     while putters is not: the fast path steps aside for both, so a newcomer never
//     passes a waiter;
//   - the items put and not yet marked done number puts() - done; joiners wait only
//     while that is positive.
type engine[T any] struct {
	mu       queueLock
	c        store[T]
	ring     *container.Ring[T] // c, when it is the FIFO ring: called directly on the hot path
	n        int                // items in c, so the hot path need not ask it
	maxsize  int
	accepted int // items accepted other than by a push into fifo
	done     int // items marked done, or dropped by Shutdown(true)
	shutdown bool
	getters  sched.List[handoff[T]]
	putters  sched.List[handoff[T]]
	joiners  sched.List[struct{}]
	name     string // for panic messages

	fifo    *container.Bounded[T]
	waiting atomic.Uint32 // with fifo: getWaiting | putWaiting; stored under mu
}

// queueLock is the engine's lock, a sched.OwnSpinLock (a spin lock whose waiters do not
// convoy, with a sleeper of its own because a PriorityQueue's less runs under it) whose
// two fast paths are written out here. The engine is generic, so Go compiles it in the
// package that instantiates it, and there inlines only calls into this package: calls
// to sched's Lock and Unlock were not inlined, which cost a single goroutine's
// PriorityQueue TryPut+TryGet 20% (objdump; 8 interleaved rounds).
type queueLock struct{ sched.OwnSpinLock }

func (l *queueLock) Lock() {
	if !atomic.CompareAndSwapInt32(&l.State, sched.SpinUnlocked, sched.SpinLocked) {
		l.LockSlow()
	}
}

func (l *queueLock) Unlock() {
	if atomic.SwapInt32(&l.State, sched.SpinUnlocked) == sched.SpinSleeping {
		l.Wake()
	}
}

// maxLockFree is the largest bounded FIFO queue kept in a lock-free ring. The ring is
// allocated whole when the queue is made, as a buffered channel is; larger queues keep a
// ring under the mutex that grows and shrinks with their contents.
const maxLockFree = 1 << 12

// minLockFree is the smallest bounded FIFO queue kept in a lock-free ring. A queue of one
// item is full or empty at almost every moment, so its fast path would nearly always fail
// and every Put and Get would pay for the attempt before taking the mutex: kept under the
// mutex instead, a 1-producer/1-consumer queue of one passes an item 20% faster (222 ->
// 178 ns, 10 interleaved rounds, p=0.007). From two items on the ring measured level or
// ahead.
const minLockFree = 2

const (
	getWaiting uint32 = 1 << iota
	putWaiting
)

func (e *engine[T]) init(name string, maxsize int, c store[T]) {
	e.name, e.maxsize, e.c = name, maxsize, c
	e.ring, _ = c.(*container.Ring[T])
}

func (e *engine[T]) initFIFO(name string, maxsize int) {
	e.name, e.maxsize = name, maxsize
	e.fifo = container.NewBounded[T](maxsize)
}

// puts returns how many items have been accepted. Called with mu held.
func (e *engine[T]) puts() int {
	if e.fifo != nil {
		return e.accepted + int(e.fifo.Pushed())
	}
	return e.accepted
}

// fastPut puts v into fifo without taking mu, if nobody waits and it has room, and
// reports whether it did. Only with fifo.
//
// parking, here and below, says that the caller will not report that the queue is full
// (or, to a Get, empty), only park on it: Put and Get, not TryPut and TryGet. Their own
// looks at fifo then do not wait for a lone pop (push) in flight ([container.Bounded]),
// which wakes the parked caller when it is done, as any pop (push) after the caller
// flagged its wait would. Where fifo's answer decides what others see (serving other
// waiters before a newcomer, or handing a Put's item straight to a getter, which must
// not pass an item in flight that Len has already counted), the engine waits as TryPut
// and TryGet do.
func (e *engine[T]) fastPut(v T, parking bool) bool {
	if e.waiting.Load() != 0 || e.fifo.PushOrPark(v, parking) != container.Pushed {
		return false
	}
	// A getter that started to wait after the check above may have missed v. It stored
	// getWaiting before it last looked at fifo, and v was pushed before this load, so one
	// of the two saw the other.
	if e.waiting.Load()&getWaiting != 0 {
		e.settle()
	}
	return true
}

// fastGet takes the next item from fifo without taking mu, if nobody waits and it holds
// one. Only with fifo.
func (e *engine[T]) fastGet(parking bool) (v T, ok bool) {
	if e.waiting.Load() != 0 {
		return v, false
	}
	if v, ok = e.fifo.PopOrPark(parking); ok && e.waiting.Load()&putWaiting != 0 {
		e.settle() // as in fastPut: a putter may have missed the room made
	}
	return v, ok
}

func (e *engine[T]) settle() {
	e.mu.Lock()
	e.settleLocked(false)
	e.mu.Unlock()
}

// settleLocked restores the invariants with fifo: it hands the items in fifo to waiting
// getters and moves waiting putters' items into fifo while it has room, and makes
// waiting match the lists. It sets the flags before it looks at fifo, so a push or pop
// on the fast path that it misses sees them afterwards and settles again (with parking,
// that includes one in flight that it passes). Called with mu held, only with fifo.
func (e *engine[T]) settleLocked(parking bool) {
	e.syncWaitingLocked()
	for moved := true; moved; {
		moved = false
		for w := e.getters.Front(); w != nil; w = e.getters.Front() {
			v, ok := e.fifo.PopOrPark(parking)
			if !ok {
				break
			}
			e.getters.Handoff(w, handoff[T]{v: v})
			moved = true
		}
		for w := e.putters.Front(); w != nil; w = e.putters.Front() {
			if e.fifo.PushOrPark(w.V.v, parking) != container.Pushed {
				break
			}
			e.putters.Handoff(w, handoff[T]{})
			moved = true
		}
	}
	e.syncWaitingLocked()
}

// syncWaitingLocked makes waiting match the waiter lists. Called with mu held.
func (e *engine[T]) syncWaitingLocked() {
	if e.fifo == nil {
		return
	}
	var f uint32
	if e.getters.Len() > 0 {
		f |= getWaiting
	}
	if e.putters.Len() > 0 {
		f |= putWaiting
	}
	if e.waiting.Load() != f {
		e.waiting.Store(f)
	}
}

// push, pop and replace call the FIFO ring directly: a direct call costs less than one
// through the interface, and it is made with mu held. (Doing the same for the heap
// measured no gain: its own work dominates.)
func (e *engine[T]) push(v T) {
	if e.ring != nil {
		e.ring.Push(v)
	} else {
		e.c.Push(v)
	}
	e.n++
}

func (e *engine[T]) pop() T {
	e.n--
	if e.ring != nil {
		return e.ring.Pop()
	}
	return e.c.Pop()
}

func (e *engine[T]) replace(v T) T {
	if e.ring != nil {
		return e.ring.Replace(v)
	}
	return e.c.Replace(v)
}

// putLocked accepts v if it can, without blocking, and reports whether it did. If a getter
// was waiting, it is detached and returned: the caller must Deliver v to it, after
// unlocking mu. Called with mu held and, with fifo, after settleLocked; without fifo,
// after offerLocked has handled the common case (no getter, room in the store), so that
// here the store is full unless a getter waits.
func (e *engine[T]) putLocked(v T, parking bool) (w *sched.Waiter[handoff[T]], ok bool) {
	if w := e.getters.Front(); w != nil {
		e.accepted++
		// Detached under mu, so the getter counts as served from here on; the caller
		// delivers v after unlocking, which keeps the wake-up out of the critical section.
		e.getters.Detach(w)
		if e.fifo != nil {
			e.syncWaitingLocked()
		}
		return w, true
	}
	if e.fifo != nil {
		// Settled, so a waiting putter means fifo is full; a newcomer queues behind it.
		return nil, e.putters.Len() == 0 && e.fifo.PushOrPark(v, parking) == container.Pushed
	}
	return nil, false
}

// getLocked takes the next item if there is one, without blocking. If that let a waiting
// putter's item in, the putter is detached and returned: the caller must Deliver to it,
// after unlocking mu. Called with mu held and, with fifo, after settleLocked; without
// fifo, after takeLocked has handled the common case (an item, no putter waiting).
func (e *engine[T]) getLocked(parking bool) (v T, w *sched.Waiter[handoff[T]], ok bool) {
	if e.fifo != nil {
		if v, ok = e.fifo.PopOrPark(parking); !ok {
			return v, nil, false
		}
		// Read w.V before the hand-off: once delivered, the putter may recycle its waiter.
		// Not parking: whether the putter's item gets in decides what others see.
		if w = e.putters.Front(); w != nil && e.fifo.PushOrPark(w.V.v, false) == container.Pushed {
			e.putters.Detach(w)
			e.syncWaitingLocked()
			return v, w, true
		}
		return v, nil, true
	}
	if e.n == 0 {
		return v, nil, false
	}
	w = e.putters.Front()
	// A waiting putter means the store is full: taking an item makes room for its item.
	// Detached under mu, the putter counts as served; the caller delivers after unlocking.
	v = e.replace(w.V.v)
	e.accepted++
	e.putters.Detach(w)
	return v, w, true
}

// offerLocked is the part of Put and TryPut after the fast path that does not block: it
// takes mu and accepts v if it can, and reports done with the outcome (nil, or
// ErrQueueShutDown). If it is not done, the queue is full and it returns with mu held,
// so the caller can queue or give up without the state changing under it. (The fast
// path stays in the callers: one call less on the hot path, 1p1c measured 60% slower
// with it in here.)
func (e *engine[T]) offerLocked(v T, parking bool) (done bool, err error) {
	e.mu.Lock()
	if e.shutdown {
		e.mu.Unlock()
		return true, ErrQueueShutDown
	}
	if e.fifo != nil {
		e.settleLocked(false)
	} else if e.getters.Front() == nil && (e.maxsize == 0 || e.n < e.maxsize) {
		// The common case for a store under mu, here rather than in putLocked: one call
		// less per Put (LifoQueue -19 to -22%, PriorityQueue seq -11%, 8 interleaved
		// rounds; PriorityQueue 1p1c n.s.).
		e.push(v)
		e.accepted++
		e.mu.Unlock()
		return true, nil
	}
	g, ok := e.putLocked(v, parking)
	if !ok {
		return false, nil
	}
	e.mu.Unlock()
	g.Deliver(handoff[T]{v: v}) // a nil g (no getter was waiting) does nothing
	return true, nil
}

// takeLocked is the part of Get and TryGet after the fast path that does not block: it
// takes mu and the next item if there is one. If there is none, it returns with mu held.
func (e *engine[T]) takeLocked(parking bool) (v T, ok bool) {
	e.mu.Lock()
	if e.fifo != nil {
		e.settleLocked(false)
	} else if e.n > 0 && e.putters.Front() == nil {
		// The common case for a store under mu, here rather than in getLocked: one call
		// less per Get.
		v = e.pop()
		e.mu.Unlock()
		return v, true
	}
	v, p, ok := e.getLocked(parking)
	if ok {
		e.mu.Unlock()
		p.Deliver(handoff[T]{}) // a nil p (no putter was waiting) does nothing
	}
	return v, ok
}

func (e *engine[T]) put(ctx context.Context, v T) error {
	if ctxDone(ctx) {
		return ctx.Err()
	}
	if e.fifo != nil && e.fastPut(v, true) {
		return nil
	}
	if done, err := e.offerLocked(v, true); done {
		return err
	}
	w := e.putters.Enqueue(0, handoff[T]{v: v})
	if e.fifo != nil {
		e.settleLocked(true) // flags the wait, then looks again: a pop may have made room
	}
	e.mu.Unlock()
	h, st := e.putters.Await(ctx, &e.mu, w)
	if st == sched.Canceled {
		// Still queued, so a Get never took v in: nothing was put, nothing is left behind.
		e.syncWaitingLocked()
		e.mu.Unlock()
		return ctx.Err()
	}
	// Handed or Late: a Get took v in (nil) or Shutdown refused it (ErrQueueShutDown).
	// Either way the outcome is settled, and reporting it keeps Put's word true.
	return h.err
}

func (e *engine[T]) tryPut(v T) error {
	if e.fifo != nil && e.fastPut(v, false) {
		return nil
	}
	if done, err := e.offerLocked(v, false); done {
		return err
	}
	e.mu.Unlock()
	return ErrQueueFull
}

func (e *engine[T]) get(ctx context.Context) (T, error) {
	var zero T
	if ctxDone(ctx) {
		return zero, ctx.Err()
	}
	if e.fifo != nil {
		if v, ok := e.fastGet(true); ok {
			return v, nil
		}
	}
	if v, ok := e.takeLocked(true); ok {
		return v, nil
	}
	if e.shutdown {
		e.mu.Unlock()
		return zero, ErrQueueShutDown
	}
	w := e.getters.Enqueue(0, handoff[T]{})
	if e.fifo != nil {
		e.settleLocked(true) // flags the wait, then looks again: a push may have come in
	}
	e.mu.Unlock()
	h, st := e.getters.Await(ctx, &e.mu, w)
	if st == sched.Canceled {
		// Still queued, so no item was handed to us: nothing taken.
		e.syncWaitingLocked()
		e.mu.Unlock()
		return zero, ctx.Err()
	}
	// Late: the item was handed over as ctx ended. It left the queue, so we must keep
	// it; returning ctx.Err() here would lose it.
	return h.v, h.err
}

func (e *engine[T]) tryGet() (T, error) {
	if e.fifo != nil {
		if v, ok := e.fastGet(false); ok {
			return v, nil
		}
	}
	v, ok := e.takeLocked(false)
	if ok {
		return v, nil
	}
	shutdown := e.shutdown
	e.mu.Unlock()
	if shutdown {
		return v, ErrQueueShutDown
	}
	return v, ErrQueueEmpty
}

func (e *engine[T]) len() int {
	if e.fifo != nil {
		return e.fifo.Len()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.n
}

func (e *engine[T]) full() bool {
	return e.maxsize > 0 && e.len() >= e.maxsize
}

func (e *engine[T]) taskDone() {
	e.mu.Lock()
	puts := e.puts()
	if e.done >= puts {
		e.mu.Unlock()
		panic("aio: " + e.name + ".TaskDone called too many times")
	}
	e.done++
	if e.done == puts {
		e.wakeJoinersLocked()
	}
	e.mu.Unlock()
}

func (e *engine[T]) wakeJoinersLocked() {
	for w := e.joiners.Front(); w != nil; w = e.joiners.Front() {
		e.joiners.Handoff(w, struct{}{})
	}
}

func (e *engine[T]) join(ctx context.Context) error {
	e.mu.Lock()
	if e.done == e.puts() {
		e.mu.Unlock()
		return nil
	}
	w := e.joiners.Enqueue(0, struct{}{})
	e.mu.Unlock()
	if _, st := e.joiners.Await(ctx, &e.mu, w); st == sched.Canceled {
		e.mu.Unlock()
		return ctx.Err()
	}
	return nil // Late too: every item was done as ctx ended, which is what Join waits for.
}

func (e *engine[T]) shutdownQueue(immediate bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.shutdown {
		e.shutdown = true
		if e.fifo != nil {
			// From here on the fast path's pushes fail too, and every push that got in
			// before is in fifo for the drain below, or for the Gets after a graceful
			// shutdown, to see.
			e.fifo.Close()
			if !immediate {
				// A fast-path push that passed its look at waiting before a getter
				// flagged its wait, and wrote its item after the getter's last look at
				// fifo, settles only after this unlock: by then the getter would have
				// failed below with the item in the queue, which a graceful shutdown
				// leaves for the Gets to take. Settled here, the getter gets it
				// (TestShutdownSettlesFastPush). Putters stay: fifo refuses pushes now.
				e.settleLocked(false)
			}
		}
	}
	if immediate {
		// asyncio counts each dropped item as done, but never below zero: TaskDone may
		// already have been called for items that were never taken out.
		dropped := 0
		if e.fifo != nil {
			dropped = e.fifo.Drain() // at once: a racing Get takes an item from before or none
		} else {
			dropped = e.c.Clear()
			e.n = 0
		}
		puts := e.puts()
		e.done = min(e.done+dropped, puts)
		if e.done == puts {
			e.wakeJoinersLocked()
		}
	}
	// Getters wait only on an empty store, which now stays empty: they fail. Putters'
	// items were never accepted and are not counted.
	for w := e.getters.Front(); w != nil; w = e.getters.Front() {
		e.getters.Handoff(w, handoff[T]{err: ErrQueueShutDown})
	}
	for w := e.putters.Front(); w != nil; w = e.putters.Front() {
		e.putters.Handoff(w, handoff[T]{err: ErrQueueShutDown})
	}
	e.syncWaitingLocked()
}

func (e *engine[T]) all(ctx context.Context) iter.Seq[T] {
	return func(yield func(T) bool) {
		for {
			v, err := e.get(ctx)
			if err != nil || !yield(v) {
				return
			}
		}
	}
}

// floorFor returns the capacity below which a queue's container never shrinks: a bounded
// queue that fills and drains keeps its memory instead of reallocating on every cycle.
func floorFor(maxsize int) int { return min(maxsize, 1024) }

// Queue is a first-in, first-out queue of items of type T, or last-in, first-out when made
// by [NewLifoQueue]: asyncio.Queue and asyncio.LifoQueue with context-aware blocking.
// Many goroutines may put and get at once; blocked getters and blocked putters are each
// served in arrival order. Like asyncio's, it tracks tasks: every item put counts as
// unfinished until a consumer calls [Queue.TaskDone] for it, and [Queue.Join] waits for
// none to be left. [Queue.Shutdown] ends it gracefully or at once.
//
// A Put happens before the Get that returns its item, as a channel send happens before
// the receive that completes it.
//
// The zero value is not usable; make a Queue with [NewQueue] or [NewLifoQueue].
// Passing an item costs about as much as a buffered channel and allocates nothing once the
// queue is warm.
type Queue[T any] struct {
	e engine[T]
}

// NewQueue returns a FIFO queue that holds at most maxsize items (asyncio.Queue(maxsize)).
// A maxsize of 0 means unbounded. It panics if maxsize is negative.
//
// A queue of 2 to 4096 items allocates room for maxsize items at once, as
// make(chan T, maxsize) does, and passes items without a lock while no goroutine waits;
// a queue of one item, or a larger or unbounded one, keeps its items under a mutex in a
// buffer that grows and shrinks with them.
func NewQueue[T any](maxsize int) *Queue[T] {
	if maxsize < 0 {
		panic("aio: NewQueue: negative maxsize")
	}
	if maxsize >= minLockFree && maxsize <= maxLockFree {
		return newRingQueue[T](maxsize)
	}
	return newLockedQueue[T](maxsize)
}

// newRingQueue returns a FIFO queue whose items are kept in a lock-free ring of maxsize
// (at least 1) slots.
func newRingQueue[T any](maxsize int) *Queue[T] {
	q := new(Queue[T])
	q.e.initFIFO("Queue", maxsize)
	return q
}

// newLockedQueue returns a FIFO queue whose items are kept in a growing ring under the
// mutex, as an unbounded one's are.
func newLockedQueue[T any](maxsize int) *Queue[T] {
	r := new(container.Ring[T])
	r.SetMin(floorFor(maxsize))
	q := new(Queue[T])
	q.e.init("Queue", maxsize, r)
	return q
}

// NewLifoQueue returns a LIFO queue, whose Get returns the most recently put item first
// (asyncio.LifoQueue(maxsize)). A maxsize of 0 means unbounded. It panics if maxsize is
// negative.
func NewLifoQueue[T any](maxsize int) *Queue[T] {
	if maxsize < 0 {
		panic("aio: NewLifoQueue: negative maxsize")
	}
	s := new(container.Stack[T])
	s.SetMin(floorFor(maxsize))
	q := new(Queue[T])
	q.e.init("Queue", maxsize, s)
	return q
}

// Put adds v to the queue (asyncio's Queue.put). If the queue is full, Put blocks until a
// Get makes room, behind putters that blocked earlier; if a getter is waiting, v goes
// straight to it. It returns nil once v is in the queue, [ErrQueueShutDown] if the queue is
// shut down before or while it waits (v is not put), and ctx.Err() if ctx is already done
// or ends while it waits, leaving the queue unchanged.
// Put is cancel-safe: when it returns an error, v was not put; when ctx ends just as v is
// accepted, Put returns nil, because v is in the queue.
func (q *Queue[T]) Put(ctx context.Context, v T) error { return q.e.put(ctx, v) }

// TryPut adds v if the queue has room, without blocking (asyncio's Queue.put_nowait). It
// returns [ErrQueueFull] if the queue is full and [ErrQueueShutDown] if it is shut down.
func (q *Queue[T]) TryPut(v T) error { return q.e.tryPut(v) }

// Get removes and returns the next item (asyncio's Queue.get): the oldest, or the newest
// for a LIFO queue. If the queue is empty, Get blocks until an item is put, behind getters
// that blocked earlier. It returns [ErrQueueShutDown] once the queue is shut down and
// empty, and ctx.Err() if ctx is already done or ends while it waits, having taken nothing.
// Get is cancel-safe: an item is never lost. When ctx ends just as an item is handed to
// it, Get returns that item with a nil error; otherwise the item stays in the queue for
// the next getter.
func (q *Queue[T]) Get(ctx context.Context) (T, error) { return q.e.get(ctx) }

// TryGet removes and returns the next item without blocking (asyncio's
// Queue.get_nowait). It returns [ErrQueueEmpty] if the queue is empty, or
// [ErrQueueShutDown] if it is also shut down.
func (q *Queue[T]) TryGet() (T, error) { return q.e.tryGet() }

// TaskDone marks one item taken from the queue as processed (asyncio's
// Queue.task_done). When every item put has been marked, [Queue.Join] returns.
// It panics if called more times than items were put, less the items Shutdown(true)
// dropped (which count as done).
func (q *Queue[T]) TaskDone() { q.e.taskDone() }

// Join blocks until every item put into the queue has been marked done with
// [Queue.TaskDone] or dropped by Shutdown(true) (asyncio's Queue.join). It returns nil at
// once if none is unfinished, even when ctx is done, and ctx.Err() if ctx ends first. It
// changes nothing, so it is cancel-safe.
func (q *Queue[T]) Join(ctx context.Context) error { return q.e.join(ctx) }

// Len returns the number of items in the queue (asyncio's Queue.qsize).
func (q *Queue[T]) Len() int { return q.e.len() }

// Cap returns the queue's maxsize; 0 means unbounded.
func (q *Queue[T]) Cap() int { return q.e.maxsize }

// Empty reports whether the queue holds no items.
func (q *Queue[T]) Empty() bool { return q.e.len() == 0 }

// Full reports whether the queue holds Cap items. An unbounded queue is never full.
func (q *Queue[T]) Full() bool { return q.e.full() }

// Shutdown shuts the queue down (asyncio 3.13's Queue.shutdown). Afterwards Put and TryPut
// fail with [ErrQueueShutDown], and blocked putters wake with it, their items not put.
// With immediate false, Get keeps returning the items left and then fails with
// ErrQueueShutDown. With immediate true, the items left are dropped and counted as done,
// so Join can return, and blocked getters wake with ErrQueueShutDown; a getter that a Put
// had already handed its item to still returns that item (asyncio would drop it).
// Calling Shutdown again is harmless; Shutdown(true) after Shutdown(false) drops what is
// left.
func (q *Queue[T]) Shutdown(immediate bool) { q.e.shutdownQueue(immediate) }

// All returns an iterator over the items of the queue: each step is a [Queue.Get]. The
// loop ends when the queue is shut down and drained, or when ctx ends. All does not call
// [Queue.TaskDone]: if you use [Queue.Join], call TaskDone in the loop body as you would
// after Get. Breaking out of the loop leaves the remaining items in the queue.
func (q *Queue[T]) All(ctx context.Context) iter.Seq[T] { return q.e.all(ctx) }
