// Command priority sends jobs through an aio.PriorityQueue, asyncio.PriorityQueue's
// pattern: whatever the order the jobs arrive in, a worker always takes the most urgent
// one next, and among jobs of equal priority the one queued first (aio's PriorityQueue is
// stable, asyncio's is not). An urgent job queued while the worker is busy jumps the line.
//
//	go run ./examples/priority -jobs 8 -seed 1
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"time"

	"github.com/aio-go/aio"
)

// job is a unit of work; a lower priority number is more urgent.
type job struct {
	priority int
	name     string
}

func main() {
	jobs := flag.Int("jobs", 8, "number of jobs queued before the worker starts")
	seed := flag.Uint64("seed", 1, "seed of the jobs' priorities")
	work := flag.Duration("work", 10*time.Millisecond, "time the worker spends on one job")
	flag.Parse()
	if *jobs < 1 {
		log.Fatal("priority: -jobs must be at least 1")
	}

	ctx := context.Background()
	q := aio.NewPriorityQueue(0, func(a, b job) bool { return a.priority < b.priority })

	rng := rand.New(rand.NewPCG(*seed, 0))
	for i := range *jobs {
		j := job{priority: 1 + rng.IntN(3), name: fmt.Sprintf("job-%d", i)}
		if err := q.Put(ctx, j); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("queued   %s (priority %d)\n", j.name, j.priority)
	}

	// The worker takes jobs until the queue is shut down and empty.
	firstTaken := make(chan struct{})
	urgentQueued := make(chan struct{}) // the first job lasts until the urgent one is queued
	worker := aio.Go(ctx, func(ctx context.Context) (int, error) {
		n := 0
		for j := range q.All(ctx) {
			fmt.Printf("running  %s (priority %d)\n", j.name, j.priority)
			if n == 0 {
				close(firstTaken)
				<-urgentQueued
			}
			time.Sleep(*work)
			n++
			q.TaskDone()
		}
		return n, nil
	})

	<-firstTaken // the worker is busy with its first job
	urgent := job{priority: 0, name: "urgent: page the on-call"}
	if err := q.Put(ctx, urgent); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("queued   %s (priority 0) while the worker is busy\n", urgent.name)
	close(urgentQueued)

	if err := q.Join(ctx); err != nil {
		log.Fatal(err)
	}
	q.Shutdown(false)
	n, err := worker.Wait(ctx)
	fmt.Printf("done: %d jobs run in priority order, equal priorities in arrival order (%v)\n", n, err)
}
