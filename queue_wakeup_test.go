package aio_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aio-go/aio"
)

// wakeupRounds is how many hand-overs each TestQueueFastPathWakeups case plays.
func wakeupRounds() int {
	switch {
	case testing.Short():
		return 5_000
	case queueRaceEnabled:
		return 30_000
	}
	return 200_000
}

var wakeupSink int

// wakeupSpin busies the goroutine for a random few nanoseconds to a microsecond, so that
// over many rounds one side's fast path lands at every point of the other side's
// slow path.
// Only one goroutine of each case calls it, so wakeupSink is never written by two at once.
func wakeupSpin(r *rand.Rand) {
	for range r.IntN(128) {
		wakeupSink++
	}
}

// TestQueueFastPathWakeups plays two goroutines against each other over a queue kept in
// the lock-free ring, one round at a time, so that in every round one of them takes the
// slow path and waits while the other, a moment later, takes the fast path past it:
//
//   - getter: the consumer Gets from the empty queue (it queues, flags getWaiting and
//     looks at the ring) while the producer Puts one item, which goes in by the fast
//     path if the producer looked at waiting before the flag was set;
//   - putter: the producer Puts into the full queue (it queues, flags putWaiting and
//     looks at the ring) while the consumer Gets one item by the fast path.
//
// Each side waits for the other's round to end before it starts the next, so an item
// left in the ring behind a waiting getter, or room left behind a waiting putter (a lost
// wake-up), leaves both goroutines blocked: inside the synctest bubble the blocked Get or
// Put's deadline then passes at once, and the test fails instead of hanging.
func TestQueueFastPathWakeups(t *testing.T) {
	for _, side := range []string{"getter", "putter"} {
		t.Run(side, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				const capacity = 2
				q := aio.NewQueue[int](capacity)
				if !aio.KeptInRing(q) {
					t.Fatal("a queue of 2 is kept in the ring")
				}
				n := wakeupRounds()
				// A round ends with round stored and a token in ack. The other side spins on
				// round, so that it starts its next step within nanoseconds of the end, then
				// takes the token; the channel is what it blocks on, durably, if the round
				// never ends.
				var round atomic.Int64
				fail := make(chan error, 1) // the producer's
				ack := make(chan struct{}, 1)
				quit := make(chan struct{}) // the consumer has returned
				defer close(quit)
				awaitRound := func(i int) error {
					for spins := 0; round.Load() < int64(i) && spins < 1<<14; spins++ {
						if spins&255 == 255 {
							runtime.Gosched()
						}
					}
					select {
					case <-ack:
						return nil
					case err := <-fail:
						return err
					case <-quit:
						return errors.New("quit")
					}
				}
				// The deadline asserts nothing about time: in the bubble it passes only
				// when every goroutine is blocked, that is, after a lost wake-up.
				ctxFor := func() (context.Context, context.CancelFunc) {
					return context.WithTimeout(context.Background(), time.Hour)
				}
				if side == "putter" {
					for i := range capacity {
						if err := q.TryPut(i - capacity); err != nil {
							t.Fatal(err)
						}
					}
				}
				go func() { // the producer
					r := rand.New(rand.NewPCG(1, 2))
					for i := range n {
						if side == "getter" && i > 0 {
							if awaitRound(i) != nil { // the consumer took item i-1 and Gets again
								return
							}
							wakeupSpin(r)
						}
						ctx, cancel := ctxFor()
						err := q.Put(ctx, i)
						cancel()
						if err != nil {
							fail <- fmt.Errorf("round %d: Put: %w: the putter was left waiting with room in the queue (Len %d)", i, err, q.Len())
							return
						}
						if side == "putter" {
							round.Store(int64(i + 1))
							ack <- struct{}{} // the consumer may Get again
						}
					}
				}()
				r := rand.New(rand.NewPCG(3, 4))
				want := 0
				if side == "putter" {
					want = -capacity
				}
				for i := range n {
					if side == "putter" && i > 0 {
						if err := awaitRound(i); err != nil { // Put(i-1) returned, and Put(i) is on its way
							t.Fatal(err)
						}
						wakeupSpin(r)
					}
					ctx, cancel := ctxFor()
					v, err := q.Get(ctx)
					cancel()
					if err != nil {
						t.Fatalf("round %d: Get: %v: an item was left in the queue behind a waiting getter (Len %d)", i, err, q.Len())
					}
					if v != want {
						t.Fatalf("round %d: got %d, want %d", i, v, want)
					}
					want++
					if side == "getter" && i+1 < n {
						round.Store(int64(i + 1))
						ack <- struct{}{}
					}
				}
				if side == "putter" {
					if err := awaitRound(n); err != nil {
						t.Fatal(err)
					}
					for range capacity {
						v, err := q.TryGet()
						if err != nil || v != want {
							t.Fatalf("TryGet: %d, %v; want %d", v, err, want)
						}
						want++
					}
				}
			})
		})
	}
}
