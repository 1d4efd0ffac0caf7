package container

import "slices"

// Bursts. A Heap keeps the pushes that come in a row (a burst) out of the binary heap
// until the next Pop or Peek, and then, if the burst is long and no earlier burst is
// still being drained, sorts it instead of pushing its items one by one: the sorted burst
// (the run) is drained from its front, each Pop taking the first of the run's next item
// and the binary heap's first.
//
// That is the shape of a producer that runs ahead of its consumer: Go's scheduler tends
// to run one side of a pipeline for a while and then the other, so a bounded queue fills
// in one burst and drains in one run. Pushing n random items into a heap and popping them
// costs about 2 log2 n calls to less per item (two a level on the way down: see
// holeToLeaf); the merge sort below costs about log2 n, and popping the run one call or
// none. Filling 1024 random ints and draining them measured 64 ns/item through the heap
// and 39 with the burst sorted (BenchmarkHeapBurst, 6 runs each).

// Burst lengths. A burst shorter than minSorted goes into the heap: a run costs every Pop
// a call while it lasts, which a short one does not earn back. A burst that reaches
// maxBurst is settled then, by the Push that would lengthen it: that bounds both the work
// of a single Pop (one sort of maxBurst items, about 30 µs for ints) and the memory kept
// for bursts (two arrays of at most about maxBurst entries; see bursts).
const (
	minSorted = 32
	maxBurst  = 1024
)

// bursts is the part of a heap that keeps its bursts: pend holds the current burst's
// items after its first, in push order, and run a sorted burst, next item at run[r].
// Every item in pend was pushed after every item in the heap and the run. spare is the
// array the next sort leaves the burst's items in, or takes the next burst's. Between
// bursts the two arrays are kept up to the heap's floor (a bounded queue's capacity, at
// most maxBurst), so a warm bounded queue allocates nothing; larger ones, an unbounded
// queue's, are dropped once empty, as the heap's own array shrinks.
type bursts[E any] struct {
	on    bool // the last call was a Push
	pend  []E
	run   []E
	r     int
	spare []E
}

// len returns how many items pend and the run hold.
func (b *bursts[E]) len() int { return len(b.pend) + len(b.run) - b.r }

// full reports whether pend has reached maxBurst and must be settled before it grows.
func (b *bursts[E]) full() bool { return len(b.pend) == maxBurst }

// add appends e to pend. The first array is allocated at the heap's floor (the queue's
// capacity, at most maxBurst), so a bounded queue's bursts never grow it.
func (b *bursts[E]) add(e E, floor int) {
	if b.pend == nil {
		b.pend = make([]E, 0, min(max(floor, minCap), maxBurst))
	}
	b.pend = append(b.pend, e)
}

// sortable reports whether settling should sort pend into the run.
func (b *bursts[E]) sortable() bool { return b.run == nil && len(b.pend) >= minSorted }

// scratch returns an array of pend's length for a sort to use, the spare if it is large
// enough.
func (b *bursts[E]) scratch() []E {
	n := len(b.pend)
	if cap(b.spare) < n {
		b.spare = make([]E, 0, cap(b.pend))
	}
	return b.spare[:n]
}

// setRun makes sorted, which holds pend's items sorted, the run, and other, the array of
// pend and scratch that it is not, the next pend. other is cleared of the copies a sort
// may have left in it.
func (b *bursts[E]) setRun(sorted, other []E) {
	clear(other)
	b.run, b.r = sorted, 0
	b.pend, b.spare = other[:0], nil
}

// emptied clears pend after its items have gone into the heap, dropping its array if it
// is above floor.
func (b *bursts[E]) emptied(floor int) {
	clear(b.pend)
	b.pend = keep(b.pend[:0], floor)
}

// keep returns s, or nil if its array is larger than a heap with that floor keeps.
func keep[E any](s []E, floor int) []E {
	if cap(s) > max(floor, minCap) {
		return nil
	}
	return s
}

// next returns the run's next item, or nil if the run is empty.
func (b *bursts[E]) next() *E {
	if b.run == nil {
		return nil
	}
	return &b.run[b.r]
}

// pop removes and returns the run's next item; the last one's array becomes the spare,
// unless it is larger than a heap with that floor keeps.
func (b *bursts[E]) pop(floor int) E {
	x := &b.run[b.r]
	v := *x
	var zero E
	*x = zero
	b.r++
	if b.r == len(b.run) {
		b.spare, b.run, b.r = keep(b.run[:0], floor), nil, 0
		if len(b.pend) == 0 {
			b.pend = keep(b.pend, floor)
		}
	}
	return v
}

// reset drops every item and both arrays.
func (b *bursts[E]) reset() { *b = bursts[E]{} }

// settle moves the burst out of pend: sorted into the run if the run is empty and the
// burst is at least minSorted long, else pushed into the heap in order, which keeps the
// heap's rule that a newcomer has the greatest sequence number.
func (h *Heap[T]) settle() {
	if h.b.sortable() {
		h.b.setRun(mergeSort(h.b.pend, h.b.scratch(), h.less))
		return
	}
	for i := range h.b.pend {
		h.add(h.b.pend[i])
	}
	h.b.emptied(h.min)
}

