package hubspot

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// script answers the fake's requests in turn with the given statuses (the
// last one repeating); 200 is a contact. It counts the requests.
func script(t *testing.T, f *fakeHubSpot, header map[string]string, statuses ...int) *atomic.Int32 {
	var n atomic.Int32
	f.handle = func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		i := int(n.Add(1)) - 1
		status := statuses[min(i, len(statuses)-1)]
		for k, v := range header {
			w.Header().Set(k, v)
		}
		switch status {
		case 200, 201:
			writeJSON(w, status, wireObject{ID: "1", Properties: map[string]string{"email": "a@x.com"}})
		case 429:
			writeJSON(w, 429, wireError{Status: "error", Message: "You have reached your ten_secondly_rolling limit.", PolicyName: header["policy"]})
		default:
			writeError(w, status, "X", "scripted")
		}
	}
	return &n
}

func TestRetries(t *testing.T) {
	t.Run("should retry on 503 then succeed", func(t *testing.T) {
		// Given a CRM that fails twice with 503
		f := newFakeHubSpot(t)
		n := script(t, f, nil, 503, 503, 200)
		// When a contact is read
		c, err := f.client(t, nil).Get(t.Context(), "1", nil)
		// Then the third attempt succeeds
		if err != nil || c.ID != "1" || n.Load() != 3 {
			t.Fatalf("contact %+v, err %v after %d requests", c, err, n.Load())
		}
	})

	for _, status := range []int{400, 404, 409, 401} {
		t.Run("should not retry "+http.StatusText(status), func(t *testing.T) {
			f := newFakeHubSpot(t)
			n := script(t, f, nil, status, 200)
			if _, err := f.client(t, nil).Update(t.Context(), "1", map[string]string{"a": "b"}); err == nil || n.Load() != 1 {
				t.Fatalf("err %v after %d requests, want an error after 1", err, n.Load())
			}
		})
	}

	t.Run("should give up after MaxAttempts with the last failure", func(t *testing.T) {
		f := newFakeHubSpot(t)
		n := script(t, f, nil, 500)
		_, err := f.client(t, func(c *Config) { c.MaxAttempts = 3 }).Get(t.Context(), "1", nil)
		var te *connectors.TransientError
		if !errors.As(err, &te) || te.Status != 500 || n.Load() != 3 {
			t.Fatalf("err %v after %d requests", err, n.Load())
		}
	})

	t.Run("should not retry DAILY", func(t *testing.T) {
		f := newFakeHubSpot(t)
		n := script(t, f, map[string]string{"policy": connectors.PolicyDaily}, 429, 200)
		_, err := f.client(t, nil).Get(t.Context(), "1", nil)
		var rl *connectors.RateLimitError
		if !errors.As(err, &rl) || rl.Policy != connectors.PolicyDaily || n.Load() != 1 {
			t.Fatalf("err %v after %d requests", err, n.Load())
		}
	})

	t.Run("should wait the window of TEN_SECONDLY_ROLLING, then retry", func(t *testing.T) {
		// Given a 429 whose window (interval header) is 80 ms
		f := newFakeHubSpot(t)
		n := script(t, f, map[string]string{"policy": connectors.PolicyTenSecondly, HeaderRateLimitInterval: "80"}, 429, 200)
		// When a contact is read
		start := time.Now()
		_, err := f.client(t, nil).Get(t.Context(), "1", nil)
		// Then the retry came no sooner than the window
		if err != nil || n.Load() != 2 || time.Since(start) < 80*time.Millisecond {
			t.Fatalf("err %v after %d requests in %s", err, n.Load(), time.Since(start))
		}
	})

	t.Run("should honour Retry-After on a SECONDLY search 429", func(t *testing.T) {
		f := newFakeHubSpot(t)
		n := script(t, f, map[string]string{"policy": connectors.PolicySecondly, HeaderRetryAfter: "0.06"}, 429, 200)
		start := time.Now()
		_, err := f.client(t, nil).Search(t.Context(), connectors.SearchRequest{})
		if err != nil || n.Load() != 2 || time.Since(start) < 60*time.Millisecond {
			t.Fatalf("err %v after %d requests in %s", err, n.Load(), time.Since(start))
		}
	})

	t.Run("should wait out 429s without spending the call's attempts", func(t *testing.T) {
		// Given a CRM that answers 429 eight times, then a contact, and a
		// call allowed two attempts
		f := newFakeHubSpot(t)
		n := script(t, f, map[string]string{"policy": connectors.PolicyTenSecondly, HeaderRetryAfter: "0.005"},
			429, 429, 429, 429, 429, 429, 429, 429, 200)
		var limited atomic.Int32
		cl := f.client(t, func(c *Config) {
			c.MaxAttempts, c.OnRateLimited = 2, func(string) { limited.Add(1) }
		})
		// When a contact is read
		c, err := cl.Get(t.Context(), "1", nil)
		// Then the call waited each 429 out and succeeded: rate limits are
		// back-pressure, not failures
		if err != nil || c.ID != "1" || n.Load() != 9 || limited.Load() != 8 {
			t.Fatalf("contact %+v, err %v after %d requests, %d reported 429s", c, err, n.Load(), limited.Load())
		}
	})

	t.Run("should wait out a 429 however long, until the caller's context ends", func(t *testing.T) {
		// Given a 429 asking for a minute, longer than MaxRetryAfter
		f := newFakeHubSpot(t)
		n := script(t, f, map[string]string{"policy": connectors.PolicyTenSecondly, HeaderRetryAfter: "60"}, 429, 200)
		cl := f.client(t, func(c *Config) { c.MaxRetryAfter = time.Second })
		// When the call's context ends once it waits for the limiter
		_, err := cl.Get(queuedContext(t, cl), "1", nil)
		// Then it did not go again before the minute, and ended with its
		// context, not as a rate limit
		var rl *connectors.RateLimitError
		if !errors.Is(err, context.Canceled) || errors.As(err, &rl) || n.Load() != 1 {
			t.Fatalf("err %v after %d requests", err, n.Load())
		}
	})

	t.Run("should stop retrying when the caller's context ends", func(t *testing.T) {
		f := newFakeHubSpot(t)
		script(t, f, nil, 503)
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := f.client(t, func(c *Config) {
			c.MaxAttempts, c.BaseBackoff, c.MaxBackoff, c.BreakerFailures = 100, 10*time.Millisecond, 10*time.Millisecond, 1000
		}).Get(ctx, "1", nil)
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
			t.Fatalf("err %v after %s", err, time.Since(start))
		}
	})
}

