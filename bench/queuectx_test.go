package bench

import (
	"context"
	"testing"

	"github.com/aio-go/aio"
)

// BenchmarkQueueCtx is the asyncio comparison's queue workload as a benchmark: one
// producer, one consumer, capacity 100, both passing a cancelable context (as tasks started
// by Gather or a TaskGroup do); ns/op is per item. impl=chan-select is the channel that
// honours the context the same way (a select with ctx.Done on each side); impl=chan ignores
// it and is the floor.
func BenchmarkQueueCtx(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, c := range []int{100} {
		b.Run("impl=aio/1p1c-cap100", func(b *testing.B) {
			b.ReportAllocs()
			q := aio.NewQueue[int](c)
			n := b.N
			done := make(chan struct{})
			go func() {
				for range n {
					if _, err := q.Get(ctx); err != nil {
						panic(err)
					}
				}
				close(done)
			}()
			for i := range n {
				if err := q.Put(ctx, i); err != nil {
					panic(err)
				}
			}
			<-done
		})
		b.Run("impl=chan-select/1p1c-cap100", func(b *testing.B) {
			b.ReportAllocs()
			q := make(chan int, c)
			n := b.N
			done := make(chan struct{})
			go func() {
				for range n {
					select {
					case <-q:
					case <-ctx.Done():
					}
				}
				close(done)
			}()
			for i := range n {
				select {
				case q <- i:
				case <-ctx.Done():
				}
			}
			<-done
		})
		b.Run("impl=chan/1p1c-cap100", func(b *testing.B) {
			b.ReportAllocs()
			q := make(chan int, c)
			n := b.N
			done := make(chan struct{})
			go func() {
				for range n {
					<-q
				}
				close(done)
			}()
			for i := range n {
				q <- i
			}
			<-done
		})
	}
}
