package container

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

type item struct{ key, id int }

// testHeap is what the model test drives: either heap.
type testHeap[T any] interface {
	Push(v T)
	Pop() T
	Replace(v T) T
	Peek() T
	Len() int
	Cap() int
	Clear() int
	SetMin(n int)
}

// checkHeapModel drives h with random runs of pushes (a quarter of them as Replace) and
// of peeks and pops, against a model kept in pop order: newItem makes the id-th item
// pushed, with a key below keys (or, for a third of the items, -id: less than every
// item before it, which takes the heap's front slot and moves an earlier front into the
// heap), and insert puts it into the model where h must return it. Then it drains both
// and checks that h shrank back to its floor of 16.
func checkHeapModel[T any](t *testing.T, r *rand.Rand, h testHeap[T], keys int, newItem func(key, id int) T, insert func(model []T, it T) []T) {
	t.Helper()
	var model []T
	id := 0
	for range 1500 {
		if r.IntN(5) < 3 || len(model) == 0 {
			for range r.IntN(20) {
				key := r.IntN(keys)
				if r.IntN(3) == 0 {
					key = -id
				}
				it := newItem(key, id)
				id++
				if len(model) > 0 && r.IntN(4) == 0 {
					require.Equal(t, model[0], h.Replace(it))
					model = model[1:]
				} else {
					h.Push(it)
				}
				model = insert(model, it)
			}
		} else {
			for k := r.IntN(20); k > 0 && len(model) > 0; k-- {
				require.Equal(t, model[0], h.Peek())
				require.Equal(t, model[0], h.Pop())
				model = model[1:]
			}
		}
		require.Equal(t, len(model), h.Len())
	}
	for len(model) > 0 {
		require.Equal(t, model[0], h.Pop())
		model = model[1:]
	}
	require.LessOrEqual(t, h.Cap(), 2*minCap)
	require.Panics(t, func() { h.Pop() })
	require.Panics(t, func() { h.Replace(newItem(0, 0)) })
	require.Panics(t, func() { h.Peek() })
	h.Push(newItem(0, 0))
	require.Equal(t, 1, h.Clear())
}

// TestHeapStable checks pops against a stable sort of what was pushed, with many ties.
func TestHeapStable(t *testing.T) {
	for _, keys := range []int{1, 3, 100, 1 << 30} {
		h := NewHeap(func(a, b item) bool { return a.key < b.key })
		h.SetMin(16)
		checkHeapModel(t, rand.New(rand.NewPCG(uint64(keys), 4)), h, keys,
			func(key, id int) item { return item{key, id} },
			func(model []item, it item) []item {
				// After every item with key ≤ it.key: equal keys stay in push order.
				i, _ := slices.BinarySearchFunc(model, it.key+1, func(m item, k int) int { return m.key - k })
				for i > 0 && model[i-1].key > it.key {
					i--
				}
				return slices.Insert(model, i, it)
			})
	}
}

func TestHeapSorts(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	h := NewHeap(func(a, b int) bool { return a < b })
	in := make([]int, 10000)
	for i := range in {
		in[i] = r.IntN(1 << 20)
		h.Push(in[i])
	}
	slices.Sort(in)
	for _, want := range in {
		require.Equal(t, want, h.Pop())
	}
}

// TestHeapNoAllocsWhenWarm: with a floor of 1024, filling and draining either heap to
// that size allocates nothing once the backing array exists.
func TestHeapNoAllocsWhenWarm(t *testing.T) {
	heaps := map[string]testHeap[int]{
		"stable":  NewHeap(func(a, b int) bool { return a < b }),
		"ordered": new(OrderedHeap[int]),
	}
	for name, h := range heaps {
		h.SetMin(1024)
		allocs := testing.AllocsPerRun(50, func() {
			for i := range 1024 {
				h.Push(1024 - i)
			}
			for range 1024 {
				h.Pop()
			}
		})
		require.Zero(t, allocs, name)
	}
}

// TestHeapComparisons counts the calls to less that the stable heap makes, for the
// shapes its Push is written for. A burst of new minimums (each less than all held, as
// in a backlogged queue) costs one call each: the front is asked first and moved to the
// root without comparisons (a climb would make one call a level, about 9 each here).
// Random items, with the front empty, cost the climb alone: about 2.3 calls each at 1024
// items (3.3 if Push asked the root first).
func TestHeapComparisons(t *testing.T) {
	calls := 0
	h := NewHeap(func(a, b int) bool { calls++; return a < b })
	for i := range 1024 {
		h.Push(1<<20 - i)
	}
	require.LessOrEqual(t, calls, 1024+8, "a burst of 1024 new minimums")
	require.Equal(t, 1<<20-1023, h.Pop())

	h = NewHeap(func(a, b int) bool { calls++; return a < b })
	r := rand.New(rand.NewPCG(1, 2))
	for range 1024 {
		h.Push(r.IntN(1 << 20))
	}
	h.Pop() // empties the front
	calls = 0
	for range 512 {
		h.Push(r.IntN(1 << 20))
	}
	require.Less(t, calls, 512*28/10, "512 random items pushed onto 1023")
	t.Logf("%.2f calls per random Push", float64(calls)/512)
}

// TestOrderedHeap checks pops, peeks and replaces against a sorted model, with many
// equal values and with distinct ones.
func TestOrderedHeap(t *testing.T) {
	for _, keys := range []int{1, 3, 100, 1 << 30} {
		h := new(OrderedHeap[int])
		h.SetMin(16)
		checkHeapModel(t, rand.New(rand.NewPCG(uint64(keys), 9)), h, keys,
			func(key, _ int) int { return key },
			func(model []int, v int) []int {
				i, _ := slices.BinarySearch(model, v)
				return slices.Insert(model, i, v)
			})
	}
}

func TestOrderedHeapStrings(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	var h OrderedHeap[string]
	in := make([]string, 2000)
	for i := range in {
		in[i] = string(rune('a'+r.IntN(26))) + string(rune('a'+r.IntN(26)))
		h.Push(in[i])
	}
	slices.Sort(in)
	for _, want := range in {
		require.Equal(t, want, h.Pop())
	}
}
