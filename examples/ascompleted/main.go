// Command ascompleted starts jobs of different lengths and prints a progress line for each
// result as soon as it arrives, whatever the order the jobs were started in:
// asyncio.as_completed.
//
// aio.AsCompleted yields each aio.Task when it completes, as an iter.Seq, so a plain
// range loop reads the results in completion order. Breaking out of the loop early is
// safe; the tasks keep running and can still be awaited.
//
//	go run ./examples/ascompleted -n 8 -step 40ms -seed 1
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/aio-go/aio"
)

func main() {
	n := flag.Int("n", 8, "number of jobs")
	step := flag.Duration("step", 40*time.Millisecond, "difference between two job lengths")
	seed := flag.Uint64("seed", 1, "seed of the job lengths' shuffle")
	flag.Parse()
	if *n < 1 {
		log.Fatal("ascompleted: -n must be at least 1")
	}

	// Job i takes (perm[i]+1)*step: every length is different, in a shuffled order.
	perm := rand.New(rand.NewPCG(*seed, 0)).Perm(*n)
	ctx := context.Background()
	start := time.Now()
	tasks := make([]*aio.Task[string], *n)
	for i := range tasks {
		d := time.Duration(perm[i]+1) * *step
		tasks[i] = aio.Go(ctx, func(ctx context.Context) (string, error) {
			if err := aio.Sleep(ctx, d); err != nil { // the job's work
				return "", err
			}
			return fmt.Sprintf("job %d (%v of work)", i, d), nil
		})
	}
	fmt.Printf("started %d jobs in order 0..%d\n", *n, *n-1)

	finished := 0
	for t := range aio.AsCompleted(ctx, tasks...) {
		v, err := t.Result()
		if err != nil {
			log.Fatal(err)
		}
		finished++
		bar := strings.Repeat("#", finished*20 / *n) + strings.Repeat(".", 20 - finished*20 / *n)
		fmt.Printf("[%s] %2d/%d done: %s\n", bar, finished, *n, v)
	}
	fmt.Printf("all %d jobs done in %v, the length of the longest one\n", finished, time.Since(start).Round(*step))
}
