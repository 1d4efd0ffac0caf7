package bench

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"golang.org/x/sync/semaphore"

	"github.com/aio-go/aio"
)

// sem is the shape every semaphore implementation is benchmarked through in the
// contended workloads (the uncontended ones call each implementation directly, so the
// interface call does not dominate a few nanoseconds).
type sem interface {
	acquire(ctx context.Context) error
	release()
}

type aioSem struct{ s *aio.Semaphore }

func (s aioSem) acquire(ctx context.Context) error { return s.s.Acquire(ctx) }
func (s aioSem) release()                          { s.s.Release() }

type xsyncSem struct{ s *semaphore.Weighted }

func (s xsyncSem) acquire(ctx context.Context) error { return s.s.Acquire(ctx, 1) }
func (s xsyncSem) release()                          { s.s.Release(1) }

// chanSem is the buffered-channel semaphore people write by hand.
type chanSem chan struct{}

func (s chanSem) acquire(ctx context.Context) error {
	select {
	case s <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
func (s chanSem) release() { <-s }

// condSem is a counter under a mutex with a sync.Cond; it cannot be canceled.
type condSem struct {
	mu   sync.Mutex
	c    sync.Cond
	free int
}

func newCondSem(n int) *condSem {
	s := &condSem{free: n}
	s.c.L = &s.mu
	return s
}

func (s *condSem) acquire(context.Context) error {
	s.mu.Lock()
	for s.free == 0 {
		s.c.Wait()
	}
	s.free--
	s.mu.Unlock()
	return nil
}

func (s *condSem) release() {
	s.mu.Lock()
	s.free++
	s.mu.Unlock()
	s.c.Signal()
}

func BenchmarkSemaphore(b *testing.B) {
	ctx := context.Background()
	impls := []struct {
		name string
		make func(n int) sem
	}{
		{"aio", func(n int) sem { return aioSem{aio.NewSemaphore(n)} }},
		{"xsync", func(n int) sem { return xsyncSem{semaphore.NewWeighted(int64(n))} }},
		{"chan", func(n int) sem { return make(chanSem, n) }},
		{"cond", func(n int) sem { return newCondSem(n) }},
	}
	uncontended := map[string]func(b *testing.B){
		"aio": func(b *testing.B) {
			s := aio.NewSemaphore(1)
			for b.Loop() {
				_ = s.Acquire(ctx)
				s.Release()
			}
		},
		"xsync": func(b *testing.B) {
			s := semaphore.NewWeighted(1)
			for b.Loop() {
				_ = s.Acquire(ctx, 1)
				s.Release(1)
			}
		},
		"chan": func(b *testing.B) {
			s := make(chan struct{}, 1)
			for b.Loop() {
				select {
				case s <- struct{}{}:
				case <-ctx.Done():
				}
				<-s
			}
		},
		"cond": func(b *testing.B) {
			s := newCondSem(1)
			for b.Loop() {
				_ = s.acquire(ctx)
				s.release()
			}
		},
	}
	for _, impl := range impls {
		b.Run("impl="+impl.name+"/uncontended", func(b *testing.B) {
			b.ReportAllocs()
			uncontended[impl.name](b)
		})
		b.Run("impl="+impl.name+"/contended-64w-limit4", func(b *testing.B) {
			b.ReportAllocs()
			s := impl.make(4)
			b.SetParallelism(64 / max(1, runtimeProcs()))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if s.acquire(ctx) == nil {
						s.release()
					}
				}
			})
		})
		if impl.name == "cond" {
			continue // a sync.Cond wait cannot be canceled
		}
		b.Run("impl="+impl.name+"/cancel10", func(b *testing.B) {
			// 64 goroutines, limit 4; every tenth acquire races a cancellation.
			b.ReportAllocs()
			s := impl.make(4)
			b.SetParallelism(64 / max(1, runtimeProcs()))
			b.RunParallel(func(pb *testing.PB) {
				for i := 0; pb.Next(); i++ {
					c := ctx
					var cancel context.CancelFunc
					if i%10 == 0 {
						c, cancel = context.WithCancel(ctx)
						go cancel()
					}
					if s.acquire(c) == nil {
						s.release()
					}
					if cancel != nil {
						cancel()
					}
				}
			})
		})
	}
}

// locker is what every lock implementation is benchmarked through when contended.
type locker interface {
	Lock()
	Unlock()
}

type chanLock chan struct{}

func (l chanLock) Lock()   { l <- struct{}{} }
func (l chanLock) Unlock() { <-l }

type xsyncLock struct{ s *semaphore.Weighted }

func (l xsyncLock) Lock()   { _ = l.s.Acquire(context.Background(), 1) }
func (l xsyncLock) Unlock() { l.s.Release(1) }

func BenchmarkLock(b *testing.B) {
	impls := []struct {
		name string
		make func() locker
	}{
		{"aio", func() locker { return new(aio.Lock) }},
		{"mutex", func() locker { return new(sync.Mutex) }},
		{"chan", func() locker { return make(chanLock, 1) }},
		{"xsync", func() locker { return xsyncLock{semaphore.NewWeighted(1)} }},
	}
	uncontended := map[string]func(b *testing.B){
		"aio": func(b *testing.B) {
			var l aio.Lock
			n := 0
			for b.Loop() {
				l.Lock()
				n++
				l.Unlock()
			}
			_ = n
		},
		"mutex": func(b *testing.B) {
			var l sync.Mutex
			n := 0
			for b.Loop() {
				l.Lock()
				n++
				l.Unlock()
			}
			_ = n
		},
		"chan": func(b *testing.B) {
			l := make(chanLock, 1)
			n := 0
			for b.Loop() {
				l.Lock()
				n++
				l.Unlock()
			}
			_ = n
		},
		"xsync": func(b *testing.B) {
			l := xsyncLock{semaphore.NewWeighted(1)}
			n := 0
			for b.Loop() {
				l.Lock()
				n++
				l.Unlock()
			}
			_ = n
		},
	}
	for _, impl := range impls {
		b.Run("impl="+impl.name+"/uncontended", func(b *testing.B) {
			b.ReportAllocs()
			uncontended[impl.name](b)
		})
		b.Run("impl="+impl.name+"/contended", func(b *testing.B) {
			b.ReportAllocs()
			l := impl.make()
			n := 0
			b.SetParallelism(8)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					l.Lock()
					n++
					l.Unlock()
				}
			})
			_ = n
		})
	}
}

