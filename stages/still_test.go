package stages

import (
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

// A weak match is looked up again under the record's lock: the record may
// have changed between the lookup and the lock.
func TestAWeakMatchIsResolvedAgainUnderTheLock(t *testing.T) {
	// Given a switchboard's number known only from a nameless call
	e := newEnv(t)
	call := e.event("web_form")
	call.Phone = "+1 619 555 5404"
	switchboard := e.mustProcess(call)
	expect(t, switchboard, schemas.ActionCreated, schemas.MatchedByNone)

	// When Luke Graham's event finds it, "the number's only holder, no
	// name to contradict", and Edward Martinez's, on another lane, is
	// written to it before Luke's takes the lock
	edward := e.event("webinar")
	edward.Phone, edward.FirstName, edward.LastName = "619-555-5404", "Edward", "Martinez"
	luke := e.event("billing")
	luke.Phone, luke.FirstName, luke.LastName = "001 619 555 5404", "Luke", "Graham"
	var raced *schemas.Outcome
	e.g.testHookBeforeHold = func(a *attempt) {
		if a.ev.ce.EventID != luke.EventID || raced != nil {
			return
		}
		if a.match.recordID != switchboard.RecordID {
			t.Errorf("Luke's lookup found %q, want the switchboard's %s", a.match.recordID, switchboard.RecordID)
		}
		done := make(chan struct{})
		go func() { // another lane
			defer close(done)
			raced = e.mustProcess(edward)
		}()
		<-done
	}
	out := e.mustProcess(luke)

	// Then Edward's is the switchboard's record, and Luke's, looked up
	// again under the lock and retried, is a record of his own
	if raced == nil || raced.RecordID != switchboard.RecordID {
		t.Fatalf("Edward's event: %+v, want the switchboard's record %s", raced, switchboard.RecordID)
	}
	if out.RecordID == switchboard.RecordID {
		t.Fatalf("Luke's event went to Edward's record %s", out.RecordID)
	}
}

// The second lookup weighs what the first did: a match that only the
// records found by the event's name keys support is found again, not
// retried until it is dead-lettered (a second reader's finding).
func TestAWeakMatchFoundByANameKeyIsFoundAgain(t *testing.T) {
	// Given two CRM records of Sandy Perkins at Moorland Wool, one in
	// Boston, one in Seattle
	e := newEnv(t)
	var first string
	for i, city := range []string{"Boston", "Seattle"} {
		ev := e.event("crm")
		ev.ExternalID = "003" + string(rune('A'+i))
		ev.FirstName, ev.LastName, ev.Company = "Sandy", "Perkins", "MOORLAND WOOL Corporation"
		ev.Properties = map[string]string{"city": city}
		out := e.mustProcess(ev)
		if i == 0 {
			first = out.RecordID
		}
	}
	// When Alexandra Perkins of Moorland Wool in Boston comes, found under
	// her nickname's key
	ev := e.event("import")
	ev.FirstName, ev.LastName, ev.Company = "Alexandra", "Perkins", "Moorland Wool Corp"
	ev.Properties = map[string]string{"city": "Boston"}
	out, err := e.process(ev)
	// Then she is Boston's Sandy Perkins, at the first attempt's answer
	if err != nil {
		t.Fatalf("process: %v", err)
	}
	if out.RecordID != first {
		t.Fatalf("%s record %s by %s, want %s", out.Action, out.RecordID, out.MatchedBy, first)
	}
}
