package sched

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
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
		t.Fatalf("state %d, want 0 (unlocked, no waiters)", st)
	}
	if p := m.ch.Load(); p != nil && len(*p) != 0 {
		t.Fatal("a token is left in the channel")
	}
	if m.debt != 0 {
		t.Fatalf("debt %d left on an unlocked Mutex", m.debt)
	}
}

// unlock unlocks m as aio.Lock does, fast half then slow, and reports whether it could.
func unlock(m *Mutex) bool { return m.Unlock() || m.UnlockSlow() }

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
				t.Fatal("Unlock freed the Mutex with waiters counted")
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
		// The hand-offs left their debt (4) on the count, so the fast half cannot free
		// the Mutex; the slow half clears the debt, and then the fast path is open again.
		if st := m.state.Load(); st != 5 || m.debt != 4 {
			t.Fatalf("count %d, debt %d after four hand-offs; want 5 and 4", st, m.debt)
		}
		if m.Unlock() || !m.UnlockSlow() {
			t.Fatal("the last holder's unlock did not go through the slow half")
		}
		mutexIdle(t, &m)
		if !m.TryLock() || !m.Unlock() {
			t.Fatal("the fast path is not open again after contention")
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

// TestMutexCancelBeforeHandOff: the waiter's context ends, and then the holder unlocks,
// before the waiter runs again. Its select is done, so no token can reach it, but it is
// still counted: the unlock must wait for it to take itself off the count, then free the
// Mutex, and the waiter must fail. On one processor the waiter runs only once the unlock
// yields, so the unlock always finds it counted and not parked.
func TestMutexCancelBeforeHandOff(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for range 20 {
		var m Mutex
		m.TryLock()
		out := make(chan int, 1)
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			if m.Lock(ctx) == nil {
				out <- 1
			} else {
				out <- -1
			}
		}()
		for m.state.Load() != 2 { // counted in
			runtime.Gosched()
		}
		for range 10 { // parked, most likely; either way the outcome is the same
			runtime.Gosched()
		}
		cancel()
		if m.Unlock() || !m.UnlockSlow() {
			t.Fatal("unlock failed")
		}
		if got := <-out; got != -1 {
			t.Fatal("the waiter whose context ended first got the lock")
		}
		mutexIdle(t, &m)
	}
}

// TestMutexHandOffBeforeCancel: the holder hands the lock to the parked waiter, and then
// the waiter's context ends before it runs again. The token reached it, so it holds the
// lock and Lock returns nil.
func TestMutexHandOffBeforeCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var m Mutex
		m.TryLock()
		out := make(chan int, 1)
		ctx, cancel := context.WithCancel(context.Background())
		lockAsync(&m, ctx, 1, out)
		if m.Unlock() || !m.UnlockSlow() {
			t.Fatal("hand-off failed")
		}
		cancel()
		synctest.Wait()
		expect(t, out, 1)
		if !m.Locked() || m.TryLock() {
			t.Fatal("the waiter that was handed the lock does not hold it")
		}
		if !unlock(&m) {
			t.Fatal("the new holder's unlock failed")
		}
		mutexIdle(t, &m)
	})
}

// TestMutexEnter: Enter locks a free Mutex and only a free one, and goroutines that it
// counted in while the Mutex was held get it in turn when each holder unlocks, whether
// they wait with Wait or WaitForever.
func TestMutexEnter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var m Mutex
		if !m.Enter() || !m.Locked() || m.TryLock() {
			t.Fatal("Enter on a free Mutex did not lock it")
		}
		// Each waiter reports on its own channel, so the order of the hand-offs shows.
		first, second := make(chan error, 1), make(chan error, 1)
		go func() {
			if m.Enter() {
				first <- errors.New("Enter locked a held Mutex")
				return
			}
			first <- m.Wait(context.Background())
		}()
		synctest.Wait() // the first waiter has parked
		go func() {
			if m.Enter() {
				second <- errors.New("Enter locked a held Mutex")
				return
			}
			m.WaitForever()
			second <- nil
		}()
		synctest.Wait()
		if m.Unlock() || !m.UnlockSlow() {
			t.Fatal("the holder's unlock did not hand the Mutex over")
		}
		if st := m.state.Load(); st != 3 {
			t.Fatalf("count %d after a hand-off, want 3 (holder, debt, second waiter)", st)
		}
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if len(second) != 0 {
			t.Fatal("the second waiter returned while the first held the Mutex")
		}
		if m.Unlock() || !m.UnlockSlow() {
			t.Fatal("the first waiter's unlock did not hand the Mutex over")
		}
		if err := <-second; err != nil {
			t.Fatal(err)
		}
		if !m.Locked() || !unlock(&m) {
			t.Fatal("the second waiter does not hold the Mutex")
		}
		mutexIdle(t, &m)
	})
}

