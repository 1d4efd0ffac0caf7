package sched

import (
	"context"
	"runtime"
	"sync/atomic"
)

// Mutex is a FIFO, cancel-safe mutual exclusion lock whose zero value is unlocked: the
// core of aio.Lock. It is [Sema] of capacity 1 made cheaper by keeping no waiter list of
// its own: its waiters park in the runtime's receive queue of one unbuffered channel,
// which is FIFO and which a select leaves atomically when its context ends.
//
// state holds mutexLocked and, above it, the number of waiters not yet given the lock
// (each counted as mutexWaiter). An Unlock that finds waiters leaves the lock locked,
// takes one waiter off the count and sends a token on the channel, which the runtime
// gives to the waiter parked longest; until the send completes the unlocker still holds
// the lock, and after it the receiver does, so there is no moment at which the lock is
// locked for nobody. A waiter counts itself before it parks, so an unlock may find no
// one parked yet: it spins, then yields, until someone is. So the waiters still blocked
// number the count plus the sends under way. A waiter whose context ends takes itself off
// the count if the count is not zero; if it is zero, every waiter left has a send coming,
// itself included, and it receives and keeps the lock (the grant came first).
//
// While anyone waits the lock stays locked, so TryLock and a newcomer's Lock cannot take
// it: no barging. FIFO means the order in which waiters park.
type Mutex struct {
	state atomic.Int64
	ch    atomic.Pointer[chan struct{}] // unbuffered token channel, made on first contention
}

const (
	mutexLocked = int64(1)
	mutexWaiter = int64(2)
)

// TryLock locks m if it is unlocked and nobody waits, and reports whether it did.
func (m *Mutex) TryLock() bool { return m.state.CompareAndSwap(0, mutexLocked) }

// Locked reports whether m is locked (a lock handed to a waiter that has not yet woken
// counts as locked).
func (m *Mutex) Locked() bool { return m.state.Load()&mutexLocked != 0 }

// Unlock is the fast half of an unlock, split out so that callers can inline it: it
// unlocks m if nobody waits and reports whether it did. If it reports false, the caller
// must finish with UnlockSlow. (A compare-and-swap alone, with no load first: when it
// fails, it has brought the cache line over for UnlockSlow's load and swap.)
func (m *Mutex) Unlock() bool { return m.state.CompareAndSwap(mutexLocked, 0) }

// UnlockSlow finishes an unlock that Unlock could not do alone: it hands m to the
// longest waiter, in one compare-and-swap that leaves m locked for it, or unlocks m if the
// waiters have left. It reports false, changing nothing, if m is not locked.
func (m *Mutex) UnlockSlow() bool {
	for {
		st := m.state.Load()
		switch {
		case st&mutexLocked == 0:
			return false
		case st == mutexLocked:
			if m.state.CompareAndSwap(mutexLocked, 0) {
				return true
			}
		case m.state.CompareAndSwap(st, st-mutexWaiter):
			m.sendToken()
			return true
		}
	}
}

// sendToken gives the lock to the waiter that has been parked longest. The channel is
// unbuffered, so the token can only go to a parked waiter, never sit where a newcomer
// could take it; until one is parked (a waiter counts itself a few instructions before
// it parks), the unlock spins and then yields, and m stays locked by its unlocker.
func (m *Mutex) sendToken() {
	ch := m.tokens()
	for spins := 0; ; spins++ {
		select {
		case ch <- struct{}{}:
			return
		default:
		}
		if spins >= 4 {
			runtime.Gosched()
		}
	}
}

// Lock locks m, waiting behind earlier waiters until ctx ends. It fails with ctx.Err()
// if ctx is already done, even when m is free, and when ctx ends before the lock is
// handed over; then it holds nothing. If ctx ends just as the lock is handed over, Lock
// keeps it and returns nil.
func (m *Mutex) Lock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if m.TryLock() {
		return nil
	}
	return m.LockSlow(ctx)
}

// LockSlow is Lock after the context check and TryLock have failed.
func (m *Mutex) LockSlow(ctx context.Context) error {
	// Queue first, then look: one atomic operation on the contended path (on a cache
	// line that the failed TryLock has just brought over) instead of a load and a
	// compare-and-swap.
	for st := m.state.Add(mutexWaiter); st&mutexLocked == 0; st = m.state.Load() {
		// Unlocked, so nobody is parked without a token coming (an unlock with waiters
		// keeps m locked for one of them): whoever queued since it was freed is a
		// newcomer like us, and the first to take it off the count takes it.
		if m.state.CompareAndSwap(st, st-mutexWaiter+mutexLocked) {
			return nil
		}
	}
	ch := m.tokens()
	done := ctx.Done()
	if done == nil {
		<-ch
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-done:
	}
	for {
		st := m.state.Load()
		if st>>1 == 0 {
			// No waiter left uncounted for: a token is on its way to us.
			<-ch
			return nil
		}
		if m.state.CompareAndSwap(st, st-mutexWaiter) {
			return ctx.Err()
		}
	}
}

// tokens returns the token channel, making it on first use.
func (m *Mutex) tokens() chan struct{} {
	if p := m.ch.Load(); p != nil {
		return *p
	}
	ch := make(chan struct{})
	if m.ch.CompareAndSwap(nil, &ch) {
		return ch
	}
	return *m.ch.Load()
}