// event is a one-shot broadcast: Set wakes every Wait.
type event interface {
	wait()
	set()
}

type aioEvent struct{ e aio.Event }

func (e *aioEvent) wait() { _ = e.e.Wait(context.Background()) }
func (e *aioEvent) set()  { e.e.Set() }

type chanEvent chan struct{}

func (e chanEvent) wait() { <-e }
func (e chanEvent) set()  { close(e) }

type condEvent struct {
	mu sync.Mutex
	c  sync.Cond
	on bool
}

func (e *condEvent) wait() {
	e.mu.Lock()
	for !e.on {
		e.c.Wait()
	}
	e.mu.Unlock()
}

func (e *condEvent) set() {
	e.mu.Lock()
	e.on = true
	e.mu.Unlock()
	e.c.Broadcast()
}

func BenchmarkEvent(b *testing.B) {
	impls := []struct {
		name string
		make func() event
	}{
		{"aio", func() event { return new(aioEvent) }},
		{"chan", func() event { return make(chanEvent) }},
		{"cond", func() event {
			e := new(condEvent)
			e.c.L = &e.mu
			return e
		}},
	}
	const waiters = 1000
	for _, impl := range impls {
		b.Run("impl="+impl.name+"/1000-waiters", func(b *testing.B) {
			// One op: 1000 goroutines waiting for one event are released by setting it.
			// The timer runs from the set until the last waiter has returned: starting
			// the goroutines, which costs more than waking them and varies more, is
			// left out.
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				e := impl.make()
				var started, done sync.WaitGroup
				started.Add(waiters)
				done.Add(waiters)
				for range waiters {
					go func() {
						started.Done()
						e.wait()
						done.Done()
					}()
				}
				started.Wait()
				b.StartTimer()
				e.set()
				done.Wait()
			}
		})
	}
}

// cond is a condition variable over a mutex: Wait must be called with it held.
type cond interface {
	lock()
	unlock()
	wait()
	notifyAll()
	notifyOne()
}

type aioCond struct {
	l aio.Lock
	c *aio.Condition
}

func newAioCond() *aioCond {
	c := new(aioCond)
	c.c = aio.NewCondition(&c.l)
	return c
}

func (c *aioCond) lock()      { c.l.Lock() }
func (c *aioCond) unlock()    { c.l.Unlock() }
func (c *aioCond) wait()      { _ = c.c.Wait(context.Background()) }
func (c *aioCond) notifyAll() { c.c.NotifyAll() }
func (c *aioCond) notifyOne() { c.c.Notify(1) }

type syncCond struct {
	mu sync.Mutex
	c  sync.Cond
}

func newSyncCond() *syncCond {
	c := new(syncCond)
	c.c.L = &c.mu
	return c
}

func (c *syncCond) lock()      { c.mu.Lock() }
func (c *syncCond) unlock()    { c.mu.Unlock() }
func (c *syncCond) wait()      { c.c.Wait() }
func (c *syncCond) notifyAll() { c.c.Broadcast() }
func (c *syncCond) notifyOne() { c.c.Signal() }

func BenchmarkCondition(b *testing.B) {
	impls := []struct {
		name string
		make func() cond
	}{
		{"aio", func() cond { return newAioCond() }},
		{"synccond", func() cond { return newSyncCond() }},
	}
	for _, impl := range impls {
		b.Run("impl="+impl.name+"/pingpong", func(b *testing.B) {
			// Two goroutines take turns, each waiting for the other's notification.
			b.ReportAllocs()
			c := impl.make()
			turn := 0
			var wg sync.WaitGroup
			play := func(me int) {
				defer wg.Done()
				c.lock()
				for i := 0; i < b.N; i++ {
					for turn != me {
						c.wait()
					}
					turn = 1 - me
					c.notifyOne()
				}
				c.unlock()
			}
			wg.Add(2)
			b.ResetTimer()
			go play(0)
			go play(1)
			wg.Wait()
		})
		b.Run("impl="+impl.name+"/bounded-buffer-4p4c", func(b *testing.B) {
			// Four producers and four consumers through a buffer of 8, one condition.
			b.ReportAllocs()
			c := impl.make()
			const size, pairs = 8, 4
			items, left := 0, b.N
			var wg sync.WaitGroup
			for range pairs {
				wg.Add(2)
				go func() { // producer
					defer wg.Done()
					c.lock()
					defer c.unlock()
					for left > 0 {
						for items == size && left > 0 {
							c.wait()
						}
						if left == 0 {
							break
						}
						items++
						left--
						c.notifyAll()
					}
					c.notifyAll()
				}()
				go func() { // consumer
					defer wg.Done()
					c.lock()
					defer c.unlock()
					for {
						for items == 0 && left > 0 {
							c.wait()
						}
						if items == 0 {
							return
						}
						items--
						c.notifyAll()
					}
				}()
			}
			wg.Wait()
		})
	}
}

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }
