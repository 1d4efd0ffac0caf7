package bench

import (
	"cmp"
	"container/heap"
	"context"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/aio-go/aio"
	"github.com/aio-go/aio/bench/internal/floor"
)

// queueCap bounds every bounded queue in these benchmarks, the channel's buffer included.
const queueCap = 1024

// blockingQueue is what the producer/consumer qWorkloads need from an implementation.
type blockingQueue interface {
	put(v int)
	get() int
}

// qSplit returns how many of n items worker i of k handles.
func qSplit(n, k, i int) int {
	c := n / k
	if i < n%k {
		c++
	}
	return c
}

// runQueuePC passes n items from p producers to c consumers; ns/op is ns per item.
func runQueuePC(b *testing.B, q blockingQueue, p, c int, item func(r *rand.Rand, i int) int) {
	n := b.N
	var wg sync.WaitGroup
	b.ResetTimer()
	for i := range p {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 1))
			for j := range qSplit(n, p, i) {
				q.put(item(r, j))
			}
		}()
	}
	for i := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range qSplit(n, c, i) {
				q.get()
			}
		}()
	}
	wg.Wait()
}

var qWorkloads = []struct {
	name string
	p, c int
}{{"1p1c", 1, 1}, {"4p4c", 4, 4}}

// ---- FIFO queues ----

type aioQueue struct{ q *aio.Queue[int] }

func (a aioQueue) put(v int) {
	if err := a.q.Put(context.Background(), v); err != nil {
		panic(err)
	}
}

func (a aioQueue) get() int {
	v, err := a.q.Get(context.Background())
	if err != nil {
		panic(err)
	}
	return v
}

type chanQueue chan int

func (c chanQueue) put(v int) { c <- v }
func (c chanQueue) get() int  { return <-c }

// ringQueue is a hand-written ring under a mutex with two sync.Conds; max 0 is unbounded.
type ringQueue struct {
	mu                sync.Mutex
	notEmpty, notFull sync.Cond
	buf               []int
	head, n, max      int
}

func newRingQueue(max int) *ringQueue {
	q := &ringQueue{buf: make([]int, 1024), max: max}
	q.notEmpty.L, q.notFull.L = &q.mu, &q.mu
	return q
}

func (q *ringQueue) put(v int) {
	q.mu.Lock()
	for q.max > 0 && q.n == q.max {
		q.notFull.Wait()
	}
	if q.n == len(q.buf) {
		buf := make([]int, 2*len(q.buf))
		m := copy(buf, q.buf[q.head:])
		copy(buf[m:], q.buf[:q.head])
		q.buf, q.head = buf, 0
	}
	q.buf[(q.head+q.n)%len(q.buf)] = v
	q.n++
	q.mu.Unlock()
	q.notEmpty.Signal()
}

func (q *ringQueue) get() int {
	q.mu.Lock()
	for q.n == 0 {
		q.notEmpty.Wait()
	}
	v := q.buf[q.head]
	q.head = (q.head + 1) % len(q.buf)
	q.n--
	q.mu.Unlock()
	if q.max > 0 {
		q.notFull.Signal()
	}
	return v
}

// BenchmarkQueue passes ints from producers to consumers; ns/op is ns per item.
// aio, chan and cond are bounded at queueCap; ring is an unbounded mutex+ring queue.
func BenchmarkQueue(b *testing.B) {
	impls := []struct {
		name string
		mk   func() blockingQueue
	}{
		{"aio", func() blockingQueue { return aioQueue{aio.NewQueue[int](queueCap)} }},
		{"chan", func() blockingQueue { return make(chanQueue, queueCap) }},
		{"cond", func() blockingQueue { return newRingQueue(queueCap) }},
		{"ring", func() blockingQueue { return newRingQueue(0) }},
	}
	for _, impl := range impls {
		for _, w := range qWorkloads {
			b.Run("impl="+impl.name+"/"+w.name, func(b *testing.B) {
				b.ReportAllocs()
				runQueuePC(b, impl.mk(), w.p, w.c, func(_ *rand.Rand, i int) int { return i })
			})
		}
	}
}

// ---- priority queues ----

type aioPQ struct{ q *aio.PriorityQueue[int] }

func (a aioPQ) put(v int) {
	if err := a.q.Put(context.Background(), v); err != nil {
		panic(err)
	}
}

func (a aioPQ) get() int {
	v, err := a.q.Get(context.Background())
	if err != nil {
		panic(err)
	}
	return v
}

func (a aioPQ) tryPut(v int) { _ = a.q.TryPut(v) }
func (a aioPQ) tryGet() int  { v, _ := a.q.TryGet(); return v }

// genHeap is a hand-written generic binary heap with a less function (not stable).
type genHeap[T any] struct {
	s    []T
	less func(a, b T) bool
}

