package aio_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

var errOther = errors.New("other")

func TestTaskGroupSuccess(t *testing.T) {
	g, ctx := aio.NewTaskGroup(context.Background())
	var n atomic.Int64
	for range 100 {
		g.Go(func(context.Context) error { n.Add(1); return nil })
	}
	tk := aio.Spawn(g, func(context.Context) (string, error) { return "hi", nil })
	require.NoError(t, g.Wait())
	require.Equal(t, int64(100), n.Load())
	v, err := tk.Result()
	require.NoError(t, err)
	require.Equal(t, "hi", v)
	require.Error(t, ctx.Err(), "Wait cancels the group's context")
}

// TestTaskGroupErrorJoining: every real failure is reported, the first first; the
// cancellations the first failure caused are left out.
func TestTaskGroupErrorJoining(t *testing.T) {
	g, gctx := aio.NewTaskGroup(context.Background())
	firstDone := make(chan struct{})
	// The first failure waits until every task is started: once it cancels the group, a
	// later Go would start nothing.
	started := make(chan struct{})
	g.Go(func(context.Context) error { defer close(firstDone); <-started; return errBoom })
	for range 5 {
		g.Go(func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }) // canceled by the group
	}
	g.Go(func(ctx context.Context) error {
		<-firstDone
		<-ctx.Done()
		return fmt.Errorf("cleanup: %w", errOther) // a real failure after the first
	})
	sp := aio.Spawn(g, func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, ctx.Err() })
	close(started)
	err := g.Wait()
	require.ErrorIs(t, err, errBoom)
	require.ErrorIs(t, err, errOther)
	require.NotErrorIs(t, err, context.Canceled)
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok)
	require.Len(t, joined.Unwrap(), 2)
	require.Equal(t, errBoom, joined.Unwrap()[0], "the first failure first")
	require.ErrorIs(t, context.Cause(gctx), errBoom)
	require.True(t, sp.Cancelled())
}

func TestTaskGroupCancel(t *testing.T) {
	g, ctx := aio.NewTaskGroup(context.Background())
	started := make(chan struct{})
	g.Go(func(ctx context.Context) error { close(started); <-ctx.Done(); return ctx.Err() })
	<-started
	g.Cancel()
	require.ErrorIs(t, ctx.Err(), context.Canceled)

	ran := false
	g.Go(func(context.Context) error { ran = true; return nil })
	require.False(t, g.TryGo(func(context.Context) error { ran = true; return nil }))
	tk := aio.Spawn(g, func(context.Context) (int, error) { ran = true; return 1, nil })
	<-tk.Done()
	require.True(t, tk.Cancelled(), "Spawn after Cancel returns a done, Cancelled task")
	_, err := tk.Result()
	require.ErrorIs(t, err, context.Canceled)

	require.NoError(t, g.Wait(), "Cancel alone is not a failure")
	require.False(t, ran, "nothing starts after Cancel")
}

func TestTaskGroupHandCancelledTaskNotFailure(t *testing.T) {
	g, _ := aio.NewTaskGroup(context.Background())
	tk := aio.Spawn(g, func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, ctx.Err() })
	other := aio.Spawn(g, func(context.Context) (int, error) { return 2, nil })
	tk.Cancel()
	require.NoError(t, g.Wait())
	require.True(t, tk.Cancelled())
	v, err := other.Result()
	require.NoError(t, err)
	require.Equal(t, 2, v)
}

