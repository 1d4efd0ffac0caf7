package container

import "cmp"

// OrderedHeap is a binary min-heap of ordered values compared with <, which it spells out
// inline instead of calling a less function. It is not stable, so it suits only types
// whose equal values cannot be told apart: integers and strings. Floats are not among
// them (-0 and +0 are equal, NaN is unordered); the queue keeps them in a [Heap]. The
// zero value is an empty heap.
//
// It keeps a front slot as [Heap] does: a Push less than every item held goes there, and
// the next Pop takes it. It keeps bursts of pushes as Heap does too, sorting a long one
// with slices.Sort.
type OrderedHeap[T cmp.Ordered] struct {
	h     []T
	min   int
	front frontSlot[T]
	b     bursts[T]
}

// SetMin sets the capacity below which the heap never shrinks.
func (h *OrderedHeap[T]) SetMin(n int) { h.min = max(n, 0) }

// Len returns the number of items.
func (h *OrderedHeap[T]) Len() int { return len(h.h) + h.front.n() + h.b.len() }

// Cap returns the size of the backing array.
func (h *OrderedHeap[T]) Cap() int { return cap(h.h) }

// Push adds v.
func (h *OrderedHeap[T]) Push(v T) {
	if !h.b.on {
		h.b.on = true
		h.add(v)
		return
	}
	if h.b.full() {
		h.settle()
	}
	h.b.add(v, h.min)
}

// add adds v to the heap: the first Push of a burst, or one of a burst that settle does
// not sort.
func (h *OrderedHeap[T]) add(v T) {
	if !h.front.full && (len(h.h) == 0 || v < h.h[0]) {
		h.front.set(v)
		return
	}
	h.push(v)
}

// push adds v, which cannot take the front, as Heap.push does.
func (h *OrderedHeap[T]) push(v T) {
	h.h = append(withFloor(h.h, h.min), v)
	if !h.front.full {
		h.up(len(h.h)-1, v, 2) // Push found v not less than the root
		return
	}
	if i := h.up(len(h.h)-1, v, 0); i == 0 && v < h.front.v {
		h.h[0], h.front.v = h.front.v, v
	}
}

// up moves v, which belongs at index i, towards the root while it is less than its
// parent, comparing only at indices above stop: a stop of 2 keeps it below the root, for
// a v known not to be less than the root. It returns the index where v landed.
func (h *OrderedHeap[T]) up(i int, v T, stop int) int {
	s := h.h
	for i > stop {
		p := (i - 1) / 2
		if !(v < s[p]) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = v
	return i
}

// Pop removes and returns the least item.
func (h *OrderedHeap[T]) Pop() T {
	h.b.on = false
	if len(h.b.pend) > 0 {
		h.settle()
	}
	if x := h.b.next(); x != nil && !h.heapFirst(*x) {
		return h.b.pop(h.min)
	}
	if h.front.full {
		return h.front.take()
	}
	return h.popHeap()
}

// popHeap removes and returns the heap's root.
func (h *OrderedHeap[T]) popHeap() T {
	n := len(h.h) - 1
	if n < 0 {
		panic("aio/internal/container: Pop of an empty OrderedHeap")
	}
	s := h.h
	v := s[0]
	last := s[n]
	var zero T
	s[n] = zero
	h.h = s[:n]
	if n > 0 {
		h.up(h.holeToLeaf(), last, 0)
	}
	h.h = shrunk(h.h, h.min)
	return v
}

// Replace removes and returns the least item and adds v, as a Pop then a Push would.
func (h *OrderedHeap[T]) Replace(v T) T {
	if h.b.len() > 0 || h.front.full {
		first := h.Pop()
		h.Push(v)
		return first
	}
	h.b.on = true // as after Pop, then Push
	if len(h.h) == 0 {
		panic("aio/internal/container: Replace on an empty OrderedHeap")
	}
	if v < h.h[0] {
		first := h.popHeap()
		h.front.set(v)
		return first
	}
	first := h.h[0]
	h.up(h.holeToLeaf(), v, 0)
	return first
}

// holeToLeaf walks a hole from the root down to a leaf along the lesser children, as
// [Heap.holeToLeaf] does, and returns its index.
func (h *OrderedHeap[T]) holeToLeaf() int {
	s := h.h
	n := len(s)
	i := 0
	for {
		c := 2*i + 1
		if c+1 >= n {
			if c < n {
				s[i] = s[c]
				i = c
			}
			return i
		}
		pair := (*[2]T)(s[c : c+2])
		w := 0 // a selection, not a branch: see Heap.holeToLeaf
		if pair[1] < pair[0] {
			w = 1
		}
		s[i] = pair[w&1]
		i = c + w
	}
}

// Peek returns the least item without removing it.
func (h *OrderedHeap[T]) Peek() T {
	if len(h.b.pend) > 0 {
		h.settle()
	}
	if x := h.b.next(); x != nil && !h.heapFirst(*x) {
		return *x
	}
	if h.front.full {
		return h.front.v
	}
	if len(h.h) == 0 {
		panic("aio/internal/container: Peek of an empty OrderedHeap")
	}
	return h.h[0]
}

// Clear drops every item and returns how many there were.
func (h *OrderedHeap[T]) Clear() int {
	n := h.Len()
	h.h = nil
	h.front.take()
	h.b.reset()
	return n
}

// frontSlot is a heap's front: at most one item, which comes before every item in the
// heap's array.
type frontSlot[E any] struct {
	v    E
	full bool
}

// n returns how many items s holds: 0 or 1.
func (s *frontSlot[E]) n() int {
	if s.full {
		return 1
	}
	return 0
}

// set puts v in s.
func (s *frontSlot[E]) set(v E) { s.v, s.full = v, true }

// take empties s and returns what it held, keeping no reference to it.
func (s *frontSlot[E]) take() E {
	v := s.v
	var zero E
	s.v, s.full = zero, false
	return v
}

// withFloor returns s, or, if s has no backing array yet, an empty one of capacity min:
// a heap's first Push allocates its floor at once rather than growing to it.
func withFloor[E any](s []E, min int) []E {
	if s == nil && min > 0 {
		return make([]E, 0, min)
	}
	return s
}

// shrunk returns s, moved to a backing array half the size when it fills at most a
// quarter of its own and that is above both minCap and min: a heap neither allocates per
// item nor keeps a burst's memory forever.
func shrunk[E any](s []E, min int) []E {
	if c := cap(s); c > minCap && c > min && len(s) <= c/4 {
		return append(make([]E, 0, max(c/2, min)), s...)
	}
	return s
}
