package stages

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/schemas"
)

// readsByEmail counts the reads by e-mail the CRM received, single and
// batch.
func readsByEmail(st emulator.Stats) int {
	return st.ByOperation[emulator.OpGetByEmail] + st.ByOperation[emulator.OpBatchRead]
}

// creates counts the create requests the CRM received, single and batch.
func creates(st emulator.Stats) int {
	return st.ByOperation[emulator.OpCreate] + st.ByOperation[emulator.OpBatchCreate]
}

// nonUniqueEmail is the emulator declaring that its e-mails are not unique
// (as Salesforce's): the gatekeeper must read before it creates.
type nonUniqueEmail struct{ *emulator.Emulator }

func (n nonUniqueEmail) Capabilities() connectors.Capabilities {
	c := n.Emulator.Capabilities()
	c.UniqueEmail = false
	return c
}

func TestCreateAdoptsTheContactHoldingItsEmail(t *testing.T) {
	t.Run("should end on the contact holding the e-mail with one create and no read by e-mail", func(t *testing.T) {
		// Given a contact made by hand, which the index does not know and
		// search does not see yet
		e := newEnv(t, withEmulator(func(c *emulator.Config) { c.SearchLag = time.Hour }))
		c, err := e.crm.Create(context.Background(), map[string]string{"email": "dana@hooli.com", "firstname": "Dana", "lastname": "Reyes"})
		if err != nil {
			t.Fatal(err)
		}
		before := e.crm.Stats()

		// When an event with her e-mail and a phone arrives
		ev := e.event("web_form")
		ev.Email, ev.FirstName, ev.Phone = "dana@hooli.com", "Dana", "+1 646 555 0147"
		out := e.mustProcess(ev)

		// Then it updates her contact, matched by e-mail, after one create
		// (refused with a 409 naming her) and no read by e-mail: the contact
		// is read once by id, to merge against its values
		expect(t, out, schemas.ActionUpdated, schemas.MatchedByEmail)
		if out.RecordID != c.ID || e.records() != 1 {
			t.Fatalf("record %s, want %s; %d records", out.RecordID, c.ID, e.records())
		}
		after := e.crm.Stats()
		if n := creates(after) - creates(before); n != 1 {
			t.Errorf("%d create requests, want 1", n)
		}
		if n := readsByEmail(after) - readsByEmail(before); n != 0 {
			t.Errorf("%d reads by e-mail, want none", n)
		}
		if n := after.ByOperation[emulator.OpGet] - before.ByOperation[emulator.OpGet]; n != 1 {
			t.Errorf("%d reads by id, want 1", n)
		}
		if n := after.Statuses[409] - before.Statuses[409]; n != 1 {
			t.Errorf("%d conflicts, want 1", n)
		}
		if got := e.contact(c.ID).Properties; got["phone"] != "+1 646 555 0147" || got["lastname"] != "Reyes" {
			t.Errorf("CRM contact %v", got)
		}
	})

	t.Run("should read by e-mail first where the CRM's e-mails are not unique", func(t *testing.T) {
		// Given a CRM that does not keep e-mails unique, holding Dana
		e := newEnv(t, withCRM(func(em *emulator.Emulator) connectors.CRM { return nonUniqueEmail{em} }))
		c, err := e.crm.Create(context.Background(), map[string]string{"email": "dana@hooli.com", "firstname": "Dana"})
		if err != nil {
			t.Fatal(err)
		}
		before := e.crm.Stats()

		// When an event with her e-mail arrives
		ev := e.event("web_form")
		ev.Email, ev.FirstName = "dana@hooli.com", "Dana"
		out := e.mustProcess(ev)

		// Then the read finds her, and nothing is created
		after := e.crm.Stats()
		if out.RecordID != c.ID || readsByEmail(after)-readsByEmail(before) != 1 || creates(after) != creates(before) {
			t.Fatalf("record %s (want %s); %d reads by e-mail, %d creates; want 1 and 0",
				out.RecordID, c.ID, readsByEmail(after)-readsByEmail(before), creates(after)-creates(before))
		}
	})

	t.Run("should read by e-mail first for an address a provider rule changes", func(t *testing.T) {
		// Given a contact holding the address's match key, which the CRM
		// does not take for the address the event sends
		e := newEnv(t)
		c, err := e.crm.Create(context.Background(), map[string]string{"email": "danareyes@gmail.com", "firstname": "Dana"})
		if err != nil {
			t.Fatal(err)
		}

		// When an event sends it with dots, which Gmail ignores
		ev := e.event("web_form")
		ev.Email, ev.FirstName = "dana.reyes@gmail.com", "Dana"
		out := e.mustProcess(ev)

		// Then the read finds the contact, and nothing is created
		if st := e.crm.Stats(); out.RecordID != c.ID || readsByEmail(st) != 1 || creates(st) != 1 {
			t.Fatalf("record %s (want %s); %d reads by e-mail, %d creates (the contact's own)", out.RecordID, c.ID, readsByEmail(st), creates(st))
		}
	})
}

// unnamedConflict is a CRM whose create answers a held e-mail with a 409
// that names no contact.
type unnamedConflict struct{ *emulator.Emulator }

func (u unnamedConflict) Create(ctx context.Context, props map[string]string) (connectors.Contact, error) {
	c, err := u.Emulator.Create(ctx, props)
	if errors.Is(err, connectors.ErrConflict) {
		return c, &connectors.ConflictError{Message: "Contact already exists"}
	}
	return c, err
}

func TestACreateConflictNamingNoContactIsReadOnRetry(t *testing.T) {
	// Given a contact the index does not know, and a CRM whose 409 does
	// not name it
	e := newEnv(t, withCRM(func(em *emulator.Emulator) connectors.CRM { return unnamedConflict{em} }))
	c, err := e.crm.Create(context.Background(), map[string]string{"email": "dana@hooli.com", "firstname": "Dana"})
	if err != nil {
		t.Fatal(err)
	}

	// When an event with her e-mail is applied, and retried
	ev := e.event("web_form")
	ev.Email, ev.FirstName = "dana@hooli.com", "Dana"
	out := e.mustProcess(ev)

	// Then the retry reads her by e-mail and updates her contact
	if st := e.crm.Stats(); out.RecordID != c.ID || out.MatchedBy != schemas.MatchedByEmail || readsByEmail(st) != 1 || st.Records != 1 {
		t.Fatalf("%s %s by %s; %d reads by e-mail, %d records", out.Action, out.RecordID, out.MatchedBy, readsByEmail(st), st.Records)
	}
}
