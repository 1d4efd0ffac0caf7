package container

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// Bounded is a fixed-capacity FIFO queue that any number of goroutines may push to and
// pop from at once, without a lock. It is the array queue of Dmitry Vyukov as
// crossbeam's ArrayQueue spells it: each slot carries a stamp saying which position may
// use it next, producers claim positions by compare-and-swap on the tail and consumers on
// the head, so producers and consumers never write the same word except the slot they
// hand over. Unlike the other containers it is meant to be used without the engine's
// mutex; the engine adds blocking, ordering among waiters and shutdown around it.
//
// A position is a lap number and an index into the slots: pos = lap*oneLap + index, with
// index < capacity and oneLap a power of two above it, so that no division is needed
// for any capacity. A slot whose stamp equals a tail position is free for that push; one
// whose stamp is a head position plus one holds that pop's item. The bit just above the
// index (closed) in the tail marks the queue closed to pushes.
//
// TryPush reports Full only when the queue is full and TryPop reports empty only when it
// is empty, so both are linearizable. For that, a TryPop that finds the slot at the head
// claimed by a push that has not yet written it waits for that push (and a TryPush for
// the pop emptying its slot): a goroutine that is a few instructions from done, unless it
// was preempted between them, so the wait spins briefly and then yields the processor.
//
// A caller that will not report an empty answer, only park on it until a push wakes it,
// need not wait when that push is the only one in flight: [Bounded.PopOrPark] then
// reports empty at once, and [Bounded.PushOrPark] Full when a lone pop is emptying the
// slot. Such answers are not linearizable with Len and the other calls (which count the
// claimed push or pop as done), so they must never reach a user; the push or pop in
// flight is what must wake the parked caller.
type Bounded[T any] struct {
	head atomic.Uint64
	_    [cacheLine - 8]byte
	tail atomic.Uint64
	_    [cacheLine - 8]byte

	slots  []slot[T]
	cap    uint64
	closed uint64 // the closed bit in tail; also 1 + the largest index
	oneLap uint64
	shift  uint // log2(oneLap)
}

// cacheLine keeps head and tail apart, so producers and consumers do not share one.
const cacheLine = 64

type slot[T any] struct {
	stamp atomic.Uint64
	v     T
}

// PushResult says how [Bounded.TryPush] ended.
type PushResult uint8

const (
	// Pushed: the item is in the queue.
	Pushed PushResult = iota
	// Full: the queue is full, or the slot it needs is still being emptied by a pop.
	Full
	// Closed: [Bounded.Close] was called; nothing more can be pushed.
	Closed
)

// NewBounded returns an empty queue that holds at most capacity items. It panics if
// capacity < 1.
func NewBounded[T any](capacity int) *Bounded[T] {
	if capacity < 1 {
		panic("aio/internal/container: NewBounded: capacity < 1")
	}
	b := &Bounded[T]{slots: make([]slot[T], capacity), cap: uint64(capacity)}
	b.closed = 1
	for b.closed <= b.cap {
		b.closed <<= 1
	}
	b.oneLap = b.closed << 1
	for 1<<b.shift < b.oneLap {
		b.shift++
	}
	for i := range b.slots {
		atomic.StoreUint64((*uint64)(unsafe.Pointer(&b.slots[i].stamp)), uint64(i))
	}
	return b
}

// Cap returns the capacity.
func (b *Bounded[T]) Cap() int { return int(b.cap) }

// next returns the position after pos.
func (b *Bounded[T]) next(pos uint64) uint64 {
	if pos&(b.closed-1)+1 < b.cap {
		return pos + 1
	}
	return pos&^(b.oneLap-1) + b.oneLap
}

// count returns how many positions come before pos (its lap times the capacity plus its
// index).
func (b *Bounded[T]) count(pos uint64) uint64 {
	return pos>>b.shift*b.cap + pos&(b.closed-1)
}

