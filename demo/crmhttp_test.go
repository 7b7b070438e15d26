package demo

import (
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors/hubspot"
)

func TestRunOverHTTPUnderRateLimits(t *testing.T) {
	// Given 1,200 events backlogged against an account of 20 requests per
	// second and 5 searches per second, reached over HTTP by the HubSpot
	// client, with a lagging search index
	o := Options{Events: 1200, Seed: 3, CRMSearchLag: 300 * time.Millisecond, CRMHTTP: true,
		CRMLimits: CRMLimits{Tier: hubspot.TierFree, RateLimit: 20, RateWindow: time.Second, SearchRateLimit: 5}}
	s, results, err := Run(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	// Then every event has one outcome, none is a dead letter (rate limits
	// are back-pressure), and at most 1 % of the requests met a 429
	if len(results) != 1200 || s.Created+s.Updated+s.Unchanged != 1200 || s.DeadLettered != 0 || s.RateLimitDeadLetters != 0 {
		t.Fatalf("summary %+v", s)
	}
	if r := s.CRMRequests; r.RateLimited*100 > r.Total {
		t.Errorf("%d of %d requests answered 429, more than 1 %%", r.RateLimited, r.Total)
	}
	// And the calls waiting for permits coalesced: fewer than one request
	// per ten events
	if s.RequestsPer1000 >= 100 {
		t.Errorf("%.0f requests per 1,000 events, want fewer than 100", s.RequestsPer1000)
	}
	t.Logf("%d requests (%.0f per 1,000 events), %d answered 429, in %d ms", s.CRMRequests.Total, s.RequestsPer1000, s.CRMRequests.RateLimited, s.ElapsedMs)
}

func TestRunSteadyStreamReportsLatency(t *testing.T) {
	// Given 300 events produced at 300 per second while the pipeline runs
	s, results, err := Run(t.Context(), Options{Events: 300, Seed: 5, Rate: 300})
	if err != nil {
		t.Fatal(err)
	}
	// Then each has its outcome, and the latency is reported, p50 <= p99 <= max
	if len(results) != 300 || s.Created+s.Updated+s.Unchanged != 300 {
		t.Fatalf("summary %+v", s)
	}
	l := s.Latency
	if l == nil || l.P50 <= 0 || l.P50 > l.P99 || l.P99 > l.Max {
		t.Fatalf("latency %+v", l)
	}
}
