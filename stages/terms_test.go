package stages

import (
	"context"
	"fmt"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// The records the gatekeeper writes are counted as they are written, once
// per value, and a record merged away leaves the total.
func TestTermCountsFollowWrites(t *testing.T) {
	e := newEnv(t)
	for i := range 3 {
		ev := e.event("web_form")
		ev.Email = fmt.Sprintf("ann.%d@example.org", i)
		ev.FirstName, ev.LastName, ev.Company = "Ann", "Lee", fmt.Sprintf("Site %d", i)
		e.mustProcess(ev)
	}
	ev := e.event("web_form")
	ev.Email, ev.FirstName, ev.LastName = "zed@example.org", "Zed", "Llewellyn"
	e.mustProcess(ev)
	// A second event for Zed changes nothing counted.
	ev = e.event("web_form")
	ev.Email, ev.FirstName, ev.LastName, ev.Phone = "zed@example.org", "Zed", "Llewellyn", "+1 312 555 0199"
	e.mustProcess(ev)

	if n, total := e.g.terms.Count(match.KindLastName, "lee"); n != 3 || total != 4 {
		t.Errorf("Count(last name lee) = %d of %d, want 3 of 4", n, total)
	}
	if n, _ := e.g.terms.Count(match.KindLastName, "llewellyn"); n != 1 {
		t.Errorf("Count(last name llewellyn) = %d, want 1", n)
	}
	if n, _ := e.g.terms.Count(match.KindPhone, "+13125550199"); n != 1 {
		t.Errorf("Count(the phone Zed gained) = %d, want 1", n)
	}
	if n, _ := e.g.terms.Count(match.KindLastName, "nobody"); n != 0 {
		t.Errorf("Count(a last name never written) = %d, want 0", n)
	}

	before := &match.Profile{Last: "lee"}
	e.g.terms.write([]*match.Profile{before}, before, 2) // a bridge merge of two records into one
	if _, total := e.g.terms.Count(match.KindLastName, "lee"); total != 2 {
		t.Errorf("total after two records merged away = %d, want 2", total)
	}
}

// Recover counts what the index held before the gatekeeper started, once:
// a restarted instance weighs names by the records it already knows.
func TestRecoverCountsTheIndex(t *testing.T) {
	e := newEnv(t)
	for i := range 5 {
		rec := state.Record{ID: fmt.Sprint(100 + i), Properties: map[string]schemas.PropertyValue{
			connectors.PropFirstName: {Value: "Ann", Source: "crm"}, connectors.PropLastName: {Value: "Lee", Source: "crm"}}}
		if err := e.ix.Apply(state.Write{Record: rec}); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if err := e.g.Recover(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.g.terms.waitCounted()
	}
	if n, total := e.g.terms.Count(match.KindLastName, "lee"); n != 5 || total != 5 {
		t.Errorf("Count(last name lee) after Recover = %d of %d, want 5 of 5", n, total)
	}
}

// A record another instance created counts once its outcome is read
// (Followed); one this gatekeeper created was counted when it wrote it.
func TestFollowedCountsOtherInstancesCreates(t *testing.T) {
	e := newEnv(t)
	ev := e.event("web_form")
	ev.Email, ev.FirstName, ev.LastName = "ann@example.org", "Ann", "Lee"
	own := e.mustProcess(ev)
	e.g.Followed(own) // this gatekeeper's own create, read back from the topic

	other := state.Record{ID: "9001", Properties: map[string]schemas.PropertyValue{
		connectors.PropFirstName: {Value: "Bo", Source: "crm"}, connectors.PropLastName: {Value: "Lee", Source: "crm"}}}
	if err := e.ix.Apply(state.Write{Record: other}); err != nil { // as the outcome follower writes it
		t.Fatal(err)
	}
	e.g.Followed(&schemas.Outcome{RecordID: "9001", Action: schemas.ActionCreated})
	e.g.Followed(&schemas.Outcome{RecordID: "9001", Action: schemas.ActionUpdated})

	if n, total := e.g.terms.Count(match.KindLastName, "lee"); n != 2 || total != 2 {
		t.Errorf("Count(last name lee) = %d of %d, want 2 of 2", n, total)
	}
}

// A person whose events swap two companies is one record holding
// each once: neither is counted again when it comes back, so the person's
// own values do not grow common and weak with every event.
func TestTermCountsCountAValueARecordGetsBackOnce(t *testing.T) {
	e := newEnv(t)
	for i := range 6 {
		ev := e.event("web_form")
		ev.Email = "noah.watson@example.org"
		ev.FirstName, ev.LastName, ev.Company = "Noah", "Watson", "Acme"
		if i%2 == 1 {
			ev.Company = "Globex"
		}
		e.mustProcess(ev)
	}
	if e.records() != 1 {
		t.Fatalf("%d records, want 1", e.records())
	}
	for _, company := range []string{"acme", "globex"} {
		if n, total := e.g.terms.Count(match.KindCompany, company); n != 1 || total != 1 {
			t.Errorf("Count(company %s) = %d of %d, want 1 of 1", company, n, total)
		}
	}
}
