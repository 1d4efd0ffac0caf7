package container

// Stack is a LIFO stack on a slice. It grows as append does and halves its backing array
// when a Pop leaves it at most a quarter full (never below its floor). The zero value is an
// empty Stack.
type Stack[T any] struct {
	s   []T
	min int
}

// SetMin sets the capacity below which the stack never shrinks.
func (s *Stack[T]) SetMin(n int) { s.min = max(n, 0) }

// Len returns the number of items.
func (s *Stack[T]) Len() int { return len(s.s) }

// Cap returns the size of the backing array.
func (s *Stack[T]) Cap() int { return cap(s.s) }

// Push puts v on top.
func (s *Stack[T]) Push(v T) {
	if s.s == nil && s.min > 0 {
		s.s = make([]T, 0, s.min)
	}
	s.s = append(s.s, v)
}

// Pop removes and returns the top item.
func (s *Stack[T]) Pop() T {
	n := len(s.s) - 1
	if n < 0 {
		panic("aio/internal/container: Pop of an empty Stack")
	}
	var zero T
	v := s.s[n]
	s.s[n] = zero
	s.s = s.s[:n]
	if c := cap(s.s); c > minCap && c > s.min && n <= c/4 {
		s.s = append(make([]T, 0, max(c/2, s.min)), s.s...)
	}
	return v
}

// Replace removes and returns the top item and puts v on top.
func (s *Stack[T]) Replace(v T) T {
	n := len(s.s) - 1
	if n < 0 {
		panic("aio/internal/container: Replace on an empty Stack")
	}
	top := s.s[n]
	s.s[n] = v
	return top
}

// Peek returns the top item without removing it.
func (s *Stack[T]) Peek() T {
	if len(s.s) == 0 {
		panic("aio/internal/container: Peek of an empty Stack")
	}
	return s.s[len(s.s)-1]
}

// Clear drops every item and returns how many there were.
func (s *Stack[T]) Clear() int {
	n := len(s.s)
	s.s = nil
	return n
}
