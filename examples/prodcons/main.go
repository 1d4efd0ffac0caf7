// Command prodcons runs producers and consumers on a bounded aio.Queue, asyncio.Queue's
// classic: producers block while the queue is full, consumers mark each item done with
// TaskDone, Join waits until every item is processed, and Shutdown lets the consumers
// drain the queue and stop.
//
//	go run ./examples/prodcons -producers 3 -consumers 4 -items 10 -size 5
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aio-go/aio"
)

func main() {
	producers := flag.Int("producers", 3, "number of producers")
	consumers := flag.Int("consumers", 4, "number of consumers")
	items := flag.Int("items", 10, "items put by each producer")
	size := flag.Int("size", 5, "capacity of the queue")
	work := flag.Duration("work", 5*time.Millisecond, "time a consumer spends on one item")
	flag.Parse()
	if *producers < 1 || *consumers < 1 || *items < 0 || *size < 1 {
		log.Fatal("prodcons: -producers, -consumers and -size must be at least 1, -items not negative")
	}

	ctx := context.Background()
	q := aio.NewQueue[string](*size)
	var mu sync.Mutex // keeps lines whole
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf(format+"\n", args...)
	}
	say("queue of capacity %d; %d producers put %d items each; %d consumers", q.Cap(), *producers, *items, *consumers)

	// Consumers: range over the queue until it is shut down and drained.
	var processed, peak atomic.Int64
	consumerGroup, cctx := aio.NewTaskGroup(ctx)
	for c := range *consumers {
		consumerGroup.Go(func(ctx context.Context) error {
			n := 0
			for item := range q.All(ctx) {
				if l := int64(q.Len()); l > peak.Load() {
					peak.Store(l) // only a rough sample, for the report
				}
				process(item, *work)
				n++
				processed.Add(1)
				q.TaskDone() // Join counts the items not yet marked done
			}
			say("consumer %d: processed %d items; the queue is shut down and drained", c, n)
			return nil
		})
	}

	// Producers: Put blocks while the queue is full; TryPut shows how often that happens.
	producerGroup, _ := aio.NewTaskGroup(cctx)
	for p := range *producers {
		producerGroup.Go(func(ctx context.Context) error {
			waited := 0
			for i := range *items {
				item := fmt.Sprintf("p%d-item%d", p, i)
				err := q.TryPut(item)
				if errors.Is(err, aio.ErrQueueFull) {
					waited++
					err = q.Put(ctx, item) // wait for room
				}
				if err != nil {
					return err
				}
			}
			say("producer %d: put %d items, waited for room %d times", p, *items, waited)
			return nil
		})
	}
	if err := producerGroup.Wait(); err != nil {
		log.Fatal(err)
	}

	say("producers done; %d items still queued; Join waits until every item is processed", q.Len())
	if err := q.Join(ctx); err != nil {
		log.Fatal(err)
	}
	say("Join returned: %d of %d items processed", processed.Load(), *producers**items)

	q.Shutdown(false) // graceful: consumers finish what is left (nothing now), then stop
	if err := consumerGroup.Wait(); err != nil {
		log.Fatal(err)
	}
	say("after Shutdown, Put fails: %v", q.Put(ctx, "late"))
	say("the queue never held more than its capacity: %v", peak.Load() <= int64(q.Cap()))
}

// process stands for the real work on one item.
func process(item string, d time.Duration) {
	_ = item
	time.Sleep(d)
}
