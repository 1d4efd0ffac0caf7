package aio_test

import (
	"context"
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
// Gets must return the least key, the earliest put among equal keys.
func FuzzPriorityQueue(f *testing.F) {
	f.Add([]byte{0, 3, 1, 3, 1, 0x80, 0x80, 2, 0x80, 0x80, 0x80, 0x80})
	f.Add([]byte{2, 5, 5, 5, 0x80, 5, 0x80, 0x80, 0x80})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) == 0 {
			return
		}
		maxsize := int(ops[0] % 5)
		q := aio.NewPriorityQueue(maxsize, func(a, b qJob) bool { return a.prio < b.prio })
		var model []qJob // sorted by prio, then by id: the order Get must follow
		for id, b := range ops[1:] {
			if b&0x80 == 0 {
				j := qJob{int(b & 7), id}
				err := q.TryPut(j)
				if maxsize > 0 && len(model) == maxsize {
					require.ErrorIs(t, err, aio.ErrQueueFull)
					continue
				}
				require.NoError(t, err)
				i := len(model)
				for i > 0 && model[i-1].prio > j.prio {
					i--
				}
				model = append(model[:i], append([]qJob{j}, model[i:]...)...)
			} else {
				j, err := q.TryGet()
				if len(model) == 0 {
					require.ErrorIs(t, err, aio.ErrQueueEmpty)
					continue
				}
				require.NoError(t, err)
				require.Equal(t, model[0], j)
				model = model[1:]
			}
			require.Equal(t, len(model), q.Len())
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
