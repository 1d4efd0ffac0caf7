package container

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkHeapBurst fills a stable heap with 1024 random ints and drains it; ns/item is
// per item pushed and popped. via=Push is the heap as the queue uses it, sorting the
// burst (burst.go); via=add pushes each item into the binary heap, as Push did before.
func BenchmarkHeapBurst(b *testing.B) {
	less := func(x, y int) bool { return x < y }
	vals := make([]int, 1024)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range vals {
		vals[i] = r.IntN(1 << 20)
	}
	for _, via := range []string{"Push", "add"} {
		b.Run("via="+via, func(b *testing.B) {
			h := NewHeap(less)
			h.SetMin(1024)
			b.ReportAllocs()
			for b.Loop() {
				for _, v := range vals {
					if via == "Push" {
						h.Push(v)
					} else {
						h.add(entry[int]{v, h.seq})
						h.seq++
					}
				}
				for range vals {
					h.Pop()
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(vals)), "ns/item")
		})
	}
}
