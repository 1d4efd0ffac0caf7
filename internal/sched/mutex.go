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
// state counts the goroutines in the lock: the holder, or the lock on its way to a
// waiter, and the waiters not yet given it (a benaphore). Lock adds one and holds the
// lock if it made the count 1; Unlock takes one off and, if any are left, sends a token
// on the channel, which the runtime gives to the waiter parked longest. Until the send
// completes the unlocker still holds the lock, and after it the receiver does, so there
// is no moment at which the lock is locked for nobody. So the uncontended Lock and Unlock
// and the contended ones alike are one atomic add each on the word. A waiter counts
// itself before it parks, so an unlock may find no one parked yet: it spins, then yields,
// until someone is. A waiter whose context ends takes itself off the count if the count
// holds anyone besides it; if it is alone, the lock is on its way to it (the grant came
// first), and it receives the token and keeps the lock. Having left the receive queue, it
// must not be passed there by a newcomer counted after its look at the count: it
// announces itself in leaving first, and newcomers park only once leaving is 0.
//
// While anyone waits the count stays above zero, so TryLock and a newcomer's Lock cannot
// take it: no barging. FIFO means the order in which waiters park.
type Mutex struct {
	state atomic.Int64
	ch    atomic.Pointer[chan struct{}] // unbuffered token channel, made on first contention
	// leaving counts the waiters whose context ended and that are deciding between leaving
	// and taking a lock on its way to them (see Wait); newcomers park only once it is 0.
	leaving atomic.Int32
}

// TryLock locks m if it is unlocked and nobody waits, and reports whether it did.
func (m *Mutex) TryLock() bool { return m.state.CompareAndSwap(0, 1) }

// Locked reports whether m is locked (a lock handed to a waiter that has not yet woken
// counts as locked).
func (m *Mutex) Locked() bool { return m.state.Load() > 0 }

// Enter is the fast half of a lock, split out so that callers can inline it: it counts
// the caller in and reports whether that locked m. If it reports false, m is held or on
// its way to an earlier waiter, and the caller must finish with Wait.
func (m *Mutex) Enter() bool { return m.state.Add(1) == 1 }

// Unlock is the fast half of an unlock, split out so that callers can inline it: it
// counts the holder out and returns how many are left. If that is not zero, the caller
// must finish with UnlockSlow(left).
func (m *Mutex) Unlock() (left int64) { return m.state.Add(-1) }

// UnlockSlow finishes an unlock that left goroutines counted: it hands m to the longest
// waiter. A negative left means m was not locked: UnlockSlow undoes the count and reports
// false. (A Lock that counts itself in between, while the count is negative, may then
// wait for a token nobody sends, even past the end of its context, and hold back every
// later newcomer; that takes a misuse racing a Lock, which for a sync.Mutex is a fatal
// error.)
func (m *Mutex) UnlockSlow(left int64) bool {
	if left < 0 {
		m.state.Add(1)
		return false
	}
	m.sendToken()
	return true
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
	if m.Enter() {
		return nil
	}
	return m.Wait(ctx)
}

// WaitForever is Wait for a context that never ends: a plain receive of the token.
func (m *Mutex) WaitForever() {
	m.behindLeavers()
	<-m.tokens()
}

// behindLeavers holds a waiter that has just counted itself in back until no waiter whose
// context ended is deciding whether the lock on its way is its own (see Wait). Such a
// waiter is counted ahead of the newcomer but has left the channel's receive queue, so a
// newcomer that parked first would receive its token: the lock would go to the later
// waiter, and the earlier one, its context ended, would wait for the newcomer's unlock.
// The check costs one load on the way to parking.
func (m *Mutex) behindLeavers() {
	for m.leaving.Load() != 0 {
		runtime.Gosched()
	}
}

// Wait is Lock after Enter has counted the caller in and reported false: it waits for the
// lock to be handed over, or leaves when ctx ends, as Lock describes.
func (m *Mutex) Wait(ctx context.Context) error {
	done := ctx.Done()
	if done == nil {
		m.WaitForever()
		return nil
	}
	m.behindLeavers()
	ch := m.tokens()
	select {
	case <-ch:
		return nil
	case <-done:
	}
	// Counted, but out of the receive queue: announce it before looking at the count, so
	// that a newcomer counted after the look waits for us (behindLeavers). Go's atomics
	// are sequentially consistent, so either the look sees the newcomer's count or the
	// newcomer sees leaving.
	m.leaving.Add(1)
	defer m.leaving.Add(-1)
	for {
		st := m.state.Load()
		if st == 1 {
			// Nobody counted but us: the lock was released with us counted, and its token
			// is on its way to us. No one counted later can park ahead of us now.
			<-ch
			return nil
		}
		if m.state.CompareAndSwap(st, st-1) {
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
