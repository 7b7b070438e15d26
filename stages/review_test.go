package stages

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

// reviewQueue is a ReviewSink that keeps what it is given.
type reviewQueue struct {
	mu    sync.Mutex
	items []schemas.ReviewItem
}

func (q *reviewQueue) Propose(r schemas.ReviewItem) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, r)
}

func (q *reviewQueue) all() []schemas.ReviewItem {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.Clone(q.items)
}

func TestReview(t *testing.T) {
	withQueue := func(q *reviewQueue) envOpt {
		return func(ec *envConfig) { ec.config = func(cfg *Config) { cfg.Review = q } }
	}
	johnSmith := func(e *testEnv, company string) schemas.ContactEvent {
		ev := e.event("import")
		ev.FirstName, ev.LastName, ev.Company = "John", "Smith", company
		return ev
	}

	t.Run("should propose a pair in the possible band with both profiles and the evidence", func(t *testing.T) {
		// Given John Smith at Acme
		q := &reviewQueue{}
		e := newEnv(t, withQueue(q))
		first := e.mustProcess(johnSmith(e, "Acme"))

		// When John Smith at Initech is created
		second := e.mustProcess(johnSmith(e, "Initech"))

		// Then the pair is proposed for a merge, keyed by both ids
		items := q.all()
		if len(items) != 1 {
			t.Fatalf("proposed %d items, want 1: %+v", len(items), items)
		}
		r := items[0]
		if r.Key() != schemas.ReviewKey(first.RecordID, second.RecordID) || r.Status != schemas.ReviewOpen ||
			r.Proposed != schemas.ProposedMerge || r.EventID != second.EventID || r.Source != "import" || len(r.Evidence) == 0 {
			t.Fatalf("item %+v", r)
		}
		if r.Profiles[first.RecordID]["company"] != "Acme" || r.Profiles[second.RecordID]["company"] != "Initech" {
			t.Fatalf("profiles %+v", r.Profiles)
		}
	})

	t.Run("should never propose or merge again a pair a person rejected", func(t *testing.T) {
		// Given Jesse Butler split in two, billing's record and a form's
		q := &reviewQueue{}
		e := newEnv(t, withQueue(q))
		billing := e.event("billing")
		billing.ExternalID, billing.FirstName, billing.LastName = "cus_42", "Jesse", "Butler"
		first := e.mustProcess(billing)
		form := e.event("web_form")
		form.FirstName, form.LastName, form.Company, form.Phone = "Jesse", "Butler", "Birch Financial", "+1 973 555 5333"
		second := e.mustProcess(form)
		// and a person said they are two people
		if err := e.ix.MarkDistinct(second.RecordID, first.RecordID); err != nil {
			t.Fatal(err)
		}
		before := len(q.all())

		// When billing's event links them by name and company (which
		// merges them when nobody said otherwise)
		billing = e.event("billing")
		billing.ExternalID, billing.FirstName, billing.LastName, billing.Company = "cus_42", "Jesse", "Butler", "Birch Financial & Co."
		out := e.mustProcess(billing)

		// Then nothing is merged, and the pair is not proposed
		if out.Action == schemas.ActionMerged || len(out.MergedIDs) != 0 || e.records() != 2 {
			t.Fatalf("%s merged %v; %d records", out.Action, out.MergedIDs, e.records())
		}
		for _, r := range q.all()[before:] {
			if r.Key() == schemas.ReviewKey(first.RecordID, second.RecordID) {
				t.Fatalf("the rejected pair was proposed: %+v", r)
			}
		}
	})

	t.Run("should merge an accepted pair once, the newer into the older", func(t *testing.T) {
		// Given John Smith at Acme and at Initech, proposed
		q := &reviewQueue{}
		e := newEnv(t, withQueue(q))
		first := e.mustProcess(johnSmith(e, "Acme"))
		second := e.mustProcess(johnSmith(e, "Initech"))

		// When a person accepts the pair
		pair := q.all()[0].RecordIDs
		out, err := e.g.MergeAccepted(context.Background(), pair)
		if err != nil {
			t.Fatal(err)
		}

		// Then the newer record is merged into the older, in the CRM and
		// the index, and the outcome says so
		if out == nil || out.Action != schemas.ActionMerged || out.RecordID != first.RecordID ||
			!slices.Equal(out.MergedIDs, []string{second.RecordID}) || e.records() != 1 {
			t.Fatalf("outcome %+v; %d records", out, e.records())
		}
		if to, ok, _ := e.ix.MergedInto(second.RecordID); !ok || to != first.RecordID {
			t.Fatalf("index: %s merged into %q, %v", second.RecordID, to, ok)
		}
		// and a replayed verdict changes nothing
		again, err := e.g.MergeAccepted(context.Background(), pair)
		if err != nil || again != nil || e.records() != 1 {
			t.Fatalf("replay: %+v, %v; %d records", again, err, e.records())
		}
		// and John Smith at Initech now lands on the survivor
		if next := e.mustProcess(johnSmith(e, "Initech")); next.RecordID != first.RecordID {
			t.Fatalf("John Smith at Initech on %s, want %s", next.RecordID, first.RecordID)
		}
	})
}
