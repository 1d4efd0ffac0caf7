// Command barrier runs workers in phases with an aio.Barrier, asyncio.Barrier's pattern:
// no worker starts phase n+1 before every worker has finished phase n. The last worker to
// arrive at the barrier releases the others; the barrier then starts its next round.
// With -fail, one worker fails during that phase and aborts the barrier, and the workers
// waiting at it return aio.ErrBrokenBarrier instead of waiting forever.
//
//	go run ./examples/barrier -workers 4 -phases 3
//	go run ./examples/barrier -fail 2
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/aio-go/aio"
)

func main() {
	workers := flag.Int("workers", 4, "number of workers")
	phases := flag.Int("phases", 3, "number of phases")
	fail := flag.Int("fail", 0, "the phase in which worker 0 fails and aborts the barrier (0: none)")
	step := flag.Duration("step", 10*time.Millisecond, "unit of a phase's random length")
	flag.Parse()
	if *workers < 1 || *phases < 1 {
		log.Fatal("barrier: -workers and -phases must be at least 1")
	}

	ctx := context.Background()
	b := aio.NewBarrier(*workers)
	var mu sync.Mutex
	finished := make([][]int, *phases+1) // finished[phase]: workers, in arrival order
	errBroken := 0
	fmt.Printf("%d workers, %d phases; the barrier waits for %d parties\n", *workers, *phases, b.Parties())

	g, _ := aio.NewTaskGroup(ctx)
	for w := range *workers {
		rng := rand.New(rand.NewPCG(uint64(w), 1))
		// The workers wait at the barrier with ctx, not with the group's context, so that
		// an abort, not the group's cancellation, is what stops them.
		g.Go(func(context.Context) error {
			for phase := 1; phase <= *phases; phase++ {
				time.Sleep(time.Duration(1+rng.IntN(5)) * *step) // this phase's work
				if w == 0 && phase == *fail {
					b.Abort() // tell everyone this phase cannot complete
					return fmt.Errorf("worker 0: phase %d failed", phase)
				}
				mu.Lock()
				finished[phase] = append(finished[phase], w)
				mu.Unlock()
				i, err := b.Wait(ctx)
				if errors.Is(err, aio.ErrBrokenBarrier) {
					mu.Lock()
					errBroken++
					mu.Unlock()
					return nil // a sibling failed: stop, it reports the failure
				}
				if err != nil {
					return err
				}
				if i == b.Parties()-1 { // the last to arrive reports the phase
					mu.Lock()
					fmt.Printf("phase %d complete: arrivals %v; worker %d arrived last and released the others\n",
						phase, finished[phase], w)
					mu.Unlock()
				}
			}
			return nil
		})
	}
	err := g.Wait()
	if *fail > 0 {
		fmt.Printf("barrier broken: %v; the other %d workers got ErrBrokenBarrier: %v\n", b.Broken(), *workers-1, errBroken == *workers-1)
		fmt.Printf("group error: %v\n", err)
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("all %d phases done; nobody waiting: %v\n", *phases, b.Waiting() == 0)
}
