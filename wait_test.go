package aio_test

import (
	"context"
	"testing"
	"testing/synctest"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

// gate is a task that finishes with the given outcome when its release channel is closed.
type gate struct {
	release chan struct{}
	task    *aio.Task[int]
}

// newGates starts n tasks; task i returns (i, outcome(i)) once released. A task whose
// outcome is context.Canceled waits for its own cancellation instead.
func newGates(n int, outcome func(i int) error) []gate {
	gs := make([]gate, n)
	for i := range gs {
		rel := make(chan struct{})
		err := outcome(i)
		gs[i] = gate{release: rel, task: aio.Go(context.Background(), func(ctx context.Context) (int, error) {
			if err == context.Canceled {
				<-ctx.Done()
				return i, ctx.Err()
			}
			<-rel
			return i, err
		})}
	}
	return gs
}

func tasksOf(gs []gate) []*aio.Task[int] {
	ts := make([]*aio.Task[int], len(gs))
	for i, g := range gs {
		ts[i] = g.task
	}
	return ts
}

func finish(gs []gate, idx ...int) {
	for _, i := range idx {
		close(gs[i].release)
		<-gs[i].task.Done()
	}
}

func releaseAll(gs []gate) {
	for _, g := range gs {
		select {
		case <-g.release:
		default:
			close(g.release)
		}
		g.task.Cancel()
		<-g.task.Done()
	}
}

func ids(ts []*aio.Task[int]) []int {
	out := []int{}
	for _, t := range ts {
		v, _ := t.Result()
		out = append(out, v)
	}
	return out
}

func noErr(int) error { return nil }

func TestWaitFirstCompleted(t *testing.T) {
	gs := newGates(4, noErr)
	defer releaseAll(gs)
	res := make(chan []*aio.Task[int])
	go func() {
		done, _, err := aio.Wait(context.Background(), tasksOf(gs), aio.FirstCompleted)
		require.NoError(t, err)
		res <- done
	}()
	finish(gs, 2)
	done := <-res
	require.Contains(t, ids(done), 2)
	// Everything reported done is done, in input order, and 2 is there.
	for _, d := range done {
		require.NotErrorIs(t, func() error { _, e := d.Result(); return e }(), aio.ErrNotDone)
	}
}

func TestWaitAllCompletedAndDuplicates(t *testing.T) {
	gs := newGates(5, noErr)
	ts := tasksOf(gs)
	ts = append(ts, ts[3], ts[0]) // duplicates count once
	res := make(chan [2][]*aio.Task[int])
	go func() {
		done, pending, err := aio.Wait(context.Background(), ts, aio.AllCompleted)
		require.NoError(t, err)
		res <- [2][]*aio.Task[int]{done, pending}
	}()
	finish(gs, 4, 1, 3, 0, 2)
	r := <-res
	require.Equal(t, []int{0, 1, 2, 3, 4}, ids(r[0]))
	require.Empty(t, r[1])
}

func TestWaitFirstException(t *testing.T) {
	// 0: fails, 1: succeeds, 2: cancelled (not an exception), 3: stays pending.
	gs := newGates(4, func(i int) error {
		switch i {
		case 0:
			return errBoom
		case 2:
			return context.Canceled
		}
		return nil
	})
	defer releaseAll(gs)
	finish(gs, 1)
	gs[2].task.Cancel()
	<-gs[2].task.Done()
	require.True(t, gs[2].task.Cancelled())

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// Not satisfied yet (only a success and a cancellation): ctx ended → done so far.
	done, pending, err := aio.Wait(ctx, tasksOf(gs), aio.FirstException)
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, []int{1, 2}, ids(done))
	require.Len(t, pending, 2)
	require.Same(t, gs[0].task, pending[0])

	finish(gs, 0)
	done, pending, err = aio.Wait(context.Background(), tasksOf(gs), aio.FirstException)
	require.NoError(t, err)
	require.Equal(t, []int{0, 1, 2}, ids(done))
	require.Equal(t, []*aio.Task[int]{gs[3].task}, pending)
	require.False(t, pending[0].Cancelled(), "Wait never cancels pending tasks")
}

func TestWaitFirstExceptionAllDoneWithoutFailure(t *testing.T) {
	gs := newGates(3, noErr)
	res := make(chan int)
	go func() {
		done, pending, err := aio.Wait(context.Background(), tasksOf(gs), aio.FirstException)
		require.NoError(t, err)
		require.Empty(t, pending)
		res <- len(done)
	}()
	finish(gs, 0, 1, 2)
	require.Equal(t, 3, <-res)
}

