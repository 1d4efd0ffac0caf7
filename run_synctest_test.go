package aio

import (
	"context"
	"errors"
	"os"
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
		{name: "grace-expires", firstAt: time.Second, cleanup: time.Hour, wantAt: time.Second + grace, wantErr: context.Canceled, wantExpiry: true},
		{name: "second-signal", firstAt: time.Second, secondAt: 2 * time.Second, cleanup: time.Hour, wantAt: 3 * time.Second, wantErr: context.Canceled, wantExpiry: true},
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