// TryPush adds v at the tail if there is room.
func (b *Bounded[T]) TryPush(v T) PushResult { return b.PushOrPark(v, false) }

// PushOrPark is TryPush for a caller that, with parking set, only parks on Full: it then
// reports Full, instead of waiting, when the slot it needs is being emptied by a pop that
// is the only one in flight (see [Bounded]).
func (b *Bounded[T]) PushOrPark(v T, parking bool) PushResult {
	tail := atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.tail)))
	for spins := 0; ; {
		if tail&b.closed != 0 {
			return Closed
		}
		s := &b.slots[tail&(b.closed-1)]
		switch stamp := atomic.LoadUint64((*uint64)(unsafe.Pointer(&s.stamp))); {
		case stamp == tail:
			if atomic.CompareAndSwapUint64((*uint64)(unsafe.Pointer(&b.tail)), tail, b.next(tail)) {
				s.v = v
				atomic.StoreUint64((*uint64)(unsafe.Pointer(&s.stamp)), tail+1)
				return Pushed
			}
		case stamp+b.oneLap == tail+1:
			// The slot still holds the previous lap's item: the queue is full, or a pop
			// has claimed the item and not yet freed the slot. Wait for that pop, which is
			// a few instructions from done, so that Full always means full; but a parking
			// caller need not, if no later pop is in flight too.
			head := atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.head)))
			if head+b.oneLap == tail || parking && head == b.next(tail-b.oneLap) {
				return Full
			}
			spins = backoff(spins)
		case stamp < tail:
			// The previous lap's push has claimed the slot and not yet written it. No pop
			// can pass it, so the queue is full, as Len counts it: report so at once
			// rather than wait for that push.
			if atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.head)))+b.oneLap == tail {
				return Full
			}
			spins = backoff(spins)
		}
		// Another push took this position first, or its pop is done: look again.
		tail = atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.tail)))
	}
}

// TryPop removes and returns the item at the head, if there is one that has been
// written.
func (b *Bounded[T]) TryPop() (v T, ok bool) { return b.PopOrPark(false) }

// PopOrPark is TryPop for a caller that, with parking set, only parks on an empty
// answer: it then reports empty, instead of waiting, when the slot at the head is being
// written by a push that is the only one in flight (see [Bounded]).
func (b *Bounded[T]) PopOrPark(parking bool) (v T, ok bool) {
	head := atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.head)))
	for spins := 0; ; {
		s := &b.slots[head&(b.closed-1)]
		switch stamp := atomic.LoadUint64((*uint64)(unsafe.Pointer(&s.stamp))); {
		case stamp == head+1:
			if atomic.CompareAndSwapUint64((*uint64)(unsafe.Pointer(&b.head)), head, b.next(head)) {
				v = s.v
				var zero T
				s.v = zero // let the garbage collector have it
				atomic.StoreUint64((*uint64)(unsafe.Pointer(&s.stamp)), head+b.oneLap)
				return v, true
			}
		case stamp == head:
			// Empty, or a push has claimed the slot and not yet written it. Wait for
			// that push, as TryPush waits for a pop: a push that claimed its slot before
			// an item behind it was written must not hide that item. A parking caller
			// need not wait if no later push is in flight too.
			tail := atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.tail))) &^ b.closed
			if tail == head || parking && tail == b.next(head) {
				return v, false
			}
			spins = backoff(spins)
		case stamp < head:
			// The slot still holds the previous lap's item, claimed by a pop that has not
			// yet freed it. No push can claim this position before that pop does, so the
			// queue is empty, as Len counts it: report so at once rather than wait.
			if atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.tail)))&^b.closed == head {
				return v, false
			}
			spins = backoff(spins)
		}
		// Another pop took this position first, or its push is done: look again.
		head = atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.head)))
	}
}

// backoff is one step of a wait for another goroutine to finish a push or pop it has
// claimed: a few spins, then runtime.Gosched, so that a preempted goroutine gets to run.
func backoff(spins int) int {
	if spins < 4 {
		return spins + 1
	}
	runtime.Gosched()
	return spins
}