// heapFirst reports whether the binary heap's first item pops before x, the run's next.
// Either may have been pushed first, so the call to less is made with the later one
// first: it pops first only if strictly less.
func (h *Heap[T]) heapFirst(x *entry[T]) bool {
	var m *entry[T]
	switch {
	case h.front.full:
		m = &h.front.v
	case len(h.h) > 0:
		m = &h.h[0]
	default:
		return false
	}
	if m.seq < x.seq {
		return !h.less(x.v, m.v)
	}
	return h.less(m.v, x.v)
}

// settle moves the burst out of pend as Heap.settle does; equal values cannot be told
// apart, so the sort need not be stable.
func (h *OrderedHeap[T]) settle() {
	if h.b.sortable() {
		slices.Sort(h.b.pend)
		h.b.setRun(h.b.pend, h.b.scratch())
		return
	}
	for _, v := range h.b.pend {
		h.add(v)
	}
	h.b.emptied(h.min)
}

// heapFirst reports whether the binary heap's least item is less than x, the run's next.
func (h *OrderedHeap[T]) heapFirst(x T) bool {
	switch {
	case h.front.full:
		return h.front.v < x
	case len(h.h) > 0:
		return h.h[0] < x
	}
	return false
}

// mergeSort sorts a, whose entries are in push order, stably by less, and returns the
// sorted slice and the other of a and b, a scratch array of a's length. Stable in push
// order is the heap's order, so the sequence numbers are never compared: one call to less
// per comparison.
//
// A burst already in order, or in strictly reverse order (new items each less than the
// last, as in a backlogged queue), is found by one pass and costs n calls. Otherwise the
// first pass orders pairs, and each later one merges runs of width w bottom-up, from the
// front and the back at once (parityMerge), into the other array.
func mergeSort[T any](a, b []entry[T], less func(x, y T) bool) (sorted, scratch []entry[T]) {
	n := len(a)
	i := 1
	for i < n && !less(a[i].v, a[i-1].v) {
		i++
	}
	if i == n {
		return a, b
	}
	if i == 1 {
		for i < n && less(a[i].v, a[i-1].v) {
			i++
		}
		if i == n {
			slices.Reverse(a) // strictly decreasing: no equal items to keep in order
			return a, b
		}
	}
	for i := 0; i+1 < n; i += 2 {
		p := (*[2]entry[T])(a[i : i+2])
		if less(p[1].v, p[0].v) {
			p[0], p[1] = p[1], p[0]
		}
	}
	for w := 2; w < n; w *= 2 {
		for i := 0; i < n; i += 2 * w {
			m, j := min(i+w, n), min(i+2*w, n)
			if j-m == w {
				parityMerge(a[i:j], b[i:j], w, less)
			} else {
				merge(a[i:m], a[m:j], b[i:j], less)
			}
		}
		a, b = b, a
	}
	return a, b
}

// parityMerge merges src[:w] and src[w:2w], each sorted, stably into dst, of length 2w:
// w steps from the front, each taking the lesser head (the left one on ties), and w from
// the back, each taking the greater tail (the right one on ties). Two runs of equal
// length make that exactly 2w items without either end running past the other, and the
// two ends are independent chains of loads and calls, which the processor overlaps.
//
// Against merging from the front alone, branch-free as here, BenchmarkHeapBurst measured
// -9.5% (6 runs each). Which side a step takes is a coin toss no predictor can learn, so
// it is not a branch: the answer selects the index arithmetically (see holeToLeaf). With
// a branch there the sort cost as much as the heap walk it replaces (PriorityQueue 1p1c
// not significantly faster than the heap, 8 interleaved rounds).
func parityMerge[T any](src, dst []entry[T], w int, less func(x, y T) bool) {
	src, dst = src[:2*w], dst[:2*w]
	l, r := 0, w
	lt, rt := w-1, 2*w-1
	k, kt := 0, 2*w-1
	for range w {
		t, u := 0, 0
		if less(src[r].v, src[l].v) {
			t = 1
		}
		if less(src[rt].v, src[lt].v) {
			u = 1
		}
		dst[k] = src[l+(r-l)*t]
		dst[kt] = src[rt+(lt-rt)*u]
		l, r, k = l+1-t, r+t, k+1
		lt, rt, kt = lt-u, rt-1+u, kt-1
	}
	if l != lt+1 {
		// The ends did not meet: less is not a strict weak order (say < on floats with a
		// NaN), and the two took overlapping items, losing one and doubling another.
		// Merge from the front alone, which misorders such items but loses none, as
		// the heap does.
		merge(src[:w], src[w:], dst, less)
	}
}

// merge merges x and y, each sorted, stably into dst: the general case, for the last,
// shorter run of a pass.
func merge[T any](x, y, dst []entry[T], less func(x, y T) bool) {
	k := 0
	for len(x) > 0 && len(y) > 0 {
		if less(y[0].v, x[0].v) {
			dst[k], y = y[0], y[1:]
		} else {
			dst[k], x = x[0], x[1:]
		}
		k++
	}
	k += copy(dst[k:], x)
	copy(dst[k:], y)
}