// TestMutexGrantCancelRace races hand-offs against cancellations well over 10^4 times
// and counts exactly (grantCancelRace): never two holders, every Lock either holds or
// failed, and at the end the Mutex is unlocked with nobody waiting and no token in flight.
func TestMutexGrantCancelRace(t *testing.T) {
	var m Mutex
	grantCancelRace(t, 11, 1, func(*rand.Rand) int64 { return 1 },
		func(ctx context.Context, _ int64) error { return m.Lock(ctx) },
		func(int64) bool { return unlock(&m) })
	mutexIdle(t, &m)
}

// spinExclusion has workers goroutines (more than processors, so that holders get
// preempted) each take one of locks rounds times and increment a plain counter of that
// lock's under it, yielding hold times inside; the race detector and the final counts
// catch any overlap. Yielding inside makes the critical sections long enough for the
// looker to give up looking and sleep, so the sleep and wake-up path runs too.
func spinExclusion(t *testing.T, locks []sync.Locker, workers, rounds, hold int) {
	t.Helper()
	inside := make([]atomic.Int32, len(locks))
	counters := make([]int, len(locks))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				i := (w + r) % len(locks)
				locks[i].Lock()
				if inside[i].Add(1) != 1 {
					t.Error("two goroutines inside a SpinLock")
				}
				counters[i]++
				for range hold {
					runtime.Gosched()
				}
				inside[i].Add(-1)
				locks[i].Unlock()
			}
		})
	}
	wg.Wait()
	total := 0
	for i, l := range locks {
		total += counters[i]
		var v int32
		switch l := l.(type) {
		case *SpinLock:
			v = atomic.LoadInt32(&l.v)
		case *OwnSpinLock:
			v = atomic.LoadInt32(&l.State)
			if len(l.s.wake) != 0 {
				t.Errorf("lock %d holds a stray wake-up token", i)
			}
		}
		if v != SpinUnlocked {
			t.Errorf("lock %d left in state %d", i, v)
		}
	}
	if total != workers*rounds {
		t.Fatalf("counted %d, want %d", total, workers*rounds)
	}
	for i := range stripes {
		if n := len(stripes[i].wake); n != 0 {
			t.Fatalf("stripe %d holds %d stray wake-up tokens", i, n)
		}
	}
}

// TestSpinLockExclusion: short and long critical sections on one lock, of each kind.
func TestSpinLockExclusion(t *testing.T) {
	var l SpinLock
	spinExclusion(t, []sync.Locker{&l}, 16, 5000, 0)
	spinExclusion(t, []sync.Locker{&l}, 16, 500, 20)
	var o OwnSpinLock
	spinExclusion(t, []sync.Locker{&o}, 16, 5000, 0)
	spinExclusion(t, []sync.Locker{&o}, 16, 500, 20)
}

// stripeMates returns n SpinLocks whose waiters queue on s, from a pool of 4096.
func stripeMates(t *testing.T, s *sleeper, n int) []sync.Locker {
	t.Helper()
	pool := make([]SpinLock, 4096)
	var locks []sync.Locker
	for i := range pool {
		if pool[i].stripe() == s {
			if locks = append(locks, &pool[i]); len(locks) == n {
				return locks
			}
		}
	}
	t.Fatalf("only %d of 4096 locks share the stripe, want %d", len(locks), n)
	return nil
}

// TestSpinLockSharedStripe: locks whose waiters share one sleeper (and its wake-up
// channel) still exclude, and every wake-up reaches its own lock's looker.
func TestSpinLockSharedStripe(t *testing.T) {
	spinExclusion(t, stripeMates(t, &stripes[0].sleeper, 3), 12, 600, 20)
}

