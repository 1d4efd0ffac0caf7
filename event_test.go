package aio_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"github.com/aio-go/aio"
)

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

func TestEventZeroValue(t *testing.T) {
	var e aio.Event
	require.False(t, e.IsSet())
	d1 := e.Done()
	require.False(t, isClosed(d1))
	require.ErrorIs(t, e.Wait(canceled()), context.Canceled)

	e.Set()
	e.Set() // no-op
	require.True(t, e.IsSet())
	require.True(t, isClosed(d1), "Set closes the channel handed out before it")
	require.True(t, isClosed(e.Done()))
	require.NoError(t, e.Wait(context.Background()))
	require.NoError(t, e.Wait(canceled()), "a set event wins over an ended ctx")

	e.Clear()
	e.Clear() // no-op
	require.False(t, e.IsSet())
	d2 := e.Done()
	require.False(t, isClosed(d2), "after Clear, a new channel")
	require.True(t, isClosed(d1), "the old one stays closed")
	e.Set()
	require.True(t, isClosed(d2))
}

func TestEventSetThenClearReleasesEveryWaiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var e aio.Event
		const n = 50
		errs := make(chan error, n)
		for range n {
			go func() { errs <- e.Wait(context.Background()) }()
		}
		synctest.Wait() // all n are waiting
		e.Set()
		e.Clear() // at once: must not strand anyone released by Set
		for range n {
			require.NoError(t, <-errs)
		}
		ctx, cancel := context.WithCancel(context.Background())
		go func() { errs <- e.Wait(ctx) }()
		synctest.Wait()
		cancel()
		require.ErrorIs(t, <-errs, context.Canceled, "a later waiter waits for the next Set")
	})
}

// TestEventSetClearRace races Set/Clear cycles against waiters 10^4 times: every waiter
// returns, each with nil or its ctx's error, and no goroutine is left behind.
func TestEventSetClearRace(t *testing.T) {
	rounds := 10000
	if testing.Short() {
		rounds = 1000
	}
	var e aio.Event
	var wg sync.WaitGroup
	for range rounds {
		ctx, cancel := context.WithCancel(context.Background())
		wg.Add(2)
		go func() {
			defer wg.Done()
			err := e.Wait(ctx)
			if err != nil {
				require.ErrorIs(t, err, context.Canceled)
			}
		}()
		go func() {
			defer wg.Done()
			cancel()
		}()
		e.Set()
		e.Clear()
	}
	wg.Wait()
	require.False(t, e.IsSet())
}
