// Package sched is the scheduling core shared by every blocking primitive in aio.
//
// # How a blocking call flows through it
//
// Each primitive owns a mutex (the owner's lock) and one or more [List] values guarded by
// it. A call that cannot proceed at once takes the owner's lock, appends a [Waiter] to the
// tail of a list with [List.Enqueue], releases the lock and calls [List.Await]. Another
// goroutine that makes progress possible (a Release, a Put, a Notify) takes the owner's
// lock, picks waiters from the front of the list and gives each one a value with
// [List.Handoff]. Handoff removes the waiter from the list and stores the value in the
// waiter's one-slot channel, both under the owner's lock, so "is it still queued?" and
// "has it been handed something?" are a single fact that can be read under that lock.
//
// That single fact is what makes cancellation safe. When the waiter's context ends,
// Await takes the owner's lock and looks: if the waiter is still queued, nobody handed it
// anything; Await removes it and returns [Canceled] with the owner's lock still held, so
// the primitive can repair its own state (pass permits on to the next waiter, forget a
// party) before anyone else looks. If the waiter is no longer queued, a hand-off already
// happened, the value is in the channel (or on its way, for a hand-off split into
// [List.Detach] under the lock and [Waiter.Deliver] after it), and Await returns it as
// [Late]: the caller owns it and must either keep it (the call succeeds) or pass it on.
// Nothing is dropped and nothing is given twice, whichever of the two events came first.
//
// Waiters are recycled through a free list that lives in the List itself (never a global
// sync.Pool), so a primitive created inside a testing/synctest bubble never sees a
// channel from another bubble. A woken waiter is returned without the owner's lock,
// through a lock-free stack that only the lock holder pops (one consumer, so no ABA).
//
// Blocked goroutines wait on a channel receive or a select with ctx.Done(), which
// testing/synctest treats as durably blocking when the channel was made in the bubble.
// (The spin locks' brief waits, and Mutex's spins while a counted waiter parks, yield
// instead; they are not durable, and do not need to be.) A List, and a Mutex, thereby
// belong to the first bubble that makes a waiter's channel, as any channel does.
package sched

import (
	"context"
	"sync"
	"sync/atomic"
)

// Waiter is one goroutine blocked in a List. Its fields N and V belong to the primitive:
// N is what the waiter asks for (a weight), V what it offers (an item to put).
type Waiter[T any] struct {
	N int64
	V T

	ch         chan T // one slot; holds the hand-off
	next, prev *Waiter[T]
	queued     bool
}

// Status says how [List.Await] ended.
type Status uint8

const (
	// Handed: the waiter received a value before its context ended.
	Handed Status = iota
	// Late: the context ended, but a value had already been handed over. The caller
	// owns the value and must keep it or pass it on.
	Late
	// Canceled: the context ended while the waiter was still queued. The waiter has been
	// removed and nothing was handed to it. The owner's lock is held on return.
	Canceled
)

// List is a FIFO list of waiters. Its zero value is an empty list. Every method except
// Await must be called with the owner's lock held.
type List[T any] struct {
	head, tail *Waiter[T]
	n          int
	free       *Waiter[T]                // recycled waiters, guarded by the owner's lock
	back       atomic.Pointer[Waiter[T]] // waiters returned without the lock
}

// Len returns the number of queued waiters.
func (l *List[T]) Len() int { return l.n }

// Front returns the first waiter, or nil.
func (l *List[T]) Front() *Waiter[T] { return l.head }

// Next returns the waiter after w, or nil.
func (l *List[T]) Next(w *Waiter[T]) *Waiter[T] { return w.next }

// Enqueue appends a waiter asking for n and offering v, and returns it.
func (l *List[T]) Enqueue(n int64, v T) *Waiter[T] {
	w := l.get()
	w.N, w.V = n, v
	w.queued = true
	w.prev = l.tail
	if l.tail != nil {
		l.tail.next = w
	} else {
		l.head = w
	}
	l.tail = w
	l.n++
	return w
}

// Remove takes a queued waiter out of the list without handing it anything. The caller
// must then make sure the waiter's goroutine learns of it some other way; primitives use
// it only from the Canceled path, where that goroutine is the caller.
func (l *List[T]) Remove(w *Waiter[T]) {
	if !w.queued {
		panic("aio/internal/sched: Remove of a waiter that is not queued")
	}
	if w.prev != nil {
		w.prev.next = w.next
	} else {
		l.head = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	} else {
		l.tail = w.prev
	}
	w.next, w.prev = nil, nil
	w.queued = false
	l.n--
}

// Handoff removes w from the list and gives it v. It never blocks.
func (l *List[T]) Handoff(w *Waiter[T], v T) {
	l.Remove(w)
	w.ch <- v // one slot, empty while queued: never blocks
}

// Await blocks until w is handed a value or ctx ends, and reports which (see [Status]).
// It must be called without the owner's lock mu, which it takes only when ctx ends.
// With [Canceled] it returns with mu held; otherwise mu is not held. After Await
// returns, w belongs to the List again and must not be used.
func (l *List[T]) Await(ctx context.Context, mu sync.Locker, w *Waiter[T]) (T, Status) {
	done := ctx.Done()
	if done == nil {
		v := <-w.ch
		l.put(w)
		return v, Handed
	}
	select {
	case v := <-w.ch:
		l.put(w)
		return v, Handed
	case <-done:
	}
	mu.Lock()
	if w.queued {
		l.Remove(w)
		l.recycle(w)
		var zero T
		return zero, Canceled
	}
	// A hand-off removed w under mu before we took it: its value is in the channel, or
	// on its way if the hand-off was split (Detach, then Deliver after unlocking mu).
	// Receive without mu, so a deliverer that is still to send never waits for us.
	mu.Unlock()
	v := <-w.ch
	l.put(w)
	return v, Late
}

// Detach removes w from the list as [List.Handoff] does, but leaves the value to be
// delivered by [Waiter.Deliver], which the caller must call exactly once, and may call
// after releasing the owner's lock. Splitting a hand-off this way keeps the wake-up of the
// waiter's goroutine out of the owner's critical section. From Detach on, w counts as
// handed: a cancellation that races it ends as [Late] and waits for the value.
func (l *List[T]) Detach(w *Waiter[T]) { l.Remove(w) }

// Deliver gives a detached waiter its value. It never blocks. w must not be used after.
// Deliver on a nil waiter does nothing, so a caller whose critical section may or may not
// have detached a waiter can deliver unconditionally after unlocking.
func (w *Waiter[T]) Deliver(v T) {
	if w != nil {
		w.ch <- v
	}
}

// get returns a waiter from the free lists or a new one. Owner's lock held.
func (l *List[T]) get() *Waiter[T] {
	if l.free == nil {
		// Only the lock holder pops, so swapping the whole stack out is safe.
		l.free = l.back.Swap(nil)
	}
	if w := l.free; w != nil {
		l.free = w.next
		w.next = nil
		return w
	}
	return &Waiter[T]{ch: make(chan T, 1)}
}

// recycle returns w to the free list. Owner's lock held.
func (l *List[T]) recycle(w *Waiter[T]) {
	var zero T
	w.V = zero
	w.next = l.free
	l.free = w
}

// put returns w to the free list without the owner's lock: a lock-free push.
func (l *List[T]) put(w *Waiter[T]) {
	var zero T
	w.V = zero
	for {
		top := l.back.Load()
		w.next = top
		if l.back.CompareAndSwap(top, w) {
			return
		}
	}
}
