package aio_test

import (
	"context"
	"math"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"github.com/aio-go/aio"
)

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestSemaphoreBadInput(t *testing.T) {
	s := aio.NewSemaphore(2)
	for _, tc := range []struct {
		name, msg string
		fn        func()
	}{
		{"NewSemaphore(0)", "aio: NewSemaphore with a capacity less than 1", func() { aio.NewSemaphore(0) }},
		{"NewSemaphore(-1)", "aio: NewSemaphore with a capacity less than 1", func() { aio.NewSemaphore(-1) }},
		{"AcquireN(0)", "aio: Semaphore.AcquireN with k < 1", func() { _ = s.AcquireN(context.Background(), 0) }},
		{"TryAcquireN(-1)", "aio: Semaphore.TryAcquireN with k < 1", func() { s.TryAcquireN(-1) }},
		{"ReleaseN(0)", "aio: Semaphore.ReleaseN with k < 1", func() { s.ReleaseN(0) }},
		{"Release unheld", "aio: Semaphore released more than acquired", func() { s.Release() }},
		{"ReleaseN(MaxInt)", "aio: Semaphore released more than acquired", func() { s.ReleaseN(math.MaxInt) }},
	} {
		t.Run(tc.name, func(t *testing.T) { require.PanicsWithValue(t, tc.msg, tc.fn) })
	}
	require.Equal(t, 2, s.Available(), "a panicking call changes nothing")
}

// TestSemaphoreHugeCounts: the count is kept in units of two permits, so capacities and k
// near the largest int must neither overflow it nor make the semaphore refuse everything.
func TestSemaphoreHugeCounts(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("capacities near 2^61 need a 64-bit int")
	}
	ctx := context.Background()
	shift := 61 // a variable: the constants overflow a 32-bit int, which the Skip spares
	maxPermits := 1<<shift - 1
	huge := aio.NewSemaphore(math.MaxInt) // "unbounded", as x/sync users write it
	require.Equal(t, maxPermits, huge.Cap())
	require.NoError(t, huge.Acquire(ctx), "every permit is free")
	require.NoError(t, huge.AcquireN(ctx, maxPermits-1))
	require.Equal(t, 0, huge.Available())
	require.False(t, huge.TryAcquire())
	require.ErrorIs(t, huge.AcquireN(ctx, math.MaxInt), aio.ErrTooManyPermits)
	huge.ReleaseN(maxPermits)
	require.Equal(t, maxPermits, huge.Available())

	big := aio.NewSemaphore(1 << shift)
	require.True(t, big.TryAcquireN(big.Cap()))
	require.False(t, big.TryAcquireN(big.Cap()), "the capacity handed out twice")

	small := aio.NewSemaphore(3)
	require.False(t, small.TryAcquireN(math.MaxInt))
	require.Equal(t, 3, small.Available(), "a failed TryAcquireN changes nothing")
	n := 0
	for n <= 3 && small.TryAcquire() {
		n++
	}
	require.Equal(t, 3, n)
}

func TestSemaphoreBasics(t *testing.T) {
	ctx := context.Background()
	s := aio.NewSemaphore(3)
	require.Equal(t, 3, s.Cap())
	require.NoError(t, s.Acquire(ctx))
	require.NoError(t, s.AcquireN(ctx, 2))
	require.Equal(t, 0, s.Available())
	require.False(t, s.TryAcquire())
	s.ReleaseN(2)
	require.True(t, s.TryAcquireN(2))
	require.False(t, s.TryAcquireN(4), "more than the capacity never fits")
	s.ReleaseN(3)
	require.Equal(t, 3, s.Available())
	require.PanicsWithValue(t, "aio: Semaphore released more than acquired", func() { s.Release() })

	require.ErrorIs(t, s.AcquireN(ctx, 4), aio.ErrTooManyPermits, "fails at once, does not block")
	require.ErrorIs(t, s.Acquire(canceled()), context.Canceled, "an ended ctx fails even with free permits")
	require.Equal(t, 3, s.Available(), "failed acquires hold nothing")
}

// acquireAsync starts an AcquireN that reports id (or -id on failure) to order, and waits
// until it blocks. Inside a synctest bubble, that is how the FIFO tests fix the arrival
// order without sleeping.
func acquireAsync(s *aio.Semaphore, ctx context.Context, k int, order chan<- int, id int) {
	go func() {
		if s.AcquireN(ctx, k) == nil {
			order <- id
		} else {
			order <- -id
		}
	}()
	synctest.Wait()
}

