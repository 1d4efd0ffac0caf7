package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aio-go/aio"
)

func tourSemaphore(ctx context.Context) {
	sem := aio.NewSemaphore(2)
	var running, peak atomic.Int64
	// The first two holders wait until both hold a permit, so the peak is the limit
	// whatever the machine's speed.
	bothIn, once := make(chan struct{}), sync.Once{}
	g, _ := aio.NewTaskGroup(ctx)
	for range 6 {
		g.Go(func(ctx context.Context) error {
			if err := sem.Acquire(ctx); err != nil {
				return err
			}
			defer sem.Release()
			now := running.Add(1)
			for old := peak.Load(); now > old && !peak.CompareAndSwap(old, now); old = peak.Load() {
			}
			if now == 2 {
				once.Do(func() { close(bothIn) })
			}
			<-bothIn
			running.Add(-1)
			return nil
		})
	}
	_ = g.Wait()
	say("6 jobs through a semaphore of 2: peak concurrency %d, %d permits free afterwards", peak.Load(), sem.Available())
}

func tourLock(ctx context.Context) {
	var mu aio.Lock // the zero value is an unlocked lock
	mu.Lock()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	say("Acquire while held, 10ms deadline: %v; TryLock: %v", mu.Acquire(wctx), mu.TryLock())
	mu.Unlock()
	say("after Unlock, Acquire: %v; Locked: %v", mu.Acquire(ctx), mu.Locked())
	mu.Unlock()
}

func tourEvent(ctx context.Context) {
	var ready aio.Event // the zero value is a cleared event
	g, _ := aio.NewTaskGroup(ctx)
	var woken atomic.Int64
	for range 3 {
		g.Go(func(ctx context.Context) error {
			if err := ready.Wait(ctx); err != nil {
				return err
			}
			woken.Add(1)
			return nil
		})
	}
	ready.Set()
	_ = g.Wait()
	say("Set woke all %d waiters; IsSet: %v", woken.Load(), ready.IsSet())
}

func tourCondition(ctx context.Context) {
	var mu sync.Mutex
	cond := aio.NewCondition(&mu)
	var items []string
	got := make(chan string)
	go func() {
		mu.Lock()
		defer mu.Unlock()
		_ = cond.WaitFor(ctx, func() bool { return len(items) > 0 })
		got <- items[0]
	}()
	mu.Lock()
	items = append(items, "job")
	cond.Notify(1)
	mu.Unlock()
	say("a waiter woken by Notify found: %q", <-got)

	mu.Lock()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	err := cond.Wait(wctx) // sync.Cond cannot do this
	mu.Unlock()
	say("Wait with a 10ms deadline and no Notify: %v", err)
}

func tourBarrier(ctx context.Context) {
	b := aio.NewBarrier(3)
	var mu sync.Mutex
	var log []string
	g, _ := aio.NewTaskGroup(ctx)
	for w := range 3 {
		g.Go(func(ctx context.Context) error {
			for phase := 1; phase <= 2; phase++ {
				time.Sleep(time.Duration(w) * time.Millisecond)
				mu.Lock()
				log = append(log, fmt.Sprintf("p%d", phase))
				mu.Unlock()
				if _, err := b.Wait(ctx); err != nil {
					return err
				}
			}
			return nil
		})
	}
	_ = g.Wait()
	say("3 workers, 2 phases: %v (no phase 2 before all of phase 1)", log)
	b.Abort()
	_, err := b.Wait(ctx)
	say("after Abort: %v (is ErrBrokenBarrier: %v)", err, errors.Is(err, aio.ErrBrokenBarrier))
}
