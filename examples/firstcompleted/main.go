// Command firstcompleted asks several mirrors for the same file and keeps the first
// answer: asyncio.wait(..., return_when=FIRST_COMPLETED), then cancel the losers.
//
// Each mirror is a local HTTP server (net/http/httptest on 127.0.0.1) with its own latency.
// One aio.Task per mirror fetches the file; aio.Wait with aio.FirstCompleted returns as
// soon as one task is done, with the others still pending. Wait never cancels anything
// itself: the program cancels the pending tasks, waits for them to return, and shows that
// each one ended by cancellation (Task.Cancelled) and that its server saw the client leave
// (with equal latencies a mirror may finish before its Cancel, and says so).
//
//	go run ./examples/firstcompleted -latencies 300ms,50ms,150ms
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aio-go/aio"
)

func main() {
	latencies := flag.String("latencies", "300ms,50ms,150ms", "comma-separated latency of each mirror")
	flag.Parse()

	var mirrors []*mirror
	for i, s := range strings.Split(*latencies, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			log.Fatalf("firstcompleted: bad latency %q: %v", s, err)
		}
		m := newMirror(fmt.Sprintf("mirror-%c", 'a'+i), d)
		defer m.srv.Close()
		mirrors = append(mirrors, m)
		fmt.Printf("%s answers after %v\n", m.name, d)
	}

	ctx := context.Background()
	start := time.Now()
	tasks := make([]*aio.Task[string], len(mirrors))
	for i, m := range mirrors {
		tasks[i] = aio.Go(ctx, m.fetch)
	}

	done, pending, err := aio.Wait(ctx, tasks, aio.FirstCompleted)
	if err != nil {
		log.Fatal(err)
	}
	body, err := done[0].Result()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("winner: %q after %v; %d still pending\n", body, time.Since(start).Round(10*time.Millisecond), len(pending))

	// The losers' results are no longer wanted: cancel them and wait until they return,
	// so that no request outlives this function.
	for _, t := range pending {
		t.Cancel()
	}
	for _, t := range pending {
		<-t.Done()
	}
	for i, t := range tasks {
		if t == done[0] {
			continue
		}
		m := mirrors[i]
		m.srv.Close() // blocks until its handlers have returned
		_, err := t.Result()
		fmt.Printf("%s: Cancelled()=%v, err is context.Canceled: %v, server saw the client leave: %v\n",
			m.name, t.Cancelled(), errors.Is(err, context.Canceled), m.abandoned.Load())
	}
}

// mirror is a server that serves the file after its latency.
type mirror struct {
	name      string
	srv       *httptest.Server
	abandoned atomic.Bool // the client left before the answer
}

func newMirror(name string, latency time.Duration) *mirror {
	m := &mirror{name: name}
	m.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(latency):
			fmt.Fprintf(w, "file from %s", name)
		case <-r.Context().Done():
			m.abandoned.Store(true)
		}
	}))
	return m
}

// fetch downloads the file from the mirror; ctx cancels the request.
func (m *mirror) fetch(ctx context.Context) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.srv.URL+"/file", nil)
	if err != nil {
		return "", err
	}
	resp, err := m.srv.Client().Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}
