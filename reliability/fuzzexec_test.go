package reliability

import (
	"context"
	"slices"
	"sync"
)

// Executors: each runs the operations decoded from data against a primitive and against
// its sequential model (see fuzzrun_test.go), and returns the first divergence.

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// pick removes and returns the (arg mod len)-th waiter of the model's lists, in order.
func pick(arg int, lists ...*[]*pending) *pending {
	var all []*pending
	for _, l := range lists {
		all = append(all, *l...)
	}
	if len(all) == 0 {
		return nil
	}
	slices.SortFunc(all, func(a, b *pending) int { return a.id - b.id })
	p := all[arg%len(all)]
	for _, l := range lists {
		*l = without(*l, p)
	}
	return p
}

// runQueueOps checks a queue of kind k and capacity c (0: unbounded).
func runQueueOps(q queueSubject, k queueKind, c int, data []byte) error {
	f := &fuzzRun{}
	var items []int // the model: items in arrival order
	var getters, putters []*pending
	shut, unfinished := false, 0
	room := func() bool { return c == 0 || len(items) < c }
	accept := func(v int) { // a Put of v succeeds now
		unfinished++
		if len(getters) > 0 {
			f.settle(getters[0], res{v: v})
			getters = getters[1:]
		} else {
			items = append(items, v)
		}
	}
	take := func() int { // a Get takes the next item now; the first waiting putter's item moves in
		j := k.next(items)
		v := items[j]
		items = slices.Delete(items, j, j+1)
		if len(putters) > 0 {
			items = append(items, putters[0].v)
			unfinished++
			f.settle(putters[0], res{})
			putters = putters[1:]
		}
		return v
	}
	for i, op := range decode(data, 64) {
		arg := op[1]
		v := 3*(i+1) + arg%3 // unique; its priority is arg%3
		switch op[0] % 11 {
		case 0:
			f.logf("TryPut(%d)", v)
			want := res{}
			switch {
			case shut:
				want.o = shutO
			case room():
				accept(v)
			default:
				want.o = fullO
			}
			f.expect("TryPut", res{o: classify(q.TryPut(v))}, want)
		case 1:
			f.logf("TryGet()")
			want := res{}
			switch {
			case len(items) > 0:
				want.v = take()
			case shut:
				want.o = shutO
			default:
				want.o = emptyO
			}
			got, err := q.TryGet()
			f.expect("TryGet", res{got, classify(err)}, want)
		case 2:
			p := f.spawn(0, v, func(ctx context.Context) res { return res{o: classify(q.Put(ctx, v))} })
			f.logf("#%d: go Put(%d)", p.id, v)
			switch {
			case shut:
				f.settle(p, res{o: shutO})
			case room():
				accept(v)
				f.settle(p, res{})
			default:
				putters = append(putters, p)
			}
		case 3:
			p := f.spawn(0, 0, func(ctx context.Context) res { v, err := q.Get(ctx); return res{v, classify(err)} })
			f.logf("#%d: go Get()", p.id)
			switch {
			case len(items) > 0:
				f.settle(p, res{v: take()})
			case shut:
				f.settle(p, res{o: shutO})
			default:
				getters = append(getters, p)
			}
		case 4:
			if p := pick(arg, &getters, &putters); p != nil {
				f.logf("cancel #%d", p.id)
				f.settle(p, res{o: ctxO})
				p.cancel()
			}
		case 5:
			f.logf("Put(%d) with a canceled context", v)
			f.expect("Put", res{o: classify(q.Put(canceled(), v))}, res{o: ctxO})
		case 6:
			f.logf("Get() with a canceled context")
			got, err := q.Get(canceled())
			f.expect("Get", res{got, classify(err)}, res{o: ctxO})
		case 7:
			f.logf("Len()")
			f.expect("Len", res{v: q.Len()}, res{v: len(items)})
		case 8:
			now := arg%2 == 1
			f.logf("Shutdown(%v)", now)
			shut = true
			if now {
				unfinished = max(unfinished-len(items), 0)
				items = nil
			}
			for _, p := range append(getters, putters...) {
				f.settle(p, res{o: shutO})
			}
			getters, putters = nil, nil
			q.Shutdown(now)
		case 9:
			f.logf("TaskDone()")
			if unfinished > 0 {
				unfinished--
				q.TaskDone()
			} else if catch(q.TaskDone) == nil {
				f.failf("TaskDone with no unfinished task did not panic")
			}
		case 10:
			f.logf("Join() with a canceled context")
			want := res{o: ctxO}
			if unfinished == 0 {
				want.o = okO
			}
			f.expect("Join", res{o: classify(q.Join(canceled()))}, want)
		}
		if f.check(); f.err != nil {
			break
		}
	}
	return f.finish()
}

