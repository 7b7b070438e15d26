package demo

import (
	"testing"
	"time"
)

func TestSalesforceGatekeeperKeepsDuplicatesOutOfACRMWithoutUniqueEmails(t *testing.T) {
	// Given an emulated Salesforce org, reached over HTTP, where e-mail is
	// not unique and search lags
	run := func(strategy string) *Summary {
		s, results, err := Run(t.Context(), Options{Events: 1500, Seed: 7, CRM: CRMSalesforce, CRMSearchLag: 500 * time.Millisecond, Strategy: strategy})
		if err != nil {
			t.Fatal(err)
		}
		if len(results) != 1500 || s.DeadLettered != 0 {
			t.Fatalf("%s: %d outcomes, %d dead letters", strategy, len(results), s.DeadLettered)
		}
		return s
	}
	// When the gatekeeper and the naive create-first strategy each process
	// the same events
	gk, naive := run(StrategyGatekeeper), run(StrategyCreateFirst)

	// Then the CRM, which refuses no duplicate, got them all from the naive
	// strategy, and the gatekeeper left a small fraction of them
	if gk.DuplicateRecords == nil || naive.DuplicateRecords == nil {
		t.Fatal("no duplicate count for generated events")
	}
	g, n := *gk.DuplicateRecords, *naive.DuplicateRecords
	if n == 0 || g*10 > n {
		t.Fatalf("duplicates: gatekeeper %d, create-first %d; want the gatekeeper's under a tenth", g, n)
	}
	t.Logf("duplicates: gatekeeper %d (%d records, %d merges, %.0f requests per 1,000 events), create-first %d (%d records)",
		g, gk.CRMRecords, gk.Merged, gk.RequestsPer1000, n, naive.CRMRecords)
}
