package aio_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/aio-go/aio"
)

// TestSyncPrimitivesInBubble runs each primitive inside a testing/synctest bubble, where
// time is virtual: a waiter blocked on any of them must be durably blocked (or the bubble
// could not advance its clock), and its deadline must end the wait at exactly the virtual
// instant it names.
func TestSyncPrimitivesInBubble(t *testing.T) {
	const d = time.Hour // virtual: the test takes no real time
	for _, tc := range []struct {
		name string
		// wait blocks until its ctx ends (nothing will release it) and returns the error.
		setup func(t *testing.T) func(ctx context.Context) error
	}{
		{"Semaphore", func(t *testing.T) func(context.Context) error {
			s := aio.NewSemaphore(2)
			require.NoError(t, s.AcquireN(context.Background(), 2))
			return func(ctx context.Context) error {
				err := s.Acquire(ctx)
				require.Equal(t, 0, s.Available())
				return err
			}
		}},
		{"Lock", func(t *testing.T) func(context.Context) error {
			var l aio.Lock
			l.Lock()
			return l.Acquire
		}},
		{"Event", func(t *testing.T) func(context.Context) error {
			var e aio.Event
			return e.Wait
		}},
		{"Condition", func(t *testing.T) func(context.Context) error {
			var l aio.Lock
			c := aio.NewCondition(&l)
			return func(ctx context.Context) error {
				l.Lock()
				defer l.Unlock()
				err := c.Wait(ctx)
				require.True(t, l.Locked(), "re-locked after the deadline")
				return err
			}
		}},
		{"Barrier", func(t *testing.T) func(context.Context) error {
			b := aio.NewBarrier(2)
			return func(ctx context.Context) error {
				_, err := b.Wait(ctx)
				require.Equal(t, 0, b.Waiting())
				return err
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				wait := tc.setup(t)
				start := time.Now()
				ctx, cancel := context.WithTimeout(context.Background(), d)
				defer cancel()
				require.ErrorIs(t, wait(ctx), context.DeadlineExceeded)
				require.Equal(t, d, time.Since(start), "virtual time")
			})
		})
	}
}

// TestSyncPrimitivesHandOffInBubble has goroutines in a bubble pass work through every
// primitive, with virtual sleeps in between, and checks the bubble ends with all of them.
func TestSyncPrimitivesHandOffInBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := aio.NewSemaphore(2)
		var l aio.Lock
		var ev aio.Event
		c := aio.NewCondition(&l)
		b := aio.NewBarrier(4)
		ready := 0 // guarded by l
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				require.NoError(t, ev.Wait(ctx))
				require.NoError(t, s.Acquire(ctx))
				time.Sleep(time.Second)
				s.Release()
				l.Lock()
				ready++
				c.NotifyAll()
				l.Unlock()
				_, err := b.Wait(ctx)
				require.NoError(t, err)
			})
		}
		start := time.Now()
		ev.Set()
		l.Lock()
		require.NoError(t, c.WaitFor(ctx, func() bool { return ready == 4 }))
		l.Unlock()
		wg.Wait()
		require.Equal(t, 2*time.Second, time.Since(start), "two at a time, one second each")
		require.Equal(t, 2, s.Available())
	})
}
