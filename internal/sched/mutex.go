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
// state counts the goroutines in the lock (a benaphore): while m is held, it is 1 for
// the holder, plus the holder's debt, plus one for each waiter. Lock adds one and holds
// the lock if it made the count 1; otherwise it parks to receive a token. Unlock looks
// at the count: if the holder is alone (1 + debt), it frees m with a compare-and-swap of
// the count to 0 (and looks again if a newcomer counted itself in meanwhile); if not,
// it sends a token on the channel, which the runtime gives to the waiter parked longest.
// The send is the hand-off: until it completes the unlocker holds m, and after it the
// receiver does, so m is never locked for nobody. A hand-off leaves the count as
// it was, the unlocker's one now standing for the waiter that took over, and the waiter's
// own one as debt, which the new holder inherits and the unlock that frees m clears. So
// an Unlock that hands m over makes no atomic write of its own (the one that ends a
// contended stretch makes the freeing compare-and-swap), and a contended Lock only its
// one add: as few atomic operations as a channel-based lock's, plus that add.
//
// A waiter counts itself before it parks, so an unlock may find waiters counted but none
// parked yet: it spins, then yields, looking at the count again each time. A waiter whose
// context ends has left the receive queue with its select (so no token can reach it) and
// takes itself off the count; the unlock waiting for it then finds the holder alone and
// frees m, or hands it to a newcomer that parked meanwhile. Canceling a wait therefore
// never depends on what the holder does.
//
// While anyone is counted the count stays above zero, so TryLock and a newcomer's Lock
// cannot take m: no barging. FIFO means the order in which waiters park.
type Mutex struct {
	state atomic.Int64
	ch    atomic.Pointer[chan struct{}] // unbuffered token channel, made on first contention
	// debt counts the holders before this one that handed m over without taking their one
	// off the count. Only the holder reads or writes it: the hand-off's send and receive,
	// or the compare-and-swap that frees m and the add or TryLock that next locks it,
	// order its accesses.
	debt int64
}

// TryLock locks m if it is unlocked and nobody waits, and reports whether it did.
func (m *Mutex) TryLock() bool { return m.state.CompareAndSwap(0, 1) }

// Locked reports whether m is locked (while a hand-off is under way the unlocker still
// holds it).
func (m *Mutex) Locked() bool { return m.state.Load() > 0 }

// Enter is the fast half of a lock, split out so that callers can inline it: it counts
// the caller in and reports whether that locked m. If it reports false, m is held, and
// the caller must finish with Wait or WaitForever.
func (m *Mutex) Enter() bool { return m.state.Add(1) == 1 }

// Unlock is the fast half of an unlock, split out so that callers can inline it: it frees
// m if the holder is alone in the count with no debt, and reports whether it did. If it
// reports false, the caller must finish with UnlockSlow. A load comes before the swap so
// that a contended unlock makes no atomic write.
func (m *Mutex) Unlock() bool {
	return m.state.Load() == 1 && m.state.CompareAndSwap(1, 0)
}

// UnlockSlow finishes an unlock that Unlock did not: it hands m to the longest waiter, or
// frees it if no waiter is counted any more. It reports false, changing nothing, if m was
// not locked. (An unlock of an unlocked Mutex racing a Lock may go unnoticed and unlock
// it for the locker; for a sync.Mutex that is a fatal error.)
func (m *Mutex) UnlockSlow() bool {
	d := m.debt
	var ch chan struct{}
	for spins := 0; ; spins++ {
		st := m.state.Load()
		switch {
		case st < 1+d:
			return false
		case st == 1+d: // no waiter counted: free m
			m.debt = 0
			if m.state.CompareAndSwap(st, 0) {
				return true
			}
			m.debt = d
			continue // a newcomer counted itself in: look again
		}
		// A waiter is counted. Hand m to the one parked longest, if one is parked yet;
		// the debt it inherits must be written before the send.
		if ch == nil {
			ch = m.tokens()
		}
		m.debt = d + 1
		select {
		case ch <- struct{}{}:
			return true
		default:
		}
		m.debt = d
		if spins >= 4 {
			runtime.Gosched()
		}
	}
}

// Lock locks m, waiting behind earlier waiters until ctx ends. It fails with ctx.Err()
// if ctx is already done, even when m is free, and when ctx ends before the lock is
// handed over; then it holds nothing. If the hand-off and the end of ctx come together,
// Lock returns nil exactly when the token reached it, and then it holds m.
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
	<-m.tokens()
}

// Wait is Lock after Enter has counted the caller in and reported false: it waits for the
// lock to be handed over, or leaves when ctx ends, as Lock describes.
func (m *Mutex) Wait(ctx context.Context) error {
	done := ctx.Done()
	if done == nil {
		m.WaitForever()
		return nil
	}
	select {
	case <-m.tokens():
		return nil
	case <-done:
	}
	// Out of the receive queue, so no token can reach us: uncount ourselves. An unlock
	// that found us counted is waiting for us to park; now it looks again.
	m.state.Add(-1)
	return ctx.Err()
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
