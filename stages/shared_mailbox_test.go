package stages

import (
	"context"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/schemas"
)

// TestSharedMailbox covers an e-mail address that two people give: a
// family's or an office's mailbox (info@). The CRM keeps an address on one
// contact; the second person gets a contact of their own, without it.
func TestSharedMailbox(t *testing.T) {
	person := func(e *testEnv, first, last string) schemas.ContactEvent {
		ev := e.event("web_form")
		ev.FirstName, ev.LastName, ev.Email = first, last, "info@ca-state.gov"
		return ev
	}

	t.Run("should give a second person at one mailbox a contact of their own", func(t *testing.T) {
		// Given Andrew Anderson at info@ca-state.gov
		e := newEnv(t)
		andrew := e.mustProcess(person(e, "Andrew", "Anderson"))

		// When Jane Muir writes from the same address
		jane := e.mustProcess(person(e, "Jane", "Muir"))

		// Then she is a contact of her own, without the address, which stays
		// Andrew's, and the outcome says why
		if jane.Action != schemas.ActionCreated || jane.RecordID == andrew.RecordID || e.records() != 2 {
			t.Fatalf("Jane: %s %s by %s; %d records", jane.Action, jane.RecordID, jane.MatchedBy, e.records())
		}
		if got := e.contact(jane.RecordID).Properties[connectors.PropEmail]; got != "" {
			t.Errorf("Jane's contact holds e-mail %q", got)
		}
		if got := e.contact(andrew.RecordID).Properties[connectors.PropFirstName]; got != "Andrew" {
			t.Errorf("Andrew's contact's first name is %q", got)
		}
		refused := false
		for _, d := range jane.Refused {
			refused = refused || d.Field == connectors.PropEmail && strings.Contains(d.Reason, "shared mailbox")
		}
		if !refused {
			t.Errorf("refused %+v; want the e-mail, as a shared mailbox", jane.Refused)
		}

		// And each one's next event finds their own contact by the address
		again := person(e, "Jane", "Muir")
		again.Properties = map[string]string{"city": "Sacramento"}
		if out := e.mustProcess(again); out.RecordID != jane.RecordID || out.MatchedBy != schemas.MatchedByEmail {
			t.Errorf("Jane again: %s %s by %s; want her record by e-mail", out.Action, out.RecordID, out.MatchedBy)
		}
		if out := e.mustProcess(person(e, "Andy", "Anderson")); out.RecordID != andrew.RecordID || out.MatchedBy != schemas.MatchedByEmail {
			t.Errorf("Andy: %s %s by %s; want Andrew's record by e-mail", out.Action, out.RecordID, out.MatchedBy)
		}
		if e.records() != 2 {
			t.Errorf("%d records, want 2", e.records())
		}
		// Jane's update left the address to Andrew's contact without asking
		// the CRM to refuse it
		if n := e.crm.Stats().Statuses[409]; n != 0 {
			t.Errorf("%d answers 409, want none", n)
		}
	})

	t.Run("should tell two people at a family's mailbox apart by both names, known given names or not", func(t *testing.T) {
		// Given Matthew Ramirez writing from siobhanmarsh@icloud.com
		e := newEnv(t)
		at := func(first, last string) schemas.ContactEvent {
			ev := e.event("web_form")
			ev.FirstName, ev.LastName, ev.Email = first, last, "siobhanmarsh@icloud.com"
			return ev
		}
		matthew := e.mustProcess(at("Matthew", "Ramirez"))

		// When Siobhan Marsh, a given name the table does not know, writes
		// from it
		siobhan := e.mustProcess(at("Siobhan", "Marsh"))

		// Then the first and the last name both differ: another person,
		// with a contact of her own
		if siobhan.Action != schemas.ActionCreated || siobhan.RecordID == matthew.RecordID {
			t.Fatalf("Siobhan: %s %s by %s; want a contact of her own", siobhan.Action, siobhan.RecordID, siobhan.MatchedBy)
		}
		if got := e.contact(matthew.RecordID).Properties[connectors.PropFirstName]; got != "Matthew" {
			t.Errorf("Matthew's contact's first name is %q", got)
		}
	})

	t.Run("should leave the address to a contact the index does not know", func(t *testing.T) {
		// Given Andrew Anderson in the CRM only, created by hand
		e := newEnv(t)
		c, err := e.crm.Create(context.Background(), map[string]string{"firstname": "Andrew", "lastname": "Anderson", "email": "info@ca-state.gov"})
		if err != nil {
			t.Fatal(err)
		}

		// When Jane Muir writes from his address
		jane := e.mustProcess(person(e, "Jane", "Muir"))

		// Then she is a contact of her own, created without the address
		// once the CRM's 409 named his contact (no read by e-mail before
		// the create: the CRM keeps e-mails unique), and his is untouched
		st := e.crm.Stats()
		if jane.Action != schemas.ActionCreated || jane.RecordID == c.ID || e.records() != 2 || st.Statuses[409] != 1 {
			t.Fatalf("Jane: %s %s by %s; %d records, statuses %v", jane.Action, jane.RecordID, jane.MatchedBy, e.records(), st.Statuses)
		}
		if n := st.ByOperation[emulator.OpGetByEmail] + st.ByOperation[emulator.OpBatchRead]; n != 0 {
			t.Errorf("%d reads by e-mail, want none", n)
		}
		if got := e.contact(jane.RecordID).Properties; got[connectors.PropEmail] != "" || got[connectors.PropFirstName] != "Jane" {
			t.Errorf("Jane's contact %v", got)
		}
		if got := e.contact(c.ID).Properties[connectors.PropFirstName]; got != "Andrew" {
			t.Errorf("Andrew's contact's first name is %q", got)
		}
	})

	t.Run("should leave the address to another person's contact created just before our create", func(t *testing.T) {
		// Given another instance creates Andrew's contact just before our
		// create
		e := newEnv(t, withCRM(func(em *emulator.Emulator) connectors.CRM {
			return &createsMeanwhile{Emulator: em, props: map[string]string{"email": "info@ca-state.gov", "firstname": "Andrew", "lastname": "Anderson"}}
		}))

		// When Jane Muir's event creates
		jane := e.mustProcess(person(e, "Jane", "Muir"))

		// Then the CRM's 409 names Andrew's contact, and Jane is created
		// without the address
		if jane.Action != schemas.ActionCreated || e.records() != 2 || e.crm.Stats().Statuses[409] != 1 {
			t.Fatalf("Jane: %s %s by %s; %d records, statuses %v", jane.Action, jane.RecordID, jane.MatchedBy, e.records(), e.crm.Stats().Statuses)
		}
		if got := e.contact(jane.RecordID).Properties; got[connectors.PropEmail] != "" || got[connectors.PropFirstName] != "Jane" {
			t.Errorf("Jane's contact %v", got)
		}
	})

	t.Run("should give an event without a first name to the holder its phone or surname points at", func(t *testing.T) {
		// Given Andrew Anderson and Jane Muir at one mailbox, each with a phone
		e := newEnv(t)
		andrewEv := person(e, "Andrew", "Anderson")
		andrewEv.Phone = "+1 916 555 0100"
		andrew := e.mustProcess(andrewEv)
		janeEv := person(e, "Jane", "Muir")
		janeEv.Phone = "+1 916 555 0199"
		jane := e.mustProcess(janeEv)

		// When events without a first name arrive: one with Jane's phone,
		// one with her surname, one with neither
		byPhone := person(e, "", "")
		byPhone.Phone = "(916) 555-0199"
		bySurname := person(e, "", "Muir")
		neither := person(e, "", "")

		// Then the first two are Jane's, the last the oldest holder's
		for _, c := range []struct {
			name string
			ev   schemas.ContactEvent
			want string
		}{{"phone", byPhone, jane.RecordID}, {"surname", bySurname, jane.RecordID}, {"neither", neither, andrew.RecordID}} {
			if out := e.mustProcess(c.ev); out.RecordID != c.want || out.MatchedBy != schemas.MatchedByEmail {
				t.Errorf("%s: %s %s by %s; want %s", c.name, out.Action, out.RecordID, out.MatchedBy, c.want)
			}
		}
		if e.records() != 2 {
			t.Errorf("%d records, want 2", e.records())
		}
	})

	t.Run("should still apply an event without a first name to the holder", func(t *testing.T) {
		e := newEnv(t)
		andrew := e.mustProcess(person(e, "Andrew", "Anderson"))
		ev := person(e, "", "")
		ev.Phone = "+1 916 555 0100"
		if out := e.mustProcess(ev); out.RecordID != andrew.RecordID || out.MatchedBy != schemas.MatchedByEmail {
			t.Fatalf("%s %s by %s; want Andrew's record", out.Action, out.RecordID, out.MatchedBy)
		}
	})

	t.Run("should give a slip of a name the record was written with to the record at its address", func(t *testing.T) {
		// Given Charles Sharpe at his work address, whose name the CRM, a
		// stronger source, then wrote as Chuck
		e := newEnv(t)
		at := func(source, first string) schemas.ContactEvent {
			ev := e.event(source)
			ev.FirstName, ev.LastName, ev.Email = first, "Sharpe", "csharpe@cbconstruction.co.uk"
			return ev
		}
		charles := e.mustProcess(at("web_form", "Charles"))
		if out := e.mustProcess(at("crm", "Chuck")); out.RecordID != charles.RecordID {
			t.Fatalf("Chuck: %s %s by %s; want Charles's record", out.Action, out.RecordID, out.MatchedBy)
		}
		if got := e.contact(charles.RecordID).Properties[connectors.PropFirstName]; got != "Chuck" {
			t.Fatalf("first name %q after the CRM's event, want Chuck", got)
		}

		// When a form sends "Cbarles", one slip from Charles and nothing
		// like Chuck, from the same address
		out := e.mustProcess(at("web_form", "Cbarles"))

		// Then it is his event, not a second person at his mailbox
		if out.RecordID != charles.RecordID || out.MatchedBy != schemas.MatchedByEmail || e.records() != 1 {
			t.Errorf("Cbarles: %s %s by %s; %d records; want Charles's record by e-mail", out.Action, out.RecordID, out.MatchedBy, e.records())
		}
	})

	t.Run("should still keep apart another person at the mailbox whose record has an initial among its names", func(t *testing.T) {
		// Given John Muir, once written "J. Muir", at the family's address
		e := newEnv(t)
		john := e.mustProcess(person(e, "John", "Muir"))
		e.mustProcess(person(e, "J.", "Muir"))

		// When Jane Muir writes from it
		jane := e.mustProcess(person(e, "Jane", "Muir"))

		// Then the initial does not make her John
		if jane.RecordID == john.RecordID || e.records() != 2 {
			t.Errorf("Jane: %s %s by %s; %d records; want a record of her own", jane.Action, jane.RecordID, jane.MatchedBy, e.records())
		}
	})
}