// runSemOps checks a semaphore of capacity c.
func runSemOps(s semSubject, c int, data []byte) error {
	f := &fuzzRun{}
	avail := c
	var waiters []*pending
	grant := func() { // FIFO: the front waiter first, and nobody past it
		for len(waiters) > 0 && waiters[0].n <= avail {
			avail -= waiters[0].n
			f.settle(waiters[0], res{})
			waiters = waiters[1:]
		}
	}
	for _, op := range decode(data, 64) {
		arg := op[1]
		n := 1 + arg%c
		switch op[0] % 6 {
		case 0:
			f.logf("TryAcquireN(%d)", n)
			ok := len(waiters) == 0 && avail >= n
			if ok {
				avail -= n
			}
			f.expect("TryAcquireN", res{v: b2i(s.TryAcquireN(n))}, res{v: b2i(ok)})
		case 1:
			p := f.spawn(n, 0, func(ctx context.Context) res { return res{o: classify(s.AcquireN(ctx, n))} })
			f.logf("#%d: go AcquireN(%d)", p.id, n)
			waiters = append(waiters, p)
			grant()
		case 2:
			if p := pick(arg, &waiters); p != nil {
				f.logf("cancel #%d", p.id)
				f.settle(p, res{o: ctxO})
				grant() // permits the canceled head was blocking may go to those behind it
				p.cancel()
			}
		case 3:
			f.logf("AcquireN(%d) with a canceled context", n)
			f.expect("AcquireN", res{o: classify(s.AcquireN(canceled(), n))}, res{o: ctxO})
		case 4:
			f.logf("ReleaseN(%d)", n)
			if avail+n <= c {
				avail += n
				s.ReleaseN(n)
				grant()
			} else if catch(func() { s.ReleaseN(n) }) == nil {
				f.failf("ReleaseN(%d) with %d of %d available did not panic", n, avail, c)
			}
		case 5:
			f.logf("Available()")
			f.expect("Available", res{v: s.Available()}, res{v: avail})
		}
		if f.check(); f.err != nil {
			break
		}
	}
	return f.finish()
}

// runEventOps checks an event.
func runEventOps(e eventSubject, data []byte) error {
	f := &fuzzRun{}
	set := false
	var waiters []*pending
	for _, op := range decode(data, 64) {
		switch op[0] % 6 {
		case 0:
			f.logf("Set()")
			set = true
			for _, p := range waiters {
				f.settle(p, res{})
			}
			waiters = nil
			e.Set()
		case 1:
			f.logf("Clear()")
			set = false
			e.Clear()
		case 2:
			f.logf("IsSet()")
			f.expect("IsSet", res{v: b2i(e.IsSet())}, res{v: b2i(set)})
		case 3:
			p := f.spawn(0, 0, func(ctx context.Context) res { return res{o: classify(e.Wait(ctx))} })
			f.logf("#%d: go Wait()", p.id)
			if set {
				f.settle(p, res{})
			} else {
				waiters = append(waiters, p)
			}
		case 4:
			if p := pick(op[1], &waiters); p != nil {
				f.logf("cancel #%d", p.id)
				f.settle(p, res{o: ctxO})
				p.cancel()
			}
		case 5:
			f.logf("Wait() with a canceled context")
			want := res{o: ctxO}
			if set {
				want.o = okO
			}
			f.expect("Wait", res{o: classify(e.Wait(canceled()))}, want)
		}
		if f.check(); f.err != nil {
			break
		}
	}
	return f.finish()
}

