package stages

import (
	"context"
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

// TestResolveInTheCRM covers contacts the index does not know: created
// before contactgate, by hand, or by another integration.
func TestResolveInTheCRM(t *testing.T) {
	seed := func(e *testEnv, props map[string]string) string {
		t.Helper()
		c, err := e.crm.Create(context.Background(), props)
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}

	t.Run("should find a contact by phone and name, whichever form the CRM holds", func(t *testing.T) {
		for _, stored := range []string{"+14155550177", "(415) 555-0177"} {
			// Given Bob Brown in the CRM with his phone as some producer wrote it
			e := newEnv(t)
			id := seed(e, map[string]string{"firstname": "Bob", "lastname": "Brown", "phone": stored})

			// When Robert Brown arrives with that phone in either form
			ev := e.event("web_form")
			ev.FirstName, ev.LastName, ev.Phone = "Robert", "Brown", stored
			if stored[0] == '+' {
				ev.Phone = "415.555.0177"
			}
			out := e.mustProcess(ev)

			// Then he is Bob
			if out.RecordID != id || out.MatchedBy != schemas.MatchedByPhone || e.records() != 1 {
				t.Fatalf("stored %q: %s %s by %s; %d records", stored, out.Action, out.RecordID, out.MatchedBy, e.records())
			}
		}
	})

	t.Run("should not take a switchboard contact for someone else", func(t *testing.T) {
		e := newEnv(t)
		seed(e, map[string]string{"firstname": "Alice", "lastname": "Jones", "phone": "+12125550100"})
		ev := e.event("web_form")
		ev.FirstName, ev.LastName, ev.Phone = "Bob", "Brown", "+1 212 555 0100"
		if out := e.mustProcess(ev); out.Action != schemas.ActionCreated || e.records() != 2 {
			t.Fatalf("%s %s by %s", out.Action, out.RecordID, out.MatchedBy)
		}
	})

	t.Run("should find a contact by name and company", func(t *testing.T) {
		e := newEnv(t)
		id := seed(e, map[string]string{"firstname": "Priya", "lastname": "Patel", "company": "Hooli"})
		ev := e.event("import")
		ev.FirstName, ev.LastName, ev.Company, ev.Properties = "priya", "PATEL", "hooli", map[string]string{"city": "Austin"}
		out := e.mustProcess(ev)
		expect(t, out, schemas.ActionUpdated, schemas.MatchedByNameCompany)
		if out.RecordID != id || out.Score != ScoreNameCompany {
			t.Fatalf("record %s score %v", out.RecordID, out.Score)
		}
		// The CRM's values are attributed to "crm", and rank above an import
		if p := out.Properties["firstname"]; p.Value != "Priya" || p.Source != SourceCRM {
			t.Fatalf("firstname %+v", p)
		}
	})
}

func TestPhoneEvidence(t *testing.T) {
	named := func(first, last string) candidate {
		c := candidate{id: first + " " + last}
		if first != "" {
			c.firstKeys = []string{first}
		}
		c.lastKey = last
		return c
	}
	eventNamed := func(first, last string) *event {
		ev := &event{keys: eventKeys{phone: "+12125550100"}}
		if first != "" {
			ev.ids.FirstKeys = []string{first}
		}
		ev.ids.LastKey = last
		return ev
	}
	withEmail := func(ev *event) *event {
		ev.keys.email = "ruth75@outlook.com"
		ev.ids.PersonalEmail = true
		return ev
	}
	cases := []struct {
		name  string
		ev    *event
		cands []candidate
		want  string
	}{
		{"should match the one agreeing name", eventNamed("bob", "brown"),
			[]candidate{named("alice", "jones"), named("bob", "brown")}, "bob brown"},
		{"should match nobody when two names agree", eventNamed("bob", "brown"),
			[]candidate{named("bob", "brown"), {id: "2", firstKeys: []string{"bob"}, lastKey: "brown"}}, ""},
		{"should match the lone holder without a name (a phone-only event's record)", eventNamed("bob", "brown"),
			[]candidate{{id: "1"}}, "1"},
		{"should not match a holder without a name among several", eventNamed("bob", "brown"),
			[]candidate{{id: "1"}, named("alice", "jones")}, ""},
		{"should match a lone holder for an event without a full name", eventNamed("", "brown"),
			[]candidate{named("bob", "brown")}, "bob brown"},
		{"should not match a lone holder whose name contradicts", eventNamed("", "smith"),
			[]candidate{named("bob", "brown")}, ""},
		{"should not match one of several holders for an event without a name", eventNamed("", ""),
			[]candidate{named("bob", "brown"), named("alice", "jones")}, ""},
		{"should match the one holder without a name for an event with nothing but the phone", eventNamed("", ""),
			[]candidate{named("bob", "brown"), {id: "1"}}, "1"},
		{"should not match one of two holders without a name for an event with nothing but the phone", eventNamed("", ""),
			[]candidate{named("bob", "brown"), {id: "1"}, {id: "2"}}, ""},
		{"should not match a lone holder for an event with an e-mail but no name", withEmail(eventNamed("", "")),
			[]candidate{named("bob", "brown")}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := byPhone(c.ev, c.cands, false); got.recordID != c.want {
				t.Fatalf("matched %q, want %q", got.recordID, c.want)
			}
		})
	}
	t.Run("should match no holder at a switchboard for an event with nothing but the phone", func(t *testing.T) {
		// A holder known at an extension of the number makes it a
		// switchboard's: its bare number is anyone's.
		for _, cands := range [][]candidate{{named("bob", "brown"), {id: "1"}}, {named("bob", "brown")}} {
			if got := byPhone(eventNamed("", ""), cands, true); got.recordID != "" {
				t.Fatalf("among %v: matched %q, want none", cands, got.recordID)
			}
		}
	})
}
