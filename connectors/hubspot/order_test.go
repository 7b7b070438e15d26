package hubspot

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// The policy order of doc.go: Retry(CircuitBreaker(attempt)), each HTTP
// request of an attempt under RateLimiter(Timeout(request)). Each test fails
// if two of the layers are swapped. (A per-attempt timeout is covered by
// "should time out a hanging request and retry it".)

func TestPolicyOrder(t *testing.T) {
	t.Run("should spend a rate-limit permit on every retry", func(t *testing.T) {
		// Given a limiter of 2 requests and a CRM that always fails
		f := newFakeHubSpot(t)
		n := script(t, f, nil, 503)
		cl := f.client(t, func(c *Config) { c.RateLimit, c.RateWindow = 2, time.Hour })
		// When a call retries up to 5 times, under a context that ends
		// once it waits for a permit
		_, err := cl.Get(queuedContext(t, cl), "1", nil)
		// Then only two requests reach HubSpot and the third attempt waits
		// for a permit instead of failing as a rate limit
		var rl *connectors.RateLimitError
		if errors.As(err, &rl) || !errors.Is(err, context.Canceled) || n.Load() != 2 {
			t.Fatalf("err %v after %d requests", err, n.Load())
		}
	})

	t.Run("should let the breaker stop a call's own retries", func(t *testing.T) {
		// Given a breaker of 3 failures and a call allowed 10 attempts
		f := newFakeHubSpot(t)
		n := script(t, f, nil, 503)
		cl := f.client(t, func(c *Config) { c.MaxAttempts, c.BreakerFailures = 10, 3 })
		// When the CRM keeps failing
		_, err := cl.Get(t.Context(), "1", nil)
		// Then the breaker opens on the third attempt and the call ends there
		if !errors.Is(err, connectors.ErrCircuitOpen) || n.Load() != 3 {
			t.Fatalf("err %v after %d requests", err, n.Load())
		}
	})

	t.Run("should reject calls on an open breaker without spending permits", func(t *testing.T) {
		// Given a limiter of 3 requests and a breaker opened by 2 failures
		f := newFakeHubSpot(t)
		var healthy atomic.Bool
		f.handle = func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			if healthy.Load() {
				writeJSON(w, 200, wireObject{ID: "1"})
				return
			}
			writeError(w, 503, "X", "down")
		}
		cl := f.client(t, func(c *Config) {
			c.RateLimit, c.RateWindow = 3, time.Hour
			c.MaxAttempts, c.BreakerFailures, c.BreakerDelay = 1, 2, 40*time.Millisecond
		})
		for range 2 {
			_, _ = cl.Get(t.Context(), "1", nil)
		}
		// When many calls hit the open breaker
		for range 5 {
			if _, err := cl.Get(t.Context(), "1", nil); !errors.Is(err, connectors.ErrCircuitOpen) {
				t.Fatalf("err %v, want ErrCircuitOpen", err)
			}
		}
		// Then the third permit is still there for the trial call
		healthy.Store(true)
		waitBreakerDelay(t, cl)
		if _, err := cl.Get(queuedContext(t, cl), "1", nil); err != nil {
			t.Fatalf("trial call: %v", err)
		}
	})

	t.Run("should not count waiting for a permit against the request timeout", func(t *testing.T) {
		// Given one request per 150 ms and a request timeout of 50 ms
		f := newFakeHubSpot(t)
		script(t, f, nil, 200)
		cl := f.client(t, func(c *Config) {
			c.RateLimit, c.RateWindow, c.RequestTimeout, c.MaxAttempts = 1, 150*time.Millisecond, 50*time.Millisecond, 1
		})
		// When two calls follow each other
		start := time.Now()
		for i := range 2 {
			if _, err := cl.Get(t.Context(), "1", nil); err != nil {
				t.Fatalf("call %d: %v", i+1, err)
			}
		}
		// Then the second waited longer than the timeout for its permit and still succeeded
		if time.Since(start) < 60*time.Millisecond {
			t.Fatalf("two calls in %s: the limiter did not hold the second", time.Since(start))
		}
	})

	t.Run("should limit search separately from the other endpoints", func(t *testing.T) {
		f := newFakeHubSpot(t)
		f.handle = func(w http.ResponseWriter, r *http.Request, _ []byte) {
			writeJSON(w, 200, wirePage{Results: []wireObject{{ID: "1"}}})
		}
		cl := f.client(t, func(c *Config) {
			c.RateLimit, c.SearchRateLimit, c.RateWindow, c.SearchRateWindow = 1, 2, time.Hour, time.Hour
		})
		if _, err := cl.Get(t.Context(), "1", nil); err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if _, err := cl.Search(t.Context(), connectors.SearchRequest{}); err != nil {
				t.Fatalf("search %d: %v", i+1, err)
			}
		}
		if _, err := cl.Search(queuedContext(t, cl), connectors.SearchRequest{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("third search: %v, want it to wait", err)
		}
		if _, err := cl.Get(queuedContext(t, cl), "1", nil); !errors.Is(err, context.Canceled) {
			t.Fatalf("second get: %v, want it to wait", err)
		}
	})

	t.Run("should pass every request straight through when Raw", func(t *testing.T) {
		// Given a raw client with limits that would otherwise refuse
		f := newFakeHubSpot(t)
		n := script(t, f, nil, 503, 503, 200)
		cl := f.client(t, func(c *Config) { c.Raw, c.RateLimit, c.RateWindow, c.BreakerFailures = true, 1, time.Hour, 1 })
		// When calls fail
		for range 2 {
			if _, err := cl.Get(t.Context(), "1", nil); !errors.Is(err, connectors.ErrTransient) {
				t.Fatalf("err %v", err)
			}
		}
		// Then each failed once, unretried, and nothing was refused
		if _, err := cl.Get(t.Context(), "1", nil); err != nil || n.Load() != 3 || cl.BreakerState() != "disabled" {
			t.Fatalf("err %v after %d requests", err, n.Load())
		}
	})
}
