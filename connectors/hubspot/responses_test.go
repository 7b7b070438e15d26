package hubspot

import (
	"fmt"
	"sync"
	"testing"

	"github.com/contactgate/contactgate/connectors/emulator"
)

// Issue 16: CRM 429s did not show in the metrics, because the client's
// retries hid them. OnResponse sees every HTTP response.
func TestOnResponseSeesEvery429(t *testing.T) {
	// Given an account that admits two requests per window, and a client
	// that does not retry
	var mu sync.Mutex
	statuses := map[int]int{}
	em := newEmulated(t, emulator.Config{RateLimit: 2}, func(c *Config) {
		c.MaxAttempts = 1
		c.OnResponse = func(_ string, status int) {
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		}
	})

	// When it creates three contacts
	var failed int
	for i := range 3 {
		if _, err := em.cl.Create(t.Context(), map[string]string{"email": fmt.Sprintf("p%d@example.com", i)}); err != nil {
			failed++
		}
	}

	// Then OnResponse saw two 201s and one 429
	mu.Lock()
	defer mu.Unlock()
	if failed != 1 || statuses[429] != 1 || statuses[201] != 2 {
		t.Fatalf("%d failed; responses by status %v; want 2×201, 1×429", failed, statuses)
	}
}
