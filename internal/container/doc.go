// Package container holds the item stores behind aio's queues: a FIFO [Ring] that grows and
// shrinks, a LIFO [Stack] and a stable binary [Heap]. None of them is safe for concurrent
// use; the queue engine guards each with its mutex. Pop on an empty container panics.
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
