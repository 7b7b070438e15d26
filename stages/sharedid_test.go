package stages

import (
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

// A billing id handed to a colleague names an account, not the person: an
// event whose first and last names both differ from the id's holder, at an
// address the holder does not hold, is resolved by its other keys
// (idOfAnother). A name that changed with a marriage, or another address
// of the holder's, still goes by the id.
func TestAnIDTwoPeopleShareIsNoOnesIdentity(t *testing.T) {
	e := newEnv(t)
	ev := e.event("billing")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email, ev.Company = "cus_YbbJMZvv", "Anders", "Lindberg", "andersl@jsd.nl", "Jansen and Smits Data"
	anders := e.mustProcess(ev)
	ev = e.event("webinar")
	ev.FirstName, ev.LastName, ev.Email, ev.Company = "Ana", "Gomez", "anag@jsd.nl", "Jansen and Smits Data"
	ana := e.mustProcess(ev)
	if ana.RecordID == anders.RecordID {
		t.Fatalf("the test wants two records; Ana went to %s", ana.RecordID)
	}

	// Ana pays with the account's id.
	ev = e.event("billing")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email, ev.Company = "cus_YbbJMZvv", "Ana", "Gomez", "anag@jsd.nl", "Jansen and Smits Data"
	out := e.mustProcess(ev)
	if out.RecordID != ana.RecordID || out.Action == schemas.ActionMerged || e.records() != 2 {
		t.Errorf("Ana's billing event went to %s (%s by %s), want %s; %d records", out.RecordID, out.Action, out.MatchedBy, ana.RecordID, e.records())
	}

	// Anders at another address, and Anders's id under a married name.
	for _, c := range []struct{ first, last, email string }{
		{"Anders", "Lindberg", "anders.lindberg@gmail.com"},
		{"Anders", "Lindberg-Berg", "anders@berg.se"},
	} {
		ev = e.event("billing")
		ev.ExternalID, ev.FirstName, ev.LastName, ev.Email = "cus_YbbJMZvv", c.first, c.last, c.email
		if out := e.mustProcess(ev); out.RecordID != anders.RecordID || out.MatchedBy != schemas.MatchedByExternalID {
			t.Errorf("%s %s at %s went to %s by %s, want %s by the id", c.first, c.last, c.email, out.RecordID, out.MatchedBy, anders.RecordID)
		}
	}
}