// TestSpawnStopsOnGroupContext: a Spawned task that stops on the group's context (the
// one NewTaskGroup returns, errgroup style) when the group is canceled was stopped by the
// group, as the same function started with Go is: not a failure, and Cancelled. Go's
// context package closes the group context's Done before it cancels the tasks' own
// contexts, its children, so such a task could finish in between and count as a failure
// (up to 56 of 64 tasks in a round on 2 processors).
func TestSpawnStopsOnGroupContext(t *testing.T) {
	for round := range 50 {
		g, gctx := aio.NewTaskGroup(context.Background())
		const n = 64
		started := make(chan struct{}, n)
		tasks := make([]*aio.Task[int], n)
		for i := range tasks {
			tasks[i] = aio.Spawn(g, func(context.Context) (int, error) {
				started <- struct{}{}
				<-gctx.Done()
				return 0, gctx.Err()
			})
		}
		for range n {
			<-started
		}
		g.Cancel()
		require.NoError(t, g.Wait(), "round %d", round)
		for i, tk := range tasks {
			require.True(t, tk.Cancelled(), "round %d: task %d stopped by the group is Cancelled", round, i)
		}
	}
}

// TestTaskGroupCauseIsFirstFailure: the group context's cause is the failure Wait lists
// first, also when two tasks fail at once (each used to cancel after recording, so the
// later one could cancel first).
func TestTaskGroupCauseIsFirstFailure(t *testing.T) {
	for round := range 500 {
		g, gctx := aio.NewTaskGroup(context.Background())
		start := make(chan struct{})
		e1, e2 := errors.New("e1"), errors.New("e2")
		g.Go(func(context.Context) error { <-start; return e1 })
		g.Go(func(context.Context) error { <-start; return e2 })
		close(start)
		err := g.Wait()
		joined, ok := err.(interface{ Unwrap() []error })
		require.True(t, ok, "Wait joins the failures: %v", err)
		require.Same(t, joined.Unwrap()[0], context.Cause(gctx), "round %d", round)
	}
}

func TestTaskGroupSpawnFailureFailsGroup(t *testing.T) {
	g, gctx := aio.NewTaskGroup(context.Background())
	tk := aio.Spawn(g, func(context.Context) (int, error) { return 0, errBoom })
	require.ErrorIs(t, g.Wait(), errBoom)
	require.ErrorIs(t, context.Cause(gctx), errBoom)
	_, err := tk.Result()
	require.ErrorIs(t, err, errBoom)
}

func TestTaskGroupParentCanceled(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	g, _ := aio.NewTaskGroup(parent)
	g.Go(func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() })
	cancel()
	require.ErrorIs(t, g.Wait(), context.Canceled, "no failure, parent ended: the parent's error")
}

func TestTaskGroupPanic(t *testing.T) {
	g, _ := aio.NewTaskGroup(context.Background())
	var siblingDone atomic.Bool
	g.Go(func(ctx context.Context) error { <-ctx.Done(); siblingDone.Store(true); return nil })
	g.Go(func(context.Context) error { groupPanicker(); return nil })
	p := catchPanic(func() { _ = g.Wait() })
	pe, ok := p.(*aio.PanicError)
	require.True(t, ok, "got %T", p)
	require.Contains(t, string(pe.Stack), "groupPanicker")
	require.True(t, siblingDone.Load(), "Wait re-panics after every task is done")
}

func groupPanicker() { panic("group kaboom") }

// TestTaskGroupLimit counts running tasks: never more than the limit, every task runs.
func TestTaskGroupLimit(t *testing.T) {
	for _, limit := range []int{1, 3} {
		t.Run(fmt.Sprint("limit=", limit), func(t *testing.T) {
			g, _ := aio.NewTaskGroup(context.Background())
			g.SetLimit(limit)
			var running, peak, total atomic.Int64
			body := func(context.Context) error {
				r := running.Add(1)
				defer running.Add(-1)
				for p := peak.Load(); r > p && !peak.CompareAndSwap(p, r); p = peak.Load() {
				}
				total.Add(1)
				return nil
			}
			const n = 2000
			for i := range n {
				if i%2 == 0 {
					g.Go(body)
				} else {
					aio.Spawn(g, func(ctx context.Context) (int, error) { return 0, body(ctx) })
				}
			}
			require.NoError(t, g.Wait())
			require.Equal(t, int64(n), total.Load())
			require.LessOrEqual(t, peak.Load(), int64(limit))
		})
	}
}

