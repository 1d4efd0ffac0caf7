// Package container holds the item stores behind aio's queues: a FIFO [Ring] that grows and
// shrinks, a LIFO [Stack], a stable binary [Heap], an [OrderedHeap] of integers or strings
// compared with < and a fixed-size lock-free FIFO [Bounded]. Ring, Stack and the heaps are
// not safe for concurrent use: the queue engine guards each with its mutex, and Pop on an
// empty one panics. Bounded is made for concurrent use without a lock and reports an empty
// or full queue instead of panicking.
//
// Every container keeps a capacity floor (SetMin): it never shrinks below it, so a queue
// that fills and drains around the same size does not allocate once it is warm.
package container

// minCap is the smallest backing array any container allocates.
const minCap = 8

// pow2 returns the least power of two ≥ max(n, minCap).
func pow2(n int) int {
	c := minCap
	for c < n {
		c <<= 1
	}
	return c
}
