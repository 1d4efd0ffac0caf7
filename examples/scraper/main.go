// Command scraper crawls a local site with bounded concurrency and a per-request timeout,
// the asyncio scraper pattern (a Semaphore around gather, wait_for around each fetch):
//
//   - aio.Map fetches every URL with at most -limit requests in flight (with -mode
//     semaphore: one function per URL through aio.Gather, each holding a permit of an
//     aio.Semaphore of -limit while it fetches, asyncio's own spelling of the pattern);
//   - aio.WaitFor bounds each request by -timeout and reports the overrun as aio.ErrTimeout;
//   - a summary counts successes, timeouts and errors.
//
// The site is a local HTTP server (net/http/httptest on 127.0.0.1): every 10th page from
// page 3 on is too slow, every 10th from page 7 on fails with 500, the others answer in a
// few milliseconds. The server records how many requests it serves at once, to show that
// the limit holds.
//
//	go run ./examples/scraper -n 50 -limit 10 -timeout 200ms
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
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aio-go/aio"
)

// outcome is what happened to one URL.
type outcome struct {
	url   string
	bytes int
	err   error
}

func main() {
	n := flag.Int("n", 50, "number of pages to crawl")
	limit := flag.Int("limit", 10, "maximum number of requests in flight")
	timeout := flag.Duration("timeout", 200*time.Millisecond, "timeout of each request")
	verbose := flag.Bool("v", false, "print one line per page")
	mode := flag.String("mode", "map", "how to bound the requests: map (aio.Map) or semaphore (aio.Semaphore + aio.Gather)")
	flag.Parse()
	if *n < 1 || *limit < 1 || *timeout <= 0 || (*mode != "map" && *mode != "semaphore") {
		log.Fatal("scraper: -n and -limit must be at least 1, -timeout positive, -mode map or semaphore")
	}

	site := newSite(*timeout)
	srv := httptest.NewServer(site)
	defer srv.Close()
	client := srv.Client()

	urls := make([]string, *n)
	for i := range urls {
		urls[i] = srv.URL + "/page/" + strconv.Itoa(i)
	}
	fmt.Printf("crawling %d pages, at most %d at a time (%s), %v timeout per request\n", *n, *limit, *mode, *timeout)

	// crawl fetches one page within the timeout. It never returns an error: a failed page
	// is an outcome to report, and an error would make Map or Gather cancel the crawl.
	crawl := func(ctx context.Context, url string) (outcome, error) {
		size, err := aio.WaitFor(ctx, *timeout, func(ctx context.Context) (int, error) {
			return fetch(ctx, client, url)
		})
		return outcome{url: url, bytes: size, err: err}, nil
	}

	start := time.Now()
	var results []outcome
	var err error
	if *mode == "map" {
		results, err = aio.Map(context.Background(), urls, crawl, *limit)
	} else {
		sem := aio.NewSemaphore(*limit)
		fns := make([]func(context.Context) (outcome, error), len(urls))
		for i, url := range urls {
			fns[i] = func(ctx context.Context) (outcome, error) {
				if err := sem.Acquire(ctx); err != nil { // async with sem:
					return outcome{}, err
				}
				defer sem.Release()
				return crawl(ctx, url)
			}
		}
		results, err = aio.Gather(context.Background(), fns...)
	}
	if err != nil {
		log.Fatal(err)
	}
	elapsed := time.Since(start)

	var ok, timeouts, failures, bytes int
	for _, r := range results {
		switch {
		case r.err == nil:
			ok++
			bytes += r.bytes
		case errors.Is(r.err, aio.ErrTimeout):
			timeouts++
		default:
			failures++
		}
		if *verbose {
			status := "ok"
			if r.err != nil {
				status = r.err.Error()
			}
			fmt.Printf("  %-10s %s\n", strings.TrimPrefix(r.url, srv.URL), status)
		}
	}
	fmt.Printf("summary: %d ok (%d bytes), %d timeouts, %d errors\n", ok, bytes, timeouts, failures)
	fmt.Printf("peak concurrent requests seen by the server: %d (limit %d held: %v)\n",
		site.peak.Load(), *limit, site.peak.Load() <= int64(*limit))
	fmt.Printf("took %v\n", elapsed.Round(time.Millisecond))
}

// site serves /page/<i>; it counts the requests in flight and remembers the peak.
type site struct {
	slow     time.Duration
	inFlight atomic.Int64
	peak     atomic.Int64
}

func newSite(timeout time.Duration) *site { return &site{slow: 5 * timeout} }

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for old := s.peak.Load(); now > old && !s.peak.CompareAndSwap(old, now); old = s.peak.Load() {
	}

	i, err := strconv.Atoi(r.URL.Path[len("/page/"):])
	if err != nil {
		http.NotFound(w, r)
		return
	}
	delay := time.Duration(2+i%5) * time.Millisecond
	switch i % 10 {
	case 3:
		delay = s.slow // longer than the client's timeout
	case 7:
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	select {
	case <-time.After(delay):
		fmt.Fprintf(w, "<html>page %d</html>", i)
	case <-r.Context().Done(): // the client gave up
	}
}

// fetch GETs url and returns the size of its body; ctx cancels the request.
func fetch(ctx context.Context, client *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	b, err := io.ReadAll(resp.Body)
	return len(b), err
}