func TestTaskGroupLimitTryGoAndCancelWhileWaiting(t *testing.T) {
	g, _ := aio.NewTaskGroup(context.Background())
	g.SetLimit(1)
	hold := make(chan struct{})
	g.Go(func(ctx context.Context) error { <-hold; return nil })
	require.False(t, g.TryGo(func(context.Context) error { return nil }), "limit reached")

	blocked := make(chan struct{})
	go func() {
		defer close(blocked)
		g.Go(func(context.Context) error { t.Error("started after Cancel"); return nil })
	}()
	g.Cancel() // Go stops waiting for a slot when the group's context ends
	<-blocked
	close(hold)
	require.NoError(t, g.Wait())
}

func TestTaskGroupMisuse(t *testing.T) {
	g, _ := aio.NewTaskGroup(context.Background())
	require.NoError(t, g.Wait())
	require.NoError(t, g.Wait(), "Wait again returns the same result")
	nop := func(context.Context) error { return nil }
	require.PanicsWithValue(t, "aio: TaskGroup used after Wait", func() { g.Go(nop) })
	require.PanicsWithValue(t, "aio: TaskGroup used after Wait", func() { g.TryGo(nop) })
	require.PanicsWithValue(t, "aio: TaskGroup used after Wait", func() {
		aio.Spawn(g, func(context.Context) (int, error) { return 0, nil })
	})

	g2, _ := aio.NewTaskGroup(context.Background())
	require.PanicsWithValue(t, "aio: TaskGroup.Go: nil function", func() { g2.Go(nil) })
	require.PanicsWithValue(t, "aio: TaskGroup.Spawn: nil function", func() { aio.Spawn[int](g2, nil) })
	require.PanicsWithValue(t, "aio.Spawn: nil TaskGroup", func() { aio.Spawn(nil, func(context.Context) (int, error) { return 0, nil }) })
	require.PanicsWithValue(t, "aio.NewTaskGroup: nil context", func() { aio.NewTaskGroup(nilCtx) })
	var zero aio.TaskGroup
	require.PanicsWithValue(t, "aio: TaskGroup.Go on a TaskGroup not made by NewTaskGroup", func() { zero.Go(nop) })

	hold := make(chan struct{})
	g2.Go(func(context.Context) error { <-hold; return nil })
	require.PanicsWithValue(t, "aio: TaskGroup.SetLimit called while tasks are running", func() { g2.SetLimit(2) })
	close(hold)
	require.NoError(t, g2.Wait())
}

// TestTaskGroupLimitStress races slot hand-offs against cancellation of waiting Go
// calls: every started task releases its slot exactly once, so afterwards the group
// still admits exactly limit tasks at once and none is running.
func TestTaskGroupLimitStress(t *testing.T) {
	rounds := 2000
	if testing.Short() {
		rounds = 200
	}
	var started, finished atomic.Int64
	for r := range rounds {
		g, _ := aio.NewTaskGroup(context.Background())
		g.SetLimit(2)
		for i := range 6 {
			g.Go(func(ctx context.Context) error {
				started.Add(1)
				defer finished.Add(1)
				if i == r%6 {
					g.Cancel()
				}
				return nil
			})
		}
		require.NoError(t, g.Wait())
	}
	require.Equal(t, started.Load(), finished.Load())
	require.Greater(t, started.Load(), int64(0))
}

// TestTaskGroupGoexit: a task that calls runtime.Goexit is a failure of the group, its
// slot is given back, and a Go waiting for that slot returns without starting its task.
func TestTaskGroupGoexit(t *testing.T) {
	for _, limit := range []int{0, 1} {
		for _, spawn := range []bool{false, true} {
			t.Run(fmt.Sprintf("limit=%d/spawn=%v", limit, spawn), func(t *testing.T) {
				g, _ := aio.NewTaskGroup(context.Background())
				g.SetLimit(limit)
				hold := make(chan struct{})
				exiter := func(context.Context) (int, error) { <-hold; runtime.Goexit(); return 0, nil }
				var st *aio.Task[int]
				if spawn {
					st = aio.Spawn(g, exiter)
				} else {
					g.Go(func(ctx context.Context) error { _, err := exiter(ctx); return err })
				}
				waiting := make(chan struct{})
				go func() {
					defer close(waiting)
					g.Go(func(ctx context.Context) error { return ctx.Err() })
				}()
				close(hold)
				<-waiting
				err := g.Wait()
				require.ErrorContains(t, err, "runtime.Goexit")
				if spawn {
					_, terr := st.Result()
					require.ErrorContains(t, terr, "runtime.Goexit")
				}
			})
		}
	}
}

