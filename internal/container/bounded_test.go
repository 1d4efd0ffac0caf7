package container

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// boundedModel drives b with ops (one byte each) and checks it against a slice: what
// TryPush, TryPop, Drain and Close return, Len and Pushed after each step.
func boundedModel(t *testing.T, b *Bounded[int], ops []byte) {
	t.Helper()
	var model []int
	next, pushed, closed := 0, 0, false
	for i, op := range ops {
		switch op % 8 {
		case 0, 1, 2, 3: // push (half the ops, so the queue fills and wraps)
			got := b.TryPush(next)
			switch {
			case closed:
				require.Equal(t, Closed, got, "op %d: push after Close", i)
			case len(model) == b.Cap():
				require.Equal(t, Full, got, "op %d: push on a full queue", i)
			default:
				require.Equal(t, Pushed, got, "op %d", i)
				model = append(model, next)
				pushed++
			}
			next++
		case 4, 5, 6: // pop
			v, ok := b.TryPop()
			require.Equal(t, len(model) > 0, ok, "op %d: pop", i)
			if ok {
				require.Equal(t, model[0], v, "op %d: FIFO order", i)
				model = model[1:]
			}
		case 7:
			if op%64 == 7 {
				b.Close()
				closed = true
			} else {
				require.Equal(t, len(model), b.Drain(), "op %d: Drain", i)
				model = model[:0]
			}
		}
		require.Equal(t, len(model), b.Len(), "op %d: Len", i)
		require.Equal(t, uint64(pushed), b.Pushed(), "op %d: Pushed", i)
	}
}

func TestBoundedModel(t *testing.T) {
	for _, capacity := range []int{1, 2, 3, 5, 8, 100} {
		r := rand.New(rand.NewPCG(uint64(capacity), 3))
		ops := make([]byte, 20000)
		for i := range ops {
			ops[i] = byte(r.IntN(256))
			if ops[i]%64 == 7 {
				ops[i] = 15 // a Drain, not a Close: close only once, near the end below
			}
		}
		ops[len(ops)-200] = 7 // so that pops and pushes after Close are checked too
		boundedModel(t, NewBounded[int](capacity), ops)
	}
}

func FuzzBounded(f *testing.F) {
	f.Add(uint8(3), []byte{0, 0, 0, 0, 4, 0, 4, 4, 4, 4, 15, 0, 7, 0, 4})
	f.Add(uint8(1), []byte{0, 0, 4, 0, 7, 4, 0})
	f.Fuzz(func(t *testing.T, capacity uint8, ops []byte) {
		boundedModel(t, NewBounded[int](int(capacity%20)+1), ops)
	})
}

func TestBoundedLaps(t *testing.T) {
	// Many laps, so that the position arithmetic (lap, index, closed bit) is exercised
	// well past the first wrap for a capacity that is not a power of two.
	b := NewBounded[int](3)
	for i := range 10000 {
		require.Equal(t, Pushed, b.TryPush(i))
		require.Equal(t, Pushed, b.TryPush(-i))
		v, ok := b.TryPop()
		require.True(t, ok)
		require.Equal(t, i, v)
		v, ok = b.TryPop()
		require.True(t, ok)
		require.Equal(t, -i, v)
	}
	require.Equal(t, uint64(20000), b.Pushed())
	require.Equal(t, 0, b.Len())
}

// finishLater runs the rest of a push or pop that the test claimed by hand, after giving
// the goroutine under test many chances to run first, and closes the channel it returns
// once it has. A TryPush or TryPop that must wait for it waits whenever it comes; one
// that must not returns before it.
func finishLater(finish func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		for range 1000 {
			runtime.Gosched()
		}
		finish()
		close(done)
	}()
	return done
}

// finishAfter runs the rest of a push or pop that the test claimed by hand once returned
// reports true, or after a million yields, so that a call that wrongly waits for it
// fails the test rather than hanging it. Once it has, it sends on the channel it returns
// whether it had to finish first: whether the call under test waited.
func finishAfter(returned *atomic.Bool, finish func()) <-chan bool {
	waited := make(chan bool, 1)
	go func() {
		for i := 0; !returned.Load() && i < 1<<20; i++ {
			runtime.Gosched()
		}
		first := !returned.Load()
		finish()
		waited <- first
	}()
	return waited
}

