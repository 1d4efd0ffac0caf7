package aio

// Hooks for the external tests: they run the same tests over both ways a FIFO queue keeps
// its items (see engine).

// MaxLockFree is the largest bounded FIFO queue kept in the lock-free ring.
const MaxLockFree = maxLockFree

// NewLockedQueue returns a FIFO queue kept under the mutex whatever its maxsize, as
// NewQueue makes an unbounded queue or one larger than MaxLockFree.
func NewLockedQueue[T any](maxsize int) *Queue[T] { return newLockedQueue[T](maxsize) }
