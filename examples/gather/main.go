// Command gather fetches pages one after another, then all at once with aio.Gather, and
// prints the two times side by side: asyncio.gather's classic demonstration.
//
// The pages come from a local HTTP server (net/http/httptest on 127.0.0.1) that answers
// each request after a fixed delay, so the program needs no network.
//
//	go run ./examples/gather -n 10 -delay 100ms
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/aio-go/aio"
)

func main() {
	n := flag.Int("n", 10, "number of pages to fetch")
	delay := flag.Duration("delay", 100*time.Millisecond, "how long the server takes to answer one request")
	flag.Parse()
	if *n < 1 {
		log.Fatal("gather: -n must be at least 1")
	}

	srv := httptest.NewServer(slowHandler(*delay))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	fmt.Printf("fetching %d pages; the server takes %v per request\n", *n, *delay)

	// Serial: each fetch starts when the previous one has finished.
	start := time.Now()
	var serialBytes int
	for i := range *n {
		body, err := fetch(ctx, client, pageURL(srv.URL, i))
		if err != nil {
			log.Fatal(err)
		}
		serialBytes += len(body)
	}
	serial := time.Since(start)

	// Concurrent: one function per page, all running at once. Gather returns the bodies
	// in input order; the first error would cancel the other fetches.
	fns := make([]func(context.Context) (string, error), *n)
	for i := range fns {
		fns[i] = func(ctx context.Context) (string, error) {
			return fetch(ctx, client, pageURL(srv.URL, i))
		}
	}
	start = time.Now()
	bodies, err := aio.Gather(ctx, fns...)
	if err != nil {
		log.Fatal(err)
	}
	concurrent := time.Since(start)
	var concurrentBytes int
	for _, b := range bodies {
		concurrentBytes += len(b)
	}

	fmt.Printf("first result: %q, last result: %q (input order)\n", bodies[0], bodies[len(bodies)-1])
	fmt.Printf("%-12s %8s %8s\n", "", "pages", "time")
	fmt.Printf("%-12s %8d %8v\n", "serial", *n, serial.Round(time.Millisecond))
	fmt.Printf("%-12s %8d %8v\n", "aio.Gather", len(bodies), concurrent.Round(time.Millisecond))
	fmt.Printf("same bytes: %v; speed-up: %.1fx\n", serialBytes == concurrentBytes, float64(serial)/float64(concurrent))
}

// slowHandler answers every request after delay, unless the client gives up first.
func slowHandler(delay time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(delay):
			fmt.Fprintf(w, "page %s", r.URL.Query().Get("id"))
		case <-r.Context().Done():
		}
	})
}

func pageURL(base string, i int) string { return fmt.Sprintf("%s/page?id=%d", base, i) }

// fetch GETs url and returns its body; ctx cancels the request.
func fetch(ctx context.Context, client *http.Client, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}
