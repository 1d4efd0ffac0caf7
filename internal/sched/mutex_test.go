package sched

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

// lockAsync starts m.Lock(ctx) reporting id (or -id on failure) to out, and waits until
// it blocks or returns. Used inside a synctest bubble.
func lockAsync(m *Mutex, ctx context.Context, id int, out chan<- int) {
	go func() {
		if m.Lock(ctx) == nil {
			out <- id
		} else {
			out <- -id
		}
	}()
	synctest.Wait()
}

// mutexIdle fails t unless m is unlocked, nobody waits and no token is in flight.
func mutexIdle(t *testing.T, m *Mutex) {
	t.Helper()
	if st := m.state.Load(); st != 0 {
		t.Fatalf("state %#x, want 0 (unlocked, no waiters)", st)
	}
	if p := m.ch.Load(); p != nil && len(*p) != 0 {
		t.Fatal("a token is left in the channel")
	}
}

func TestMutexFIFONoBarging(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var m Mutex
		if !m.TryLock() || m.TryLock() {
			t.Fatal("TryLock on the zero Mutex must lock it once")
		}
		out := make(chan int, 10)
		ctx3, cancel3 := context.WithCancel(context.Background())
		for i := 1; i <= 5; i++ {
			ctx := context.Background()
			if i == 3 {
				ctx = ctx3
			}
			lockAsync(&m, ctx, i, out)
		}
		expect(t, out)
		cancel3() // the middle waiter leaves; the others keep their places
		synctest.Wait()
		expect(t, out, -3)
		for _, want := range []int{1, 2, 4, 5} {
			if m.Unlock() {
				t.Fatal("Unlock's fast path ran with waiters")
			}
			if !m.UnlockSlow() {
				t.Fatal("UnlockSlow of a held Mutex failed")
			}
			if m.TryLock() {
				t.Fatal("the unlocker barged ahead of a waiter")
			}
			synctest.Wait()
			expect(t, out, want)
		}
		if !m.Unlock() {
			t.Fatal("Unlock with nobody waiting took the slow path")
		}
		mutexIdle(t, &m)
	})
}

func TestMutexUnlockUnlocked(t *testing.T) {
	var m Mutex
	if m.Unlock() || m.UnlockSlow() {
		t.Fatal("unlocking an unlocked Mutex succeeded")
	}
	mutexIdle(t, &m)
	if !m.TryLock() || !m.Unlock() {
		t.Fatal("the Mutex is not usable after a failed unlock")
	}
}

func TestMutexEndedContext(t *testing.T) {
	var m Mutex
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if m.Lock(ctx) == nil {
		t.Fatal("Lock with an ended ctx succeeded on a free Mutex")
	}
	mutexIdle(t, &m)
}

// TestMutexGrantAndCancelTogether: the waiter's cancellation and then the hand-off happen
// before the waiter runs again. The hand-off counted on it (nobody else waits), so the
// waiter must take the token and keep the lock, and Lock must say so.
func TestMutexGrantAndCancelTogether(t *testing.T) {
	for range 20 {
		synctest.Test(t, func(t *testing.T) {
			var m Mutex
			m.TryLock()
			out := make(chan int, 1)
			ctx, cancel := context.WithCancel(context.Background())
			lockAsync(&m, ctx, 1, out)
			// The cancellation wakes the waiter first (its select is then done, so the
			// token goes into the channel's buffer, not to it); it runs only after both.
			cancel()
			if m.Unlock() || !m.UnlockSlow() {
				t.Fatal("hand-off failed")
			}
			synctest.Wait()
			expect(t, out, 1)
			if !m.Locked() || !m.Unlock() {
				t.Fatal("the waiter that was handed the lock does not hold it")
			}
			mutexIdle(t, &m)
		})
	}
}

// TestMutexLockFindsItFree: a waiter that queues just as the lock is released (the state
// it adds to has no lock bit) hands the lock on itself, to the longest waiter.
func TestMutexLockFindsItFree(t *testing.T) {
	var m Mutex
	if err := m.LockSlow(context.Background()); err != nil { // the fast path was skipped
		t.Fatal(err)
	}
	if !m.Locked() || !m.Unlock() {
		t.Fatal("LockSlow on a free Mutex did not lock it")
	}
	mutexIdle(t, &m)
}

// TestMutexGrantCancelRace races hand-offs against cancellations well over 10^4 times
// and counts exactly (grantCancelRace): never two holders, every Lock either holds or
// failed, and at the end the Mutex is unlocked with nobody waiting and no token in flight.
func TestMutexGrantCancelRace(t *testing.T) {
	var m Mutex
	grantCancelRace(t, 11, 1, func(*rand.Rand) int64 { return 1 },
		func(ctx context.Context, _ int64) error { return m.Lock(ctx) },
		func(int64) bool { return m.Unlock() || m.UnlockSlow() })
	mutexIdle(t, &m)
}

// TestSpinLockExclusion: goroutines (more than processors, so that holders get
// preempted) increment a plain counter under a SpinLock; the race detector and the
// final count catch any overlap.
func TestSpinLockExclusion(t *testing.T) {
	const workers, rounds = 16, 5000
	var l SpinLock
	var inside atomic.Int32
	counter := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range rounds {
				l.Lock()
				if inside.Add(1) != 1 {
					t.Error("two goroutines inside a SpinLock")
				}
				counter++
				inside.Add(-1)
				l.Unlock()
			}
		})
	}
	wg.Wait()
	if counter != workers*rounds {
		t.Fatalf("counter %d, want %d", counter, workers*rounds)
	}
}
