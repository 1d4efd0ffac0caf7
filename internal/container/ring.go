package container

// Ring is a FIFO queue in a power-of-two circular buffer. It doubles when full and halves
// when a Pop leaves it at most a quarter full (never below its floor), so it neither
// allocates per item nor keeps a burst's memory forever. The zero value is an empty Ring.
type Ring[T any] struct {
	buf  []T
	head int // index of the oldest item
	n    int
	min  int // capacity floor, a power of two or 0
}

// SetMin sets the capacity below which the ring never shrinks (rounded up to a power of two).
func (r *Ring[T]) SetMin(n int) {
	if n <= 0 {
		r.min = 0
		return
	}
	r.min = pow2(n)
}

// Len returns the number of items.
func (r *Ring[T]) Len() int { return r.n }

// Cap returns the size of the backing array.
func (r *Ring[T]) Cap() int { return len(r.buf) }

// Push appends v at the tail.
func (r *Ring[T]) Push(v T) {
	if r.n == len(r.buf) {
		r.resize(max(2*len(r.buf), r.min, minCap))
	}
	r.buf[(r.head+r.n)&(len(r.buf)-1)] = v
	r.n++
}

// Pop removes and returns the item at the head.
func (r *Ring[T]) Pop() T {
	if r.n == 0 {
		panic("aio/internal/container: Pop of an empty Ring")
	}
	var zero T
	v := r.buf[r.head]
	r.buf[r.head] = zero // let the garbage collector have it
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.n--
	if c := len(r.buf); c > minCap && c > r.min && r.n <= c/4 {
		r.resize(c / 2)
	}
	return v
}

// Replace removes and returns the item at the head and appends v at the tail.
func (r *Ring[T]) Replace(v T) T {
	if r.n == 0 {
		panic("aio/internal/container: Replace on an empty Ring")
	}
	m := len(r.buf) - 1
	first := r.buf[r.head]
	r.buf[(r.head+r.n)&m] = v // the head's slot when full, else a free one
	if r.head != (r.head+r.n)&m {
		var zero T
		r.buf[r.head] = zero
	}
	r.head = (r.head + 1) & m
	return first
}

// Peek returns the item at the head without removing it.
func (r *Ring[T]) Peek() T {
	if r.n == 0 {
		panic("aio/internal/container: Peek of an empty Ring")
	}
	return r.buf[r.head]
}

// Clear drops every item and returns how many there were.
func (r *Ring[T]) Clear() int {
	n := r.n
	r.buf, r.head, r.n = nil, 0, 0
	return n
}

func (r *Ring[T]) resize(c int) {
	buf := make([]T, c)
	if r.n > 0 {
		m := copy(buf, r.buf[r.head:min(r.head+r.n, len(r.buf))])
		copy(buf[m:], r.buf[:r.n-m])
	}
	r.buf, r.head = buf, 0
}
