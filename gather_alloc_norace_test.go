//go:build !race

package aio_test

import (
	"context"
	"testing"

	"github.com/aio-go/aio"
)

// TestGatherAllocsDoNotGrowWithN: Gather and GatherAll start their goroutines from one
// shared closure, so a call's allocations do not grow with the number of functions (a go
// statement with arguments allocates a copy of them for every goroutine it starts).
func TestGatherAllocsDoNotGrowWithN(t *testing.T) {
	ctx := context.Background()
	fns := make([]intFn, 200)
	for i := range fns {
		fns[i] = func(context.Context) (int, error) { return i, nil }
	}
	allocs := func(n int) (gather, all float64) {
		gather = testing.AllocsPerRun(50, func() {
			if _, err := aio.Gather(ctx, fns[:n]...); err != nil {
				t.Fatal(err)
			}
		})
		all = testing.AllocsPerRun(50, func() { aio.GatherAll(ctx, fns[:n]...) })
		return gather, all
	}
	g10, a10 := allocs(10)
	g200, a200 := allocs(200)
	// Goroutine descriptors may be allocated when the runtime has none free, so allow a
	// little; one allocation per function would add 190.
	if g200-g10 > 20 || a200-a10 > 20 {
		t.Fatalf("allocations grow with the functions: Gather %.1f -> %.1f, GatherAll %.1f -> %.1f for 10 -> 200",
			g10, g200, a10, a200)
	}
}
