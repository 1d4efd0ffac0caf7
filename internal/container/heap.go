package container

// Heap is a stable binary min-heap: Pop returns the least item by less, and among items
// that are equal (neither is less than the other) the one pushed first. Each item carries
// the sequence number of its Push, compared on ties. The zero value is not usable; call
// [NewHeap].
//
// In front of the heap sits one slot, the front: an item pushed while it is strictly less
// than every item held goes there, and Pop takes it from there, so such a Push costs one
// comparison and the Pop none. That is the usual case of a backlogged queue: the backlog
// holds the items that lost, and what arrives next mostly outranks them. A Push that
// outranks the front too moves the front to the heap's root, which needs no comparison,
// since the front came before every item in the heap. (While new items are not new
// minimums, Push does not ask first, and the rare one that is lands at the root; see Push.)
//
// Pushes that come in a row after the first wait beside the heap, unordered, until the
// next Pop or Peek, which sorts a long burst into a run drained from its front instead
// of pushing it into the heap (see burst.go).
type Heap[T any] struct {
	h     []entry[T]
	less  func(a, b T) bool
	seq   uint64
	min   int
	front frontSlot[entry[T]]
	// minRun reports whether the last Push's item was less than every item held.
	minRun bool

	b bursts[entry[T]]
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
func (h *Heap[T]) Len() int { return len(h.h) + h.front.n() + h.b.len() }

// Cap returns the size of the heap's backing array.
func (h *Heap[T]) Cap() int { return cap(h.h) }

// An entry a pops before b when a.v is less than b.v, or when neither is less than the
// other and a.seq < b.seq. push, up and holeToLeaf spell that test out inline, each in
// the form its branches want: it is the hot path, and as a method it would not be inlined.

// Push adds v.
//
// Whether v is less than every item held (and so belongs in front) is asked first only
// while the last Push's item was: in a backlogged queue nearly every one is, and asking
// costs one call where the climb to the root would cost one a level. Otherwise v climbs
// first, and only if it reaches the root is the front asked, which saves a call on
// nearly every Push of items that land at random ranks.
func (h *Heap[T]) Push(v T) {
	e := entry[T]{v, h.seq}
	h.seq++
	if !h.b.on {
		h.b.on = true
		h.add(e)
		return
	}
	if h.b.full() {
		h.settle()
	}
	h.b.add(e, h.min)
}

// add adds e, pushed after every item in the heap, to the heap: the first Push of a
// burst, or one of a burst that settle does not sort.
func (h *Heap[T]) add(e entry[T]) {
	v := e.v
	switch {
	case len(h.h) == 0 && !h.front.full:
		h.front.set(e)
		h.minRun = true
	case !h.minRun:
		h.push(e, 0, true)
	case !h.front.full:
		if h.less(v, h.h[0].v) {
			h.front.set(e)
			return
		}
		h.minRun = false
		h.push(e, 2, false) // not less than the root: it stops below it
	case h.less(v, h.front.v.v):
		// e comes before the front, and the front before every item in the heap: the
		// front takes the root, the path to the new leaf moving down a level, and e the
		// front. No comparison needed.
		s := append(withFloor(h.h, h.min), entry[T]{})
		for i := len(s) - 1; i > 0; {
			p := (i - 1) / 2
			s[i] = s[p]
			i = p
		}
		s[0], h.front.v = h.front.v, e
		h.h = s
	default:
		h.minRun = false
		h.push(e, 0, false) // not less than the front: no need to ask it again
	}
}

// push adds e to the heap's array, climbing no higher than stop. If e reaches the root
// and askFront is set, it asks whether e comes before the front too; if so the front
// takes the root and e the front.
func (h *Heap[T]) push(e entry[T], stop int, askFront bool) {
	s, less := append(withFloor(h.h, h.min), e), h.less
	h.h = s
	// The newcomer has the greatest sequence number, so it climbs above a parent only if
	// it is strictly less: one call to less per level.
	i := len(s) - 1
	for i > stop {
		p := (i - 1) / 2
		if !less(e.v, s[p].v) {
			break
		}
		s[i] = s[p]
		i = p
	}
	if i == 0 && askFront {
		// A new least item: expect the next one to be too.
		h.minRun = true
		if h.front.full && less(e.v, h.front.v.v) {
			s[0], h.front.v = h.front.v, e
			return
		}
	}
	s[i] = e
}

// up moves e, which belongs at index i, towards the root.
func (h *Heap[T]) up(i int, e entry[T]) {
	s, less := h.h, h.less
	for i > 0 {
		p := (i - 1) / 2
		// e pops before s[p]? (see entry) The second call to less almost always says that
		// s[p] is strictly less, which the predictor learns; testing the sequence numbers
		// first would be a coin toss, mispredicted half the time.
		if !less(e.v, s[p].v) && (less(s[p].v, e.v) || e.seq > s[p].seq) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = e
}

// Pop removes and returns the first item.
func (h *Heap[T]) Pop() T {
	h.b.on = false
	if len(h.b.pend) > 0 {
		h.settle()
	}
	if x := h.b.next(); x != nil && !h.heapFirst(x) {
		return h.b.pop(h.min).v
	}
	if h.front.full {
		return h.front.take().v
	}
	return h.popHeap()
}

// popHeap removes and returns the heap's root.
func (h *Heap[T]) popHeap() T {
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
// with one pass down the heap at most instead of a pass down and two climbs.
func (h *Heap[T]) Replace(v T) T {
	if h.b.len() > 0 || h.front.full {
		first := h.Pop()
		h.Push(v)
		return first
	}
	h.b.on = true // as after Pop, then Push
	if len(h.h) == 0 {
		panic("aio/internal/container: Replace on an empty Heap")
	}
	e := entry[T]{v, h.seq}
	h.seq++
	if h.less(v, h.h[0].v) {
		// v is less than the first item, so than every item left once it is gone.
		first := h.popHeap()
		h.front.set(e)
		return first
	}
	first := h.h[0].v
	h.up(h.holeToLeaf(), e)
	return first
}

// holeToLeaf treats the root as a hole and walks it down to a leaf along the lesser
// children, moving each up one level, and returns the hole's index. This is bottom-up
// deletion: the item then placed in the hole usually belongs near the bottom, so its
// climb is short, and no level asks whether the walk should stop.
func (h *Heap[T]) holeToLeaf() int {
	s, less := h.h, h.less
	n := len(s)
	i := 0
	for {
		c := 2*i + 1
		if c+1 >= n {
			// At most one child: the end of the walk.
			if c < n {
				s[i] = s[c]
				i = c
			}
			return i
		}
		// Which child pops first is a coin toss that no branch predictor can learn, so it
		// is not a branch: less is asked both ways every time, and the answers and the
		// tie-break on sequence numbers select the child arithmetically. A mispredicted
		// branch costs more than a call to a small less. Asking the second way only when
		// the first said no (1.5 calls a level instead of 2) left 6.6 mispredictions per
		// Push and Pop of 1024 random ints, against 2.3 now (cachegrind --branch-sim), and
		// took 17-24% longer. Asking once, with the later-pushed child first (it pops
		// first only if strictly less), saves the call but puts the sequence numbers'
		// load and compare before the values' loads, on the critical path: 8-16% slower
		// with an int less, no faster with a string less. Two calls a level is what a
		// hand-written heap's sift-down makes too.
		//
		// The bools become ints in ifs of one assignment each, which the compiler makes
		// SETcc, written out here: a helper function is not inlined into the heap where
		// another package instantiates it.
		pair := (*[2]entry[T])(s[c : c+2])
		x, y := &pair[0], &pair[1]
		yLess, xLess, yFirst := 0, 0, 0
		if less(y.v, x.v) {
			yLess = 1
		}
		if less(x.v, y.v) {
			xLess = 1
		}
		if y.seq < x.seq {
			yFirst = 1
		}
		w := (yLess | (xLess^1)&yFirst) & 1 // & 1: no bounds check
		s[i] = pair[w]
		i = c + w
	}
}

// Peek returns the first item without removing it.
func (h *Heap[T]) Peek() T {
	if len(h.b.pend) > 0 {
		h.settle()
	}
	if x := h.b.next(); x != nil && !h.heapFirst(x) {
		return x.v
	}
	if h.front.full {
		return h.front.v.v
	}
	if len(h.h) == 0 {
		panic("aio/internal/container: Peek of an empty Heap")
	}
	return h.h[0].v
}

// Clear drops every item and returns how many there were.
func (h *Heap[T]) Clear() int {
	n := h.Len()
	h.h = nil
	h.b.reset()
	h.front.take()
	return n
}
