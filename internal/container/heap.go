package container

// Heap is a stable binary min-heap: Pop returns the least item by less, and among items
// that are equal (neither is less than the other) the one pushed first. Each item carries
// the sequence number of its Push, compared on ties. The zero value is not usable; call
// [NewHeap].
type Heap[T any] struct {
	h    []entry[T]
	less func(a, b T) bool
	seq  uint64
	min  int
}

type entry[T any] struct {
	v   T
	seq uint64
}

// NewHeap returns an empty heap ordered by less, which must be a strict weak order.
func NewHeap[T any](less func(a, b T) bool) *Heap[T] {
	return &Heap[T]{less: less}
}

// SetMin sets the capacity below which the heap never shrinks.
func (h *Heap[T]) SetMin(n int) { h.min = max(n, 0) }

// Len returns the number of items.
func (h *Heap[T]) Len() int { return len(h.h) }

// Cap returns the size of the backing array.
func (h *Heap[T]) Cap() int { return cap(h.h) }

// An entry a pops before b when a.v is less than b.v, or when neither is less than the
// other and a.seq < b.seq. Push, up and holeToLeaf spell that test out inline: it is the
// hot path, and as a method it would not be inlined.

// Push adds v.
func (h *Heap[T]) Push(v T) {
	if h.h == nil && h.min > 0 {
		h.h = make([]entry[T], 0, h.min)
	}
	e := entry[T]{v, h.seq}
	h.seq++
	h.h = append(h.h, e)
	// The newcomer has the greatest sequence number, so it climbs above a parent only if
	// it is strictly less: one call to less per level.
	s, less := h.h, h.less
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !less(v, s[p].v) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = e
}

// up moves e, which belongs at index i, towards the root.
func (h *Heap[T]) up(i int, e entry[T]) {
	s, less := h.h, h.less
	for i > 0 {
		p := (i - 1) / 2
		// e pops before s[p]? (see entry)
		if !less(e.v, s[p].v) && (e.seq > s[p].seq || less(s[p].v, e.v)) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = e
}

// Pop removes and returns the first item.
func (h *Heap[T]) Pop() T {
	n := len(h.h) - 1
	if n < 0 {
		panic("aio/internal/container: Pop of an empty Heap")
	}
	s := h.h
	v := s[0].v
	last := s[n]
	s[n] = entry[T]{}
	s = s[:n]
	h.h = s
	if n > 0 {
		h.up(h.holeToLeaf(), last)
	}
	h.h = shrunk(h.h, h.min)
	return v
}

// Replace removes and returns the first item and adds v, as a Pop then a Push would, but
// with one pass down the heap instead of a pass down and two climbs.
func (h *Heap[T]) Replace(v T) T {
	if len(h.h) == 0 {
		panic("aio/internal/container: Replace on an empty Heap")
	}
	first := h.h[0].v
	e := entry[T]{v, h.seq}
	h.seq++
	h.up(h.holeToLeaf(), e)
	return first
}

// holeToLeaf treats the root as a hole and walks it down to a leaf along the lesser
// children, moving each up one level, and returns the hole's index. This is bottom-up
// deletion: one comparison per level, not two, and the item then placed in the hole
// usually belongs near the bottom, so its climb is short.
func (h *Heap[T]) holeToLeaf() int {
	s, less := h.h, h.less
	n := len(s)
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			return i
		}
		// Does s[c+1] pop before s[c]? Which child is less is a coin toss the branch
		// predictor cannot learn, so it is asked once; the second call, made only when
		// the answer is no, is almost always "c is strictly less", which the predictor
		// learns, and only a real tie reaches the sequence numbers. (Testing the
		// sequence numbers first, as a single || expression did, put a second
		// unpredictable branch on every other level: 1p1c 20% slower.)
		if d := c + 1; d < n {
			if less(s[d].v, s[c].v) {
				c = d
			} else if !less(s[c].v, s[d].v) && s[d].seq < s[c].seq {
				c = d
			}
		}
		s[i] = s[c]
		i = c
	}
}

// Peek returns the first item without removing it.
func (h *Heap[T]) Peek() T {
	if len(h.h) == 0 {
		panic("aio/internal/container: Peek of an empty Heap")
	}
	return h.h[0].v
}

// Clear drops every item and returns how many there were.
func (h *Heap[T]) Clear() int {
	n := len(h.h)
	h.h = nil
	return n
}
