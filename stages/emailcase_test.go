package stages

import (
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

// Issue 16: a higher-ranked source rewrote contacts' e-mail to a case
// variant, a write the CRM shows as a change. The e-mail's match key
// decides whether it changed, whatever the sources' ranks.
func TestACaseVariantEmailIsNotAWrite(t *testing.T) {
	for _, tc := range []struct{ first, second, stored, sent string }{
		{first: "import", second: "billing", stored: "anna.kowalski@example.com", sent: "Anna.Kowalski@Example.COM"},
		{first: "webinar", second: "crm", stored: "Anna.Kowalski@Example.com", sent: "anna.kowalski@example.com"},
		{first: "billing", second: "web_form", stored: "anna.kowalski@example.com", sent: "ANNA.KOWALSKI@EXAMPLE.COM"},
	} {
		t.Run("should not rewrite "+tc.stored+" for "+tc.second+"'s "+tc.sent, func(t *testing.T) {
			// Given a contact created by one source
			e := newEnv(t)
			a := e.event(tc.first)
			a.Email, a.FirstName = tc.stored, "Anna"
			first := e.mustProcess(a)

			// When another source sends the address in other case, and
			// nothing else new
			b := e.event(tc.second)
			b.Email, b.FirstName = tc.sent, "Anna"
			out := e.mustProcess(b)

			// Then nothing is written: the CRM keeps the address as stored
			if out.RecordID != first.RecordID {
				t.Fatalf("record %s, want %s", out.RecordID, first.RecordID)
			}
			for _, d := range out.Changed {
				if d.Field == "email" {
					t.Errorf("the e-mail was rewritten: %+v", d)
				}
			}
			if out.Action != schemas.ActionUnchanged {
				t.Errorf("action %s, want unchanged", out.Action)
			}
			if c := e.contact(out.RecordID); c.Properties["email"] != tc.stored {
				t.Errorf("CRM e-mail %q, want %q", c.Properties["email"], tc.stored)
			}
		})
	}
}

func TestACaseVariantOfAnEmailOnlyTheCRMKnowsIsNotAWrite(t *testing.T) {
	// Given a contact in the CRM that the index has never seen
	e := newEnv(t)
	c, err := e.crm.Create(t.Context(), map[string]string{"email": "Anna.Kowalski@Example.com", "firstname": "Anna"})
	if err != nil {
		t.Fatal(err)
	}

	// When a top-ranked source sends the address lower-cased
	b := e.event("crm")
	b.Email, b.FirstName = "anna.kowalski@example.com", "Anna"
	out := e.mustProcess(b)

	// Then the contact is found and its e-mail not rewritten
	if out.RecordID != c.ID {
		t.Fatalf("record %s, want %s", out.RecordID, c.ID)
	}
	for _, d := range out.Changed {
		if d.Field == "email" {
			t.Errorf("the e-mail was rewritten: %+v", d)
		}
	}
	if got := e.contact(c.ID).Properties["email"]; got != "Anna.Kowalski@Example.com" && got != "anna.kowalski@example.com" {
		t.Errorf("CRM e-mail %q", got)
	}
}

// A name, a place or a company written another way (capitals, spacing,
// punctuation, the legal form) by a source that does not outrank the
// value's is no write: at equal rank each event would rewrite the last
// one's writing. A stronger source's writing still replaces it.
func TestAnotherWritingOfAValueIsNoWriteUnlessAStrongerSourceSendsIt(t *testing.T) {
	// Given a contact a web form wrote
	e := newEnv(t)
	a := e.event("web_form")
	a.Email, a.FirstName, a.LastName, a.Company = "erica.castro@example.com", "Erica", "O'Neill", "Lowland Malts Co."
	a.Properties = map[string]string{"city": "Salt Lake City"}
	first := e.mustProcess(a)

	// When another form sends the same values written otherwise
	b := e.event("web_form")
	b.Email, b.FirstName, b.LastName, b.Company = "erica.castro@example.com", "ERICA", "ONeill", "LOWLAND MALTS & Co."
	b.Properties = map[string]string{"city": "SALT LAKE CITY"}
	out := e.mustProcess(b)

	// Then nothing is written
	if out.RecordID != first.RecordID || out.Action != schemas.ActionUnchanged {
		t.Fatalf("%s on %s, want unchanged on %s (changed %+v)", out.Action, out.RecordID, first.RecordID, out.Changed)
	}
	c := e.contact(first.RecordID)
	for field, want := range map[string]string{"firstname": "Erica", "lastname": "O'Neill", "company": "Lowland Malts Co.", "city": "Salt Lake City"} {
		if c.Properties[field] != want {
			t.Errorf("CRM %s %q, want %q", field, c.Properties[field], want)
		}
	}

	// When billing, which outranks the form, sends the company's legal name
	d := e.event("billing")
	d.Email, d.Company = "erica.castro@example.com", "Lowland Malts Company"
	out = e.mustProcess(d)

	// Then it is written
	if got := e.contact(first.RecordID).Properties["company"]; out.Action != schemas.ActionUpdated || got != "Lowland Malts Company" {
		t.Errorf("%s, CRM company %q: want billing's writing", out.Action, got)
	}
}

// A person who writes from the office's mailbox (team@) is the person the
// name and company find: the mailbox is no address of theirs that differs
// from their own, and it replaces neither their address in the CRM nor
// keys them in the index. A billing account, which has no person's name,
// may move from one such address to another.
func TestAPersonWritingFromTheOfficeMailboxIsFoundAndKeepsTheirAddress(t *testing.T) {
	// Given Charles Ross at Vercor with his own address
	e := newEnv(t)
	a := e.event("web_form")
	a.Email, a.FirstName, a.LastName, a.Company = "charles.ross@vercor.example", "Charles", "Ross", "Vercor Corporation"
	first := e.mustProcess(a)

	// When he writes from the office's mailbox
	b := e.event("web_form")
	b.Email, b.FirstName, b.LastName, b.Company = "team@vercor.example", "Charles", "Ross", "Vercor Corporation"
	out := e.mustProcess(b)

	// Then it is his record, which keeps his address
	if out.RecordID != first.RecordID || e.records() != 1 {
		t.Fatalf("%s on %s (%s), want %s; %d records", out.Action, out.RecordID, out.MatchedBy, first.RecordID, e.records())
	}
	if got := e.contact(first.RecordID).Properties["email"]; got != a.Email {
		t.Errorf("CRM e-mail %q, want %q", got, a.Email)
	}

	// And a colleague's nameless event from the mailbox is not his
	c := e.event("web_form")
	c.Email, c.Company = "team@vercor.example", "Vercor Corporation"
	if out := e.mustProcess(c); out.RecordID == first.RecordID {
		t.Errorf("the mailbox's nameless event went to Charles Ross's record (%s)", out.MatchedBy)
	}
}

// An e-mail field as mail clients and exports write it ("Name <addr>",
// several addresses, an invisible character, a dot after the domain)
// gives the CRM the address alone, and finds the record that holds it.
func TestTheAddressAloneReachesTheCRM(t *testing.T) {
	e := newEnv(t)
	first := e.event("web_form")
	first.FirstName, first.LastName, first.Email = "Ann", "Lee", "Ann Lee <Ann.Lee@acme.com>"
	out := e.mustProcess(first)
	if got := e.contact(out.RecordID).Email; got != "Ann.Lee@acme.com" {
		t.Fatalf("the CRM holds %q, want the address alone", got)
	}
	dotted := e.event("webinar")
	dotted.FirstName, dotted.LastName, dotted.Email = "Rebecca", "Norris", "rebecca.norris@pinestar.example."
	if o := e.mustProcess(dotted); o.Action != schemas.ActionCreated || e.contact(o.RecordID).Email != "rebecca.norris@pinestar.example" {
		t.Fatalf("%s %s: the CRM holds %q, want the address without the dot", o.Action, o.RecordID, e.contact(o.RecordID).Email)
	}
	for _, written := range []string{"ann.lee@acme.com; ann@home.net", "\u200bann.lee@acme.com", "ann.lee@acme.com."} {
		ev := e.event("webinar")
		ev.Email = written
		if o := e.mustProcess(ev); o.RecordID != out.RecordID || o.MatchedBy != schemas.MatchedByEmail {
			t.Errorf("%q: record %s by %s, want %s by e-mail", written, o.RecordID, o.MatchedBy, out.RecordID)
		}
	}
}

// A subaddress ("anil+events@") is the mailbox's own address: beside the
// bare one at the same company it says one person, not two colleagues.
func TestASubaddressIsTheMailboxsOwn(t *testing.T) {
	e := newEnv(t)
	crm := e.event("crm")
	crm.Email, crm.FirstName, crm.LastName, crm.Company = "anil+events@crescentpeak.example", "Anil", "Joshi", "Crescent Peak"
	first := e.mustProcess(crm)
	support := e.event("support")
	support.Email, support.FirstName, support.LastName, support.Company = "anil@crescentpeak.example", "Anil", "Joshi", "Crescent Peak Inc."
	if out := e.mustProcess(support); out.RecordID != first.RecordID || e.records() != 1 {
		t.Fatalf("%s %s by %s; %d records, want %s", out.Action, out.RecordID, out.MatchedBy, e.records(), first.RecordID)
	}
}

// A record at a subaddress and an event at the bare address (or the other
// way round) find each other by the mailbox, where nothing else blocks
// them together: the record knows no last name.
func TestASubaddressFindsItsMailbox(t *testing.T) {
	for _, tc := range []struct{ record, event string }{
		{"anil+events@crescentpeak.example", "anil@crescentpeak.example"},
		{"anil@crescentpeak.example", "anil+events@crescentpeak.example"},
	} {
		t.Run(tc.record+" then "+tc.event, func(t *testing.T) {
			e := newEnv(t)
			webinar := e.event("webinar")
			webinar.Email, webinar.FirstName, webinar.Company = tc.record, "Anil", "Crescent Peak"
			first := e.mustProcess(webinar)
			crm := e.event("crm")
			crm.Email, crm.FirstName, crm.LastName, crm.Company = tc.event, "Anil", "Joshi", "Crescent Peak Inc."
			if out := e.mustProcess(crm); out.RecordID != first.RecordID || e.records() != 1 {
				t.Fatalf("%s %s by %s; %d records, want %s", out.Action, out.RecordID, out.MatchedBy, e.records(), first.RecordID)
			}
		})
	}
}

// A first name alone beside an address that spells it and a last name
// ("Patricia", patricia.burford@) is Patricia Burford: her record at her
// company is found by her name there.
func TestAnAddressGivesTheLastNameAFirstNameLacks(t *testing.T) {
	e := newEnv(t)
	crm := e.event("crm")
	crm.ExternalID, crm.Phone = "003A", "7208197210"
	crm.FirstName, crm.LastName, crm.Company = "Patricia", "Burford", "Pinnacleforge Transport"
	first := e.mustProcess(crm)
	webinar := e.event("webinar")
	webinar.Email, webinar.FirstName, webinar.Company = "patricia.burford@pinnacleforge.example", "Patricia", "Pinnacleforge Transport"
	if out := e.mustProcess(webinar); out.RecordID != first.RecordID || e.records() != 1 {
		t.Fatalf("%s %s by %s; %d records, want %s", out.Action, out.RecordID, out.MatchedBy, e.records(), first.RecordID)
	}
}
