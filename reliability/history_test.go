package reliability

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/anishathalye/porcupine"
)

// recorder records one concurrent history: every call with its invocation and response
// timestamps from a shared logical clock (an operation that returned before another was
// invoked has a smaller Return than the other's Call), its input and its output.
// Each client is one goroutine and appends only to its own slice.
type recorder struct {
	clock   atomic.Int64
	clients [][]porcupine.Operation
}

func newRecorder(clients int) *recorder {
	return &recorder{clients: make([][]porcupine.Operation, clients)}
}

// do runs f as one operation of client c; f returns the operation's input and output,
// so that the input may say what happened to the call's context.
func (r *recorder) do(c int, f func() (in, out any)) {
	if r.clock.Load()%3 != 0 {
		runtime.Gosched() // let the other clients catch up, so that calls overlap
	}
	call := r.clock.Add(1)
	in, out := f()
	ret := r.clock.Add(1)
	r.clients[c] = append(r.clients[c], porcupine.Operation{ClientId: c, Input: in, Call: call, Output: out, Return: ret})
}

func (r *recorder) history() []porcupine.Operation {
	var h []porcupine.Operation
	for _, ops := range r.clients {
		h = append(h, ops...)
	}
	return h
}

// linSpec describes one linearizability check: a sequential model, and a function that
// runs one short concurrent history against a fresh subject and records it.
type linSpec struct {
	name    string
	model   porcupine.Model
	clients int
	run     func(rng *rand.Rand, r *recorder, ch *chaos)
}

// linReport says what a run of checkLinearizable found.
type linReport struct {
	histories, operations, canceled, unknown int
	overlapping                              int    // operations concurrent with another one
	failure                                  string // the first non-linearizable history, readable; "" if none
}

// checkLinearizable runs n histories of spec and checks each against the model. It stops
// at the first history that is not linearizable and describes it in the report.
func checkLinearizable(spec linSpec, n int, seed uint64) linReport {
	var rep linReport
	for h := 0; h < n; h++ {
		rng := rand.New(rand.NewPCG(seed, uint64(h)))
		rec := newRecorder(spec.clients)
		ch := newChaos(0.1 + 0.2*rng.Float64()) // 10-30% of contexts canceled
		spec.run(rng, rec, ch)
		hist := rec.history()
		rep.histories++
		rep.operations += len(hist)
		rep.overlapping += overlapping(hist)
		rep.canceled += int(ch.canceled.Load())
		res, info := porcupine.CheckOperationsVerbose(spec.model, hist, 5*time.Second)
		switch res {
		case porcupine.Unknown:
			rep.unknown++
		case porcupine.Illegal:
			rep.failure = fmt.Sprintf("history %d of %s (seed %d) is not linearizable:\n%s",
				h, spec.name, seed, formatHistory(spec.model, hist))
			if dir := *visualizeDir; dir != "" {
				path := filepath.Join(dir, fmt.Sprintf("%s-%d.html", strings.ReplaceAll(spec.name, "/", "_"), h))
				if err := os.MkdirAll(dir, 0o755); err == nil {
					if err := porcupine.VisualizePath(spec.model, info, path); err == nil {
						rep.failure += "visualisation: " + path + "\n"
					}
				}
			}
			return rep
		}
	}
	return rep
}

// overlapping counts the operations of h whose interval overlaps another's.
func overlapping(h []porcupine.Operation) int {
	n := 0
	for i, a := range h {
		for j, b := range h {
			if i != j && a.Call < b.Return && b.Call < a.Return {
				n++
				break
			}
		}
	}
	return n
}

// formatHistory prints a history one operation a line, in invocation order, with each
// client's calls in its own column of the timeline.
func formatHistory(m porcupine.Model, h []porcupine.Operation) string {
	h = slices.Clone(h)
	slices.SortFunc(h, func(a, b porcupine.Operation) int { return int(a.Call - b.Call) })
	var b strings.Builder
	for _, op := range h {
		fmt.Fprintf(&b, "  client %d  [%3d, %3d]  %s\n", op.ClientId, op.Call, op.Return, m.DescribeOperation(op.Input, op.Output))
	}
	return b.String()
}
