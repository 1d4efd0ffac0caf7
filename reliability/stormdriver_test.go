package reliability

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The storm driver: 64 goroutines, each with its own random source, share a quota of
// operations on one primitive, with 10-30% of their contexts canceled at the moments
// chaos chooses. The storm functions take the small interfaces of subjects_test.go and
// return a report instead of failing a test, so that broken_test.go can check that a
// broken implementation makes them report a failure.

const stormGoroutines = 64

// stormReport counts what a storm did and what it found.
type stormReport struct {
	ops      atomic.Int64 // operations called
	late     atomic.Int64 // calls that succeeded although their context was canceled
	lost     int64        // permits, items or wake-ups lost; must be 0
	planned  int64        // contexts given a moment to be canceled
	canceled int64        // contexts canceled by the time their call returned
	notes    []string

	mu       sync.Mutex
	failures []string
}

func (r *stormReport) failf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.failures) < 10 {
		r.failures = append(r.failures, fmt.Sprintf(format, args...))
	}
}

func (r *stormReport) notef(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

// failed reports whether the storm found anything wrong.
func (r *stormReport) failed() bool { return r.lost != 0 || len(r.failures) > 0 }

func (r *stormReport) String() string {
	s := fmt.Sprintf("operations: %d, canceled: %d (of %d planned), late hand-offs kept: %d, lost: %d",
		r.ops.Load(), r.canceled, r.planned, r.late.Load(), r.lost)
	if len(r.notes) > 0 {
		s += "; " + strings.Join(r.notes, ", ")
	}
	if len(r.failures) > 0 {
		s += "\nFAILURES:\n  " + strings.Join(r.failures, "\n  ")
	}
	return s
}

// absorb copies the chaos counters into the report.
func (r *stormReport) absorb(ch *chaos) {
	r.planned += ch.planned.Load()
	r.canceled += ch.canceled.Load()
}

// stallLimit is how long a storm may go without any operation being called before the
// watchdog declares it stalled (a deadlock: permits or items lost), fails it and cancels
// the storm's context so that the goroutines end. It asserts no duration: a correct
// primitive never comes near it.
const stallLimit = 30 * time.Second

// storm runs body in n goroutines, each with its own random source and its share of ops.
// body must derive every context from ctx and return once ctx is done.
func storm(rep *stormReport, n, ops int, seed uint64, body func(ctx context.Context, w int, rng *rand.Rand, quota int)) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watchdogDone := make(chan struct{})
	go func() {
		defer close(watchdogDone)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		last, since := rep.ops.Load(), time.Now()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if n := rep.ops.Load(); n != last {
				last, since = n, time.Now()
			} else if time.Since(since) > stallLimit {
				rep.failf("stalled: no operation called for %v after %d operations (deadlock)", stallLimit, n)
				cancel()
				return
			}
		}
	}()
	defer func() { cancel(); <-watchdogDone }()
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := range n {
		quota := ops / n
		if w < ops%n {
			quota++
		}
		rng := rand.New(rand.NewPCG(seed, uint64(w)))
		wg.Go(func() {
			<-start
			body(ctx, w, rng, quota)
		})
	}
	close(start)
	wg.Wait()
}

// checkCall checks the error of a call made with ctx: a context's error only if ctx
// ended, and counts a success despite an ended ctx as a late hand-off kept. Errors in
// allowed are accepted as they are.
func (r *stormReport) checkCall(ctx context.Context, what string, err error, allowed ...error) {
	for _, a := range allowed {
		if errors.Is(err, a) {
			return
		}
	}
	switch {
	case err == nil:
		if ctx.Err() != nil {
			r.late.Add(1)
		}
	case isCtxErr(err):
		if ctx.Err() == nil {
			r.failf("%s returned %v while its context was not done", what, err)
		}
	default:
		r.failf("%s returned unexpected error %v", what, err)
	}
}

// hangCtx bounds a final wait (a Join, a drain) that must return at once if nothing was
// lost: if it does not return within a minute, something was lost, and the storm reports
// it rather than hanging the test binary. It asserts no duration: only a hang trips it.
func hangCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), time.Minute)
}
