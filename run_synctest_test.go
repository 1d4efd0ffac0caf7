package aio

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
)

// The os/signal goroutine lives outside any synctest bubble and must not touch a channel
// made inside one, so these tests drive runMain, Run's body, with a signal channel they
// feed themselves, and check its timing on the fake clock.
func TestRunMainShutdownTiming(t *testing.T) {
	const grace = 10 * time.Second
	errCleanup := errors.New("cleanup failed")
	tests := []struct {
		name       string
		firstAt    time.Duration // first signal
		secondAt   time.Duration // second signal, after the first (0: none)
		cleanup    time.Duration // how long main takes to return once canceled
		mainErr    error
		wantAt     time.Duration // when runMain returns
		wantErr    error
		wantExpiry bool // the error matches ErrShutdownTimeout
	}{
		{name: "clean-shutdown", firstAt: time.Second, cleanup: 3 * time.Second, wantAt: 4 * time.Second, wantErr: context.Canceled},
		{name: "main-own-error", firstAt: time.Second, cleanup: 3 * time.Second, mainErr: errCleanup, wantAt: 4 * time.Second, wantErr: errCleanup},
		{name: "returns-at-the-edge", firstAt: time.Second, cleanup: grace - 1, wantAt: time.Second + grace - 1, wantErr: context.Canceled},
		{name: "grace-expires", firstAt: time.Second, cleanup: time.Hour, wantAt: time.Second + grace, wantErr: ErrShutdownTimeout, wantExpiry: true},
		{name: "second-signal", firstAt: time.Second, secondAt: 2 * time.Second, cleanup: time.Hour, wantAt: 3 * time.Second, wantErr: ErrShutdownTimeout, wantExpiry: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				sigs := make(chan os.Signal, 2)
				time.AfterFunc(tt.firstAt, func() { sigs <- os.Interrupt })
				if tt.secondAt > 0 {
					time.AfterFunc(tt.firstAt+tt.secondAt, func() { sigs <- syscall.SIGTERM })
				}
				start := time.Now()
				var canceledAt time.Duration
				exited := make(chan struct{})
				err := runMain(t.Context(), func(ctx context.Context) error {
					defer close(exited)
					<-ctx.Done()
					canceledAt = time.Since(start)
					time.Sleep(tt.cleanup) // after an expiry, main still runs
					if tt.mainErr != nil {
						return tt.mainErr
					}
					return ctx.Err()
				}, grace, sigs)
				require.Equal(t, tt.wantAt, time.Since(start))
				require.ErrorIs(t, err, tt.wantErr)
				require.Equal(t, tt.wantExpiry, errors.Is(err, ErrShutdownTimeout))
				// A failed shutdown must not pass the success check Run's doc gives.
				if tt.wantExpiry {
					require.NotErrorIs(t, err, context.Canceled)
				}
				<-exited // after an expiry, wait for main here so that the bubble ends clean
				require.Equal(t, tt.firstAt, canceledAt, "main saw the cancellation at the signal")
			})
		})
	}
}

func TestRunMainWithoutSignal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		err := runMain(t.Context(), func(ctx context.Context) error {
			time.Sleep(time.Minute)
			return ctx.Err()
		}, time.Second, make(chan os.Signal, 2))
		require.NoError(t, err)
		require.Equal(t, time.Minute, time.Since(start), "no grace timer without a signal")
	})
}

// TestRunAbandonedMainPanics: a panic in main after Run has given up on it must not vanish
// into the outcome channel nobody reads; it crashes the program, as an unrecovered panic
// would. The crash happens in a child process running this same test.
func TestRunAbandonedMainPanics(t *testing.T) {
	const marker = "main panicked after Run gave up"
	if os.Getenv("AIO_TEST_ABANDONED_PANIC") == "1" {
		sigs := make(chan os.Signal, 2)
		sigs <- os.Interrupt
		sigs <- os.Interrupt // a second signal: Run gives up at once
		release := make(chan struct{})
		before := runtime.NumGoroutine()
		err := runMain(context.Background(), func(ctx context.Context) error {
			<-release
			panic(marker)
		}, time.Hour, sigs)
		if !errors.Is(err, ErrShutdownTimeout) {
			fmt.Println("unexpected error:", err)
			os.Exit(3)
		}
		close(release)
		// Fixed, the panic kills the process before main's goroutine is gone; broken, the
		// goroutine exits quietly, and so does this process.
		for runtime.NumGoroutine() > before {
			runtime.Gosched()
		}
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunAbandonedMainPanics$", "-test.count=1")
	cmd.Env = append(os.Environ(), "AIO_TEST_ABANDONED_PANIC=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "the child exited cleanly:\n%s", out)
	require.Equal(t, 2, exit.ExitCode(), "a panic's exit status:\n%s", out)
	require.Contains(t, string(out), "panic: "+marker)
}