func TestSemaphoreFIFO(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := aio.NewSemaphore(1)
		require.True(t, s.TryAcquire())
		order := make(chan int, 10)
		for i := 1; i <= 10; i++ {
			acquireAsync(s, context.Background(), 1, order, i)
		}
		for i := 1; i <= 10; i++ {
			s.Release()
			synctest.Wait()
			require.Equal(t, i, <-order)
		}
		s.Release()
		require.Equal(t, 1, s.Available())
	})
}

func TestSemaphoreNoBarging(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := aio.NewSemaphore(2)
		require.True(t, s.TryAcquire())
		order := make(chan int, 3)
		acquireAsync(s, context.Background(), 2, order, 1) // needs both: waits
		require.Equal(t, 1, s.Available())
		require.False(t, s.TryAcquire(), "a free permit is not taken while someone waits")
		require.ErrorIs(t, s.Acquire(canceled()), context.Canceled)

		// The releaser cannot re-acquire ahead of the waiter.
		s.Release()
		require.False(t, s.TryAcquire())
		synctest.Wait()
		require.Equal(t, 1, <-order)
		s.ReleaseN(2)
		require.Equal(t, 2, s.Available())
	})
}

func TestSemaphoreLargeWaiterNotStarved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := aio.NewSemaphore(4)
		require.NoError(t, s.AcquireN(ctx, 3))
		order := make(chan int, 8)
		acquireAsync(s, ctx, 4, order, 1) // the large one, at the head
		for i := 2; i <= 5; i++ {
			acquireAsync(s, ctx, 1, order, i)
		}
		// Small ones would fit in the free permit, but they queue behind the large one.
		for range 2 {
			s.Release()
			synctest.Wait()
			require.Empty(t, order)
		}
		s.Release()
		synctest.Wait()
		require.Equal(t, 1, <-order)
		s.ReleaseN(4)
		synctest.Wait()
		require.ElementsMatch(t, []int{2, 3, 4, 5}, []int{<-order, <-order, <-order, <-order})
		s.ReleaseN(4)
		require.Equal(t, 4, s.Available())
	})
}

func TestSemaphoreCancelPassesPermitsOn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := aio.NewSemaphore(2)
		require.NoError(t, s.AcquireN(context.Background(), 2))
		order := make(chan int, 2)
		ctx, cancel := context.WithCancel(context.Background())
		acquireAsync(s, ctx, 2, order, 1)
		acquireAsync(s, context.Background(), 1, order, 2)
		s.Release() // one free, but the head wants two
		synctest.Wait()
		require.Empty(t, order)
		cancel() // the head leaves: the permit it blocked goes to the next waiter
		synctest.Wait()
		require.Equal(t, -1, <-order)
		require.Equal(t, 2, <-order)
		require.Equal(t, 0, s.Available())
		s.ReleaseN(2)
	})
}

// TestSemaphoreGrantCancelRace races grants against cancellations at least 10^4 times and
// counts permits exactly: never more than the capacity held at once, all free at the end,
// and every acquire either holds its permits (nil) or none (error).
func TestSemaphoreGrantCancelRace(t *testing.T) {
	const capacity, workers = 4, 8
	rounds := 2500 // per worker: 2·10^4 acquires, 1.3·10^4 racing a cancel at a random moment
	if testing.Short() {
		rounds = 250
	}
	s := aio.NewSemaphore(capacity)
	var held, ok, failed atomic.Int64
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), 3))
			for range rounds {
				k := 1 + r.IntN(capacity)
				ctx, cancel := context.WithCancel(context.Background())
				if r.IntN(3) != 0 {
					go cancel()
				}
				err := s.AcquireN(ctx, k)
				cancel()
				if err != nil {
					require.ErrorIs(t, err, context.Canceled)
					failed.Add(1)
					continue
				}
				ok.Add(1)
				if h := held.Add(int64(k)); h > capacity {
					t.Errorf("%d permits held, capacity %d", h, capacity)
				}
				held.Add(-int64(k))
				s.ReleaseN(k)
			}
		})
	}
	wg.Wait()
	require.Equal(t, int64(workers*rounds), ok.Load()+failed.Load())
	require.Equal(t, capacity, s.Available(), "permits lost or leaked")
	require.True(t, s.TryAcquireN(capacity), "no waiter left behind")
	t.Logf("%d acquired, %d canceled", ok.Load(), failed.Load())
}
