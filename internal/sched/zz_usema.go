package sched

import (
	"context"
	"runtime"
	"sync/atomic"
)

// USema: scratch prototype, unit permits only, waiters park on a token channel.
type USema struct {
	state atomic.Int64 // inUse | waiters<<32
	ch    atomic.Pointer[chan struct{}]
}

const uw = int64(1) << 32

func (s *USema) TryAcquire(c int64) bool {
	for {
		st := s.state.Load()
		if st >= c { // waiters > 0 or full
			return false
		}
		if s.state.CompareAndSwap(st, st+1) {
			return true
		}
	}
}

func (s *USema) Acquire(ctx context.Context, c int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.TryAcquire(c) {
		return nil
	}
	for st := s.state.Add(uw); st&(uw-1) < c; st = s.state.Load() {
		if s.state.CompareAndSwap(st, st-uw+1) {
			return nil
		}
	}
	ch := s.tokens()
	done := ctx.Done()
	if done == nil {
		<-ch
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-done:
	}
	for {
		st := s.state.Load()
		if st>>32 == 0 {
			<-ch
			return nil
		}
		if s.state.CompareAndSwap(st, st-uw) {
			return ctx.Err()
		}
	}
}

func (s *USema) Release() {
	for {
		st := s.state.Load()
		if st>>32 == 0 {
			if s.state.CompareAndSwap(st, st-1) {
				return
			}
			continue
		}
		if s.state.CompareAndSwap(st, st-uw) {
			ch := s.tokens()
			for spins := 0; ; spins++ {
				select {
				case ch <- struct{}{}:
					return
				default:
				}
				if spins >= 4 {
					runtime.Gosched()
				}
			}
		}
	}
}

func (s *USema) tokens() chan struct{} {
	if p := s.ch.Load(); p != nil {
		return *p
	}
	ch := make(chan struct{})
	if s.ch.CompareAndSwap(nil, &ch) {
		return ch
	}
	return *s.ch.Load()
}
