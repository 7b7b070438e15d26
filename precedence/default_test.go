package precedence

import (
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

func TestDefault(t *testing.T) {
	t.Run("should parse the embedded default.yaml", func(t *testing.T) {
		if _, err := Parse(DefaultFile()); err != nil {
			t.Fatalf("default.yaml: %v", err)
		}
		if Default() != Default() {
			t.Fatal("Default() returned two values, want one shared Precedence")
		}
	})

	// The sentence the default file promises: "billing outranks webinar;
	// webinar may update last_activity_date, never billing_address".
	t.Run("should let billing outrank webinar", func(t *testing.T) {
		p := Default()
		if p.Rank("billing") >= p.Rank("webinar") {
			t.Fatalf("Rank(billing) = %d, Rank(webinar) = %d: billing must be stronger", p.Rank("billing"), p.Rank("webinar"))
		}
		// Given a job title billing set
		cur := pv("CFO", "billing", t0)
		// When a newer webinar registration says otherwise, it is refused
		r := mergeOne(t, p, "jobtitle", cur, "Finance", "webinar", t2)
		wantRefused(t, r, "jobtitle", "Finance", "rank webinar(4) < billing(2)", cur)
		// And when billing corrects a value the webinar set, billing wins
		r = mergeOne(t, p, "jobtitle", pv("Finance", "webinar", t2), "CFO", "billing", t1)
		wantChanged(t, r, "jobtitle", "CFO", "rank billing(2) >= webinar(4)", "billing", t1)
	})
	t.Run("should let webinar update last_activity_date", func(t *testing.T) {
		// Given an activity date billing reported
		cur := pv("2026-03-01", "billing", t0)
		// When a newer webinar attendance arrives, it updates the date
		r := mergeOne(t, Default(), "last_activity_date", cur, "2026-03-02", "webinar", t1)
		wantChanged(t, r, "last_activity_date", "2026-03-02", ReasonLatest, "webinar", t1)
	})
	t.Run("should never let webinar set billing_address, not even an empty one", func(t *testing.T) {
		for _, cur := range []schemas.PropertyValue{{}, pv("1 Market St", "billing", t0)} {
			r := mergeOne(t, Default(), "billing_address", cur, "2 Main St", "webinar", t2)
			wantRefused(t, r, "billing_address", "2 Main St", "only_from [billing, crm]", cur)
		}
	})
	t.Run("should let billing change an e-mail a weaker source set, and not the reverse", func(t *testing.T) {
		cur := pv("bob@gmail.com", "webinar", t0)
		r := mergeOne(t, Default(), "email", cur, "r.smith@acme.com", "billing", t1)
		wantChanged(t, r, "email", "r.smith@acme.com", "rank billing(2) >= webinar(4)", "billing", t1)
		cur = pv("r.smith@acme.com", "billing", t0)
		r = mergeOne(t, Default(), "email", cur, "bob@gmail.com", "webinar", t1)
		wantRefused(t, r, "email", "bob@gmail.com", "rank webinar(4) < billing(2)", cur)
	})
	t.Run("should keep lifecyclestage from marketing sources", func(t *testing.T) {
		r := mergeOne(t, Default(), "lifecyclestage", pv("customer", "billing", t0), "lead", "web_form", t1)
		wantRefused(t, r, "lifecyclestage", "lead", "only_from [crm, billing]", pv("customer", "billing", t0))
	})
}
