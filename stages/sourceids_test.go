package stages

import (
	"fmt"
	"testing"

	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
)

// An id of the event's source that a record does not hold is weighed by
// how often the stream shows that source giving one person two ids.
func TestAnotherIDOfASource(t *testing.T) {
	// teach runs n people through source: each registers with an
	// address and an id, then again with the same address and, when
	// newID, another id (an events app's second registration); the
	// address says they are one person.
	teach := func(e *testEnv, source string, n int, newID bool) {
		t.Helper()
		for i := range n {
			for reg := range 2 {
				ev := e.event(source)
				ev.Email = fmt.Sprintf("jordan.lee%d@lee-family.net", i)
				ev.ExternalID = fmt.Sprintf("%s-%d", source, i)
				if newID && reg == 1 {
					ev.ExternalID += "-again"
				}
				e.mustProcess(ev)
			}
		}
	}
	// marwick registers David Marwick of Graniteline Capital at source
	// with id, and a phone, from his own address.
	marwick := func(e *testEnv, source, id string, withEmail bool) *schemas.Outcome {
		t.Helper()
		ev := e.event(source)
		ev.ExternalID, ev.FirstName, ev.LastName, ev.Company = id, "David", "Marwick", "Graniteline Capital LLC"
		if withEmail {
			ev.Email, ev.Phone = "dmarwick@granitelinecapital.io", "+1 206 555 0143"
		}
		return e.mustProcess(ev)
	}

	t.Run("should join a person's second registration at a source that gives a person two ids", func(t *testing.T) {
		// Given an events app that gave each of 60 guests a second id
		e := newEnv(t)
		teach(e, "events_app", minSourceIDSamples+10, true)
		first := marwick(e, "events_app", "att_1", true)
		// When David Marwick registers again with another id, his name
		// and company alone
		out := marwick(e, "events_app", "att_2", false)
		// Then it is his record
		if out.RecordID != first.RecordID || out.Action == schemas.ActionCreated {
			t.Fatalf("%s record %s, want %s's", out.Action, out.RecordID, first.RecordID)
		}
	})

	t.Run("should keep two ids apart at a source that never gave a person two", func(t *testing.T) {
		// Given a CRM whose 60 people each kept their one id
		e := newEnv(t)
		teach(e, "crm", minSourceIDSamples+10, false)
		first := marwick(e, "crm", "003A", true)
		// When another id of the CRM comes with the same name and company
		out := marwick(e, "crm", "003B", false)
		// Then it is another person's record: the CRM knows two of them
		expect(t, out, schemas.ActionCreated, schemas.MatchedByNone)
		if out.RecordID == first.RecordID {
			t.Fatalf("joined %s", first.RecordID)
		}
	})

	t.Run("should keep two ids apart until the stream has shown the source", func(t *testing.T) {
		// Given an events app seen too few times to say
		e := newEnv(t)
		teach(e, "events_app", minSourceIDSamples-10, true)
		marwick(e, "events_app", "att_1", true)
		out := marwick(e, "events_app", "att_2", false)
		expect(t, out, schemas.ActionCreated, schemas.MatchedByNone)
	})

	t.Run("should keep two ids apart when the model file turns the statistics off", func(t *testing.T) {
		m, err := match.ParseModel([]byte("source_ids_off: true\n"), "model.yaml")
		if err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, withModel(m))
		if e.g.sourceIDs != nil {
			t.Fatal("source_ids_off: true, and the gatekeeper measures sources")
		}
		teach(e, "events_app", minSourceIDSamples+10, true)
		marwick(e, "events_app", "att_1", true)
		out := marwick(e, "events_app", "att_2", false)
		expect(t, out, schemas.ActionCreated, schemas.MatchedByNone)
	})
}

func TestSourceIDStatsWeight(t *testing.T) {
	s := newSourceIDStats()
	if _, ok := s.weight("crm:1"); ok {
		t.Fatal("weighed a source never seen")
	}
	s.sources["crm:"] = &sourceIDCount{same: 98, other: 2}
	s.sources["events_app:"] = &sourceIDCount{same: 80, other: 20}
	if w, ok := s.weight("crm:1"); ok {
		t.Fatalf("a source that gave 2 of 100 people two ids weighed %.2f, want a verdict", w)
	}
	if w, ok := s.weight("events_app:x"); !ok || w >= 0 || w < -3 {
		t.Fatalf("a source that gave 20 of 100 people two ids weighed %.2f (%v), want log2(0.2)", w, ok)
	}
	var none *sourceIDStats
	if _, ok := none.weight("crm:1"); ok {
		t.Fatal("nil stats weighed")
	}
}