// runCondOps checks a condition variable made by newC over a mutex.
func runCondOps(newC func(l sync.Locker) condSubject, data []byte) error {
	f := &fuzzRun{}
	var mu sync.Mutex
	c := newC(&mu)
	var waiters []*pending
	notify := func(n int) {
		for ; n > 0 && len(waiters) > 0; n-- {
			f.settle(waiters[0], res{})
			waiters = waiters[1:]
		}
	}
	for _, op := range decode(data, 64) {
		switch op[0] % 5 {
		case 0:
			p := f.spawn(0, 0, func(ctx context.Context) res {
				mu.Lock()
				defer mu.Unlock()
				return res{o: classify(c.Wait(ctx))}
			})
			f.logf("#%d: go Wait()", p.id)
			waiters = append(waiters, p)
		case 1:
			n := op[1] % 4
			f.logf("Notify(%d)", n)
			notify(n)
			c.Notify(n)
		case 2:
			f.logf("NotifyAll()")
			notify(len(waiters))
			c.NotifyAll()
		case 3:
			if p := pick(op[1], &waiters); p != nil {
				f.logf("cancel #%d", p.id)
				f.settle(p, res{o: ctxO})
				p.cancel()
			}
		case 4:
			f.logf("Wait() with a canceled context")
			mu.Lock()
			err := c.Wait(canceled())
			mu.Unlock()
			f.expect("Wait", res{o: classify(err)}, res{o: ctxO})
		}
		if f.check(); f.err != nil {
			break
		}
	}
	return f.finish()
}

// runBarrierOps checks a barrier of 1..5 parties (from the first byte).
func runBarrierOps(newB func(parties int) barrierSubject, data []byte) error {
	if len(data) == 0 {
		return nil
	}
	parties := 1 + int(data[0])%5
	b := newB(parties)
	f := &fuzzRun{}
	f.logf("NewBarrier(%d)", parties)
	broken := false
	var waiters []*pending
	breakRound := func() {
		for _, p := range waiters {
			f.settle(p, res{o: brokenO})
		}
		waiters = nil
	}
	for _, op := range decode(data[1:], 64) {
		switch op[0] % 7 {
		case 0:
			p := f.spawn(0, 0, func(ctx context.Context) res { i, err := b.Wait(ctx); return res{i, classify(err)} })
			f.logf("#%d: go Wait()", p.id)
			switch {
			case broken:
				f.settle(p, res{o: brokenO})
			case len(waiters)+1 == parties:
				for i, w := range waiters {
					f.settle(w, res{v: i})
				}
				f.settle(p, res{v: parties - 1})
				waiters = nil
			default:
				waiters = append(waiters, p)
			}
		case 1:
			if p := pick(op[1], &waiters); p != nil {
				f.logf("cancel #%d", p.id)
				f.settle(p, res{o: ctxO})
				p.cancel()
			}
		case 2:
			f.logf("Abort()")
			broken = true
			breakRound()
			b.Abort()
		case 3:
			f.logf("Reset()")
			broken = false
			breakRound()
			b.Reset()
		case 4:
			f.logf("Waiting()")
			f.expect("Waiting", res{v: b.Waiting()}, res{v: len(waiters)})
		case 5:
			f.logf("Broken()")
			f.expect("Broken", res{v: b2i(b.Broken())}, res{v: b2i(broken)})
		case 6:
			f.logf("Wait() with a canceled context")
			i, err := b.Wait(canceled())
			f.expect("Wait", res{i, classify(err)}, res{o: ctxO})
		}
		if f.check(); f.err != nil {
			break
		}
	}
	return f.finish()
}