func TestANamelessEventAtASharedMailboxGoesToTheHolderItsDetailsName(t *testing.T) {
	// Given John Smith at Acme and Jane Smith at Initech, both at their
	// family's mailbox
	e := newEnv(t)
	john := e.event("web_form")
	john.FirstName, john.LastName, john.Email, john.Company = "John", "Smith", "smithfamily@mail.example", "Acme Corp"
	jane := e.event("web_form")
	jane.FirstName, jane.LastName, jane.Email, jane.Company = "Jane", "Smith", "smithfamily@mail.example", "Initech"
	jn := e.mustProcess(john)
	ja := e.mustProcess(jane)
	if jn.RecordID == ja.RecordID {
		t.Fatalf("John and Jane share record %s", jn.RecordID)
	}

	// When a form gives the mailbox and Initech, without a name
	form := e.event("webinar")
	form.Email, form.Company = "smithfamily@mail.example", "Initech Inc."
	out := e.mustProcess(form)

	// Then it is Jane's: her company, not the oldest holder's
	if out.RecordID != ja.RecordID {
		t.Fatalf("%s record %s by %s; want Jane's %s (John's is %s)", out.Action, out.RecordID, out.MatchedBy, ja.RecordID, jn.RecordID)
	}
}

// An event whose only name is the one its address spells is as one without
// a name when no holder bears that name and the address is a consumer
// provider's (a handle: pinnacle.kid42@); at a company's domain the address
// spells its person, whom the holder is not.
func TestAnAddressThatSpellsNoHoldersNameNamesNoOne(t *testing.T) {
	for _, c := range []struct {
		name, holderFirst, holderLast, address string
		wantHolder                             bool
	}{
		{"should give the holder a consumer address's event, its handle no name", "Alexander", "Neumann", "pinnacle.kid42@t-online.de", true},
		{"should not give a company address's event the holder another name is at", "Sophie", "Blackcombe", "bram.vanderploeg@aurora-konsult.example", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			// Given the address's one holder, by another name
			e := newEnv(t)
			holder := e.event("crm")
			holder.Email, holder.FirstName, holder.LastName = c.address, c.holderFirst, c.holderLast
			first := e.mustProcess(holder)
			// When an event gives nothing but the address
			ev := e.event("web_form")
			ev.Email = c.address
			out := e.mustProcess(ev)
			// Then it is the holder's, but at a company's domain
			if got := out.RecordID == first.RecordID; got != c.wantHolder {
				t.Fatalf("%s record %s by %s; the holder's: %v, want %v", out.Action, out.RecordID, out.MatchedBy, got, c.wantHolder)
			}
		})
	}
}

