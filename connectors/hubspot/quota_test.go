package hubspot

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// TestSharedQuota: clients of one account at its limit. Rate limits are
// back-pressure: every call succeeds with a single attempt, however many
// 429s the account answers.
func TestSharedQuota(t *testing.T) {
	t.Run("should complete every call of two clients that each think the whole quota is theirs", func(t *testing.T) {
		// Given an account of 20 requests per 400 ms, and two clients with
		// one attempt per call, each sized to the whole account
		em := newEmulated(t, emulator.Config{RateLimit: 20, RateWindow: 400 * time.Millisecond}, nil)
		mod := func(c *Config) {
			c.RateLimit, c.RateWindow, c.RateBurst, c.MaxAttempts = 20, 400*time.Millisecond, 20, 1
		}
		clients := []*Client{em.cl, newEmulatedClient(t, em, mod)}
		// When each creates 40 contacts concurrently (four windows' worth)
		errs := make(chan error, 80)
		var wg sync.WaitGroup
		for i, cl := range clients {
			for j := range 40 {
				wg.Go(func() {
					_, err := cl.Create(t.Context(), map[string]string{"email": fmt.Sprintf("c%d-%d@example.com", i, j)})
					errs <- err
				})
			}
		}
		wg.Wait()
		close(errs)
		// Then every create succeeded once, whatever the account refused
		var all []error
		for err := range errs {
			all = append(all, err)
		}
		if err := errors.Join(all...); err != nil {
			t.Fatal(err)
		}
		s := em.e.Stats()
		if s.Records != 80 {
			t.Fatalf("%d records, want 80 (%d 429s)", s.Records, s.RateLimited)
		}
		t.Logf("%d requests, %d answered 429", s.Total, s.RateLimited)
	})

	t.Run("should slow down on X-HubSpot-RateLimit-Remaining before HubSpot refuses", func(t *testing.T) {
		// Given an account of 20 requests per 400 ms, a client with half of
		// it, and another app that spent 15 of the window
		em := newEmulated(t, emulator.Config{RateLimit: 20, RateWindow: 400 * time.Millisecond}, nil)
		other := newEmulatedClient(t, em, func(c *Config) { c.Raw = true })
		for i := range 15 {
			if _, err := other.Create(t.Context(), map[string]string{"email": fmt.Sprintf("o%d@example.com", i)}); err != nil {
				t.Fatal(err)
			}
		}
		cl := newEmulatedClient(t, em, func(c *Config) {
			c.RateLimit, c.RateWindow, c.RateBurst, c.QuotaShare, c.MaxAttempts = 20, 400*time.Millisecond, 20, 0.5, 1
		})
		// When it makes 20 calls one after the other
		for i := range 20 {
			if _, err := cl.Create(t.Context(), map[string]string{"email": fmt.Sprintf("m%d@example.com", i)}); err != nil {
				t.Fatal(err)
			}
		}
		// Then the answers' Remaining held it back: none of its requests met
		// a 429 (its own share would have let a sixth one go into a full
		// window)
		if s := em.e.Stats(); s.Records != 35 || s.RateLimited != 0 {
			t.Fatalf("%d records, %d 429s; want 35 and none", s.Records, s.RateLimited)
		}
	})
}

// newEmulatedClient is one more client of em's emulator, configured as
// em's own and then by mod.
func newEmulatedClient(t *testing.T, em *emulated, mod func(*Config)) *Client {
	t.Helper()
	cfg := em.cl.cfg
	cfg.Raw = false
	if mod != nil {
		mod(&cfg)
	}
	cl, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

var _ connectors.Pacer = (*Client)(nil)
