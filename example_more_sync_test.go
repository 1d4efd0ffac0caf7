package aio_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aio-go/aio"
)

// The weighted side of a Semaphore: a job can take several permits at once, TryAcquire
// and TryAcquireN never wait, and AcquireN fails at once when it asks for more permits
// than the semaphore has.
func ExampleSemaphore_AcquireN() {
	ctx := context.Background()
	var mem *aio.Semaphore = aio.NewSemaphore(10) // say, 10 GB of memory
	fmt.Println("capacity:", mem.Cap())

	_ = mem.AcquireN(ctx, 6) // a big job
	fmt.Println("available:", mem.Available())
	fmt.Println("TryAcquireN(5):", mem.TryAcquireN(5)) // does not fit
	fmt.Println("TryAcquire():", mem.TryAcquire())     // one more does
	fmt.Println("AcquireN(11):", errors.Is(mem.AcquireN(ctx, 11), aio.ErrTooManyPermits))

	mem.ReleaseN(6)
	mem.Release()
	fmt.Println("available:", mem.Available())
	// Output:
	// capacity: 10
	// available: 4
	// TryAcquireN(5): false
	// TryAcquire(): true
	// AcquireN(11): true
	// available: 10
}

// TryLock takes the lock only if it is free; Locked reports its state.
func ExampleLock_TryLock() {
	var mu aio.Lock
	fmt.Println(mu.TryLock(), mu.Locked())
	fmt.Println(mu.TryLock()) // already held
	mu.Unlock()
	fmt.Println(mu.Locked())
	// Output:
	// true true
	// false
	// false
}

// Done makes an Event usable in a select; Clear lowers it again.
func ExampleEvent_Done() {
	var stop aio.Event
	ticks := 0
	for ticks < 10 {
		select {
		case <-stop.Done():
			fmt.Println("stopped after", ticks, "ticks")
			stop.Clear()
			fmt.Println("cleared:", !stop.IsSet())
			return
		default:
			ticks++
			if ticks == 3 {
				stop.Set()
			}
		}
	}
	// Output:
	// stopped after 3 ticks
	// cleared: true
}

// Wait and Notify are the building blocks of WaitFor: a waiter re-checks its condition
// after each wake-up. Locker returns the lock the condition uses.
func ExampleCondition_Wait() {
	ctx := context.Background()
	cond := aio.NewCondition(new(sync.Mutex))
	mu := cond.Locker()
	ready := false
	done := make(chan struct{})
	go func() {
		defer close(done)
		mu.Lock()
		defer mu.Unlock()
		for !ready {
			if err := cond.Wait(ctx); err != nil {
				return
			}
		}
		fmt.Println("waiter: ready")
	}()
	mu.Lock()
	ready = true
	cond.Notify(1)
	mu.Unlock()
	<-done

	// With a deadline and nobody to notify, Wait gives up and re-locks.
	wctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	mu.Lock()
	fmt.Println("Wait:", cond.Wait(wctx))
	mu.Unlock()
	// Output:
	// waiter: ready
	// Wait: context deadline exceeded
}

// Abort breaks a barrier: waiters and later callers get ErrBrokenBarrier until Reset.
func ExampleBarrier_Abort() {
	ctx := context.Background()
	b := aio.NewBarrier(3)
	errs := make(chan error)
	for range 2 {
		go func() {
			_, err := b.Wait(ctx)
			errs <- err
		}()
	}
	for b.Waiting() < 2 { // let both arrive; the third party never will
		time.Sleep(time.Millisecond)
	}
	fmt.Println("parties:", b.Parties(), "waiting:", b.Waiting())
	b.Abort()
	fmt.Println(<-errs, "/", errors.Is(<-errs, aio.ErrBrokenBarrier))
	fmt.Println("broken:", b.Broken())

	b.Reset()
	fmt.Println("after Reset, broken:", b.Broken())
	// Output:
	// parties: 3 waiting: 2
	// aio: barrier broken / true
	// broken: true
	// after Reset, broken: false
}
