package aio_test

import (
	"cmp"
	"context"
	"strings"
	"testing"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

// queue is the API Queue and PriorityQueue share; the tests run against both.
type anyQueue[T any] interface {
	Put(ctx context.Context, v T) error
	TryPut(v T) error
	Get(ctx context.Context) (T, error)
	TryGet() (T, error)
	TaskDone()
	Join(ctx context.Context) error
	Len() int
	Cap() int
	Empty() bool
	Full() bool
	Shutdown(immediate bool)
}

// qKinds makes one queue of each discipline, with the order in which 3, 1, 2 come out.
var qKinds = []struct {
	name  string
	mk    func(maxsize int) anyQueue[int]
	order []int
}{
	{"fifo", func(n int) anyQueue[int] { return aio.NewQueue[int](n) }, []int{3, 1, 2}},
	// The same FIFO queue with its items in the lock-free ring even when the test asks
	// for an unbounded one (it gets the largest ring instead) or for one of one item, and
	// under the mutex even when it asks for a small bounded one: both ways of keeping
	// items, every test.
	{"fifo-ring", func(n int) anyQueue[int] { return aio.NewRingQueue[int](cmp.Or(n, aio.MaxLockFree)) }, []int{3, 1, 2}},
	{"fifo-locked", func(n int) anyQueue[int] { return aio.NewLockedQueue[int](n) }, []int{3, 1, 2}},
	{"lifo", func(n int) anyQueue[int] { return aio.NewLifoQueue[int](n) }, []int{2, 1, 3}},
	// NewPriorityQueueOrdered keeps ints in an OrderedHeap, NewPriorityQueue in the stable
	// Heap: both, every test.
	{"priority", func(n int) anyQueue[int] { return aio.NewPriorityQueueOrdered[int](n) }, []int{1, 2, 3}},
	{"priority-less", func(n int) anyQueue[int] { return aio.NewPriorityQueue(n, cmp.Less[int]) }, []int{1, 2, 3}},
}

func qDoneCtx() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestQueueBadInput(t *testing.T) {
	require.PanicsWithValue(t, "aio: NewQueue: negative maxsize", func() { aio.NewQueue[int](-1) })
	require.PanicsWithValue(t, "aio: NewLifoQueue: negative maxsize", func() { aio.NewLifoQueue[int](-1) })
	require.PanicsWithValue(t, "aio: NewPriorityQueue: negative maxsize", func() { aio.NewPriorityQueue(-1, cmp.Less[int]) })
	require.PanicsWithValue(t, "aio: NewPriorityQueueOrdered: negative maxsize", func() { aio.NewPriorityQueueOrdered[int](-1) })
	require.PanicsWithValue(t, "aio: NewPriorityQueueOrdered: negative maxsize", func() { aio.NewPriorityQueueOrdered[float64](-1) })
	require.PanicsWithValue(t, "aio: NewPriorityQueue: nil less function", func() { aio.NewPriorityQueue[int](0, nil) })
}

func TestQueueOrder(t *testing.T) {
	ctx := context.Background()
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			q := k.mk(0)
			for _, v := range []int{3, 1, 2} {
				require.NoError(t, q.Put(ctx, v))
			}
			for _, want := range k.order {
				got, err := q.Get(ctx)
				require.NoError(t, err)
				require.Equal(t, want, got)
			}
		})
	}
}

func TestQueueSizes(t *testing.T) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			q := k.mk(2)
			require.Equal(t, 2, q.Cap())
			require.True(t, q.Empty())
			require.False(t, q.Full())
			_, err := q.TryGet()
			require.ErrorIs(t, err, aio.ErrQueueEmpty)
			require.NoError(t, q.TryPut(1))
			require.NoError(t, q.TryPut(2))
			require.Equal(t, 2, q.Len())
			require.True(t, q.Full())
			require.False(t, q.Empty())
			require.ErrorIs(t, q.TryPut(3), aio.ErrQueueFull)
			v, err := q.TryGet()
			require.NoError(t, err)
			require.Contains(t, []int{1, 2}, v)
			require.Equal(t, 1, q.Len())

			if k.name == "fifo-ring" {
				return // has no unbounded form
			}
			u := k.mk(0)
			require.Equal(t, 0, u.Cap())
			for i := range 10000 {
				require.NoError(t, u.TryPut(i))
			}
			require.False(t, u.Full(), "an unbounded queue is never full")
			require.Equal(t, 10000, u.Len())
		})
	}
}

func TestQueueNilPointerIsAValue(t *testing.T) {
	q := aio.NewQueue[*int](1)
	require.NoError(t, q.Put(context.Background(), nil))
	require.Equal(t, 1, q.Len())
	v, err := q.Get(context.Background())
	require.NoError(t, err)
	require.Nil(t, v)
}

// TestQueueDoneContext: a done ctx fails Put and Get at once, even when they could
// proceed, and changes nothing.
func TestQueueDoneContext(t *testing.T) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			q := k.mk(0)
			require.NoError(t, q.TryPut(1))
			require.ErrorIs(t, q.Put(qDoneCtx(), 2), context.Canceled)
			_, err := q.Get(qDoneCtx())
			require.ErrorIs(t, err, context.Canceled)
			require.Equal(t, 1, q.Len())
		})
	}
}

