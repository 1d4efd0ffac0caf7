package reliability

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aio-go/aio"
	"github.com/anishathalye/porcupine"
)

// Sequential specifications of the queues, the semaphore and the lock, as porcupine
// models. A call whose context ended and that returned the context's error is a no-op
// that may be placed anywhere in its interval (it took nothing, put nothing, holds
// nothing); a call that returned success despite its context is an ordinary success
// (it kept what it was handed). Returning the context's error while the context was not
// done is never allowed.

// outcome classifies an error for the models.
type outcome uint8

const (
	okO outcome = iota
	ctxO
	fullO
	emptyO
	shutO
	brokenO
	otherO
)

func (o outcome) String() string {
	return [...]string{"ok", "ctx", "ErrQueueFull", "ErrQueueEmpty", "ErrQueueShutDown", "ErrBrokenBarrier", "unexpected error"}[o]
}

func classify(err error) outcome {
	switch {
	case err == nil:
		return okO
	case isCtxErr(err):
		return ctxO
	case errors.Is(err, aio.ErrQueueFull):
		return fullO
	case errors.Is(err, aio.ErrQueueEmpty):
		return emptyO
	case errors.Is(err, aio.ErrQueueShutDown):
		return shutO
	case errors.Is(err, aio.ErrBrokenBarrier):
		return brokenO
	}
	return otherO
}

// ---- queues ----

type qOp uint8

const (
	qPut qOp = iota
	qGet
	qTryPut
	qTryGet
	qLen
	qShutdown
	qShutdownNow
)

type qIn struct {
	op       qOp
	v        int
	canceled bool // the call's context was done when it returned
}

type qOut struct {
	v int
	o outcome
}

type qState struct {
	items []int // in arrival order
	shut  bool
}

// next returns the index in items of the item a Get takes.
func (k queueKind) next(items []int) int {
	switch k {
	case lifo:
		return len(items) - 1
	case prio:
		best := 0
		for i, v := range items {
			if priority(v) < priority(items[best]) { // strict: the first among equals wins
				best = i
			}
		}
		return best
	case ordered:
		return slices.Index(items, slices.Min(items))
	}
	return 0
}

// queueModel is the sequential specification of a queue of kind k and capacity c.
func queueModel(k queueKind, c int) porcupine.Model {
	return porcupine.Model{
		Init: func() any { return qState{} },
		Step: func(st, in, out any) (bool, any) {
			s, i, o := st.(qState), in.(qIn), out.(qOut)
			return queueStep(k, c, s, i, o)
		},
		Equal: func(a, b any) bool {
			x, y := a.(qState), b.(qState)
			return x.shut == y.shut && slices.Equal(x.items, y.items)
		},
		DescribeOperation: func(in, out any) string { return describeQ(in.(qIn), out.(qOut)) },
		DescribeState: func(st any) string {
			s := st.(qState)
			return fmt.Sprintf("%v shut=%v", s.items, s.shut)
		},
	}
}

func queueStep(k queueKind, c int, s qState, i qIn, o qOut) (bool, qState) {
	full := c > 0 && len(s.items) >= c
	if o.o == ctxO {
		// A canceled call that reports its context's error changed nothing.
		return i.canceled && (i.op == qPut || i.op == qGet), s
	}
	switch i.op {
	case qPut, qTryPut:
		switch {
		case o.o == shutO:
			return s.shut, s
		case o.o == fullO:
			return i.op == qTryPut && !s.shut && full, s
		case o.o == okO && !s.shut && !full:
			return true, qState{items: append(slices.Clone(s.items), i.v), shut: s.shut}
		}
	case qGet, qTryGet:
		switch {
		case o.o == shutO:
			return s.shut && len(s.items) == 0, s
		case o.o == emptyO:
			return i.op == qTryGet && !s.shut && len(s.items) == 0, s
		case o.o == okO && len(s.items) > 0:
			j := k.next(s.items)
			if s.items[j] != o.v {
				return false, s
			}
			return true, qState{items: slices.Delete(slices.Clone(s.items), j, j+1), shut: s.shut}
		}
	case qLen:
		return o.o == okO && o.v == len(s.items), s
	case qShutdown:
		return true, qState{items: s.items, shut: true}
	case qShutdownNow:
		return true, qState{shut: true}
	}
	return false, s
}