// TestTaskGroupStartRacingWait races Go, TryGo and Spawn, called from outside the group,
// against Wait returning, with and without a limit. Each start must either be counted
// before Wait can return, and then have run by the time Wait returns, or panic as a use
// after Wait; Wait itself must not fail. (Counted by a sync.WaitGroup, the start's Add
// could land at zero concurrently with Wait: Wait panicked, or returned before the task
// ran, in a few thousand rounds.)
func TestTaskGroupStartRacingWait(t *testing.T) {
	rounds := 20_000
	if testing.Short() {
		rounds = 2_000
	}
	// Each start reports whether it started fn (TryGo may find no slot).
	starts := map[string]func(g *aio.TaskGroup, fn func(context.Context) error) bool{
		"Go":    func(g *aio.TaskGroup, fn func(context.Context) error) bool { g.Go(fn); return true },
		"TryGo": func(g *aio.TaskGroup, fn func(context.Context) error) bool { return g.TryGo(fn) },
		"Spawn": func(g *aio.TaskGroup, fn func(context.Context) error) bool {
			aio.Spawn(g, func(ctx context.Context) (int, error) { return 0, fn(ctx) })
			return true
		},
	}
	for name, start := range starts {
		for _, limit := range []int{0, 4} {
			t.Run(fmt.Sprintf("%s/limit=%d", name, limit), func(t *testing.T) {
				for i := range rounds {
					g, _ := aio.NewTaskGroup(context.Background())
					g.SetLimit(limit)
					release := make(chan struct{})
					g.Go(func(context.Context) error { <-release; return nil })
					waited := make(chan any, 1)
					go func() {
						defer func() { waited <- recover() }()
						_ = g.Wait()
					}()
					var ran atomic.Bool
					started, refused := make(chan bool, 1), make(chan any, 1)
					go func() {
						defer func() { refused <- recover() }()
						started <- start(g, func(context.Context) error { runtime.Gosched(); ran.Store(true); return nil })
					}()
					close(release)
					require.Nil(t, <-waited, "round %d: Wait panicked", i)
					if r := <-refused; r != nil {
						require.Equal(t, "aio: TaskGroup used after Wait", r, "round %d", i)
					} else if <-started {
						require.True(t, ran.Load(), "round %d: Wait returned before a started task ran", i)
					}
				}
			})
		}
	}
}

// TestSpawnFailureRecordedBeforeCallbacks: a Spawned task's failure cancels the group
// before the task's own OnDone callbacks run, so a callback already sees the group's
// context ended with that failure as its cause (asyncio's TaskGroup done-callback, added
// at create_task, runs before the user's).
func TestSpawnFailureRecordedBeforeCallbacks(t *testing.T) {
	for _, limit := range []int{0, 2} {
		t.Run(fmt.Sprintf("limit=%d", limit), func(t *testing.T) {
			g, gctx := aio.NewTaskGroup(context.Background())
			g.SetLimit(limit)
			release := make(chan struct{})
			tk := aio.Spawn(g, func(context.Context) (int, error) { <-release; return 0, errOther })
			seen := make(chan error, 1)
			tk.OnDone(func(*aio.Task[int]) { seen <- context.Cause(gctx) })
			close(release)
			require.ErrorIs(t, <-seen, errOther, "the group learned of the failure after the callback")
			require.ErrorIs(t, g.Wait(), errOther)
		})
	}
}
