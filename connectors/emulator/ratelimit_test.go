package emulator

import (
	"context"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

func TestRateLimits(t *testing.T) {
	ctx := context.Background()

	t.Run("should refuse the 101st request in 10 s at 100/10s, then admit again after the window", func(t *testing.T) {
		// Given HubSpot's Free tier and 100 requests spread over 9 s
		e, clock := newTestEmulator(t, Config{RateLimit: 100})
		for i := range 100 {
			if i == 50 {
				clock.Advance(9 * time.Second)
			}
			if _, err := e.Create(ctx, nil); err != nil {
				t.Fatalf("request %d: %v", i+1, err)
			}
		}
		// When the 101st comes
		_, err := e.Create(ctx, nil)
		// Then it is a TEN_SECONDLY_ROLLING 429 that applied nothing
		rl := asRateLimit(t, err)
		if rl.Policy != connectors.PolicyTenSecondly || rl.RetryAfter != 10*time.Second ||
			rl.Message != "You have reached your ten_secondly_rolling limit." || rl.CorrelationID == "" {
			t.Errorf("%+v", rl)
		}
		if !connectors.Retryable(err) {
			t.Error("not retryable")
		}
		if n := e.Stats().Records; n != 100 {
			t.Errorf("records = %d", n)
		}
		// And once the first 50 leave the window, 50 more are admitted
		clock.Advance(time.Second)
		for i := range 50 {
			if _, err := e.Create(ctx, nil); err != nil {
				t.Fatalf("after the window, request %d: %v", i+1, err)
			}
		}
		_, err = e.Create(ctx, nil)
		asRateLimit(t, err)
		s := e.Stats()
		if s.RateLimited != 2 || s.RateLimitedBy[connectors.PolicyTenSecondly] != 2 || s.Statuses[429] != 2 || s.Total != 152 {
			t.Errorf("stats %+v", s)
		}
	})

	t.Run("should not count search in the 10-second window", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{RateLimit: 1})
		for range 3 {
			if _, err := e.Search(ctx, connectors.SearchRequest{}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.Create(ctx, nil); err != nil {
			t.Fatalf("first non-search request: %v", err)
		}
	})

	t.Run("should refuse the 6th search in a second with SECONDLY", func(t *testing.T) {
		e, clock := newTestEmulator(t, Config{SearchRateLimit: 5, RetryAfter: 1500 * time.Millisecond})
		for range 5 {
			if _, err := e.Search(ctx, connectors.SearchRequest{}); err != nil {
				t.Fatal(err)
			}
		}
		_, err := e.Search(ctx, connectors.SearchRequest{})
		rl := asRateLimit(t, err)
		if rl.Policy != connectors.PolicySecondly || rl.Message != "You have reached your secondly limit." || rl.RetryAfter != 2*time.Second {
			t.Errorf("%+v", rl)
		}
		if _, err := e.Create(ctx, nil); err != nil {
			t.Errorf("non-search request during a search limit: %v", err)
		}
		clock.Advance(time.Second)
		if _, err := e.Search(ctx, connectors.SearchRequest{}); err != nil {
			t.Errorf("search a second later: %v", err)
		}
	})

	t.Run("should refuse requests past the daily limit with DAILY until the next day", func(t *testing.T) {
		e, clock := newTestEmulator(t, Config{DailyLimit: 3, RetryAfter: time.Second})
		for range 2 {
			if _, err := e.Create(ctx, nil); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.Search(ctx, connectors.SearchRequest{}); err != nil {
			t.Fatal(err)
		}
		for _, call := range []func() error{
			func() error { _, err := e.Create(ctx, nil); return err },
			func() error { _, err := e.Search(ctx, connectors.SearchRequest{}); return err },
		} {
			rl := asRateLimit(t, call())
			if rl.Policy != connectors.PolicyDaily || rl.RetryAfter != 0 || connectors.Retryable(rl) {
				t.Errorf("%+v", rl)
			}
		}
		clock.Advance(15 * time.Hour) // 09:00 + 15 h: past midnight UTC
		if _, err := e.Create(ctx, nil); err != nil {
			t.Fatalf("next day: %v", err)
		}
	})
}
