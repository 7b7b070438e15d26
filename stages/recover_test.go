package stages

import (
	"context"
	"errors"
	"testing"

	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// crashAfterCreate leaves what a crash between the CRM create and the index
// write leaves: the event's claims and the CRM contact.
func (e *testEnv) crashAfterCreate(t *testing.T, ev schemas.ContactEvent, created bool) {
	t.Helper()
	job, err := e.g.Prepare(context.Background(), kafkaRecord(t, ev))
	if err != nil {
		t.Fatal(err)
	}
	if held, err := e.ix.Claim(ev.EventID, job.Value.(*event).keys.all(), e.base); err != nil || held != "" {
		t.Fatal(held, err)
	}
	if created {
		if _, err := e.crm.Create(context.Background(), map[string]string{"email": ev.Email, "firstname": ev.FirstName}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRecover(t *testing.T) {
	t.Run("should index a contact whose create landed before the crash", func(t *testing.T) {
		// Given a crash after the create of a Gmail contact
		e := newEnv(t)
		ev := e.event("web_form")
		ev.Email, ev.FirstName = "J.Smith+promo@gmail.com", "Jo"
		e.crashAfterCreate(t, ev, true)

		// When the gatekeeper recovers
		if err := e.g.Recover(context.Background()); err != nil {
			t.Fatal(err)
		}

		// Then the index has the contact under its key, and no claim is left
		ids, err := e.ix.Lookup(state.Key{Kind: state.KeyEmail, Value: "jsmith@gmail.com"})
		if err != nil || len(ids) != 1 {
			t.Fatalf("lookup: %v %v", ids, err)
		}
		if claims, _ := e.ix.PendingClaims(); len(claims) != 0 {
			t.Fatalf("claims left: %+v", claims)
		}
		// And the replayed event does not create again
		out := e.mustProcess(ev)
		if out.RecordID != ids[0] || e.records() != 1 || e.crm.Stats().Create != 1 {
			t.Fatalf("replay: %s on %s, %d records", out.Action, out.RecordID, e.records())
		}
	})

	t.Run("should release the claims of a create that did not happen", func(t *testing.T) {
		e := newEnv(t)
		ev := e.event("web_form")
		ev.Email = "ann@acme.com"
		e.crashAfterCreate(t, ev, false)
		if err := e.g.Recover(context.Background()); err != nil {
			t.Fatal(err)
		}
		if claims, _ := e.ix.PendingClaims(); len(claims) != 0 {
			t.Fatalf("claims left: %+v", claims)
		}
		if out := e.mustProcess(ev); out.Action != schemas.ActionCreated || e.records() != 1 {
			t.Fatalf("replay: %s, %d records", out.Action, e.records())
		}
	})
}

// failingApply is an identity index whose next writes fail.
type failingApply struct {
	identityIndex
	failures int
}

func (f *failingApply) Apply(w state.Write) error {
	if f.failures > 0 {
		f.failures--
		return errors.New("disk full")
	}
	return f.identityIndex.Apply(w)
}

func TestIndexWriteFailureAfterCreate(t *testing.T) {
	t.Run("should write the index on retry without creating again", func(t *testing.T) {
		// Given an index that fails the next two writes
		e := newEnv(t)
		e.g.ix = &failingApply{identityIndex: e.g.ix, failures: 2}
		ev := e.event("web_form")
		ev.Phone, ev.FirstName, ev.LastName = "+1 415 555 0110", "Sam", "Ortiz"

		// When the event is applied, and retried
		out, err := e.process(ev)

		// Then the contact was created once and indexed
		if err != nil || out.Action != schemas.ActionCreated {
			t.Fatalf("%v %+v", err, out)
		}
		// (a create without an e-mail is an upsert by the event's key)
		if st := e.crm.Stats(); st.Records != 1 || st.ByOperation[emulator.OpBatchUpsert] != 1 || st.Create != 0 {
			t.Fatalf("%d records after %d upserts and %d creates", st.Records, st.ByOperation[emulator.OpBatchUpsert], st.Create)
		}
		if id, ok, _ := e.ix.Processed(ev.EventID); !ok || id != out.RecordID {
			t.Fatalf("processed %q %v", id, ok)
		}
		if claims, _ := e.ix.PendingClaims(); len(claims) != 0 {
			t.Fatalf("claims left: %+v", claims)
		}
	})
}
