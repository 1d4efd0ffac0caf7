package aio

// Hooks for the external tests: they run the same tests over both ways a FIFO queue keeps
// its items (see engine).

// MaxLockFree is the largest bounded FIFO queue kept in the lock-free ring.
const MaxLockFree = maxLockFree

// NewRingQueue returns a FIFO queue kept in the lock-free ring whatever its maxsize (at
// least 1), as NewQueue makes one of 2 to MaxLockFree items.
func NewRingQueue[T any](maxsize int) *Queue[T] { return newRingQueue[T](maxsize) }

// NewLockedQueue returns a FIFO queue kept under the mutex whatever its maxsize, as
// NewQueue makes an unbounded queue, a queue of one, or one larger than MaxLockFree.
func NewLockedQueue[T any](maxsize int) *Queue[T] { return newLockedQueue[T](maxsize) }

// KeptInRing reports whether q keeps its items in the lock-free ring.
func KeptInRing[T any](q *Queue[T]) bool { return q.e.fifo != nil }
