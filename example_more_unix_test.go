//go:build unix

package aio_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/aio-go/aio"
)

// Run's options: which signals start the shutdown, and how long main has to return. Here
// main ignores the signal, so Run gives up after the grace period with
// ErrShutdownTimeout; a real program then exits.
func ExampleRunOption() {
	fmt.Println("default grace period:", aio.DefaultGracePeriod)

	release, exited := make(chan struct{}), make(chan struct{})
	opts := []aio.RunOption{aio.RunSignals(syscall.SIGUSR1), aio.RunGracePeriod(20 * time.Millisecond)}
	err := aio.Run(func(ctx context.Context) error {
		defer close(exited)
		_ = syscall.Kill(os.Getpid(), syscall.SIGUSR1)
		<-ctx.Done()
		fmt.Println("main: signal received:", context.Cause(ctx))
		<-release // stuck in a slow cleanup
		return nil
	}, opts...)
	fmt.Println(errors.Is(err, aio.ErrShutdownTimeout))

	close(release) // only for this example: a real program would exit here
	<-exited
	// Output:
	// default grace period: 10s
	// main: signal received: aio.Run: user defined signal 1 received
	// true
}