// requireNoWait runs call while the push or pop that finish completes is still in
// flight, then finishes it, and fails the test if call waited for it.
func requireNoWait(t *testing.T, finish func(), msg string, call func()) {
	t.Helper()
	var returned atomic.Bool
	done := finishAfter(&returned, finish)
	call()
	returned.Store(true)
	require.False(t, <-done, msg)
}

// requirePops pops b's items and checks they are want, in order.
func requirePops(t *testing.T, b *Bounded[int], want ...int) {
	t.Helper()
	for _, w := range want {
		v, ok := b.TryPop()
		require.True(t, ok)
		require.Equal(t, w, v)
	}
}

// claimPush claims the next push's position by hand and returns the rest of that push.
func claimPush(t *testing.T, b *Bounded[int], v int) (finish func()) {
	tail := atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.tail)))
	require.True(t, atomic.CompareAndSwapUint64((*uint64)(unsafe.Pointer(&b.tail)), tail, b.next(tail)), "a push claims its position")
	return func() {
		s := &b.slots[tail&(b.closed-1)]
		s.v = v
		atomic.StoreUint64((*uint64)(unsafe.Pointer(&s.stamp)), tail+1)
	}
}

// claimPop claims the next pop's position by hand and returns the rest of that pop.
func claimPop(t *testing.T, b *Bounded[int]) (finish func()) {
	head := atomic.LoadUint64((*uint64)(unsafe.Pointer(&b.head)))
	require.True(t, atomic.CompareAndSwapUint64((*uint64)(unsafe.Pointer(&b.head)), head, b.next(head)), "a pop claims its position")
	return func() {
		s := &b.slots[head&(b.closed-1)]
		s.v = 0
		atomic.StoreUint64((*uint64)(unsafe.Pointer(&s.stamp)), head+b.oneLap)
	}
}

// TestBoundedPopOrParkPassesLonePush: a push that has claimed the head slot and not yet
// written it, with no push claimed behind it, makes PopOrPark(true) report empty at once,
// for a caller that will park until that push wakes it. Waiting instead yields in a loop
// for as long as the pushing goroutine is not running, which cost a 1-producer/
// 1-consumer queue whole time slices (ARCHITECTURE.md).
func TestBoundedPopOrParkPassesLonePush(t *testing.T) {
	for _, first := range []int{0, 2} { // from the first slot, and from the middle of a lap
		b := NewBounded[int](3)
		for i := range first {
			require.Equal(t, Pushed, b.TryPush(i))
			_, ok := b.TryPop()
			require.True(t, ok)
		}
		var ok bool
		requireNoWait(t, claimPush(t, b, 1), "PopOrPark(true) waited for the lone push in flight",
			func() { _, ok = b.PopOrPark(true) })
		require.False(t, ok)
		v, ok := b.PopOrPark(true)
		require.True(t, ok, "the push, once done, is seen")
		require.Equal(t, 1, v)
	}
}

// TestBoundedPushOrParkPassesLonePop is the mirror image: a full queue whose oldest item a
// pop has claimed, with no pop claimed behind it, makes PushOrPark(v, true) report Full.
func TestBoundedPushOrParkPassesLonePop(t *testing.T) {
	for _, first := range []int{0, 2} {
		b := NewBounded[int](3)
		for i := range first {
			require.Equal(t, Pushed, b.TryPush(i))
			_, ok := b.TryPop()
			require.True(t, ok)
		}
		for i := range 3 {
			require.Equal(t, Pushed, b.TryPush(i))
		}
		var res PushResult
		requireNoWait(t, claimPop(t, b), "PushOrPark(true) waited for the lone pop in flight",
			func() { res = b.PushOrPark(3, true) })
		require.Equal(t, Full, res)
		require.Equal(t, Pushed, b.PushOrPark(3, true), "the room the pop made, once done, is seen")
		requirePops(t, b, 1, 2, 3)
	}
}

// The tests below pin why TryPop and TryPush must wait even for a lone push or pop in
// flight: Len, and TryPush's Full, count a claimed push as done (and TryPop, Len a
// claimed pop), so an answer that counted it as not done, after one that counted it as
// done had returned, would fit no order of the calls.

