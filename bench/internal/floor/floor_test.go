package floor

import (
	"container/heap"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestIntHeap(t *testing.T) {
	in := []int{5, 3, 9, 1, 3, 7}
	h := new(IntHeap)
	for _, v := range in {
		heap.Push(h, v)
	}
	var out []int
	for h.Len() > 0 {
		out = append(out, heap.Pop(h).(int))
	}
	want := slices.Clone(in)
	slices.Sort(want)
	require.Equal(t, want, out)
}
