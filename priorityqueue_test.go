package aio_test

import (
	"context"
	"math"
	"testing"

	"github.com/aio-go/aio"
	"github.com/stretchr/testify/require"
)

type qJob struct {
	prio int
	id   int
}

func TestPriorityQueueStable(t *testing.T) {
	q := aio.NewPriorityQueue(0, func(a, b qJob) bool { return a.prio < b.prio })
	ctx := context.Background()
	in := []qJob{{2, 0}, {1, 1}, {2, 2}, {1, 3}, {0, 4}, {2, 5}, {1, 6}}
	for _, j := range in {
		require.NoError(t, q.Put(ctx, j))
	}
	var ids []int
	for range in {
		j, err := q.Get(ctx)
		require.NoError(t, err)
		ids = append(ids, j.id)
	}
	require.Equal(t, []int{4, 1, 3, 6, 0, 2, 5}, ids, "least first, first in first out among equals")
}

// FuzzPriorityQueue drives a PriorityQueue with TryPut and TryGet against a sorted-slice
// model. The first byte picks maxsize (0 is unbounded); each following byte is a put of
// key b&7 (few keys, so many ties) when its high bit is clear, and a get otherwise.
// Gets must return the least key, the earliest put among equal keys. An ordered queue of
// the keys alone (an OrderedHeap inside) follows the same operations and must return the
// same keys.
func FuzzPriorityQueue(f *testing.F) {
	f.Add([]byte{0, 3, 1, 3, 1, 0x80, 0x80, 2, 0x80, 0x80, 0x80, 0x80})
	f.Add([]byte{2, 5, 5, 5, 0x80, 5, 0x80, 0x80, 0x80})
	// Bursts long enough for the heap to sort (internal/container, burst.go), with ties.
	burst := []byte{0}
	for i := range 80 {
		burst = append(burst, byte(i*5%8))
	}
	for i := range 100 {
		burst = append(burst, 0x80|byte(i))
		if i%3 == 0 {
			burst = append(burst, byte(i%8))
		}
	}
	f.Add(burst)
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) == 0 {
			return
		}
		maxsize := int(ops[0] % 5)
		q := aio.NewPriorityQueue(maxsize, func(a, b qJob) bool { return a.prio < b.prio })
		o := aio.NewPriorityQueueOrdered[int](maxsize)
		var model []qJob // sorted by prio, then by id: the order Get must follow
		for id, b := range ops[1:] {
			if b&0x80 == 0 {
				j := qJob{int(b & 7), id}
				err, oerr := q.TryPut(j), o.TryPut(j.prio)
				if maxsize > 0 && len(model) == maxsize {
					require.ErrorIs(t, err, aio.ErrQueueFull)
					require.ErrorIs(t, oerr, aio.ErrQueueFull)
					continue
				}
				require.NoError(t, err)
				require.NoError(t, oerr)
				i := len(model)
				for i > 0 && model[i-1].prio > j.prio {
					i--
				}
				model = append(model[:i], append([]qJob{j}, model[i:]...)...)
			} else {
				j, err := q.TryGet()
				k, oerr := o.TryGet()
				if len(model) == 0 {
					require.ErrorIs(t, err, aio.ErrQueueEmpty)
					require.ErrorIs(t, oerr, aio.ErrQueueEmpty)
					continue
				}
				require.NoError(t, err)
				require.NoError(t, oerr)
				require.Equal(t, model[0], j)
				require.Equal(t, model[0].prio, k)
				model = model[1:]
			}
			require.Equal(t, len(model), q.Len())
			require.Equal(t, len(model), o.Len())
		}
		q.Shutdown(false)
		for _, want := range model {
			j, err := q.Get(context.Background())
			require.NoError(t, err)
			require.Equal(t, want, j)
		}
		_, err := q.Get(context.Background())
		require.ErrorIs(t, err, aio.ErrQueueShutDown)
	})
}

// TestPriorityQueueOrderedKinds checks NewPriorityQueueOrdered on the kinds it keeps in
// different heaps: named integers and strings by < without sequence numbers, floats as
// cmp.Less orders them and stable, so a NaN comes first and -0 and +0 (equal, but not the
// same value) come out in the order they were put.
func TestPriorityQueueOrderedKinds(t *testing.T) {
	type level int8
	lv := aio.NewPriorityQueueOrdered[level](0)
	for _, v := range []level{3, -128, 127, 0, 3, -1} {
		require.NoError(t, lv.TryPut(v))
	}
	require.Equal(t, []level{-128, -1, 0, 3, 3, 127}, drainPQ(t, lv))

	s := aio.NewPriorityQueueOrdered[string](4)
	for _, v := range []string{"pear", "", "apple", "pea"} {
		require.NoError(t, s.TryPut(v))
	}
	require.ErrorIs(t, s.TryPut("fig"), aio.ErrQueueFull)
	require.Equal(t, []string{"", "apple", "pea", "pear"}, drainPQ(t, s))

	negZero := math.Copysign(0, -1)
	f := aio.NewPriorityQueueOrdered[float64](0)
	for _, v := range []float64{1, 0, math.Inf(-1), negZero, math.NaN(), 0, -2} {
		require.NoError(t, f.TryPut(v))
	}
	got := drainPQ(t, f)
	require.True(t, math.IsNaN(got[0]), "NaN first, as cmp.Less orders it: %v", got)
	require.Equal(t, []float64{math.Inf(-1), -2}, got[1:3])
	require.Equal(t, []bool{false, true, false}, []bool{math.Signbit(got[3]), math.Signbit(got[4]), math.Signbit(got[5])},
		"+0, -0, +0 in the order put: %v", got)
	require.Equal(t, 1.0, got[6])
}

// drainPQ takes every item out of q with TryGet.
func drainPQ[T any](t *testing.T, q *aio.PriorityQueue[T]) []T {
	t.Helper()
	var out []T
	for !q.Empty() {
		v, err := q.TryGet()
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}
