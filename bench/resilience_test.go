package bench

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aio-go/aio"
)

var errBench = errors.New("bench")

// BenchmarkRetry measures Retry's overhead against the loop people write by hand, on the
// path where nothing sleeps (first call succeeds, or zero delays).
func BenchmarkRetry(b *testing.B) {
	ctx := context.Background()
	for _, failures := range []int{0, 2} {
		name := map[int]string{0: "success-first", 2: "fail-twice-zero-delay"}[failures]
		fn := func() func(context.Context) error {
			n := 0
			return func(context.Context) error {
				n++
				if n%(failures+1) != 0 {
					return errBench
				}
				return nil
			}
		}
		b.Run("impl=aio/"+name, func(b *testing.B) {
			b.ReportAllocs()
			f := fn()
			opts := []aio.RetryOption{aio.RetryBackoff(0, 1, 0)}
			for b.Loop() {
				if err := aio.Retry(ctx, f, opts...); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("impl=loop/"+name, func(b *testing.B) {
			b.ReportAllocs()
			f := fn()
			for b.Loop() {
				var err error
				for range 3 {
					if err = f(ctx); err == nil || ctx.Err() != nil {
						break
					}
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWaitFor measures WaitFor on a call that finishes in time, against
// context.WithTimeout and a direct call.
func BenchmarkWaitFor(b *testing.B) {
	ctx := context.Background()
	fn := func(ctx context.Context) (int, error) { return 1, nil }
	b.Run("impl=aio/in-time", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := aio.WaitFor(ctx, time.Minute, fn); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=context/in-time", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c, cancel := context.WithTimeout(ctx, time.Minute)
			_, err := fn(c)
			cancel()
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkShield measures starting a shielded task and collecting its result, against a
// goroutine with a result channel.
func BenchmarkShield(b *testing.B) {
	ctx := context.Background()
	fn := func(ctx context.Context) (int, error) { return 1, nil }
	b.Run("impl=aio/start-wait", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := aio.Shield(ctx, fn).Wait(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=goroutine/start-wait", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ch := make(chan int, 1)
			go func() { v, _ := fn(context.WithoutCancel(ctx)); ch <- v }()
			<-ch
		}
	})
}
