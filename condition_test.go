package aio_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"github.com/aio-go/aio"
)

func TestConditionBadInput(t *testing.T) {
	require.PanicsWithValue(t, "aio: NewCondition with a nil Locker", func() { aio.NewCondition(nil) })
	var l aio.Lock
	c := aio.NewCondition(&l)
	require.PanicsWithValue(t, "aio: Condition.Wait without holding its Lock", func() {
		_ = c.Wait(context.Background())
	})
	require.Same(t, &l, c.Locker())
}

func TestConditionWaitEndedCtxKeepsLock(t *testing.T) {
	var l aio.Lock
	c := aio.NewCondition(&l)
	l.Lock()
	require.ErrorIs(t, c.Wait(canceled()), context.Canceled)
	require.True(t, l.Locked())
	l.Unlock()
}

// waitAsync starts a Wait under c's lock that reports id (or -id on error) to out once it
// has re-locked l, and waits until it blocks.
func waitAsync(c *aio.Condition, ctx context.Context, id int, out chan<- int) {
	go func() {
		c.Locker().Lock()
		err := c.Wait(ctx)
		if err != nil {
			id = -id
		}
		out <- id
		c.Locker().Unlock()
	}()
	synctest.Wait()
}

func TestConditionNotifyFIFO(t *testing.T) {
	for _, tc := range []struct {
		name   string
		locker sync.Locker
	}{{"aio.Lock", new(aio.Lock)}, {"sync.Mutex", new(sync.Mutex)}} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c := aio.NewCondition(tc.locker)
				out := make(chan int, 6)
				for i := 1; i <= 6; i++ {
					waitAsync(c, context.Background(), i, out)
				}
				c.Notify(0) // nothing
				synctest.Wait()
				require.Empty(t, out)
				c.Notify(1)
				synctest.Wait()
				require.Equal(t, 1, <-out)
				c.Notify(1)
				synctest.Wait()
				require.Equal(t, 2, <-out)
				// Woken together, they race for l: the set is FIFO, their re-lock order is not.
				c.Notify(2)
				synctest.Wait()
				require.ElementsMatch(t, []int{3, 4}, []int{<-out, <-out})
				c.NotifyAll()
				synctest.Wait()
				require.ElementsMatch(t, []int{5, 6}, []int{<-out, <-out})
				c.Notify(5) // nobody waits: nothing is stored for later
				waitAsync(c, context.Background(), 7, out)
				require.Empty(t, out)
				c.Notify(1)
				synctest.Wait()
				require.Equal(t, 7, <-out)
			})
		})
	}
}

func TestConditionCancelReacquiresLock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l aio.Lock
		c := aio.NewCondition(&l)
		ctx, cancel := context.WithCancel(context.Background())
		out := make(chan int, 1)
		waitAsync(c, ctx, 1, out)
		l.Lock() // Wait released l
		cancel()
		synctest.Wait()
		require.Empty(t, out, "a canceled Wait does not return before it has l again")
		l.Unlock()
		synctest.Wait()
		require.Equal(t, -1, <-out)
		require.False(t, l.Locked())
	})
}

func TestConditionWaitFor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		c := aio.NewCondition(&mu)
		n := 0
		done := make(chan error, 1)
		go func() {
			mu.Lock()
			defer mu.Unlock()
			done <- c.WaitFor(context.Background(), func() bool { return n >= 3 })
		}()
		for range 3 {
			synctest.Wait()
			require.Empty(t, done)
			mu.Lock()
			n++
			c.NotifyAll()
			mu.Unlock()
		}
		require.NoError(t, <-done)

		mu.Lock()
		require.NoError(t, c.WaitFor(canceled(), func() bool { return true }), "a true pred wins")
		require.ErrorIs(t, c.WaitFor(canceled(), func() bool { return false }), context.Canceled)
		mu.Unlock()
	})
}

// TestConditionNotifyCancelRace races one Notify(1) against the cancellation of the head
// waiter 10^4 times, and counts the wake-up: exactly one waiter returns nil every time,
// whether the canceled waiter was passed over, or was notified as its ctx ended and passed
// the notification on. None is lost and none is doubled.
func TestConditionNotifyCancelRace(t *testing.T) {
	rounds := 10000
	if testing.Short() {
		rounds = 1000
	}
	synctest.Test(t, func(t *testing.T) {
		var l aio.Lock
		c := aio.NewCondition(&l)
		out := make(chan int, 3)
		headFailed := 0
		for range rounds {
			ctx, cancel := context.WithCancel(context.Background())
			waitAsync(c, ctx, 1, out)
			waitAsync(c, context.Background(), 2, out)
			waitAsync(c, context.Background(), 3, out)
			go cancel()
			go c.Notify(1)
			synctest.Wait()
			woken := 0
			for len(out) > 0 {
				switch id := <-out; {
				case id > 0:
					woken++
				case id == -1:
					headFailed++
				default:
					t.Fatalf("waiter %d failed", -id)
				}
			}
			require.Equal(t, 1, woken, "wake-ups delivered for one Notify(1)")
			c.NotifyAll()
			synctest.Wait()
			for len(out) > 0 {
				require.Positive(t, <-out)
			}
			cancel()
		}
		t.Logf("%d rounds; the head lost the race to its cancel (passed over or passed the notification on) in %d", rounds, headFailed)
	})
}
