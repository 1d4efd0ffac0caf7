package reliability

import (
	"context"
	"fmt"
	"strings"
	"testing/synctest"
)

// The model-based fuzzing framework. An executor decodes operations from the fuzz input,
// one pair of bytes each (an opcode and an argument), runs each against the primitive
// and against a simple sequential model, and reports the first divergence. Blocking calls
// run in goroutines of their own; after every operation synctest.Wait lets every goroutine
// run until it blocks or returns, so the run is deterministic: each blocked call is
// either still blocked or has returned, and the model says which, and with what. This
// checks more than linearizability: FIFO order among waiters, no barging, and that a
// canceled waiter leaves nothing behind. Executors must run inside a synctest bubble.

// res is what one call returned.
type res struct {
	v int
	o outcome
}

func (r res) String() string {
	if r.o == okO {
		return fmt.Sprintf("ok(%d)", r.v)
	}
	return r.o.String()
}

// pending is a call running in a goroutine of its own.
type pending struct {
	id     int
	n, v   int // what it asks for or offers, for the model
	cancel context.CancelFunc
	got    chan res
	want   *res // set when the model says the call has returned
	done   bool
}

// fuzzRun is one execution: the calls still pending, the log of operations so far and
// the first divergence.
type fuzzRun struct {
	pend []*pending
	log  []string
	err  error
}

// decode splits data into at most max operations of (opcode, argument).
func decode(data []byte, max int) [][2]int {
	var ops [][2]int
	for i := 0; i+1 < len(data) && len(ops) < max; i += 2 {
		ops = append(ops, [2]int{int(data[i]), int(data[i+1])})
	}
	return ops
}

// logf records an operation for the failure report.
func (f *fuzzRun) logf(format string, args ...any) {
	f.log = append(f.log, fmt.Sprintf(format, args...))
}

// failf records the first divergence.
func (f *fuzzRun) failf(format string, args ...any) {
	if f.err == nil {
		f.err = fmt.Errorf("divergence from the model: %s\noperations:\n  %s", fmt.Sprintf(format, args...), strings.Join(f.log, "\n  "))
	}
}

// spawn runs call in a goroutine with a context that the run can cancel.
func (f *fuzzRun) spawn(n, v int, call func(ctx context.Context) res) *pending {
	ctx, cancel := context.WithCancel(context.Background())
	p := &pending{id: len(f.pend), n: n, v: v, cancel: cancel, got: make(chan res, 1)}
	f.pend = append(f.pend, p)
	go func() { p.got <- call(ctx) }()
	return p
}

// settle says the model completed p with r.
func (f *fuzzRun) settle(p *pending, r res) { p.want = &r }

// canceled returns an already-canceled context.
func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// expect compares a synchronous call's result with the model's.
func (f *fuzzRun) expect(what string, got, want res) {
	if got != want {
		f.failf("%s returned %v, the model says %v", what, got, want)
	}
}

// check waits until every goroutine is blocked or done, then compares each pending call
// with the model: those the model completed must have returned what it says, the others
// must still block.
func (f *fuzzRun) check() {
	synctest.Wait()
	for _, p := range f.pend {
		if p.done {
			continue
		}
		select {
		case r := <-p.got:
			p.done = true
			switch {
			case p.want == nil:
				f.failf("call #%d returned %v, the model says it still blocks", p.id, r)
			case r != *p.want:
				f.failf("call #%d returned %v, the model says %v", p.id, r, *p.want)
			}
		default:
			if p.want != nil {
				f.failf("call #%d still blocks, the model says it returned %v", p.id, *p.want)
			}
		}
	}
}

// finish cancels every call still pending and waits for them, so that nothing outlives
// the bubble, and returns the first divergence.
func (f *fuzzRun) finish() error {
	for _, p := range f.pend {
		p.cancel()
	}
	synctest.Wait()
	return f.err
}

// without returns the model's list without p.
func without(list []*pending, p *pending) []*pending {
	out := list[:0:0]
	for _, q := range list {
		if q != p {
			out = append(out, q)
		}
	}
	return out
}
