package stages

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/contactgate/contactgate/state"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/schemas"
)

// twoInstances are two gatekeepers with their own indexes on one CRM whose
// search lags: each creates what the other created a moment ago.
func twoInstances(t *testing.T) (a, b *testEnv) {
	a = newEnv(t, withEmulator(func(c *emulator.Config) { c.SearchLag = time.Hour }))
	b = newEnv(t, withCRM(func(*emulator.Emulator) connectors.CRM { return a.crm }))
	return a, b
}

func TestReconcile(t *testing.T) {
	t.Run("should merge the record another instance made of a person this one holds", func(t *testing.T) {
		// Given Dana's e-mail event on instance A and her phone-and-name
		// event on instance B, each creating, and B's outcome read by A
		a, b := twoInstances(t)
		byEmail := a.event("web_form")
		byEmail.Email, byEmail.Phone, byEmail.FirstName, byEmail.LastName = "dana.kim77@gmail.com", "+1 415 555 0142", "Dana", "Kim"
		first := a.mustProcess(byEmail)
		byPhone := b.event("webinar")
		byPhone.Phone, byPhone.FirstName, byPhone.LastName = "415-555-0142", "Dana", "Kim"
		second := b.mustProcess(byPhone)
		expect(t, second, schemas.ActionCreated, schemas.MatchedByNone)
		if err := a.ix.ApplyOutcome(second, "outcomes", 0, 1); err != nil {
			t.Fatal(err)
		}

		// When A reconciles B's record
		out, err := a.g.Reconcile(context.Background(), second.RecordID)
		if err != nil {
			t.Fatal(err)
		}

		// Then the newer is merged into the older, in the CRM and the index
		if out == nil || out.RecordID != first.RecordID || !slices.Equal(out.MergedIDs, []string{second.RecordID}) ||
			out.Source != reconcileSource || out.Action != schemas.ActionMerged {
			t.Fatalf("outcome %+v, want %s merged [%s] by %s", out, first.RecordID, second.RecordID, reconcileSource)
		}
		if a.records() != 1 {
			t.Fatalf("%d CRM records, want 1", a.records())
		}
		if _, ok, _ := a.ix.Get(second.RecordID); ok {
			t.Fatalf("the index still holds %s", second.RecordID)
		}
		// and B, reading A's merge from the outcome topic, finds nothing
		// left to do
		if err := b.ix.ApplyOutcome(out, "outcomes", 0, 2); err != nil {
			t.Fatal(err)
		}
		if again, err := b.g.Reconcile(context.Background(), first.RecordID); err != nil || again != nil {
			t.Fatalf("a second reconcile: %+v, %v", again, err)
		}
		if a.records() != 1 {
			t.Fatalf("%d CRM records after the second reconcile, want 1", a.records())
		}
	})

	t.Run("should leave a colleague who shares the phone", func(t *testing.T) {
		a, b := twoInstances(t)
		dana := a.event("web_form")
		dana.Email, dana.Phone, dana.FirstName, dana.LastName, dana.Company = "dana@quarrylabs.com", "+1 415 555 0142", "Dana", "Kim", "Quarry Labs"
		a.mustProcess(dana)
		lee := b.event("webinar")
		lee.Phone, lee.FirstName, lee.LastName, lee.Company = "415-555-0142", "Lee", "Park", "Quarry Labs"
		other := b.mustProcess(lee)
		if err := a.ix.ApplyOutcome(other, "outcomes", 0, 1); err != nil {
			t.Fatal(err)
		}
		out, err := a.g.Reconcile(context.Background(), other.RecordID)
		if err != nil || out != nil || a.records() != 2 {
			t.Fatalf("outcome %+v, %v, %d records; want nothing merged", out, err, a.records())
		}
	})
}

// hookIndex runs hook once, right after a lookup by an external id finds a
// record: between resolve's lookup and hold's lock.
type hookIndex struct {
	*state.Index
	hook func()
}

func (h *hookIndex) Lookup(k state.Key) ([]string, error) {
	ids, err := h.Index.Lookup(k)
	if k.Kind == state.KeyExternalID && h.hook != nil && len(ids) > 0 {
		f := h.hook
		h.hook = nil
		f()
	}
	return ids, err
}

func TestReconcileRacesALane(t *testing.T) {
	// Given Dana's record X made by instance B (by her phone and a CRM
	// id), read by A beside A's own record Y of her
	a, b := twoInstances(t)
	hooked := &hookIndex{Index: a.ix}
	a.g.ix = hooked
	byEmail := a.event("web_form")
	byEmail.Email, byEmail.Phone, byEmail.FirstName, byEmail.LastName = "dana.kim77@gmail.com", "+1 415 555 0142", "Dana", "Kim"
	first := a.mustProcess(byEmail)
	byPhone := b.event("webinar")
	byPhone.Phone, byPhone.FirstName, byPhone.LastName, byPhone.ExternalID = "415-555-0142", "Dana", "Kim", "crm-77"
	second := b.mustProcess(byPhone)
	if err := a.ix.ApplyOutcome(second, "outcomes", 0, 1); err != nil {
		t.Fatal(err)
	}
	// When A's reconciler merges X into Y just after a lane of A looked X
	// up by its CRM id, before the lane locked it
	hooked.hook = func() {
		if out, err := a.g.Reconcile(context.Background(), second.RecordID); err != nil || out == nil {
			t.Errorf("reconcile: %+v, %v", out, err)
		}
	}
	later := a.event("webinar")
	later.ExternalID, later.Company = "crm-77", "Quarry Labs"
	out := a.mustProcess(later)

	// Then the lane's event ends on the survivor, and X stays merged away
	if out.RecordID != first.RecordID {
		t.Errorf("outcome names %s, want the survivor %s", out.RecordID, first.RecordID)
	}
	if _, live, _ := a.ix.Get(second.RecordID); live {
		t.Errorf("record %s, merged away, is in the index again", second.RecordID)
	}
}
