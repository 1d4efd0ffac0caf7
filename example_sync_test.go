package aio_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/aio-go/aio"
)

// A shared counter guarded by a Lock: asyncio's `async with lock:`.
func ExampleLock() {
	ctx := context.Background()
	var mu aio.Lock // the zero value is an unlocked Lock
	counter := 0
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			if err := mu.Acquire(ctx); err != nil {
				return // ctx ended: we do not hold the lock
			}
			defer mu.Unlock()
			counter++
		})
	}
	wg.Wait()
	fmt.Println(counter)
	// Output: 100
}

// Rate-limited fetches: at most three run at once, however many are started
// (asyncio.Semaphore(3) around each request). The fetch here is fake work.
func ExampleSemaphore() {
	ctx := context.Background()
	sem := aio.NewSemaphore(3)
	var running, peak atomic.Int32
	// The first three fetches wait until all three slots are taken, so the peak is 3 for
	// certain, and a semaphore that let a fourth in would show 4.
	allBusy := make(chan struct{})
	var once sync.Once
	fetch := func(url string) string {
		n := running.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		if n == 3 {
			once.Do(func() { close(allBusy) })
		}
		<-allBusy
		defer running.Add(-1)
		return "body of " + url
	}

	urls := []string{"/a", "/b", "/c", "/d", "/e", "/f", "/g", "/h"}
	bodies := make([]string, len(urls))
	var wg sync.WaitGroup
	for i, url := range urls {
		wg.Go(func() {
			if err := sem.Acquire(ctx); err != nil {
				return
			}
			defer sem.Release()
			bodies[i] = fetch(url)
		})
	}
	wg.Wait()
	fmt.Println(len(bodies), bodies[0], bodies[7])
	fmt.Println("most at once:", peak.Load())
	// Output:
	// 8 body of /a body of /h
	// most at once: 3
}

// Three waiters released by one Set.
func ExampleEvent() {
	ctx := context.Background()
	var ready aio.Event // the zero value is a clear Event
	var waiting, wg sync.WaitGroup
	results := make(chan string, 3)
	for _, name := range []string{"alpha", "beta", "gamma"} {
		waiting.Add(1)
		wg.Go(func() {
			waiting.Done()
			if err := ready.Wait(ctx); err != nil {
				return
			}
			results <- name + " released"
		})
	}
	waiting.Wait()
	fmt.Println("set:", ready.IsSet())
	ready.Set()
	wg.Wait()
	close(results)
	var got []string
	for r := range results {
		got = append(got, r)
	}
	slices.Sort(got) // they run in any order
	fmt.Println(got)
	// Output:
	// set: false
	// [alpha released beta released gamma released]
}

// A bounded buffer: producers wait while it is full, consumers while it is empty, both
// on one Condition, and both could give up when their ctx ends.
func ExampleCondition() {
	ctx := context.Background()
	var mu aio.Lock
	cond := aio.NewCondition(&mu)
	const capacity = 2
	var buf []int

	put := func(v int) error {
		mu.Lock()
		defer mu.Unlock()
		if err := cond.WaitFor(ctx, func() bool { return len(buf) < capacity }); err != nil {
			return err // still holding mu: the deferred Unlock is right
		}
		buf = append(buf, v)
		cond.NotifyAll()
		return nil
	}
	get := func() (int, error) {
		mu.Lock()
		defer mu.Unlock()
		if err := cond.WaitFor(ctx, func() bool { return len(buf) > 0 }); err != nil {
			return 0, err
		}
		v := buf[0]
		buf = buf[1:]
		cond.NotifyAll()
		return v, nil
	}

	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 1; i <= 5; i++ {
			_ = put(i * 10)
		}
	})
	for range 5 {
		v, _ := get()
		fmt.Print(v, " ")
	}
	wg.Wait()
	fmt.Println()
	// Output: 10 20 30 40 50
}

// Phased workers: each finishes phase 1 before any starts phase 2.
func ExampleBarrier() {
	ctx := context.Background()
	const workers = 3
	b := aio.NewBarrier(workers)
	var mu sync.Mutex
	var log []string
	record := func(s string) {
		mu.Lock()
		log = append(log, s)
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			record(fmt.Sprint("phase 1 by worker ", w))
			if _, err := b.Wait(ctx); err != nil {
				return
			}
			record(fmt.Sprint("phase 2 by worker ", w))
		})
	}
	wg.Wait()
	// Within a phase the order varies; the phases never mix.
	slices.Sort(log[:workers])
	slices.Sort(log[workers:])
	for _, s := range log {
		fmt.Println(s)
	}
	// Output:
	// phase 1 by worker 0
	// phase 1 by worker 1
	// phase 1 by worker 2
	// phase 2 by worker 0
	// phase 2 by worker 1
	// phase 2 by worker 2
}
