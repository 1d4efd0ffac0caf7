package container

import (
	"math"
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

// burstLengths are the ranges of burst lengths that matter to a heap: short ones pushed
// into the heap, sorted ones, and ones past maxBurst.
var burstLengths = [][2]int{{1, 5}, {minSorted - 2, minSorted + 2}, {100, 300}, {maxBurst - 1, 2*maxBurst + 3}}

// checkHeapBursts drives h with bursts of every length that matters to a heap (short
// ones pushed into the heap, sorted ones, ones past maxBurst; random, ascending,
// descending, and descending by twos for ties), one push in fifty as a Replace, each
// burst followed by a run of pops and peeks, against a model kept in pop order: newItem
// makes the id-th item pushed and insert puts it into the model where h must return it.
func checkHeapBursts[T any](t *testing.T, r *rand.Rand, h testHeap[T], keys int, newItem func(key, id int) T, insert func(model []T, it T) []T) {
	t.Helper()
	h.SetMin(64)
	var model []T
	id := 0
	for range 300 {
		lr := burstLengths[r.IntN(len(burstLengths))]
		n := lr[0] + r.IntN(lr[1]-lr[0]+1)
		shape, base := r.IntN(4), r.IntN(keys)
		for k := range n {
			key := [4]int{r.IntN(keys), base + k, base - k, base - k/2}[shape]
			it := newItem(key, id)
			id++
			if len(model) > 0 && r.IntN(50) == 0 {
				require.Equal(t, model[0], h.Replace(it))
				model = model[1:]
			} else {
				h.Push(it)
			}
			model = insert(model, it)
			require.Equal(t, len(model), h.Len())
		}
		for k := r.IntN(len(model) + 1); k > 0; k-- {
			if r.IntN(8) == 0 {
				require.Equal(t, model[0], h.Peek())
			}
			require.Equal(t, model[0], h.Pop())
			model = model[1:]
		}
		require.Equal(t, len(model), h.Len())
	}
	for _, want := range model {
		require.Equal(t, want, h.Pop())
	}
	require.Zero(t, h.Len())
	require.Panics(t, func() { h.Pop() })
}

// TestHeapBursts runs checkHeapBursts on the stable heap, with few keys (many ties) and
// with many, against a stable model.
func TestHeapBursts(t *testing.T) {
	for _, keys := range []int{2, 50, 1 << 30} {
		checkHeapBursts(t, rand.New(rand.NewPCG(uint64(keys), 7)),
			NewHeap(func(a, b item) bool { return a.key < b.key }), keys,
			func(key, id int) item { return item{key, id} },
			func(model []item, it item) []item { // by key, then by id
				i, _ := slices.BinarySearchFunc(model, it.key+1, func(m item, k int) int { return cmpInt(m.key, k) })
				return slices.Insert(model, i, it)
			})
	}
}

// TestOrderedHeapBursts is TestHeapBursts for the ordered heap, against a sorted model.
func TestOrderedHeapBursts(t *testing.T) {
	for _, keys := range []int{2, 50, 1 << 30} {
		checkHeapBursts(t, rand.New(rand.NewPCG(uint64(keys), 8)), new(OrderedHeap[int]), keys,
			func(key, _ int) int { return key },
			func(model []int, v int) []int {
				i, _ := slices.BinarySearch(model, v)
				return slices.Insert(model, i, v)
			})
	}
}

// TestHeapBadLessKeepsItems: a less that is not a strict weak order (< on floats with
// NaNs, a common mistake) may misorder the items, but every item pushed must come out
// once. The burst sort's merge from both ends lost one item and doubled another until it
// learned to notice that its ends had not met.
func TestHeapBadLessKeepsItems(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	key := func(s []float64) []float64 {
		c := slices.Clone(s)
		for i := range c {
			if math.IsNaN(c[i]) {
				c[i] = -1
			}
		}
		slices.Sort(c)
		return c
	}
	for trial := range 200 {
		h := NewHeap(func(a, b float64) bool { return a < b })
		var in, out []float64
		for range 16 + r.IntN(200) {
			v := float64(r.IntN(100))
			if r.IntN(4) == 0 {
				v = math.NaN()
			}
			in = append(in, v)
			h.Push(v)
		}
		for h.Len() > 0 {
			out = append(out, h.Pop())
		}
		require.Equal(t, key(in), key(out), "trial %d: popped a different multiset than was pushed", trial)
	}
}

// TestHeapBurstMemory: a bounded queue's heap (floor 1024) keeps its burst arrays for the
// next burst; an unbounded one's (floor 0) drops them once the burst has drained, as its
// heap array shrinks, so an empty queue holds no burst-sized arrays.
func TestHeapBurstMemory(t *testing.T) {
	for _, floor := range []int{0, 1024} {
		h := NewHeap(func(a, b int) bool { return a < b })
		h.SetMin(floor)
		for i := range 1000 {
			h.Push(1000 - i%37)
		}
		for h.Len() > 0 {
			h.Pop()
		}
		kept := cap(h.b.pend) + cap(h.b.run) + cap(h.b.spare)
		if floor == 0 {
			require.LessOrEqual(t, kept, 2*minCap, "floor 0")
		} else {
			require.GreaterOrEqual(t, kept, 2*1000, "floor 1024")
		}
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
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
// shapes its Push and its bursts are written for.
func TestHeapComparisons(t *testing.T) {
	calls := 0
	less := func(a, b int) bool { calls++; return a < b }
	r := rand.New(rand.NewPCG(1, 2))
	drain := func(h *Heap[int], n int) {
		t.Helper()
		prev := -1
		for range n {
			v := h.Pop()
			require.LessOrEqual(t, prev, v)
			prev = v
		}
		require.Zero(t, h.Len())
	}

	// A burst of 1024 new minimums (each less than all held, as in a backlogged queue):
	// one pass finds it strictly decreasing and reverses it; each Pop then asks whether
	// the burst's first item, alone in the heap, comes first.
	h := NewHeap(less)
	for i := range 1024 {
		h.Push(1<<20 - i)
	}
	require.Zero(t, calls, "a burst waits unordered")
	drain(h, 1024)
	require.LessOrEqual(t, calls, 2*1024, "a burst of 1024 new minimums, drained")

	// A burst of 1024 random items, drained: merge sorted, about log2(1024) calls an item
	// (through the binary heap it was 2.3 for each Push and 2 a level for each Pop, 22).
	calls = 0
	for range 1024 {
		h.Push(r.IntN(1 << 20))
	}
	drain(h, 1024)
	require.Less(t, calls, 1024*12, "a random burst of 1024, drained")
	t.Logf("%.2f calls per item of a random burst", float64(calls)/1024)

	// Random items pushed one at a time into the binary heap of 1023, each after a Pop:
	// the climb alone, 2.75 calls each here (the Pops leave the greater items, so a
	// newcomer climbs a little further than into random ones), and one more if Push asked
	// the root first.
	for range 1024 {
		h.add(entry[int]{r.IntN(1 << 20), h.seq})
		h.seq++
	}
	pushes := 0
	for range 512 {
		h.Pop()
		before := calls
		h.Push(r.IntN(1 << 20))
		pushes += calls - before
	}
	require.Nil(t, h.b.run)
	require.Zero(t, len(h.b.pend))
	require.Less(t, pushes, 512*3, "512 random items pushed one at a time")
	t.Logf("%.2f calls per random Push", float64(pushes)/512)
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
