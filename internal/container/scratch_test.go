package container

import (
	"math/rand/v2"
	"testing"
)

type gHeap[T any] struct {
	s    []T
	less func(a, b T) bool
}

func (h *gHeap[T]) Push(v T) {
	h.s = append(h.s, v)
	i := len(h.s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(h.s[i], h.s[p]) {
			break
		}
		h.s[i], h.s[p] = h.s[p], h.s[i]
		i = p
	}
}

func (h *gHeap[T]) Pop() T {
	v := h.s[0]
	n := len(h.s) - 1
	h.s[0] = h.s[n]
	h.s = h.s[:n]
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h.less(h.s[c+1], h.s[c]) {
			c++
		}
		if !h.less(h.s[c], h.s[i]) {
			break
		}
		h.s[i], h.s[c] = h.s[c], h.s[i]
		i = c
	}
	return v
}

type pp interface {
	Push(int)
	Pop() int
}

func BenchmarkScratchHold(b *testing.B) {
	less := func(a, b int) bool { return a < b }
	for _, tc := range []struct {
		name string
		mk   func() pp
	}{
		{"stable", func() pp { return NewHeap(less) }},
		{"gen", func() pp { return &gHeap[int]{less: less} }},
		{"ordered", func() pp { return new(OrderedHeap[int]) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			h := tc.mk()
			r := rand.New(rand.NewPCG(1, 2))
			for range 512 {
				h.Push(r.IntN(1 << 10))
			}
			for b.Loop() {
				h.Push(h.Pop() + 1 + r.IntN(1<<10))
			}
		})
	}
}
