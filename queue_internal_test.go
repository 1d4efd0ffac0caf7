package aio

import (
	"context"
	"reflect"
	"runtime"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/aio-go/aio/internal/container"
	"github.com/stretchr/testify/require"
)

// TestShutdownSettlesFastPush plays, step by step, a fast-path Put racing a Get and a
// graceful Shutdown on a queue kept in the lock-free ring: the Put looks at waiting (no
// one waits), the Get finds the ring empty and waits, the Put writes its item, Shutdown
// runs, and only then does the Put see the getter's flag and settle. Shutdown used to
// fail the getter with ErrQueueShutDown although the item, whose Put returned nil, was
// in the queue: every consumer blocked at the shutdown left, and the item was stranded.
// (An adversarial review found it; with the timing left to chance, about one run in 500
// under -race on 2 processors when the item is large.) Shutdown now hands the ring's items
// to the waiting getters first.
func TestShutdownSettlesFastPush(t *testing.T) {
	q := NewQueue[int](2)
	e := &q.e
	require.NotNil(t, e.fifo, "a queue of 2 is kept in the lock-free ring")
	require.Zero(t, e.waiting.Load(), "the Put's look at waiting: no one waits")
	type got struct {
		v   int
		err error
	}
	res := make(chan got, 1)
	go func() {
		v, err := q.Get(context.Background())
		res <- got{v, err}
	}()
	for waiting := 0; waiting == 0; {
		e.mu.Lock()
		waiting = e.getters.Len()
		e.mu.Unlock()
		runtime.Gosched()
	}
	require.Equal(t, container.Pushed, e.fifo.TryPush(7), "the Put writes its item")
	q.Shutdown(false)
	if e.waiting.Load()&getWaiting != 0 { // the rest of the Put's fast path
		e.settle()
	}
	r := <-res
	require.NoError(t, r.err, "the waiting Get gets the item put before the shutdown")
	require.Equal(t, 7, r.v)
	_, err := q.TryGet()
	require.ErrorIs(t, err, ErrQueueShutDown, "and nothing is left")
}

// claimFastPush claims fifo's next push position by hand, as a fastPut that passed its
// look at waiting and stopped right after its compare-and-swap on the tail, and returns
// the rest of that fastPut: write the slot, then settle if a getter waits. (Bounded's
// fields are another package's, so it reaches them through reflect.)
func claimFastPush(t *testing.T, e *engine[int], v int) (finish func()) {
	t.Helper()
	b := reflect.ValueOf(e.fifo).Elem()
	field := func(v reflect.Value, name string) unsafe.Pointer {
		return unsafe.Pointer(v.FieldByName(name).UnsafeAddr())
	}
	tailp := (*uint64)(field(b, "tail"))
	closed, oneLap, capacity := *(*uint64)(field(b, "closed")), *(*uint64)(field(b, "oneLap")), *(*uint64)(field(b, "cap"))
	tail := atomic.LoadUint64(tailp)
	next := tail + 1
	if tail&(closed-1)+1 == capacity {
		next = tail&^(oneLap-1) + oneLap
	}
	require.True(t, atomic.CompareAndSwapUint64(tailp, tail, next), "the push claims its position")
	return func() {
		s := b.FieldByName("slots").Index(int(tail & (closed - 1)))
		*(*int)(field(s, "v")) = v
		atomic.StoreUint64((*uint64)(field(s, "stamp")), tail+1)
		if e.waiting.Load()&getWaiting != 0 { // fastPut's own look after its push
			e.settle()
		}
	}
}

// TestPutHandoffWaitsForClaimedPush: a getter waits on an empty ring; a fast-path push
// that looked at waiting before the getter flagged it claims the next slot (Len counts
// it: 1) and stops. A Put that comes now must not hand its item straight to the getter:
// the claimed item is ahead of it, so the getter gets that one and the Put's item stays
// in the queue. With offerLocked serving the waiters as a parking look does (passing the
// lone push), the getter got 2 in the first round. (From the review of a42626a.)
func TestPutHandoffWaitsForClaimedPush(t *testing.T) {
	for range 20 {
		q := NewQueue[int](2)
		e := &q.e
		require.NotNil(t, e.fifo, "a queue of 2 is kept in the lock-free ring")
		got := make(chan int, 1)
		go func() {
			v, err := q.Get(context.Background())
			if err != nil {
				t.Error(err)
			}
			got <- v
		}()
		for e.waiting.Load()&getWaiting == 0 {
			runtime.Gosched()
		}
		finish := claimFastPush(t, e, 1)
		require.Equal(t, 1, q.Len(), "Len counts the claimed push")
		var returned atomic.Bool
		done := make(chan struct{})
		go func() { // finish once Put returns (wrong), or after many yields (Put waits for it)
			for i := 0; !returned.Load() && i < 1<<16; i++ {
				runtime.Gosched()
			}
			finish()
			close(done)
		}()
		require.NoError(t, q.Put(context.Background(), 2))
		returned.Store(true)
		<-done
		require.Equal(t, 1, <-got, "the waiting getter passed the claimed push, which Len counted before Put began")
		v, err := q.TryGet()
		require.NoError(t, err)
		require.Equal(t, 2, v)
	}
}