// Pushed returns how many items have been pushed (or claimed a slot to be pushed) since
// the queue was made.
func (b *Bounded[T]) Pushed() uint64 {
	return b.count(atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.tail))) &^ b.closed)
}

// Len returns the number of items in the queue, counting pushes and pops in progress as
// done.
func (b *Bounded[T]) Len() int {
	headp, tailp := (*uint64)(unsafe.Pointer(&b.head)), (*uint64)(unsafe.Pointer(&b.tail))
	for range 8 {
		head := atomic.LoadUint64(headp)
		tail := atomic.LoadUint64(tailp)
		if atomic.LoadUint64(headp) == head { // a consistent pair: head did not move while tail was read
			return int(b.count(tail&^b.closed) - b.count(head))
		}
	}
	// Pops kept moving the head: settle for a figure that is at least in range.
	n := int64(b.count(atomic.LoadUint64(tailp)&^b.closed)) - int64(b.count(atomic.LoadUint64(headp)))
	return int(min(max(n, 0), int64(b.cap)))
}

// Drain removes every item at once and returns how many there were: a pop that races it
// gets either an item from before it or none, never one from among the items it drops.
func (b *Bounded[T]) Drain() int {
	headp, tailp := (*uint64)(unsafe.Pointer(&b.head)), (*uint64)(unsafe.Pointer(&b.tail))
	var head, tail uint64
	for {
		head, tail = atomic.LoadUint64(headp), atomic.LoadUint64(tailp)&^b.closed
		if head == tail {
			return 0
		}
		if atomic.CompareAndSwapUint64(headp, head, tail) {
			break
		}
	}
	// The positions from head to tail are ours now; free their slots as TryPop does, once
	// their pushes have written them.
	var zero T
	for pos := head; pos != tail; pos = b.next(pos) {
		s := &b.slots[pos&(b.closed-1)]
		for spins := 0; atomic.LoadUint64((*uint64)(unsafe.Pointer(&s.stamp))) != pos+1; {
			spins = backoff(spins)
		}
		s.v = zero
		atomic.StoreUint64((*uint64)(unsafe.Pointer(&s.stamp)), pos+b.oneLap)
	}
	return int(b.count(tail) - b.count(head))
}

// Close makes every later TryPush fail with [Closed], then waits for the pushes that
// had already claimed a slot to write it, so that when Close returns every item pushed is
// visible to TryPop. Pushes never wait for anything, so the wait is short; it yields the
// processor while it lasts. Close is idempotent.
func (b *Bounded[T]) Close() {
	var tail uint64
	for {
		tail = atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.tail)))
		if tail&b.closed != 0 || atomic.CompareAndSwapUint64((*uint64)(unsafe.Pointer(&b.tail)), tail, tail|b.closed) {
			tail &^= b.closed
			break
		}
	}
	// Positions before head have been popped, so were written; the others up to tail
	// are written once their stamp moves past the position.
	for pos := atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.head))); pos != tail; pos = b.next(pos) {
		s := &b.slots[pos&(b.closed-1)]
		for atomic.LoadUint64((*uint64)(unsafe.Pointer(&s.stamp))) == pos {
			runtime.Gosched()
		}
	}
}

// Bounded keeps its words in atomic.Uint64, which the compiler keeps 8-byte aligned on
// every platform and vet keeps from being read plainly, but works on them with the
// function forms of sync/atomic on the uint64 inside (atomic.Uint64's other fields take
// no space; TestAtomicWord checks). The reason: a generic function from another package,
// instantiated in package aio, is compiled there without inlining most of the calls it
// makes, not those to atomic.Uint64's methods nor to a small helper of this package
// (with go1.26 Bounded[int].TryPush made four calls per push, one per atomic operation);
// the function forms are compiler intrinsics wherever they appear.
