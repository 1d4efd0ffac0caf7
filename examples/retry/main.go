// Command retry calls three local endpoints through aio.Retry, the retry decorator that
// asyncio programs borrow from tenacity or backoff, and prints every backoff from the
// OnRetry hook:
//
//   - /flaky fails with 503 for its first -failures requests, then answers: Retry succeeds;
//   - /down always fails with 503: Retry gives up after -attempts calls with a *RetryError;
//   - /missing answers 404, which the client marks aio.Permanent: no retry at all.
//
// The server is local (net/http/httptest on 127.0.0.1). Jitter is off by default so the
// printed delays are the exponential schedule itself; -jitter full shows the randomised one.
//
//	go run ./examples/retry -failures 3 -attempts 5 -initial 50ms
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
	"sync/atomic"
	"time"

	"github.com/aio-go/aio"
)

func main() {
	failures := flag.Int("failures", 3, "how many requests /flaky fails before it answers")
	attempts := flag.Int("attempts", 5, "calls per endpoint, the first one included")
	initial := flag.Duration("initial", 50*time.Millisecond, "first backoff delay; each next one doubles")
	jitter := flag.String("jitter", "none", "jitter of the delays: none, equal or full")
	flag.Parse()
	j, ok := map[string]aio.Jitter{"none": aio.NoJitter, "equal": aio.EqualJitter, "full": aio.FullJitter}[*jitter]
	if !ok || *attempts < 1 || *initial < 0 {
		log.Fatal("retry: -jitter must be none, equal or full; -attempts at least 1; -initial not negative")
	}

	var flakyCalls atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if flakyCalls.Add(1) <= int64(*failures) {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "fresh data")
	})
	mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	})
	srv := httptest.NewServer(mux) // any other path answers 404
	defer srv.Close()

	for _, path := range []string{"/flaky", "/down", "/missing"} {
		fmt.Printf("GET %s\n", path)
		start := time.Now()
		body, err := aio.RetryValue(context.Background(), func(ctx context.Context) (string, error) {
			return get(ctx, srv.Client(), srv.URL+path)
		},
			aio.RetryAttempts(*attempts),
			aio.RetryBackoff(*initial, 2, time.Minute),
			aio.RetryJitter(j),
			aio.OnRetry(func(attempt int, err error, delay time.Duration) {
				fmt.Printf("  attempt %d failed: %v; retrying in %v\n", attempt, err, delay)
			}))
		elapsed := time.Since(start).Round(time.Millisecond)
		var re *aio.RetryError
		var refused *statusError
		switch {
		case err == nil:
			fmt.Printf("  ok: %q after %v\n", body, elapsed)
		case errors.As(err, &refused):
			fmt.Printf("  not retried, the error is Permanent: %v\n", err)
		case errors.As(err, &re):
			fmt.Printf("  gave up after %d attempts: %v\n", re.Attempts, err)
		default:
			fmt.Printf("  failed: %v\n", err)
		}
	}
}

// statusError is an answer that retrying cannot change (a 4xx): get marks it Permanent.
type statusError struct{ status string }

func (e *statusError) Error() string { return e.status }

// get GETs url: a 5xx answer is worth retrying, any other error status is Permanent.
func get(ctx context.Context, client *http.Client, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", aio.Permanent(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err // a network error: retry
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	switch {
	case err != nil:
		return "", err
	case resp.StatusCode >= 500:
		return "", errors.New(resp.Status)
	case resp.StatusCode != http.StatusOK:
		return "", aio.Permanent(&statusError{resp.Status})
	}
	return string(b), nil
}
