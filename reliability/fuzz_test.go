package reliability

import (
	"sync"
	"testing"
	"testing/synctest"

	"github.com/aio-go/aio"
)

// Model-based fuzz targets. Plain `go test` runs the seeds below and the corpus checked
// in under testdata/fuzz/<FuzzName>; `go test -fuzz=FuzzQueue ./reliability` (or
// reliability/fuzz.sh, every target in turn) searches for new inputs. Each input is a
// sequence of operations (see the executors in fuzzexec_test.go).

// fuzzSeeds are inputs that exercise every opcode of every executor at least once.
var fuzzSeeds = [][]byte{
	{},
	{0, 0, 1, 0, 2, 1, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0, 9, 0, 10, 0},
	{3, 0, 3, 0, 2, 5, 2, 6, 4, 1, 0, 7, 1, 0, 1, 0, 9, 0, 9, 0, 9, 0, 10, 0},
	{0, 1, 0, 2, 0, 3, 2, 4, 2, 5, 4, 0, 1, 0, 1, 0, 7, 0, 8, 1, 10, 0, 3, 0},
	{1, 2, 1, 2, 1, 1, 4, 1, 4, 2, 0, 3, 4, 0, 5, 1, 1, 2, 2, 0, 3, 0, 5, 0},
	{3, 1, 3, 2, 3, 3, 0, 0, 2, 0, 4, 0, 0, 0, 4, 0, 6, 0, 2, 0, 5, 0, 3, 1},
}

func addSeeds(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
}

// FuzzQueue checks every queue kind, unbounded and bounded (1..3), against the model; the
// first byte picks the kind and the capacity. The ordered PriorityQueue runs the inputs
// of the priority queue as well, so the corpus keeps its meaning.
func FuzzQueue(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		k, c := queueKinds[int(data[0])%3], int(data[0]/3)%4
		kinds := []queueKind{k}
		if k == prio {
			kinds = append(kinds, ordered)
		}
		for _, k := range kinds {
			synctest.Test(t, func(t *testing.T) {
				if err := runQueueOps(newAioQueue(k, c), k, c, data[1:]); err != nil {
					t.Fatalf("%v queue, capacity %d: %v", k, c, err)
				}
			})
		}
	})
}

// FuzzSemaphore checks a semaphore of capacity 1..4 (from the first byte).
func FuzzSemaphore(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		c := 1 + int(data[0])%4
		synctest.Test(t, func(t *testing.T) {
			if err := runSemOps(aio.NewSemaphore(c), c, data[1:]); err != nil {
				t.Fatalf("capacity %d: %v", c, err)
			}
		})
	})
}

func FuzzEvent(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		synctest.Test(t, func(t *testing.T) {
			if err := runEventOps(new(aio.Event), data); err != nil {
				t.Fatal(err)
			}
		})
	})
}

func FuzzCondition(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		synctest.Test(t, func(t *testing.T) {
			newC := func(l sync.Locker) condSubject { return aio.NewCondition(l) }
			if err := runCondOps(newC, data); err != nil {
				t.Fatal(err)
			}
		})
	})
}

func FuzzBarrier(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		synctest.Test(t, func(t *testing.T) {
			newB := func(p int) barrierSubject { return aio.NewBarrier(p) }
			if err := runBarrierOps(newB, data); err != nil {
				t.Fatal(err)
			}
		})
	})
}