// A subaddress is its mailbox's (RFC 5233): an event at
// r.yamamoto+vendor@ that no record holds as written is the record's at
// r.yamamoto@, as it is by the e-mail rule, and not one of several
// people's there.
func TestASubaddressIsItsMailboxHolders(t *testing.T) {
	e := newEnv(t)
	ryota := e.event("crm")
	ryota.Email, ryota.FirstName, ryota.LastName, ryota.Company = "r.yamamoto@umi.example", "Ryota", "Yamamoto", "United Media Instruments"
	first := e.mustProcess(ryota)
	form := e.event("web_form")
	form.Email = "r.yamamoto+vendor@umi.example"
	out := e.mustProcess(form)
	if out.RecordID != first.RecordID || out.MatchedBy != schemas.MatchedByEmail {
		t.Fatalf("%s record %s by %s; want %s by email", out.Action, out.RecordID, out.MatchedBy, first.RecordID)
	}
	// And another name at the mailbox is another person, as at the bare address
	other := e.event("web_form")
	other.Email, other.FirstName, other.LastName = "r.yamamoto+events@umi.example", "Kenji", "Yamamoto"
	got := e.mustProcess(other)
	if got.RecordID == first.RecordID {
		t.Fatalf("Kenji at the mailbox: %s record %s by %s, Ryota's", got.Action, got.RecordID, got.MatchedBy)
	}
	// whose record keeps the address he wrote: the CRM holds the bare one,
	// not his, on Ryota's
	if email := got.Properties["email"].Value; email != "r.yamamoto+events@umi.example" {
		t.Fatalf("Kenji's record: e-mail %q, want his subaddress", email)
	}
}