func TestCircuitBreaker(t *testing.T) {
	t.Run("should open after repeated 5xx, fail fast, then close after recovery", func(t *testing.T) {
		// Given a CRM failing with 503 and a breaker of 3 failures and 50 ms
		f := newFakeHubSpot(t)
		var healthy atomic.Bool
		var n atomic.Int32
		f.handle = func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			n.Add(1)
			if healthy.Load() {
				writeJSON(w, 200, wireObject{ID: "1"})
				return
			}
			writeError(w, 503, "X", "down")
		}
		var mu sync.Mutex
		var changes []bool
		cl := f.client(t, func(c *Config) {
			c.MaxAttempts, c.BreakerFailures, c.BreakerDelay = 1, 3, 50*time.Millisecond
			c.OnBreakerStateChange = func(open bool) { mu.Lock(); changes = append(changes, open); mu.Unlock() }
		})
		// When three calls fail
		for range 3 {
			if _, err := cl.Get(t.Context(), "1", nil); !errors.Is(err, connectors.ErrTransient) {
				t.Fatalf("err %v", err)
			}
		}
		// Then the breaker is open and the next call fails fast without a request
		_, err := cl.Get(t.Context(), "1", nil)
		if !errors.Is(err, connectors.ErrCircuitOpen) || !cl.BreakerOpen() || n.Load() != 3 || cl.BreakerRemainingDelay() <= 0 {
			t.Fatalf("err %v, open %v, %d requests", err, cl.BreakerOpen(), n.Load())
		}
		// When the CRM recovers and the delay passes
		healthy.Store(true)
		waitBreakerDelay(t, cl)
		// Then a trial call succeeds and closes the breaker
		if _, err := cl.Get(t.Context(), "1", nil); err != nil || cl.BreakerState() != "closed" {
			t.Fatalf("err %v, state %s", err, cl.BreakerState())
		}
		mu.Lock()
		defer mu.Unlock()
		if len(changes) != 2 || !changes[0] || changes[1] {
			t.Fatalf("state changes %v, want open then closed", changes)
		}
	})

	t.Run("should count neither 4xx nor 429 as failures", func(t *testing.T) {
		f := newFakeHubSpot(t)
		script(t, f, map[string]string{"policy": connectors.PolicyDaily}, 404, 409, 400, 429, 404, 429)
		cl := f.client(t, func(c *Config) { c.BreakerFailures = 2 })
		for range 6 {
			_, _ = cl.Get(t.Context(), "1", nil)
		}
		if cl.BreakerOpen() {
			t.Fatal("breaker opened on client errors")
		}
	})
}

func TestRequestTimeout(t *testing.T) {
	t.Run("should time out a hanging request and retry it", func(t *testing.T) {
		// Given a CRM that hangs on the first request
		f := newFakeHubSpot(t)
		var n atomic.Int32
		f.handle = func(w http.ResponseWriter, r *http.Request, _ []byte) {
			if n.Add(1) == 1 {
				<-r.Context().Done()
				return
			}
			writeJSON(w, 200, wireObject{ID: "1"})
		}
		// When a contact is read with a 50 ms request timeout
		start := time.Now()
		_, err := f.client(t, func(c *Config) { c.RequestTimeout = 50 * time.Millisecond }).Get(t.Context(), "1", nil)
		// Then the hung attempt is cut and the retry succeeds
		if err != nil || n.Load() != 2 || time.Since(start) < 50*time.Millisecond || time.Since(start) > time.Second {
			t.Fatalf("err %v after %d requests in %s", err, n.Load(), time.Since(start))
		}
	})

	t.Run("should report a timed-out write as maybe applied", func(t *testing.T) {
		f := newFakeHubSpot(t)
		f.handle = func(w http.ResponseWriter, r *http.Request, _ []byte) { <-r.Context().Done() }
		_, err := f.client(t, func(c *Config) { c.RequestTimeout, c.MaxAttempts = 30*time.Millisecond, 1 }).
			Update(t.Context(), "1", map[string]string{"a": "b"})
		var te *connectors.TransientError
		if !errors.As(err, &te) || !te.MaybeApplied || te.Status != 0 {
			t.Fatalf("err %#v", err)
		}
	})
}

