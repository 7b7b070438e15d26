package hubspot

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestConfig(t *testing.T) {
	t.Run("should size the limiter by tier unless overridden", func(t *testing.T) {
		for tier, want := range map[Tier]int{"": 100, TierFree: 100, TierStarter: 100, TierProfessional: 190, TierEnterprise: 190, TierPack: 250} {
			cl, err := New(Config{Token: "t", Tier: tier})
			if err != nil || cl.cfg.RateLimit != want || cl.cfg.RateWindow != 10*time.Second || cl.cfg.SearchRateLimit != 5 {
				t.Errorf("tier %q: %+v, %v", tier, cl.cfg, err)
			}
		}
		cl, _ := New(Config{Token: "t", Tier: TierPack, RateLimit: 42})
		if cl.cfg.RateLimit != 42 {
			t.Errorf("override: %d", cl.cfg.RateLimit)
		}
	})

	t.Run("should apply the documented defaults", func(t *testing.T) {
		cl, err := New(Config{Token: "t"})
		if err != nil {
			t.Fatal(err)
		}
		c := cl.cfg
		if c.BaseURL != DefaultBaseURL || c.MaxAttempts != 5 || c.RequestTimeout != 10*time.Second || c.BreakerFailures != 5 ||
			c.BreakerWindow != 5 || c.QuotaShare != 1 || c.MaxRetryAfter != 30*time.Second {
			t.Fatalf("defaults %+v", c)
		}
	})

	t.Run("should refuse invalid fields", func(t *testing.T) {
		for name, cfg := range map[string]Config{
			"base URL":       {Token: "t", BaseURL: "ftp://x"},
			"tier":           {Token: "t", Tier: "gold"},
			"attempts":       {Token: "t", MaxAttempts: -1},
			"backoff":        {Token: "t", BaseBackoff: time.Second, MaxBackoff: time.Millisecond},
			"breaker window": {Token: "t", BreakerFailures: 5, BreakerWindow: 3},
			"rate limit":     {Token: "t", RateLimit: -1},
		} {
			if _, err := New(cfg); err == nil {
				t.Errorf("%s accepted", name)
			}
		}
	})
}

func TestRequests(t *testing.T) {
	t.Run("should read by e-mail with idProperty=email and an escaped path", func(t *testing.T) {
		f := newFakeHubSpot(t)
		id := f.store(map[string]string{"email": "a+b@x.com"})
		c, err := f.client(t, nil).GetByEmail(t.Context(), " A+B@x.com", []string{"email", "phone"})
		if err != nil || c.ID != id {
			t.Fatalf("contact %+v, %v", c, err)
		}
		r := f.received(http.MethodGet, "")[0]
		if r.Path != contactsPath+"/A+B@x.com" || !strings.Contains(r.Query, "idProperty=email") || !strings.Contains(r.Query, "properties=email%2Cphone") {
			t.Fatalf("request %+v", r)
		}
	})

	t.Run("should refuse an empty id without a request", func(t *testing.T) {
		f := newFakeHubSpot(t)
		cl := f.client(t, nil)
		if _, err := cl.Get(t.Context(), "", nil); err == nil {
			t.Fatal("empty id accepted")
		}
		if _, err := cl.Update(t.Context(), "", nil); err == nil {
			t.Fatal("empty id accepted")
		}
		if len(f.received("", "")) != 0 {
			t.Fatal("a request was sent")
		}
	})
}
