package stages

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/schemas"
)

func TestUpsert(t *testing.T) {
	t.Run("should not call the CRM, nor create again, for a replayed event", func(t *testing.T) {
		// Given an event that was processed
		e := newEnv(t)
		ev := e.event("web_form")
		ev.Email, ev.FirstName = "ann@acme.com", "Ann"
		first := e.mustProcess(ev)
		before := e.crm.Stats().Total

		// When the same event is replayed
		out := e.mustProcess(ev)

		// Then it is unchanged, the same record, without a CRM request
		expect(t, out, schemas.ActionUnchanged, schemas.MatchedByEmail)
		if out.RecordID != first.RecordID || e.records() != 1 {
			t.Fatalf("record %s, first %s, %d records", out.RecordID, first.RecordID, e.records())
		}
		if n := e.crm.Stats().Total - before; n != 0 {
			t.Fatalf("%d CRM requests for a replay", n)
		}
	})

	t.Run("should not call the CRM for an event that changes nothing", func(t *testing.T) {
		e := newEnv(t)
		ev := e.event("web_form")
		ev.Email, ev.FirstName, ev.Phone = "ann@acme.com", "Ann", "+1 415 555 0199"
		e.mustProcess(ev)
		before := e.crm.Stats().Total

		// The same facts, written differently, in a new event
		again := e.event("web_form")
		again.Email, again.FirstName, again.Phone = "ANN@acme.com", "Ann", "(415) 555-0199"
		out := e.mustProcess(again)

		expect(t, out, schemas.ActionUnchanged, schemas.MatchedByEmail)
		if n := e.crm.Stats().Total - before; n != 0 {
			t.Fatalf("%d CRM requests for a no-op", n)
		}
	})

	t.Run("should apply precedence: a webinar cannot overwrite the billing address", func(t *testing.T) {
		// Given billing set the billing address, a property the CRM defines
		e := newEnv(t, withEmulator(func(c *emulator.Config) { c.Properties = []string{"billing_address"} }))
		bill := e.event("billing")
		bill.Email, bill.Properties = "ap@globex.com", map[string]string{"billing_address": "1 Main St, Springfield"}
		e.mustProcess(bill)

		// When a webinar registration sends another one, and a job title
		web := e.event("webinar")
		web.Email, web.Properties = "ap@globex.com", map[string]string{"billing_address": "somewhere else", "jobtitle": "AP clerk"}
		out := e.mustProcess(web)

		// Then the address is refused, the title written
		if len(out.Refused) != 1 || out.Refused[0].Field != "billing_address" {
			t.Fatalf("refused %+v", out.Refused)
		}
		c := e.contact(out.RecordID)
		if c.Properties["billing_address"] != "1 Main St, Springfield" || c.Properties["jobtitle"] != "AP clerk" {
			t.Fatalf("CRM contact %v, additional e-mails %q", c.Properties, c.AdditionalEmails)
		}
		if p := out.Properties["billing_address"]; p.Source != "billing" {
			t.Fatalf("billing_address provenance %+v", p)
		}
	})

	t.Run("should find a contact the index lacks by the create's conflict (consistent), though search lags", func(t *testing.T) {
		// Given a contact created in the CRM a moment ago, which search does not see yet
		e := newEnv(t, withEmulator(func(c *emulator.Config) { c.SearchLag = time.Hour }))
		c, err := e.crm.Create(context.Background(), map[string]string{"email": "Dana@Hooli.com", "firstname": "Dana"})
		if err != nil {
			t.Fatal(err)
		}
		// When an event for her arrives
		ev := e.event("web_form")
		ev.Email, ev.LastName = "dana@hooli.com", "Reyes"
		out := e.mustProcess(ev)

		// Then it updates that contact
		expect(t, out, schemas.ActionUpdated, schemas.MatchedByEmail)
		if out.RecordID != c.ID || e.records() != 1 {
			t.Fatalf("record %s, want %s; %d records", out.RecordID, c.ID, e.records())
		}
		// And the index knows her now: a second event needs no CRM read
		before := e.crm.Stats().Read
		again := e.event("web_form")
		again.Email = "dana@hooli.com"
		e.mustProcess(again)
		if e.crm.Stats().Read != before {
			t.Fatal("the second event read the CRM")
		}
	})

	t.Run("should turn a create that conflicts on the e-mail into an update", func(t *testing.T) {
		// Given another instance creates the contact just before our
		// create
		e := newEnv(t, withCRM(func(em *emulator.Emulator) connectors.CRM {
			return &createsMeanwhile{Emulator: em, props: map[string]string{"email": "lee@initech.com", "firstname": "Lee"}}
		}))
		// When our event creates
		ev := e.event("web_form")
		ev.Email, ev.Phone = "lee@initech.com", "+1 646 555 0147"
		out := e.mustProcess(ev)

		// Then the CRM's 409 is answered by updating the existing contact
		expect(t, out, schemas.ActionUpdated, schemas.MatchedByEmail)
		if e.records() != 1 || e.crm.Stats().Statuses[409] != 1 {
			t.Fatalf("%d records, statuses %v", e.records(), e.crm.Stats().Statuses)
		}
		if c := e.contact(out.RecordID); c.Properties["phone"] != "+1 646 555 0147" || c.Properties["firstname"] != "Lee" {
			t.Fatalf("CRM contact %v, additional e-mails %q", c.Properties, c.AdditionalEmails)
		}
	})

	t.Run("should leave an invalid e-mail out of the write when another identifier is valid", func(t *testing.T) {
		e := newEnv(t)
		ev := e.event("import")
		ev.Email, ev.Phone, ev.FirstName, ev.LastName = "not-an-address", "+44 20 7946 0958", "Ada", "Byron"
		out := e.mustProcess(ev)
		expect(t, out, schemas.ActionCreated, schemas.MatchedByNone)
		if len(out.Refused) != 1 || out.Refused[0].Field != "email" {
			t.Fatalf("refused %+v", out.Refused)
		}
		if _, ok := e.contact(out.RecordID).Properties["email"]; ok {
			t.Fatal("the invalid e-mail was written")
		}
	})

	t.Run("should neither write nor match by a placeholder address", func(t *testing.T) {
		// Given Ada Byron at Acme, whose form's address was none@none.com
		e := newEnv(t)
		at := func(first, last, company string) schemas.ContactEvent {
			ev := e.event("web_form")
			ev.Email, ev.FirstName, ev.LastName, ev.Company = "none@none.com", first, last, company
			return ev
		}
		ada := e.mustProcess(at("Ada", "Byron", "Acme"))
		if len(ada.Refused) != 1 || ada.Refused[0].Field != "email" || !strings.Contains(ada.Refused[0].Reason, "placeholder") {
			t.Fatalf("refused %+v, want the e-mail as a placeholder", ada.Refused)
		}
		if _, ok := e.contact(ada.RecordID).Properties["email"]; ok {
			t.Fatal("the placeholder was written")
		}

		// When a nameless event gives only that address, and Tim Lee at
		// Initech gives it too
		nameless := e.event("web_form")
		nameless.Email = "NONE@none.com"
		_, err := e.process(nameless)
		tim := e.mustProcess(at("Tim", "Lee", "Initech"))

		// Then the first has no identifier, and Tim is not Ada
		if dl := deadLetter(t, err); dl.Stage != "validate" {
			t.Errorf("the address alone: stage %q, want validate", dl.Stage)
		}
		if tim.RecordID == ada.RecordID || e.records() != 2 {
			t.Errorf("Tim: %s %s by %s; %d records", tim.Action, tim.RecordID, tim.MatchedBy, e.records())
		}
	})
}

