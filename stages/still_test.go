package stages

import (
	"context"
	"errors"
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

	// When Luke Graham's event finds it, "the number's only holder, no name
	// to contradict", on one lane
	luke := e.event("billing")
	luke.Phone, luke.FirstName, luke.LastName = "001 619 555 5404", "Luke", "Graham"
	job, err := e.g.Prepare(context.Background(), kafkaRecord(t, luke))
	if err != nil {
		t.Fatal(err)
	}
	a := &attempt{ev: job.Value.(*event)}
	defer a.release()
	if a.match, err = e.g.resolveIndex(a.ev, nil); err != nil || a.match.recordID != switchboard.RecordID {
		t.Fatalf("Luke's lookup found %q (%v), want the switchboard's %s", a.match.recordID, err, switchboard.RecordID)
	}
	// and Edward Martinez's, on another lane, is written to it first
	edward := e.event("webinar")
	edward.Phone, edward.FirstName, edward.LastName = "619-555-5404", "Edward", "Martinez"
	if out := e.mustProcess(edward); out.RecordID != switchboard.RecordID {
		t.Fatalf("Edward's event went to %s, want %s", out.RecordID, switchboard.RecordID)
	}

	// Then Luke's, under the lock, finds that the record is no longer his
	// match, and is retried
	if err := e.g.hold(a, a.match.recordID); err != nil {
		t.Fatal(err)
	}
	err = e.g.stillTheMatch(a)
	if !errors.Is(err, errChangedMeanwhile) || !e.g.Retryable(err) {
		t.Fatalf("stillTheMatch: %v, want a retryable errChangedMeanwhile", err)
	}
	a.release()
	// and the retry makes him a record of his own
	out := e.mustProcess(luke)
	if out.RecordID == switchboard.RecordID {
		t.Fatalf("Luke's event went to Edward's record %s", out.RecordID)
	}
}
