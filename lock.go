package aio

import (
	"context"

	"github.com/aio-go/aio/internal/sched"
)

// Lock is a FIFO-fair mutual exclusion lock whose acquisition can be canceled with a
// context: asyncio's Lock. It is a [sync.Locker], so it can guard a [Condition].
//
// Unlike [sync.Mutex], a Lock is handed directly to the goroutine that has waited longest
// when it is unlocked: no newcomer, not even the goroutine that just unlocked it, can take
// it while anyone waits.
//
// The zero value is an unlocked Lock. A Lock must not be copied after first use. As with
// [sync.Mutex], a Lock is not tied to a goroutine: one may lock it and another unlock it.
// The uncontended Lock and Unlock use atomics only.
type Lock struct {
	m sched.Mutex
}

// Lock locks l, blocking until it is free and every earlier waiter has had it.
// It cannot be canceled; use [Lock.Acquire] to wait with a context.
func (l *Lock) Lock() {
	if !l.m.Enter() {
		l.m.WaitForever()
	}
}

// Acquire locks l, blocking until it is free and every earlier waiter has had it.
//
// If ctx is already done, Acquire returns ctx.Err() at once, even when l is free. If ctx
// ends while it waits, it returns ctx.Err() without the lock, and the lock goes to the
// next waiter if it is free. Acquire is cancel-safe: when ctx ends just as the lock is
// handed over, it keeps the lock and returns nil, so nil always means l is held and a
// non-nil error means it is not.
func (l *Lock) Acquire(ctx context.Context) error {
	return l.m.Lock(ctx)
}

// TryLock locks l if it is free and nobody waits, and reports whether it did.
// It never blocks.
func (l *Lock) TryLock() bool {
	return l.m.TryLock()
}

// Unlock unlocks l, handing it to the longest waiter if there is one.
// It panics if l is not locked.
func (l *Lock) Unlock() {
	if !l.m.Unlock() && !l.m.UnlockSlow() {
		panic("aio: Unlock of unlocked Lock")
	}
}

// Locked reports whether l is locked. With other goroutines locking and unlocking, it is
// only a snapshot.
func (l *Lock) Locked() bool {
	return l.m.Locked()
}