// createsMeanwhile is a CRM where another writer (another instance, a
// person) creates a contact just before our first create reaches it: after
// resolve looked in the index, and after a read by e-mail where the CRM
// needs one, so that only the create's 409 can tell.
type createsMeanwhile struct {
	*emulator.Emulator
	once  sync.Once
	props map[string]string
}

func (c *createsMeanwhile) meanwhile(ctx context.Context) {
	c.once.Do(func() {
		if _, err := c.Emulator.Create(ctx, c.props); err != nil {
			panic(err)
		}
	})
}

func (c *createsMeanwhile) Create(ctx context.Context, props map[string]string) (connectors.Contact, error) {
	c.meanwhile(ctx)
	return c.Emulator.Create(ctx, props)
}

func (c *createsMeanwhile) BatchCreate(ctx context.Context, inputs []map[string]string) (connectors.BatchResult, error) {
	c.meanwhile(ctx)
	return c.Emulator.BatchCreate(ctx, inputs)
}

func TestUpdateRejections(t *testing.T) {
	t.Run("should follow an exact e-mail in the CRM over a phone match in the index", func(t *testing.T) {
		// Given Bob Brown known by his Gmail address and phone, and a CRM
		// contact the index does not know (another instance wrote it, the
		// follower is behind) holding his Yahoo address
		e := newEnv(t)
		bob := e.event("web_form")
		bob.FirstName, bob.LastName, bob.Email, bob.Phone = "Bob", "Brown", "bob@gmail.com", "+1 415 555 0190"
		first := e.mustProcess(bob)
		other, err := e.crm.Create(context.Background(), map[string]string{"email": "bob.brown@yahoo.com"})
		if err != nil {
			t.Fatal(err)
		}
		// When an event that the index matches by phone and name brings the
		// Yahoo address and a job title
		ev := e.event("web_form")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Bob", "Brown", "bob.brown@yahoo.com", "+1 415 555 0190"
		ev.Properties = map[string]string{"jobtitle": "Pilot"}
		out := e.mustProcess(ev)

		// Then the e-mail decides, as the hierarchy says: the Yahoo contact
		// is the record, updated; and since the event links Bob's Gmail
		// record to it (his phone and name), that record is merged into it
		// (a bridge), keeping its Gmail address
		expect(t, out, schemas.ActionMerged, schemas.MatchedByEmail)
		if out.RecordID != other.ID || !slices.Equal(out.MergedIDs, []string{first.RecordID}) {
			t.Fatalf("record %s merged %v, want the e-mail's holder %s merged [%s]", out.RecordID, out.MergedIDs, other.ID, first.RecordID)
		}
		c := e.contact(other.ID)
		if c.Properties["jobtitle"] != "Pilot" || !slices.Contains(c.AdditionalEmails, "bob@gmail.com") {
			t.Fatalf("CRM contact %v, additional e-mails %q", c.Properties, c.AdditionalEmails)
		}
	})

	t.Run("should dead-letter an update of a contact deleted in the CRM", func(t *testing.T) {
		e := newEnv(t, withCRM(func(em *emulator.Emulator) connectors.CRM { return deleted{em} }))
		a := e.event("web_form")
		a.Email = "gone@acme.com"
		e.mustProcess(a)
		b := e.event("web_form")
		b.Email, b.FirstName = "gone@acme.com", "Gwen"
		_, err := e.process(b)
		if dl := deadLetter(t, err); dl.Class != schemas.ClassCRMRejected || !errors.Is(err, connectors.ErrNotFound) {
			t.Fatalf("%v", err)
		}
	})
}

// deleted is a CRM whose contacts vanish once created.
type deleted struct{ *emulator.Emulator }

func (deleted) Update(context.Context, string, map[string]string) (connectors.Contact, error) {
	return connectors.Contact{}, fmt.Errorf("HTTP 404: %w", connectors.ErrNotFound)
}
