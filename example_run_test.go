//go:build unix

package aio_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"syscall"

	"github.com/aio-go/aio"
)

// The graceful-shutdown worker pattern: workers run in a TaskGroup under Run's context;
// on Ctrl+C (SIGINT) or SIGTERM that context is canceled, every worker cleans up and
// returns, and Run returns once main has. The example sends itself SIGINT where a real
// service would get it from a terminal or a supervisor.
func ExampleRun() {
	err := aio.Run(func(ctx context.Context) error {
		g, ctx := aio.NewTaskGroup(ctx)
		jobs := make(chan int)
		var processed, cleanedUp atomic.Int64
		for range 3 {
			g.Go(func(ctx context.Context) error {
				for {
					select {
					case <-jobs:
						processed.Add(1)
					case <-ctx.Done():
						cleanedUp.Add(1) // flush buffers, close connections...
						return ctx.Err()
					}
				}
			})
		}
		for j := range 10 {
			jobs <- j
		}

		_ = syscall.Kill(os.Getpid(), syscall.SIGINT) // Ctrl+C

		err := g.Wait()
		fmt.Println("shutdown:", context.Cause(ctx))
		fmt.Printf("%d jobs processed, %d workers cleaned up\n", processed.Load(), cleanedUp.Load())
		return err
	})
	fmt.Println("Run:", err)
	// Output:
	// shutdown: aio.Run: interrupt received
	// 10 jobs processed, 3 workers cleaned up
	// Run: context canceled
}