// TestBoundedPopAfterFullWaitsForClaimedPush: a TryPush reported Full counting the
// claimed push, so a TryPop after it must not report empty while that push is in flight.
func TestBoundedPopAfterFullWaitsForClaimedPush(t *testing.T) {
	b := NewBounded[int](2)
	require.Equal(t, Pushed, b.TryPush(1))
	done := finishLater(claimPush(t, b, 2))
	require.Equal(t, Full, b.TryPush(3), "TryPush counts the claimed push")
	v, ok := b.TryPop()
	require.True(t, ok)
	require.Equal(t, 1, v)
	v, ok = b.TryPop()
	require.True(t, ok, "TryPop reported empty after a TryPush reported Full counting the same push")
	require.Equal(t, 2, v)
	<-done
}

// TestBoundedPopAfterLenWaitsForClaimedPush: Len counts a claimed push.
func TestBoundedPopAfterLenWaitsForClaimedPush(t *testing.T) {
	b := NewBounded[int](2)
	done := finishLater(claimPush(t, b, 1))
	require.Equal(t, 1, b.Len())
	v, ok := b.TryPop()
	require.True(t, ok, "TryPop reported empty after Len reported 1")
	require.Equal(t, 1, v)
	<-done
}

// TestBoundedPushAfterLenWaitsForClaimedPop: Len counts a claimed pop.
func TestBoundedPushAfterLenWaitsForClaimedPop(t *testing.T) {
	b := NewBounded[int](2)
	require.Equal(t, Pushed, b.TryPush(1))
	require.Equal(t, Pushed, b.TryPush(2))
	done := finishLater(claimPop(t, b))
	require.Equal(t, 1, b.Len())
	require.Equal(t, Pushed, b.TryPush(3), "TryPush reported Full after Len reported 1")
	<-done
}

// TestBoundedEmptyThenFullImpossible: with a push and a pop in flight, an empty TryPop
// counts the pop as done and the push as not; a Full TryPush after it would need the
// opposite.
func TestBoundedEmptyThenFullImpossible(t *testing.T) {
	b := NewBounded[int](2)
	require.Equal(t, Pushed, b.TryPush(1))
	finishPush := claimPush(t, b, 2)
	finishPop := claimPop(t, b)
	donePush, donePop := finishLater(finishPush), finishLater(finishPop)
	_, ok := b.TryPop()
	res := b.TryPush(3)
	<-donePush
	<-donePop
	require.False(t, !ok && res == Full, "TryPop empty, then TryPush Full: no order of the calls in flight explains both")
}

// TestBoundedPopPastStalledPop: an empty queue whose head slot still holds the previous
// lap's item, claimed by a pop that has not yet freed it, is empty (Len 0): TryPop says
// so at once. It used to look again and again, without even yielding, until that pop
// was done (found in the review of a42626a).
func TestBoundedPopPastStalledPop(t *testing.T) {
	for _, parking := range []bool{false, true} {
		b := NewBounded[int](2)
		require.Equal(t, Pushed, b.TryPush(1))
		finish := claimPop(t, b)
		require.Equal(t, Pushed, b.TryPush(2))
		v, ok := b.TryPop()
		require.True(t, ok)
		require.Equal(t, 2, v)
		require.Zero(t, b.Len())
		requireNoWait(t, finish, "TryPop waited for the stalled pop", func() { _, ok = b.PopOrPark(parking) })
		require.False(t, ok)
		require.Zero(t, b.Len())
	}
}

// TestBoundedPushPastStalledPush is the mirror image: a full queue whose tail slot the
// previous lap's push has claimed and not yet written is full (Len 2).
func TestBoundedPushPastStalledPush(t *testing.T) {
	for _, parking := range []bool{false, true} {
		b := NewBounded[int](2)
		finish := claimPush(t, b, 1)
		require.Equal(t, Pushed, b.TryPush(2))
		require.Equal(t, 2, b.Len())
		var res PushResult
		requireNoWait(t, finish, "TryPush waited for the stalled push", func() { res = b.PushOrPark(3, parking) })
		require.Equal(t, Full, res)
		requirePops(t, b, 1, 2)
	}
}