func TestWaitPanicIsExceptionNotRePanicked(t *testing.T) {
	p := aio.Go(context.Background(), boomPanicker)
	gs := newGates(1, noErr)
	defer releaseAll(gs)
	done, pending, err := aio.Wait(context.Background(), []*aio.Task[int]{gs[0].task, p}, aio.FirstException)
	require.NoError(t, err)
	require.Equal(t, []*aio.Task[int]{p}, done)
	require.Len(t, pending, 1)
}

// TestWaitMetAsCtxEnds: a task that completes and then ends Wait's ctx (here from an
// OnDone callback, which runs before the task tells Wait's watcher) met the condition
// first: Wait returns nil, in every mode. It used to return ctx.Err() with lists that
// met the condition.
func TestWaitMetAsCtxEnds(t *testing.T) {
	for _, mode := range []aio.WaitMode{aio.FirstCompleted, aio.FirstException, aio.AllCompleted} {
		t.Run(mode.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				release := make(chan struct{})
				task := aio.Go(context.Background(), func(context.Context) (int, error) {
					<-release
					return 1, errBoom
				})
				ctx, cancel := context.WithCancel(context.Background())
				task.OnDone(func(*aio.Task[int]) { cancel() })
				type res struct {
					done, pending []*aio.Task[int]
					err           error
				}
				out := make(chan res, 1)
				go func() {
					done, pending, err := aio.Wait(ctx, []*aio.Task[int]{task}, mode)
					out <- res{done, pending, err}
				}()
				synctest.Wait() // Wait watches the task
				close(release)
				r := <-out
				require.Equal(t, []*aio.Task[int]{task}, r.done)
				require.Empty(t, r.pending)
				require.NoError(t, r.err, "the task completed before ctx ended")
			})
		})
	}
}

func TestWaitEmpty(t *testing.T) {
	done, pending, err := aio.Wait[int](context.Background(), nil, aio.AllCompleted)
	require.NoError(t, err)
	require.Nil(t, done)
	require.Nil(t, pending)
}

// TestWaitRace races Wait(FirstCompleted) against completions and its own cancellation:
// every task lands in exactly one list, and a nil error means the condition held.
func TestWaitRace(t *testing.T) {
	rounds := 10_000
	if testing.Short() {
		rounds = 1000
	}
	for r := range rounds {
		gs := newGates(3, noErr)
		ctx, cancel := context.WithCancel(context.Background())
		closed := make(chan struct{})
		go func() { close(gs[r%3].release); close(closed) }()
		go cancel()
		mode := aio.WaitMode(r % 3)
		done, pending, err := aio.Wait(ctx, tasksOf(gs), mode)
		require.Equal(t, 3, len(done)+len(pending))
		if err == nil && mode == aio.FirstCompleted {
			require.NotEmpty(t, done)
		}
		if err != nil {
			require.ErrorIs(t, err, context.Canceled)
		}
		<-closed
		releaseAll(gs)
		cancel()
	}
}

func TestWaitBadInput(t *testing.T) {
	tk := aio.Go(context.Background(), func(context.Context) (int, error) { return 0, nil })
	<-tk.Done()
	tests := []struct {
		name, want string
		fn         func()
	}{
		{"nil ctx", "aio.Wait: nil context", func() { _, _, _ = aio.Wait(nilCtx, []*aio.Task[int]{tk}, aio.AllCompleted) }},
		{"nil task", "aio.Wait: nil task at index 1", func() {
			_, _, _ = aio.Wait(context.Background(), []*aio.Task[int]{tk, nil}, aio.AllCompleted)
		}},
		{"bad mode", "aio.Wait: invalid mode 7", func() { _, _, _ = aio.Wait(context.Background(), []*aio.Task[int]{tk}, 7) }},
		{"negative mode", "aio.Wait: invalid mode -1", func() { _, _, _ = aio.Wait(context.Background(), []*aio.Task[int]{tk}, -1) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.PanicsWithValue(t, tc.want, tc.fn)
		})
	}
	require.Equal(t, "FirstException", aio.FirstException.String())
	require.Equal(t, "WaitMode(9)", aio.WaitMode(9).String())
}
