package hubspot

import (
	"sync"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// Issue 16: CRM 429s did not show in the metrics, because the client's
// retries hid them. OnResponse sees every HTTP response, the 429s the
// client waits out included (issue 15: they are back-pressure, not
// failures, so no call fails on them).
func TestOnResponseSeesEvery429(t *testing.T) {
	// Given an account that admits one search per second, and a client
	// that does not retry and thinks it may search five times a second
	// (search answers carry no rate-limit headers to correct it)
	var mu sync.Mutex
	statuses := map[int]int{}
	em := newEmulated(t, emulator.Config{SearchRateLimit: 1}, func(c *Config) {
		c.MaxAttempts, c.SearchRateLimit, c.RateBurst = 1, 5, 5
		c.OnResponse = func(_ string, status int) {
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		}
	})

	// When it searches twice
	var failed int
	for range 2 {
		if _, err := em.cl.Search(t.Context(), connectors.SearchRequest{}); err != nil {
			failed++
		}
	}

	// Then both searches succeeded, and OnResponse saw two 200s and the 429
	// the second one waited out
	mu.Lock()
	defer mu.Unlock()
	if failed != 0 || statuses[429] != 1 || statuses[200] != 2 {
		t.Fatalf("%d failed; responses by status %v; want 2×200, 1×429", failed, statuses)
	}
}
