// Package floor holds the hand-written Go that both the benchmarks and the asyncio
// comparison measure aio against.
package floor

// IntHeap is container/heap's textbook IntHeap: a min-heap of ints for heap.Push and
// heap.Pop.
type IntHeap []int

// Len is the number of items.
func (h IntHeap) Len() int { return len(h) }

// Less orders the items by value.
func (h IntHeap) Less(i, j int) bool { return h[i] < h[j] }

// Swap swaps two items.
func (h IntHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

// Push appends x, an int, for heap.Push.
func (h *IntHeap) Push(x any) { *h = append(*h, x.(int)) }

// Pop removes and returns the last item, for heap.Pop.
func (h *IntHeap) Pop() any {
	old := *h
	n := len(old)
	x := old[n-1]
	*h = old[:n-1]
	return x
}
