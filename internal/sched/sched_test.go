package sched

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"testing/synctest"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// box is a minimal owner of a List: a mutex-guarded stock of values handed to waiters.
type box struct {
	mu    sync.Mutex
	q     List[int]
	stock []int
}

func (b *box) take(ctx context.Context) (int, Status) {
	b.mu.Lock()
	if len(b.stock) > 0 && b.q.Len() == 0 {
		v := b.stock[0]
		b.stock = b.stock[1:]
		b.mu.Unlock()
		return v, Handed
	}
	w := b.q.Enqueue(0, 0)
	b.mu.Unlock()
	v, st := b.q.Await(ctx, &b.mu, w)
	if st == Canceled {
		b.mu.Unlock()
	}
	return v, st
}

func (b *box) give(v int) {
	b.mu.Lock()
	if w := b.q.Front(); w != nil {
		b.q.Handoff(w, v)
	} else {
		b.stock = append(b.stock, v)
	}
	b.mu.Unlock()
}

// TestListHandoffVersusCancel races hand-offs against cancellations and checks that every
// value given is taken exactly once: none dropped by a canceled waiter, none given twice.
func TestListHandoffVersusCancel(t *testing.T) {
	const givers, takers, perGiver = 4, 8, 5000
	const total = givers * perGiver
	var b box
	got := make(chan int, total)
	stop, stopAll := context.WithCancel(context.Background())
	var canceled, late [takers]int
	var wg sync.WaitGroup
	for i := range takers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 1))
			for stop.Err() == nil {
				ctx, cancel := context.WithCancel(stop)
				if r.IntN(3) == 0 {
					go cancel() // at a random moment, racing the hand-off
				}
				v, st := b.take(ctx)
				cancel()
				switch st {
				case Canceled:
					canceled[i]++
					continue
				case Late:
					late[i]++
				}
				got <- v
			}
		}()
	}
	for g := range givers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perGiver {
				b.give(g*perGiver + i)
			}
		}()
	}
	seen := make([]int, total)
	for range total {
		seen[<-got]++
	}
	stopAll()
	wg.Wait()
	close(got)
	for v := range got {
		t.Fatalf("value %d taken after all %d were accounted for", v, total)
	}
	for v, n := range seen {
		if n != 1 {
			t.Fatalf("value %d taken %d times", v, n)
		}
	}
	if len(b.stock) != 0 || b.q.Len() != 0 {
		t.Fatalf("left behind: stock %d, waiters %d", len(b.stock), b.q.Len())
	}
	var c, l int
	for i := range takers {
		c, l = c+canceled[i], l+late[i]
	}
	t.Logf("handed %d values; canceled waits %d, late hand-offs kept %d; lost: 0", total, c, l)
}

// TestListAwaitLateWaitsForDeliver plays a split hand-off by hand: the waiter is detached
// under the owner's lock, its context ends, and only then is the value delivered (as the
// queue engine's Put delivers to a detached getter after unlocking). Await must find the
// waiter detached and wait for the Deliver, returning the value as Late; returning
// before it would lose the value, and leave it in the recycled waiter's channel for the
// next waiter to receive.
func TestListAwaitLateWaitsForDeliver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		type result struct {
			v  int
			st Status
		}
		var mu sync.Mutex
		var l List[int]
		await := func(ctx context.Context, w *Waiter[int]) <-chan result {
			ch := make(chan result, 1)
			go func() {
				v, st := l.Await(ctx, &mu, w)
				if st == Canceled {
					mu.Unlock()
				}
				ch <- result{v, st}
			}()
			synctest.Wait()
			return ch
		}

		mu.Lock()
		w := l.Enqueue(0, 0)
		mu.Unlock()
		ctx, cancel := context.WithCancel(context.Background())
		done := await(ctx, w)
		mu.Lock()
		l.Detach(w) // counts as handed from here on
		mu.Unlock()
		cancel()
		synctest.Wait() // Await has seen ctx end and found w detached
		select {
		case r := <-done:
			t.Fatalf("Await returned %+v before the value was delivered", r)
		default:
		}
		w.Deliver(7)
		if r := <-done; r != (result{7, Late}) {
			t.Fatalf("Await returned %+v, want {v:7 st:Late}", r)
		}

		// The waiter went back to the List empty: the next one, recycled from it, is
		// handed nothing until a hand-off.
		mu.Lock()
		w = l.Enqueue(0, 0)
		mu.Unlock()
		ctx, cancel = context.WithCancel(context.Background())
		done = await(ctx, w)
		select {
		case r := <-done:
			t.Fatalf("a fresh waiter's Await returned %+v before any hand-off", r)
		default:
		}
		cancel()
		if r := <-done; r != (result{0, Canceled}) {
			t.Fatalf("Await returned %+v, want {v:0 st:Canceled}", r)
		}
		if l.Len() != 0 {
			t.Fatalf("%d waiters left queued", l.Len())
		}
	})
}
