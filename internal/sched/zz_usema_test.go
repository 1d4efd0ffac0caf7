package sched

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

func runGx(b *testing.B, g int, op func()) {
	n := b.N
	var start, wg sync.WaitGroup
	start.Add(1)
	wg.Add(g)
	for i := range g {
		go func() {
			defer wg.Done()
			start.Wait()
			k := n / g
			if i < n%g {
				k++
			}
			for range k {
				op()
			}
		}()
	}
	b.ResetTimer()
	start.Done()
	wg.Wait()
}

func BenchmarkXSema(b *testing.B) {
	ctx := context.Background()
	for _, g := range []int{64, 1024} {
		b.Run(fmt.Sprintf("impl=sema/g=%d", g), func(b *testing.B) {
			var s Sema
			runGx(b, g, func() {
				_ = s.Acquire(ctx, 1, 4)
				if !s.Release(1, 4) {
					panic("x")
				}
			})
		})
		b.Run(fmt.Sprintf("impl=usema/g=%d", g), func(b *testing.B) {
			var s USema
			runGx(b, g, func() {
				_ = s.Acquire(ctx, 4)
				s.Release()
			})
		})
		b.Run(fmt.Sprintf("impl=chan/g=%d", g), func(b *testing.B) {
			s := make(chan struct{}, 4)
			runGx(b, g, func() {
				s <- struct{}{}
				<-s
			})
		})
	}
}
