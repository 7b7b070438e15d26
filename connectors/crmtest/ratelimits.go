package crmtest

import (
	"errors"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

func wantRateLimited(t *testing.T, err error, policy string) *connectors.RateLimitError {
	t.Helper()
	var rl *connectors.RateLimitError
	if !errors.As(err, &rl) || !errors.Is(err, connectors.ErrRateLimited) || rl.Policy != policy {
		t.Fatalf("error = %v, want a RateLimitError of policy %s", err, policy)
	}
	return rl
}

func testRateLimits(t *testing.T, newCRM Factory) {
	t.Run("should answer the 101st request in 10 s with TEN_SECONDLY_ROLLING, then recover", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{RateLimit: 100, RateWindow: 10 * time.Second, RetryAfter: 3 * time.Second})
		need(t, f.caps().RollingRateLimits, "rolling-window rate limits")
		ctx := t.Context()
		c, err := f.crm.Create(ctx, props("email", "a@x.com"))
		if err != nil {
			t.Fatal(err)
		}
		for i := 2; i <= 100; i++ {
			if _, err := f.crm.Get(ctx, c.ID, nil); err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		_, err = f.crm.Get(ctx, c.ID, nil)
		rl := wantRateLimited(t, err, connectors.PolicyTenSecondly)
		if rl.RetryAfter != 3*time.Second || !connectors.Retryable(err) {
			t.Errorf("retry after %v, retryable %v; want 3s and true", rl.RetryAfter, connectors.Retryable(err))
		}
		f.clock.Advance(10 * time.Second)
		if _, err := f.crm.Get(ctx, c.ID, nil); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})

	t.Run("should allow 5 searches a second and answer the 6th with SECONDLY", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{SearchRateLimit: 5})
		need(t, f.caps().RollingRateLimits, "rolling-window rate limits")
		req := connectors.SearchRequest{FilterGroups: []connectors.FilterGroup{group(eq("email", "a@x.com"))}}
		for i := range 5 {
			if _, err := f.crm.Search(t.Context(), req); err != nil {
				t.Fatalf("search %d: %v", i+1, err)
			}
		}
		_, err := f.crm.Search(t.Context(), req)
		wantRateLimited(t, err, connectors.PolicySecondly)
		f.clock.Advance(time.Second)
		if _, err := f.crm.Search(t.Context(), req); err != nil {
			t.Fatalf("a second later: %v", err)
		}
	})

	t.Run("should answer past the daily quota with DAILY, which is not retryable", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{DailyLimit: 3})
		ctx := t.Context()
		for i := range 3 {
			if _, err := f.crm.Create(ctx, props("email", emailN(i))); err != nil {
				t.Fatal(err)
			}
		}
		_, err := f.crm.Create(ctx, props("email", "late@x.com"))
		wantRateLimited(t, err, connectors.PolicyDaily)
		if connectors.Retryable(err) {
			t.Error("DAILY reported retryable; the caller must pause instead")
		}
	})
}
