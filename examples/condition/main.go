// Command condition builds a bounded buffer from an aio.Lock and two aio.Conditions,
// asyncio.Condition's textbook use: producers wait while the buffer is full, consumers
// while it is empty, and each side notifies the other. Condition.Wait takes a context,
// which sync.Cond cannot do (golang/go#16620): at the end a consumer waits on the empty
// buffer with a deadline and gives up cleanly.
//
//	go run ./examples/condition -producers 2 -consumers 3 -items 20 -size 4
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"sync"
	"time"

	"github.com/aio-go/aio"
)

// buffer is a FIFO of at most size ints, safe for concurrent use.
type buffer struct {
	mu       aio.Lock // the zero value is an unlocked lock
	notFull  *aio.Condition
	notEmpty *aio.Condition
	items    []int
	size     int
	maxSeen  int
}

func newBuffer(size int) *buffer {
	b := &buffer{size: size}
	b.notFull = aio.NewCondition(&b.mu)
	b.notEmpty = aio.NewCondition(&b.mu)
	return b
}

// put appends v, waiting while the buffer is full or until ctx ends.
func (b *buffer) put(ctx context.Context, v int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	// WaitFor unlocks b.mu while it waits and locks it again before returning.
	if err := b.notFull.WaitFor(ctx, func() bool { return len(b.items) < b.size }); err != nil {
		return err
	}
	b.items = append(b.items, v)
	b.maxSeen = max(b.maxSeen, len(b.items))
	b.notEmpty.Notify(1) // one waiting consumer can go on
	return nil
}

// get removes the oldest item, waiting while the buffer is empty or until ctx ends.
func (b *buffer) get(ctx context.Context) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.notEmpty.WaitFor(ctx, func() bool { return len(b.items) > 0 }); err != nil {
		return 0, err
	}
	v := b.items[0]
	b.items = b.items[1:]
	b.notFull.Notify(1) // one waiting producer can go on
	return v, nil
}

func main() {
	producers := flag.Int("producers", 2, "number of producers")
	consumers := flag.Int("consumers", 3, "number of consumers")
	items := flag.Int("items", 20, "items put by each producer")
	size := flag.Int("size", 4, "capacity of the buffer")
	flag.Parse()
	if *producers < 1 || *consumers < 1 || *items < 0 || *size < 1 {
		log.Fatal("condition: -producers, -consumers and -size must be at least 1, -items not negative")
	}

	ctx := context.Background()
	b := newBuffer(*size)
	total := *producers * *items
	fmt.Printf("buffer of %d; %d producers put %d items each; %d consumers take them\n", *size, *producers, *items, *consumers)

	var mu sync.Mutex
	sum, got := 0, 0
	g, _ := aio.NewTaskGroup(ctx)
	for p := range *producers {
		g.Go(func(ctx context.Context) error {
			for i := range *items {
				if err := b.put(ctx, p**items+i+1); err != nil {
					return err
				}
			}
			return nil
		})
	}
	// Each consumer takes its share; the shares add up to the total.
	for c := range *consumers {
		share := total / *consumers
		if c < total%*consumers {
			share++
		}
		g.Go(func(ctx context.Context) error {
			for range share {
				v, err := b.get(ctx)
				if err != nil {
					return err
				}
				mu.Lock()
				sum, got = sum+v, got+1
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("consumed %d items, sum %d (expected %d)\n", got, sum, total*(total+1)/2)
	fmt.Printf("the buffer never held more than %d items (capacity %d)\n", b.maxSeen, *size)

	// A wait with a deadline: nothing will come, and the consumer gives up in time.
	wctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err := b.get(wctx)
	fmt.Printf("get on the empty buffer with a 20ms deadline: %v (is DeadlineExceeded: %v)\n",
		err, errors.Is(err, context.DeadlineExceeded))
	free := b.mu.TryLock()
	if free {
		b.mu.Unlock()
	}
	fmt.Printf("afterwards the lock is free (%v) and the buffer unchanged (%d items)\n", free, len(b.items))
}
