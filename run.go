package aio

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

// DefaultGracePeriod is how long [Run] waits for main to return after a shutdown signal,
// unless [RunGracePeriod] says otherwise.
const DefaultGracePeriod = 10 * time.Second

// A RunOption configures [Run]. Every option checks its arguments when it is made and
// panics on an invalid value.
type RunOption func(*runConfig)

type runConfig struct {
	signals []os.Signal
	grace   time.Duration
}

// RunSignals sets the signals that start a shutdown. The default is os.Interrupt (SIGINT,
// Ctrl+C) and syscall.SIGTERM. It panics if no signal or a nil signal is given.
func RunSignals(sigs ...os.Signal) RunOption {
	if len(sigs) == 0 {
		panic("aio.RunSignals: no signal")
	}
	for i, s := range sigs {
		if s == nil {
			panic(fmt.Sprintf("aio.RunSignals: nil signal at index %d", i))
		}
	}
	sigs = append([]os.Signal(nil), sigs...)
	return func(c *runConfig) { c.signals = sigs }
}

// RunGracePeriod sets how long Run waits for main to return after the first shutdown
// signal. The default is [DefaultGracePeriod]. It panics if d <= 0.
func RunGracePeriod(d time.Duration) RunOption {
	if d <= 0 {
		panic(fmt.Sprintf("aio.RunGracePeriod: grace period %v <= 0", d))
	}
	return func(c *runConfig) { c.grace = d }
}

// Run runs main, the body of a program, and shuts it down gracefully on a signal, like
// asyncio.run with its SIGINT handling. It is meant to be called once, from func main:
//
//	func main() {
//		if err := aio.Run(serve); err != nil {
//			log.Fatal(err)
//		}
//	}
//
// Run calls main in a new goroutine with a context that is canceled on the first of the
// shutdown signals (by default SIGINT and SIGTERM; see [RunSignals]); context.Cause of
// that context names the signal and matches context.Canceled. main then has a grace
// period (default 10 s; see [RunGracePeriod]) to clean up and return.
//
// Run blocks until main returns, and then returns main's error, whatever it is (nil, or
// main's own error, or the cancellation main returned after a signal: a caller that
// counts a signal-initiated shutdown as success checks errors.Is(err, context.Canceled)
// or has main return nil once ctx has ended). If the grace
// period ends first, or a second shutdown signal arrives, Run returns at once an error
// matching [ErrShutdownTimeout], which names the signal but does not match
// context.Canceled, so the check above does not count a failed shutdown as a success;
// main's goroutine is then still running (Go cannot stop it), and it is up to the caller
// to exit the process. In every case Run stops relaying the signals before it returns,
// so a later signal has its default effect again (Ctrl+C kills the program).
//
// A panic in main is re-raised in Run's goroutine as a [*PanicError] carrying main's
// stack; if Run has already given up on main, the panic crashes the program from main's
// goroutine, as an unrecovered panic would. Run panics if main or an option is nil.
func Run(main func(context.Context) error, opts ...RunOption) error {
	if main == nil {
		panic("aio.Run: nil main function")
	}
	c := runConfig{signals: []os.Signal{os.Interrupt, syscall.SIGTERM}, grace: DefaultGracePeriod}
	for i, o := range opts {
		if o == nil {
			panic(fmt.Sprintf("aio.Run: nil option at index %d", i))
		}
		o(&c)
	}
	// Two slots: the first signal and the second one, which must not be dropped while
	// Run is busy canceling main (signal.Notify never blocks on a full channel).
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, c.signals...)
	defer signal.Stop(sigs)
	return runMain(context.Background(), main, c.grace, sigs)
}

// runMain is Run once the signals are relayed to sigs; tests feed sigs themselves to run
// it inside a synctest bubble, where the os/signal goroutine may not touch a channel.
func runMain(parent context.Context, main func(context.Context) error, grace time.Duration, sigs <-chan os.Signal) error {
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	// Buffered, so that main's goroutine can finish and exit after Run has given up on it.
	done := make(chan runOutcome, 1)
	// state settles who has the last word: main's goroutine, finishing (runFinished), or
	// Run, giving up on it (runAbandoned). A panic in an abandoned main is re-raised
	// where it happened rather than left in done for nobody.
	var state atomic.Int32
	go func() {
		ok := false
		defer func() {
			if ok {
				return
			}
			r := recover()
			finished := state.CompareAndSwap(runRunning, runFinished)
			switch {
			case r != nil && !finished:
				panic(r) // Run has given up on main: crash as an unrecovered panic would
			case r != nil:
				done <- runOutcome{panicked: recovered(r)}
			default:
				done <- runOutcome{err: errRunGoexit}
			}
		}()
		err := main(ctx)
		ok = true
		state.CompareAndSwap(runRunning, runFinished)
		done <- runOutcome{err: err}
	}()
	// giveUp returns err unless main has finished meanwhile, whose outcome then wins.
	giveUp := func(err error) error {
		if state.CompareAndSwap(runRunning, runAbandoned) {
			return err
		}
		return (<-done).get()
	}

	var sig os.Signal
	select {
	case o := <-done:
		return o.get()
	case sig = <-sigs:
	}
	cause := &signalError{sig}
	cancel(cause)
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case o := <-done:
		return o.get()
	case sig2 := <-sigs:
		return giveUp(fmt.Errorf("%w: second signal (%v) during shutdown (%v)", ErrShutdownTimeout, sig2, cause))
	case <-timer.C:
		return giveUp(fmt.Errorf("%w: main still running %v after shutdown began (%v)", ErrShutdownTimeout, grace, cause))
	}
}

// The states of main's goroutine in runMain.
const (
	runRunning int32 = iota
	runFinished
	runAbandoned
)

var errRunGoexit = errors.New("aio.Run: main called runtime.Goexit")

type runOutcome struct {
	err      error
	panicked *PanicError
}

func (o runOutcome) get() error {
	if o.panicked != nil {
		panic(o.panicked)
	}
	return o.err
}

// signalError is the cancellation cause of Run's context: it names the signal and
// matches context.Canceled.
type signalError struct{ sig os.Signal }

func (e *signalError) Error() string { return "aio.Run: " + e.sig.String() + " received" }

func (e *signalError) Is(target error) bool { return target == context.Canceled }
