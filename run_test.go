//go:build unix

package aio_test

import (
	"context"
	"errors"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

// kill sends sig to the test process. Run relays it as soon as main has started, since
// Run calls signal.Notify before it starts main.
func kill(t *testing.T, sig syscall.Signal) {
	require.NoError(t, syscall.Kill(os.Getpid(), sig))
}

func TestRunReturnsMainsError(t *testing.T) {
	errMain := errors.New("main failed")
	for _, want := range []error{nil, errMain} {
		err := aio.Run(func(ctx context.Context) error {
			require.NoError(t, ctx.Err())
			return want
		})
		require.Equal(t, want, err)
	}
}

func TestRunSignalCancelsMain(t *testing.T) {
	tests := []struct {
		name string
		sig  syscall.Signal
		opts []aio.RunOption
	}{
		{"SIGINT", syscall.SIGINT, nil},
		{"SIGTERM", syscall.SIGTERM, nil},
		{"custom-SIGUSR1", syscall.SIGUSR1, []aio.RunOption{aio.RunSignals(syscall.SIGUSR1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cause error
			cleanedUp := false
			err := aio.Run(func(ctx context.Context) error {
				kill(t, tt.sig)
				<-ctx.Done()
				cause = context.Cause(ctx)
				cleanedUp = true
				return ctx.Err()
			}, tt.opts...)
			require.True(t, cleanedUp) // Run waited for main: the write happens before Run returns
			require.ErrorIs(t, cause, context.Canceled)
			require.Contains(t, cause.Error(), "aio.Run: "+tt.sig.String()+" received")
			require.Equal(t, context.Canceled, err, "Run returns main's error")
		})
	}
}

// blockedMain returns a main that sends itself SIGINT, waits for the cancellation and
// then, instead of returning, sends second (if not 0) and waits for release; exited is
// closed when it finally returns, so the test can wait for it and leave no goroutine.
func blockedMain(t *testing.T, second syscall.Signal) (main func(context.Context) error, release func()) {
	rel, exited := make(chan struct{}), make(chan struct{})
	main = func(ctx context.Context) error {
		defer close(exited)
		kill(t, syscall.SIGINT)
		<-ctx.Done()
		if second != 0 {
			kill(t, second)
		}
		<-rel
		return ctx.Err()
	}
	return main, func() { close(rel); <-exited }
}

func TestRunGraceTimeout(t *testing.T) {
	main, release := blockedMain(t, 0)
	defer release()
	// The grace period is short only to keep the test quick; nothing asserts a duration:
	// main does not return until Run has returned, so the grace period always ends first.
	err := aio.Run(main, aio.RunGracePeriod(time.Millisecond))
	require.ErrorIs(t, err, aio.ErrShutdownTimeout)
	require.NotErrorIs(t, err, context.Canceled, "a failed shutdown is no success")
	require.Contains(t, err.Error(), "interrupt received")
}

func TestRunSecondSignal(t *testing.T) {
	for _, second := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(second.String(), func(t *testing.T) {
			main, release := blockedMain(t, second)
			defer release()
			err := aio.Run(main, aio.RunGracePeriod(time.Hour))
			require.ErrorIs(t, err, aio.ErrShutdownTimeout)
			require.NotErrorIs(t, err, context.Canceled)
			require.Contains(t, err.Error(), "second signal ("+second.String()+")")
		})
	}
}

func TestRunPanicInMain(t *testing.T) {
	defer func() {
		pe, ok := recover().(*aio.PanicError)
		require.True(t, ok)
		require.Equal(t, "boom", pe.Value)
		require.Contains(t, string(pe.Stack), "run_test.go", "main's own stack")
	}()
	_ = aio.Run(func(context.Context) error { panic("boom") })
	t.Error("Run did not panic")
}

func TestRunGoexitInMain(t *testing.T) {
	err := aio.Run(func(context.Context) error { runtime.Goexit(); return nil })
	require.ErrorContains(t, err, "aio.Run: main called runtime.Goexit")
}

func TestRunBadInput(t *testing.T) {
	main := func(context.Context) error { return nil }
	tests := []struct {
		want string
		f    func()
	}{
		{"aio.Run: nil main function", func() { _ = aio.Run(nil) }},
		{"aio.Run: nil option at index 1", func() { _ = aio.Run(main, aio.RunGracePeriod(time.Second), nil) }},
		{"aio.RunSignals: no signal", func() { aio.RunSignals() }},
		{"aio.RunSignals: nil signal at index 1", func() { aio.RunSignals(os.Interrupt, nil) }},
		{"aio.RunGracePeriod: grace period 0s <= 0", func() { aio.RunGracePeriod(0) }},
		{"aio.RunGracePeriod: grace period -1s <= 0", func() { aio.RunGracePeriod(-time.Second) }},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}