func describeQ(i qIn, o qOut) string {
	name := [...]string{"Put", "Get", "TryPut", "TryGet", "Len", "Shutdown(false)", "Shutdown(true)"}[i.op]
	var b strings.Builder
	b.WriteString(name)
	switch i.op {
	case qPut, qTryPut:
		fmt.Fprintf(&b, "(%d)", i.v)
	case qGet, qTryGet, qLen:
		b.WriteString("()")
	}
	if i.canceled {
		b.WriteString(" [ctx canceled]")
	}
	switch {
	case o.o != okO:
		fmt.Fprintf(&b, " -> %v", o.o)
	case i.op == qGet || i.op == qTryGet || i.op == qLen:
		fmt.Fprintf(&b, " -> %d", o.v)
	default:
		b.WriteString(" -> ok")
	}
	return b.String()
}

// ---- semaphore ----

type sOp uint8

const (
	sAcquire sOp = iota
	sTryAcquire
	sRelease
	sAvailable
)

type sIn struct {
	op       sOp
	n        int
	canceled bool
}

type sOut struct {
	ok  bool    // Acquire: nil error; TryAcquire: true
	o   outcome // Acquire's error
	avl int     // Available
}

// semModel is the sequential specification of a semaphore of capacity c whose callers ask
// for at most maxN permits at once. Because a TryAcquire never barges past a waiter, a
// TryAcquireN(n) may fail with n permits free while a waiter asks for more than are free;
// that can only be when fewer than maxN are free, which is all the model allows.
func semModel(c, maxN int) porcupine.Model {
	return porcupine.Model{
		Init: func() any { return c },
		Step: func(st, in, out any) (bool, any) {
			a, i, o := st.(int), in.(sIn), out.(sOut)
			switch i.op {
			case sAcquire:
				if o.o == ctxO {
					return i.canceled, a
				}
				return o.o == okO && a >= i.n, a - i.n
			case sTryAcquire:
				if o.ok {
					return a >= i.n, a - i.n
				}
				return a < i.n || a < maxN, a
			case sRelease:
				return a+i.n <= c, a + i.n
			case sAvailable:
				return o.avl == a, a
			}
			return false, a
		},
		DescribeOperation: func(in, out any) string {
			i, o := in.(sIn), out.(sOut)
			c := ""
			if i.canceled {
				c = " [ctx canceled]"
			}
			switch i.op {
			case sAcquire:
				if o.o == okO {
					return fmt.Sprintf("AcquireN(%d)%s -> nil", i.n, c)
				}
				return fmt.Sprintf("AcquireN(%d)%s -> %v", i.n, c, o.o)
			case sTryAcquire:
				return fmt.Sprintf("TryAcquireN(%d) -> %v", i.n, o.ok)
			case sRelease:
				return fmt.Sprintf("ReleaseN(%d)", i.n)
			}
			return fmt.Sprintf("Available() -> %d", o.avl)
		},
		DescribeState: func(st any) string { return fmt.Sprintf("available=%d", st.(int)) },
	}
}

// ---- lock ----

type lOp uint8

const (
	lAcquire lOp = iota
	lTryLock
	lUnlock
	lLocked
)

type lIn struct {
	op       lOp
	canceled bool
}

type lOut struct {
	ok bool // Acquire: nil error; TryLock, Locked: the result
	o  outcome
}

// lockModel is the sequential specification of a mutex.
func lockModel() porcupine.Model {
	return porcupine.Model{
		Init: func() any { return false },
		Step: func(st, in, out any) (bool, any) {
			held, i, o := st.(bool), in.(lIn), out.(lOut)
			switch i.op {
			case lAcquire:
				if o.o == ctxO {
					return i.canceled, held
				}
				return o.o == okO && !held, true
			case lTryLock:
				if o.ok {
					return !held, true
				}
				return held, held
			case lUnlock:
				return held, false
			case lLocked:
				return o.ok == held, held
			}
			return false, held
		},
		DescribeOperation: func(in, out any) string {
			i, o := in.(lIn), out.(lOut)
			c := ""
			if i.canceled {
				c = " [ctx canceled]"
			}
			switch i.op {
			case lAcquire:
				if o.o == okO {
					return "Acquire()" + c + " -> nil"
				}
				return fmt.Sprintf("Acquire()%s -> %v", c, o.o)
			case lTryLock:
				return fmt.Sprintf("TryLock() -> %v", o.ok)
			case lUnlock:
				return "Unlock()"
			}
			return fmt.Sprintf("Locked() -> %v", o.ok)
		},
		DescribeState: func(st any) string { return fmt.Sprintf("locked=%v", st.(bool)) },
	}
}