func (h *genHeap[T]) push(v T) {
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

func (h *genHeap[T]) pop() T {
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

// lockedPQ puts a heap under a mutex with two sync.Conds, bounded at queueCap.
type lockedPQ struct {
	mu                sync.Mutex
	notEmpty, notFull sync.Cond
	push              func(int)
	pop               func() int
	len               func() int
}

func newLockedPQ(push func(int), pop func() int, n func() int) *lockedPQ {
	q := &lockedPQ{push: push, pop: pop, len: n}
	q.notEmpty.L, q.notFull.L = &q.mu, &q.mu
	return q
}

func (q *lockedPQ) put(v int) {
	q.mu.Lock()
	for q.len() == queueCap {
		q.notFull.Wait()
	}
	q.push(v)
	q.mu.Unlock()
	q.notEmpty.Signal()
}

func (q *lockedPQ) get() int {
	q.mu.Lock()
	for q.len() == 0 {
		q.notEmpty.Wait()
	}
	v := q.pop()
	q.mu.Unlock()
	q.notFull.Signal()
	return v
}

func (q *lockedPQ) tryPut(v int) {
	q.mu.Lock()
	q.push(v)
	q.mu.Unlock()
}

func (q *lockedPQ) tryGet() int {
	q.mu.Lock()
	v := q.pop()
	q.mu.Unlock()
	return v
}

func newHeapPQ() *lockedPQ {
	h := new(floor.IntHeap)
	return newLockedPQ(func(v int) { heap.Push(h, v) }, func() int { return heap.Pop(h).(int) }, func() int { return h.Len() })
}

// ordHeap is genHeap for ordered values, comparing with < instead of calling less: what
// a hand-written heap of ints looks like, the peer of aio's NewPriorityQueueOrdered.
type ordHeap[T cmp.Ordered] struct{ s []T }

func (h *ordHeap[T]) push(v T) {
	h.s = append(h.s, v)
	i := len(h.s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !(h.s[i] < h.s[p]) {
			break
		}
		h.s[i], h.s[p] = h.s[p], h.s[i]
		i = p
	}
}

func (h *ordHeap[T]) pop() T {
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
		if c+1 < n && h.s[c+1] < h.s[c] {
			c++
		}
		if !(h.s[c] < h.s[i]) {
			break
		}
		h.s[i], h.s[c] = h.s[c], h.s[i]
		i = c
	}
	return v
}

func newOrdHeapPQ() *lockedPQ {
	h := new(ordHeap[int])
	return newLockedPQ(h.push, h.pop, func() int { return len(h.s) })
}

func newGenHeapPQ() *lockedPQ {
	h := &genHeap[int]{less: func(a, b int) bool { return a < b }}
	return newLockedPQ(h.push, h.pop, func() int { return len(h.s) })
}

type benchPQ interface {
	blockingQueue
	tryPut(v int)
	tryGet() int
}

// BenchmarkPriorityQueue: seq is one goroutine pushing and popping random ints on a heap
// kept at queueCap/2 items; 1p1c and 4p4c pass random ints through a queue bounded at
// queueCap. ns/op is ns per item.
//
// In seq the heap soon holds the largest values drawn so far, so nearly every new item
// (99.7%) is less than all of them and is the next one out: a backlogged queue. hold is
// the classic "hold" model of event simulation instead: get the least item t, put
// t+1+rand(1024); a new item lands at a random rank, so every Get sifts the heap.
func BenchmarkPriorityQueue(b *testing.B) {
	impls := []struct {
		name string
		mk   func() benchPQ
	}{
		{"aio", func() benchPQ { return aioPQ{aio.NewPriorityQueue(queueCap, func(a, b int) bool { return a < b })} }},
		{"aio-ordered", func() benchPQ { return aioPQ{aio.NewPriorityQueueOrdered[int](queueCap)} }},
		{"heap", func() benchPQ { return newHeapPQ() }},
		{"genheap", func() benchPQ { return newGenHeapPQ() }},
		{"ordheap", func() benchPQ { return newOrdHeapPQ() }},
	}
	random := func(r *rand.Rand, _ int) int { return r.IntN(1 << 20) }
	for _, impl := range impls {
		b.Run("impl="+impl.name+"/seq", func(b *testing.B) {
			b.ReportAllocs()
			q := impl.mk()
			r := rand.New(rand.NewPCG(1, 2))
			for range queueCap / 2 {
				q.tryPut(random(r, 0))
			}
			b.ResetTimer()
			for i := range b.N {
				q.tryPut(random(r, i))
				q.tryGet()
			}
		})
		b.Run("impl="+impl.name+"/hold", func(b *testing.B) {
			b.ReportAllocs()
			q := impl.mk()
			r := rand.New(rand.NewPCG(1, 2))
			for range queueCap / 2 {
				q.tryPut(r.IntN(1 << 10))
			}
			b.ResetTimer()
			for range b.N {
				q.tryPut(q.tryGet() + 1 + r.IntN(1<<10))
			}
		})
		for _, w := range qWorkloads {
			b.Run("impl="+impl.name+"/"+w.name, func(b *testing.B) {
				b.ReportAllocs()
				runQueuePC(b, impl.mk(), w.p, w.c, random)
			})
		}
	}
}
