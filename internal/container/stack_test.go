package container

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestStackModel(t *testing.T) {
	for _, floor := range []int{0, 100} {
		r := rand.New(rand.NewPCG(uint64(floor), 3))
		var s Stack[int]
		s.SetMin(floor)
		var model []int
		for i := range 4000 {
			if r.IntN(2) == 0 || len(model) == 0 {
				for range r.IntN(40) {
					s.Push(i)
					model = append(model, i)
				}
			} else {
				for k := r.IntN(40); k > 0 && len(model) > 0; k-- {
					require.Equal(t, model[len(model)-1], s.Peek())
					if r.IntN(4) == 0 {
						require.Equal(t, model[len(model)-1], s.Replace(-i))
						model[len(model)-1] = -i
						continue
					}
					require.Equal(t, model[len(model)-1], s.Pop())
					model = model[:len(model)-1]
				}
			}
			require.Equal(t, len(model), s.Len())
			if c := s.Cap(); c > minCap && c > floor {
				require.Greater(t, s.Len(), c/4-40)
			}
		}
		for len(model) > 0 {
			require.Equal(t, model[len(model)-1], s.Pop())
			model = model[:len(model)-1]
		}
		require.LessOrEqual(t, s.Cap(), max(2*minCap, floor))
		require.Panics(t, func() { s.Replace(1) })
		s.Push(1)
		require.Equal(t, 1, s.Clear())
		require.Equal(t, 0, s.Len())
	}
}