// TestBoundedPopWaitsForClaimedPush: a push that has claimed its slot and not yet written
// it must not make TryPop report empty while a later push has completed (TryPop would not
// be linearizable: a Put that returned nil, then a TryGet that found nothing).
func TestBoundedPopWaitsForClaimedPush(t *testing.T) {
	b := NewBounded[int](4)
	finish := claimPush(t, b, 1)
	require.Equal(t, Pushed, b.TryPush(2), "the push behind it completes")
	finishLater(finish)
	v, ok := b.TryPop()
	require.True(t, ok, "TryPop reported empty with an item pushed")
	require.Equal(t, 1, v)
	v, ok = b.TryPop()
	require.True(t, ok)
	require.Equal(t, 2, v)
}

// TestBoundedPushWaitsForClaimedPop is the mirror image: a pop that has claimed the oldest
// item and not yet freed its slot must not make TryPush report Full while a later pop has
// made room.
func TestBoundedPushWaitsForClaimedPop(t *testing.T) {
	b := NewBounded[int](4)
	for i := range 4 {
		require.Equal(t, Pushed, b.TryPush(i))
	}
	finish := claimPop(t, b)
	v, ok := b.TryPop()
	require.True(t, ok, "the pop behind it completes")
	require.Equal(t, 1, v)
	finishLater(finish)
	require.Equal(t, Pushed, b.TryPush(4), "TryPush reported Full with two slots taken out")
	for want := 2; want <= 4; want++ {
		v, ok := b.TryPop()
		require.True(t, ok)
		require.Equal(t, want, v)
	}
}

func TestBoundedBadCapacity(t *testing.T) {
	require.PanicsWithValue(t, "aio/internal/container: NewBounded: capacity < 1", func() { NewBounded[int](0) })
}

// TestBoundedConcurrent has producers and consumers hammer a small queue with TryPush and
// TryPop, retrying when it is full or empty, then checks that every item came out exactly
// once and each producer's items in the order it pushed them. With stop, a goroutine
// closes the queue and drains it midway, and the items drained count as taken.
func TestBoundedConcurrent(t *testing.T) {
	for _, stop := range []bool{false, true} {
		const producers, consumers = 4, 4
		per := 50000
		if testing.Short() || raceEnabled {
			per = 5000
		}
		b := NewBounded[int](3)
		var (
			wg       sync.WaitGroup
			pushed   [producers]atomic.Int64
			got      = make([][]int, consumers)
			drained  atomic.Int64
			finished atomic.Int64 // producers done
		)
		for p := range producers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer finished.Add(1)
				for i := range per {
					v := p*per + i
					for {
						res := b.TryPush(v)
						if res == Pushed {
							pushed[p].Add(1)
							break
						}
						if res == Closed {
							return
						}
						runtime.Gosched()
					}
				}
			}()
		}
		if stop {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b.Pushed() < uint64(producers*per/2) {
					runtime.Gosched()
				}
				b.Close()
				drained.Add(int64(b.Drain()))
			}()
		}
		for c := range consumers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					if v, ok := b.TryPop(); ok {
						got[c] = append(got[c], v)
						continue
					}
					if finished.Load() == producers && b.Len() == 0 {
						return
					}
					runtime.Gosched()
				}
			}()
		}
		wg.Wait()

		total := 0
		for p := range producers {
			total += int(pushed[p].Load())
		}
		seen := make(map[int]bool, total)
		for c := range consumers {
			last := make(map[int]int) // producer → last item of it this consumer saw
			for _, v := range got[c] {
				require.False(t, seen[v], "item %d came out twice", v)
				seen[v] = true
				p := v / per
				if l, ok := last[p]; ok {
					require.Less(t, l, v, "producer %d's items out of order", p)
				}
				last[p] = v
			}
		}
		require.Equal(t, total, len(seen)+int(drained.Load()), "items pushed = popped + drained (stop=%v)", stop)
		require.Equal(t, uint64(total), b.Pushed())
		if !stop {
			require.Equal(t, producers*per, total)
		}
	}
}

// TestAtomicWord: Bounded operates on the uint64 inside an atomic.Uint64 through a
// pointer conversion; this checks that the conversion reaches the value the methods see.
func TestAtomicWord(t *testing.T) {
	var x atomic.Uint64
	require.Equal(t, uintptr(8), unsafe.Sizeof(x))
	x.Store(42)
	p := (*uint64)(unsafe.Pointer(&x))
	require.Equal(t, uint64(42), atomic.LoadUint64(p))
	require.True(t, atomic.CompareAndSwapUint64(p, 42, 7))
	require.Equal(t, uint64(7), x.Load())
}
