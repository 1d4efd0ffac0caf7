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

// before reports whether a pops before b: a is less, or they are equal and a came first.
func (h *Heap[T]) before(a, b *entry[T]) bool {
	if h.less(a.v, b.v) {
		return true
	}
	// Only an earlier a can still come first, if the two are equal: the second call to
	// less is skipped otherwise (always in up, where the newcomer is the latest).
	return a.seq < b.seq && !h.less(b.v, a.v)
}

// Push adds v.
func (h *Heap[T]) Push(v T) {
	if h.h == nil && h.min > 0 {
		h.h = make([]entry[T], 0, h.min)
	}
	e := entry[T]{v, h.seq}
	h.seq++
	h.h = append(h.h, e)
	h.up(len(h.h)-1, e)
}

// up moves e, which belongs at index i, towards the root.
func (h *Heap[T]) up(i int, e entry[T]) {
	s := h.h
	for i > 0 {
		p := (i - 1) / 2
		if !h.before(&e, &s[p]) {
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
		// Bottom-up deletion: walk the hole at the root down to a leaf along the lesser
		// children (one comparison per level, not two), then sift the last item up from
		// there. It usually belongs near the bottom, so the climb is short.
		i := 0
		for {
			c := 2*i + 1
			if c >= n {
				break
			}
			if c+1 < n && h.before(&s[c+1], &s[c]) {
				c++
			}
			s[i] = s[c]
			i = c
		}
		h.up(i, last)
	}
	if c := cap(s); c > minCap && c > h.min && n <= c/4 {
		h.h = append(make([]entry[T], 0, max(c/2, h.min)), s...)
	}
	return v
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