func TestQueueTaskDoneAndJoin(t *testing.T) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			q := k.mk(0)
			require.NoError(t, q.Join(qDoneCtx()), "nothing unfinished: Join returns nil even on a done ctx")
			require.NoError(t, q.TryPut(1))
			require.NoError(t, q.TryPut(2))
			require.ErrorIs(t, q.Join(qDoneCtx()), context.Canceled)
			joined := make(chan error)
			go func() { joined <- q.Join(context.Background()) }()
			_, _ = q.TryGet()
			q.TaskDone()
			select {
			case err := <-joined:
				t.Fatalf("Join returned %v with an item unfinished", err)
			default:
			}
			_, _ = q.TryGet()
			q.TaskDone()
			require.NoError(t, <-joined)
			require.NoError(t, q.Join(context.Background()))
			name := "Queue"
			if strings.HasPrefix(k.name, "priority") {
				name = "PriorityQueue"
			}
			require.PanicsWithValue(t, "aio: "+name+".TaskDone called too many times", q.TaskDone)
		})
	}
}

func TestQueueShutdown(t *testing.T) {
	ctx := context.Background()
	for _, k := range qKinds {
		t.Run(k.name+"/graceful", func(t *testing.T) {
			q := k.mk(0)
			require.NoError(t, q.Put(ctx, 1))
			require.NoError(t, q.Put(ctx, 2))
			q.Shutdown(false)
			q.Shutdown(false) // idempotent
			require.ErrorIs(t, q.Put(ctx, 3), aio.ErrQueueShutDown)
			require.ErrorIs(t, q.TryPut(3), aio.ErrQueueShutDown)
			require.Equal(t, 2, q.Len(), "graceful shutdown keeps the items")
			for range 2 {
				_, err := q.Get(ctx)
				require.NoError(t, err)
				q.TaskDone()
			}
			_, err := q.Get(ctx)
			require.ErrorIs(t, err, aio.ErrQueueShutDown)
			_, err = q.TryGet()
			require.ErrorIs(t, err, aio.ErrQueueShutDown)
			require.NoError(t, q.Join(ctx))
		})
		t.Run(k.name+"/immediate", func(t *testing.T) {
			q := k.mk(0)
			for i := range 3 {
				require.NoError(t, q.Put(ctx, i))
			}
			_, err := q.Get(ctx) // taken, not yet done
			require.NoError(t, err)
			q.Shutdown(false)
			q.Shutdown(true) // drops the two left after a graceful shutdown
			require.Equal(t, 0, q.Len())
			_, err = q.Get(ctx)
			require.ErrorIs(t, err, aio.ErrQueueShutDown)
			require.ErrorIs(t, q.Join(qDoneCtx()), context.Canceled, "the taken item is still unfinished")
			q.TaskDone()
			require.NoError(t, q.Join(qDoneCtx()))
			require.Panics(t, q.TaskDone, "dropped items were counted done exactly once")
			q.Shutdown(true)
		})
		t.Run(k.name+"/immediate-after-early-taskdone", func(t *testing.T) {
			// TaskDone for items never taken out: dropping them must not go below zero.
			q := k.mk(0)
			require.NoError(t, q.Put(ctx, 1))
			q.TaskDone()
			q.Shutdown(true)
			require.NoError(t, q.Join(qDoneCtx()))
			require.Panics(t, q.TaskDone)
		})
	}
}

func TestQueueAll(t *testing.T) {
	ctx := context.Background()
	q := aio.NewQueue[int](0)
	for i := range 5 {
		require.NoError(t, q.Put(ctx, i))
	}
	q.Shutdown(false)
	var got []int
	for v := range q.All(ctx) {
		got = append(got, v)
	}
	require.Equal(t, []int{0, 1, 2, 3, 4}, got)

	p := aio.NewPriorityQueueOrdered[int](0)
	for _, v := range []int{5, 3, 4} {
		require.NoError(t, p.Put(ctx, v))
	}
	got = got[:0]
	for v := range p.All(ctx) {
		got = append(got, v)
		if len(got) == 2 {
			break
		}
	}
	require.Equal(t, []int{3, 4}, got)
	require.Equal(t, 1, p.Len(), "break leaves the rest in the queue")

	// A done ctx ends the loop even with items left.
	for range p.All(qDoneCtx()) {
		t.Fatal("All yielded on a done ctx")
	}
	require.Equal(t, 1, p.Len())
}

// TestQueueKeeping: NewQueue keeps the items of a queue of 2 to MaxLockFree in the
// lock-free ring, and those of a queue of one, an unbounded one and a larger one under the
// mutex, where a queue of one passes items faster (see minLockFree).
func TestQueueKeeping(t *testing.T) {
	for maxsize, ring := range map[int]bool{
		0: false, 1: false, 2: true, 100: true, aio.MaxLockFree: true, aio.MaxLockFree + 1: false,
	} {
		require.Equal(t, ring, aio.KeptInRing(aio.NewQueue[int](maxsize)), "NewQueue(%d)", maxsize)
	}
	require.True(t, aio.KeptInRing(aio.NewRingQueue[int](1)))
	require.False(t, aio.KeptInRing(aio.NewLockedQueue[int](2)))
}

// TestQueueGetterHandoff: an item put while a getter waits goes straight to it and still
// counts as unfinished.
func TestQueueGetterHandoff(t *testing.T) {
	q := aio.NewQueue[int](1)
	got := make(chan int)
	go func() {
		v, err := q.Get(context.Background())
		if err != nil {
			v = -1
		}
		got <- v
	}()
	require.NoError(t, q.Put(context.Background(), 7))
	require.Equal(t, 7, <-got)
	require.ErrorIs(t, q.Join(qDoneCtx()), context.Canceled)
	q.TaskDone()
	require.NoError(t, q.Join(qDoneCtx()))
}
