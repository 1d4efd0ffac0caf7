package container

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRingModel drives a Ring with random pushes and pops (bursts, so it wraps, grows and
// shrinks) and checks it against a slice.
func TestRingModel(t *testing.T) {
	for _, floor := range []int{0, 5, 64} {
		r := rand.New(rand.NewPCG(uint64(floor), 2))
		var q Ring[int]
		q.SetMin(floor)
		var model []int
		next := 0
		maxCap := 0
		for range 4000 {
			if r.IntN(100) < 50+int(20*(r.Float64()-0.5)) || len(model) == 0 {
				for range r.IntN(40) {
					q.Push(next)
					model = append(model, next)
					next++
				}
			} else {
				for k := r.IntN(40); k > 0 && len(model) > 0; k-- {
					require.Equal(t, model[0], q.Peek())
					if r.IntN(4) == 0 {
						require.Equal(t, model[0], q.Replace(next))
						model = append(model[1:], next)
						next++
						continue
					}
					require.Equal(t, model[0], q.Pop())
					model = model[1:]
				}
			}
			require.Equal(t, len(model), q.Len())
			c := q.Cap()
			maxCap = max(maxCap, c)
			require.True(t, c == 0 || c&(c-1) == 0, "capacity %d not a power of two", c)
			require.GreaterOrEqual(t, c, q.Len())
			if c > minCap && c > q.min {
				require.Greater(t, q.Len(), c/4-40, "ring of %d items kept capacity %d", q.Len(), c)
			}
		}
		for len(model) > 0 {
			require.Equal(t, model[0], q.Pop())
			model = model[1:]
		}
		require.LessOrEqual(t, q.Cap(), max(minCap, pow2(floor)), "drained ring did not shrink back to its floor")
		require.Equal(t, len(model), q.Clear())
	}
}

func TestRingReplaceWhenFull(t *testing.T) {
	var q Ring[int]
	for i := range 8 {
		q.Push(i)
	}
	require.Equal(t, 8, q.Cap())
	for i := range 20 {
		require.Equal(t, i, q.Replace(i+8))
		require.Equal(t, 8, q.Cap(), "Replace on a full ring must not grow it")
	}
	for i := range 8 {
		require.Equal(t, 20+i, q.Pop())
	}
	require.Panics(t, func() { q.Replace(1) })
}

func TestRingClearAndZeroes(t *testing.T) {
	var q Ring[*int]
	x := 1
	for range 10 {
		q.Push(&x)
	}
	q.Pop()
	// The popped slot must not keep the pointer alive.
	for i, p := range q.buf {
		if i != q.head && (i-q.head+len(q.buf))%len(q.buf) >= q.n {
			require.Nil(t, p, "slot %d still holds a popped pointer", i)
		}
	}
	require.Equal(t, 9, q.Clear())
	require.Equal(t, 0, q.Len())
	q.Push(nil) // a nil pointer is a normal value
	require.Nil(t, q.Pop())
}

func TestRingNoAllocsWhenWarm(t *testing.T) {
	var q Ring[int]
	q.SetMin(1024)
	allocs := testing.AllocsPerRun(100, func() {
		for i := range 1024 {
			q.Push(i)
		}
		for range 1024 {
			q.Pop()
		}
	})
	require.Zero(t, allocs)
}