// TestOwnSpinLockNested: goroutines that hold one OwnSpinLock while they take another (in
// one order, as a PriorityQueue's less may ask another queue for its length) while
// others take either alone, finish: each lock's waiters queue on its own sleeper.
func TestOwnSpinLockNested(t *testing.T) {
	var a, b OwnSpinLock
	var n [2]int
	var wg sync.WaitGroup
	for w := range 12 {
		wg.Go(func() {
			for r := range 400 {
				switch (w + r) % 3 {
				case 0:
					a.Lock()
					b.Lock()
					n[0]++
					n[1]++
					runtime.Gosched()
					b.Unlock()
					a.Unlock()
				case 1:
					a.Lock()
					n[0]++
					runtime.Gosched()
					a.Unlock()
				default:
					b.Lock()
					n[1]++
					runtime.Gosched()
					b.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if n[0]+n[1] != 12*400*4/3 {
		t.Fatalf("counted %d and %d, want %d in all", n[0], n[1], 12*400*4/3)
	}
}

// TestSpinLockAcrossBubbles: the striped sleepers are shared by every SpinLock in the
// process, so their wake-up channels must belong to no synctest bubble. A looker that
// sleeps inside a bubble, then one that sleeps outside on the same stripe, must both
// work (a channel made inside the bubble would panic when used outside it).
func TestSpinLockAcrossBubbles(t *testing.T) {
	var inside, outside SpinLock
	synctest.Test(t, func(t *testing.T) {
		spinExclusion(t, []sync.Locker{&inside}, 8, 200, 20)
	})
	spinExclusion(t, stripeMates(t, inside.stripe(), 1), 8, 200, 20)
	spinExclusion(t, []sync.Locker{&outside}, 8, 200, 20)
}

// TestMutexUnlockWaitsForLeaver plays a canceled waiter's steps by hand: counted in, out
// of the receive queue, not yet counted out. The holder's unlock must neither free the
// Mutex nor return while the leaver is counted (it cannot tell a leaver from a waiter
// about to park); a newcomer that parks meanwhile gets the lock, and once the leaver
// counts itself out the last unlock frees the Mutex with no debt left.
func TestMutexUnlockWaitsForLeaver(t *testing.T) {
	for _, newcomer := range []bool{false, true} {
		var m Mutex
		if !m.Enter() { // H holds
			t.Fatal("Enter on an unlocked Mutex must lock it")
		}
		if m.Enter() { // A, the leaver, counted in; it does not park (its ctx ended)
			t.Fatal("Enter on a locked Mutex must not lock it")
		}
		unlocked := make(chan bool)
		go func() { unlocked <- unlock(&m) }() // H unlocks with A counted
		for range 100 {
			runtime.Gosched()
		}
		select {
		case <-unlocked:
			t.Fatal("the unlock returned with only a leaver counted")
		default:
		}
		if !m.Locked() {
			t.Fatal("the unlock freed the Mutex with a waiter counted")
		}
		cGot := make(chan struct{})
		if newcomer {
			go func() { // C parks; H's unlock hands it the lock
				if !m.Enter() {
					m.WaitForever()
				}
				close(cGot)
			}()
			<-cGot
			if !<-unlocked {
				t.Fatal("the hand-off to the newcomer failed")
			}
		}
		m.state.Add(-1) // A counts itself out
		if newcomer {
			if !m.Locked() || !unlock(&m) { // C unlocks
				t.Fatal("the newcomer does not hold the Mutex")
			}
		} else if !<-unlocked {
			t.Fatal("the unlock failed")
		}
		mutexIdle(t, &m)
	}
}

// TestMutexCancelNewcomerRace races, many times, a waiter's cancellation and the
// holder's unlock against a newcomer's Lock. The canceled waiter must return without
// waiting for the newcomer to unlock: the newcomer, once it holds the lock, waits for the
// waiter's Lock to return. (An earlier design, in which the unlock counted itself out
// before the hand-off, hung here about one round in 30,000 until a fix; the present one
// never makes a canceled waiter wait for anything.)
func TestMutexCancelNewcomerRace(t *testing.T) {
	rounds := 2000
	if testing.Short() {
		rounds = 200
	}
	var wg sync.WaitGroup
	for p := range 4 {
		wg.Go(func() {
			for i := range rounds {
				mutexCancelNewcomerRound(t, i*4+p)
			}
		})
	}
	wg.Wait()
}

func mutexCancelNewcomerRound(t *testing.T, r int) {
	var m Mutex
	m.Enter() // H
	ctx, cancel := context.WithCancel(context.Background())
	aDone := make(chan error, 1)
	go func() {
		err := m.Lock(ctx)
		if err == nil {
			unlock(&m)
		}
		aDone <- err
	}()
	for m.state.Load() != 2 { // A counted in
		runtime.Gosched()
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		<-start
		cancel()
		unlock(&m) // H unlocks, A perhaps alone in the count
	})
	wg.Go(func() {
		<-start
		for i := 1; m.state.Load() > 1; i++ {
			if i%64 == 0 {
				runtime.Gosched()
			}
		}
		for range r % 16 {
			runtime.Gosched()
		}
		if !m.Enter() { // C
			m.WaitForever()
		}
		// C holds the lock: A, its ctx ended, must return without C's unlock. (The
		// timeout only turns the hang into a failure; a correct run never comes near it.)
		select {
		case <-aDone:
		case <-time.After(10 * time.Second):
			t.Errorf("round %d: the canceled waiter waits for the newcomer's unlock", r)
			unlock(&m)
			<-aDone
			return
		}
		unlock(&m)
	})
	close(start)
	wg.Wait()
	if st := m.state.Load(); st != 0 {
		t.Errorf("round %d: count %d at the end, want 0", r, st)
	}
}

// raceRounds is how many rounds a test that races two first steps runs.
func raceRounds() int {
	if testing.Short() {
		return 2000
	}
	return 20000
}

// startTogether runs the two functions in two goroutines that spin until both are
// running, so that their first steps race as closely as the machine allows, and waits
// for both.
func startTogether(a, b func()) {
	var ready atomic.Int32
	var wg sync.WaitGroup
	for _, f := range []func(){a, b} {
		wg.Go(func() {
			ready.Add(1)
			for i := 1; ready.Load() != 2; i++ {
				if i%1024 == 0 {
					runtime.Gosched() // one processor: let the other start
				}
			}
			f()
		})
	}
	wg.Wait()
}

// TestMutexTryLockRacesEnter races TryLock against Enter on a free Mutex, many times:
// exactly one of them may lock it. (A TryLock that looked for 0 and then stored 1 would
// let both in.)
func TestMutexTryLockRacesEnter(t *testing.T) {
	for r := range raceRounds() {
		var m Mutex
		var holders atomic.Int32
		var tried, entered bool
		startTogether(
			func() { tried = m.TryLock() },
			func() { entered = m.Enter() })
		if tried {
			holders.Add(1)
		}
		if entered {
			holders.Add(1)
		}
		if h := holders.Load(); h != 1 {
			t.Fatalf("round %d: %d holders after TryLock racing Enter, want 1", r, h)
		}
		if !tried {
			continue // the Enter holds it, and TryLock counted nothing
		}
		// TryLock holds it and the Enter counted itself in as a waiter: hand it over.
		done := make(chan struct{})
		go func() { m.WaitForever(); close(done) }()
		if !unlock(&m) {
			t.Fatalf("round %d: the TryLock holder's unlock failed", r)
		}
		<-done
		if !unlock(&m) {
			t.Fatalf("round %d: the waiter's unlock failed", r)
		}
		mutexIdle(t, &m)
	}
}

// TestMutexFreeRacesNewcomer races the unlock that frees a Mutex (a holder with debt, so
// that it takes the slow half) against a newcomer's Enter, many times. The newcomer
// either locks the freed Mutex or is counted and handed it; it must never be left
// waiting on a free one, as it would be if the free stored 0 over its count.
func TestMutexFreeRacesNewcomer(t *testing.T) {
	for r := range raceRounds() {
		var m Mutex
		m.Enter()
		m.state.Add(1) // as if one hand-off had happened: the holder has a debt of 1
		m.debt = 1
		got := make(chan struct{})
		var freed bool
		startTogether(
			func() { freed = unlock(&m) },
			func() {
				if !m.Enter() {
					go func() { m.WaitForever(); close(got) }()
					return
				}
				close(got)
			})
		if !freed {
			t.Fatalf("round %d: the holder's unlock failed", r)
		}
		select {
		case <-got:
		case <-time.After(10 * time.Second): // only turns a hang into a failure
			t.Fatalf("round %d: the newcomer waits on a Mutex nobody holds (count %d)", r, m.state.Load())
		}
		if !unlock(&m) {
			t.Fatalf("round %d: the newcomer's unlock failed", r)
		}
		mutexIdle(t, &m)
	}
}
