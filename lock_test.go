package aio_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"github.com/aio-go/aio"
)

var _ sync.Locker = (*aio.Lock)(nil)

func TestLockZeroValue(t *testing.T) {
	var l aio.Lock
	require.False(t, l.Locked())
	l.Lock()
	require.True(t, l.Locked())
	require.False(t, l.TryLock())
	l.Unlock()
	require.True(t, l.TryLock())
	l.Unlock()
	require.NoError(t, l.Acquire(context.Background()))
	l.Unlock()
	require.ErrorIs(t, l.Acquire(canceled()), context.Canceled, "an ended ctx fails even when free")
	require.False(t, l.Locked())
	require.PanicsWithValue(t, "aio: Unlock of unlocked Lock", l.Unlock)
}

func TestLockFIFOAndNoBarging(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l aio.Lock
		l.Lock()
		order := make(chan int, 5)
		for i := 1; i <= 5; i++ {
			go func() {
				l.Lock()
				order <- i
			}()
			synctest.Wait()
		}
		for i := 1; i <= 5; i++ {
			l.Unlock() // hands the lock straight to the longest waiter
			require.False(t, l.TryLock(), "the unlocker cannot take it back")
			synctest.Wait()
			require.Equal(t, i, <-order)
		}
		l.Unlock()
		require.False(t, l.Locked())
	})
}

func TestLockAcquireCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l aio.Lock
		l.Lock()
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- l.Acquire(ctx) }()
		synctest.Wait()
		cancel()
		require.ErrorIs(t, <-errc, context.Canceled)
		l.Unlock()
		require.False(t, l.Locked(), "the canceled waiter holds nothing")
	})
}

// TestLockGrantCancelRace races unlocks against canceled Acquires at least 10^4 times: the
// lock is always held by at most one goroutine, and free at the end with nobody waiting.
func TestLockGrantCancelRace(t *testing.T) {
	const workers = 8
	rounds := 2500 // per worker; two thirds race a cancel
	if testing.Short() {
		rounds = 250
	}
	var l aio.Lock
	var holders, ok, failed atomic.Int64
	counter := 0 // guarded by l
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), 5))
			for range rounds {
				ctx, cancel := context.WithCancel(context.Background())
				if r.IntN(3) != 0 {
					go cancel()
				}
				err := l.Acquire(ctx)
				cancel()
				if err != nil {
					failed.Add(1)
					continue
				}
				ok.Add(1)
				if h := holders.Add(1); h != 1 {
					t.Errorf("%d holders", h)
				}
				counter++
				holders.Add(-1)
				l.Unlock()
			}
		})
	}
	wg.Wait()
	require.Equal(t, int64(workers*rounds), ok.Load()+failed.Load())
	require.Equal(t, ok.Load(), int64(counter))
	require.False(t, l.Locked())
	require.True(t, l.TryLock(), "no waiter left behind")
	l.Unlock()
}