// waitLog records Config.OnRateLimitWait calls.
type waitLog struct {
	mu    sync.Mutex
	ops   []string
	waits []time.Duration
}

func (l *waitLog) on(op string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ops, l.waits = append(l.ops, op), append(l.waits, d)
}

func TestRateLimitWait(t *testing.T) {
	t.Run("should report each request's wait for a permit, by operation", func(t *testing.T) {
		// Given a limiter of one request per 150 ms
		f := newFakeHubSpot(t)
		script(t, f, nil, 200)
		var log waitLog
		cl := f.client(t, func(c *Config) {
			c.RateLimit, c.RateWindow, c.MaxAttempts, c.OnRateLimitWait = 1, 150*time.Millisecond, 1, log.on
		})
		// When a contact is read by id, then one by e-mail
		if _, err := cl.Get(t.Context(), "1", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := cl.GetByEmail(t.Context(), "a@x.com", nil); err != nil {
			t.Fatal(err)
		}
		// Then the first request took its permit at once and the second
		// waited for the next window
		if len(log.ops) != 2 || log.ops[0] != OperationGet || log.ops[1] != OperationGetByEmail {
			t.Fatalf("reported %v, want [get get_by_email]", log.ops)
		}
		if log.waits[0] > 50*time.Millisecond || log.waits[1] < 50*time.Millisecond {
			t.Fatalf("waits %v: want the first at once, the second about a window", log.waits)
		}
	})

	t.Run("should report the wait of a request whose context ended first", func(t *testing.T) {
		// Given a limiter of one request an hour
		f := newFakeHubSpot(t)
		n := script(t, f, nil, 200)
		var log waitLog
		cl := f.client(t, func(c *Config) {
			c.RateLimit, c.RateWindow, c.OnRateLimitWait = 1, time.Hour, log.on
		})
		// When two updates are made, the second under a context that ends
		// once it waits
		_, _ = cl.Update(t.Context(), "1", map[string]string{"a": "b"})
		_, err := cl.Update(queuedContext(t, cl), "1", map[string]string{"a": "c"})
		// Then the second waited instead of failing, did not reach
		// HubSpot, and both waits are reported
		var rl *connectors.RateLimitError
		if err == nil || errors.As(err, &rl) || n.Load() != 1 {
			t.Fatalf("err %v after %d requests", err, n.Load())
		}
		if len(log.ops) != 2 || log.ops[0] != OperationUpdate || log.ops[1] != OperationUpdate {
			t.Fatalf("reported %v, want [update update]", log.ops)
		}
	})
}

// waitBreakerDelay returns once cl's open breaker lets a trial call
// through: its delay has passed.
func waitBreakerDelay(t *testing.T, cl *Client) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for cl.BreakerRemainingDelay() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the breaker still rejects calls for %s after a minute", cl.BreakerRemainingDelay())
		}
		time.Sleep(time.Millisecond)
	}
}

// queuedContext is a context that ends once a request of cl waits for a
// rate-limit permit: a call under it shows whether it would have waited.
func queuedContext(t *testing.T, cl *Client) context.Context {
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	go func() {
		for ctx.Err() == nil {
			if cl.RateLimitQueue() > 0 {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	return ctx
}

func TestOperationOf(t *testing.T) {
	email := url.Values{"idProperty": {"email"}}
	for _, c := range []struct {
		method, path string
		query        url.Values
		want         string
	}{
		{http.MethodGet, "/1", nil, OperationGet},
		{http.MethodGet, "/a@x.com", email, OperationGetByEmail},
		{http.MethodGet, "", url.Values{"limit": {"100"}}, OperationList},
		{http.MethodPost, "", nil, OperationCreate},
		{http.MethodPatch, "/1", nil, OperationUpdate},
		{http.MethodPost, "/search", nil, OperationSearch},
		{http.MethodPost, "/merge", nil, OperationMerge},
		{http.MethodPost, "/batch/read", nil, OperationBatchRead},
		{http.MethodPost, "/batch/create", nil, OperationBatchCreate},
		{http.MethodPost, "/batch/update", nil, OperationBatchUpdate},
		{http.MethodPost, "/batch/upsert", nil, OperationBatchUpsert},
	} {
		if got := operationOf(c.method, c.path, c.query); got != c.want {
			t.Errorf("operationOf(%s %q %v) = %q, want %q", c.method, c.path, c.query, got, c.want)
		}
	}
}
