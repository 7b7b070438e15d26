package stages

import (
	"fmt"
	"testing"

	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// A record is compared as the profile of all it was seen with: an event at
// a slip of an address the record held before its current one is weighed
// against that address (nearestEmail), not against the current one alone.
func TestAnAddressTheRecordHeldBeforeIsWeighed(t *testing.T) {
	e := newEnv(t)
	ev := e.event("crm")
	ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Nicole", "Bousquet", "nicolebousquet@hotmail.fr", "+33 6 00 49 56 88"
	first := e.mustProcess(ev)

	// Her employer's address, by her phone: the record's current address.
	ev = e.event("crm")
	ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Nicole", "Bousquet", "nicole_bousquet@navarro.com", "+33 6 00 49 56 88"
	if out := e.mustProcess(ev); out.RecordID != first.RecordID {
		t.Fatalf("her employer's address went to %s (%s), want %s", out.RecordID, out.Action, first.RecordID)
	}
	// Events enough at her employer's address that the record's members
	// (state.MaxMembers, the latest writings) no longer hold the first.
	for i := range state.MaxMembers {
		ev = e.event("crm")
		ev.FirstName, ev.LastName, ev.Email = "Nicole", "Bousquet", "nicole_bousquet@navarro.com"
		ev.Properties = map[string]string{"jobtitle": fmt.Sprintf("Business Developer %d", i)}
		e.mustProcess(ev)
	}
	if got := e.contact(first.RecordID).Properties["email"]; got != "nicole_bousquet@navarro.com" {
		t.Fatalf("email %q: the test wants the current address her employer's", got)
	}

	// Her personal address with a slip in its domain.
	ev = e.event("webinar")
	ev.FirstName, ev.LastName, ev.Email = "Nicole", "Bousquet", "nicolebousquet@hptmail.fr"
	out := e.mustProcess(ev)
	if out.RecordID != first.RecordID || out.MatchedBy == schemas.MatchedByNone || e.records() != 1 {
		t.Errorf("went to %s (%s by %s), want %s; %d records", out.RecordID, out.Action, out.MatchedBy, first.RecordID, e.records())
	}
}

// An event with nothing but an address mistyped in its domain is the
// record's whose address it is: one local part at two domains a keystroke
// apart weighs as one address (match.LevelDomainSlip).
func TestAnAddressMistypedInItsDomainFindsItsRecord(t *testing.T) {
	e := newEnv(t)
	ev := e.event("crm")
	ev.FirstName, ev.LastName, ev.Email, ev.Company = "Carlos", "Davenport", "cdavenport@wade.com", "Wade Security"
	first := e.mustProcess(ev)

	ev = e.event("webinar")
	ev.Email = "cdavenport@wadee.com"
	out := e.mustProcess(ev)
	if out.RecordID != first.RecordID || out.Score != ScoreEvidence || e.records() != 1 {
		t.Errorf("went to %s (%s, score %v), want %s by the scorer; %d records", out.RecordID, out.Action, out.Score, first.RecordID, e.records())
	}

	// A namesake's account at the same provider is no slip of it.
	ev = e.event("webinar")
	ev.Email = "cdavenport2@wade.com"
	if out := e.mustProcess(ev); out.RecordID == first.RecordID {
		t.Errorf("cdavenport2@ joined %s", out.RecordID)
	}
}

// So too for phones: a digit slip of either number a record holds is
// weighed against that number (nearestPhone), whichever the record keeps
// first.
func TestAPhoneTheRecordHoldsBesideAnotherIsWeighed(t *testing.T) {
	for _, slip := range []string{"+1 (510) 555-43906", "+1 (408) 555-71236"} {
		e := newEnv(t)
		ev := e.event("crm")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Gerald", "Stewart", "gstewart@harbor.example", "+1 510-555-4390"
		first := e.mustProcess(ev)
		ev = e.event("crm")
		ev.Email, ev.Phone = "gstewart@harbor.example", "+1 408-555-7123"
		if out := e.mustProcess(ev); out.RecordID != first.RecordID {
			t.Fatalf("his second number went to %s, want %s", out.RecordID, first.RecordID)
		}
		for i := range state.MaxMembers { // no member left with a number
			ev = e.event("crm")
			ev.Email = "gstewart@harbor.example"
			ev.Properties = map[string]string{"jobtitle": fmt.Sprintf("Harbour Master %d", i)}
			e.mustProcess(ev)
		}

		ev = e.event("import")
		ev.FirstName, ev.LastName, ev.Phone = "Gerald", "Stewart", slip
		out := e.mustProcess(ev)
		if out.RecordID != first.RecordID || e.records() != 1 {
			t.Errorf("%s: went to %s (%s by %s), want %s; %d records", slip, out.RecordID, out.Action, out.MatchedBy, first.RecordID, e.records())
		}
	}
}

// A subaddress of an office's mailbox is the mailbox's: an event at
// info+billing@ goes to the record at info@, though both are role
// addresses (match.IsRoleEmail reads the tag off).
func TestARolesSubaddressFindsTheMailbox(t *testing.T) {
	e := newEnv(t)
	ev := e.event("crm")
	ev.FirstName, ev.LastName, ev.Email, ev.Company = "Jane", "Doe", "info@acme-tools.example", "Acme Tools"
	first := e.mustProcess(ev)
	ev = e.event("billing")
	ev.Email, ev.Company = "info+billing@acme-tools.example", "Acme Tools"
	if out := e.mustProcess(ev); out.RecordID != first.RecordID || e.records() != 1 {
		t.Errorf("went to %s (%s by %s), want %s; %d records", out.RecordID, out.Action, out.MatchedBy, first.RecordID, e.records())
	}
}

// An event with nothing but a slip of a company address that the record
// held before its current one is the record's: the index keeps the slip
// keys of every address a record holds (state.Record.Keys), and a
// keystroke inside a word of a company's address weighs as the address
// (match.LevelLocalSlip).
func TestASlipOfAnOlderCompanyAddressFindsItsRecord(t *testing.T) {
	e := newEnv(t)
	ev := e.event("crm")
	ev.FirstName, ev.LastName, ev.Email, ev.Company = "Renée", "Valentin", "renee@rolyeon.fr", "Rolyeon Analytics"
	ev.Phone = "+33 6 87 67 46 71"
	first := e.mustProcess(ev)
	// Her personal address, by her phone, becomes the record's current one.
	ev = e.event("crm")
	ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Renée", "Valentin", "renee.valentin@hotmail.fr", "+33 6 87 67 46 71"
	if out := e.mustProcess(ev); out.RecordID != first.RecordID {
		t.Fatalf("her personal address went to %s (%s), want %s", out.RecordID, out.Action, first.RecordID)
	}
	if got := e.contact(first.RecordID).Properties["email"]; got != "renee.valentin@hotmail.fr" {
		t.Fatalf("email %q: the test wants the current address her personal one", got)
	}

	// A webinar's attendee list with her work address, one letter doubled.
	ev = e.event("webinar")
	ev.Email = "rennee@rolyeon.fr"
	out := e.mustProcess(ev)
	if out.RecordID != first.RecordID || out.Score != ScoreEvidence || e.records() != 1 {
		t.Errorf("went to %s (%s by %s, score %v), want %s by the scorer; %d records", out.RecordID, out.Action, out.MatchedBy,
			out.Score, first.RecordID, e.records())
	}

	// A colleague's address one letter from hers at a word's edge is
	// another person's.
	ev = e.event("webinar")
	ev.Email = "renea@rolyeon.fr"
	if out := e.mustProcess(ev); out.RecordID == first.RecordID {
		t.Errorf("renea@ went to her record (%s by %s), want a new one", out.Action, out.MatchedBy)
	}
}

// A nameless event at the record's address mistyped in its domain is the
// record's, whatever names a parse of the address reads (sbertr.and3222@:
// "Sbertr And") and with a subaddress (+work) the record's address lacks.
func TestAMistypedDomainFindsItsRecordWhateverItsAddressSpells(t *testing.T) {
	e := newEnv(t)
	ev := e.event("support")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email = "26712720", "Sylvie", "Bertrand", "sbertr.and3222@gmail.com"
	sylvie := e.mustProcess(ev)
	ev = e.event("web_form")
	ev.FirstName, ev.LastName, ev.Email = "Tomoko", "Yamaguchi", "tyamaguchi6378@gmail.com"
	tomoko := e.mustProcess(ev)

	for _, c := range []struct {
		email string
		want  *schemas.Outcome
	}{
		{"sbertr.and3222@gmail.con", sylvie},
		{"tyamaguchi6378+work@gmail.con", tomoko},
	} {
		ev = e.event("web_form")
		ev.Email = c.email
		out := e.mustProcess(ev)
		if out.RecordID != c.want.RecordID || out.MatchedBy != schemas.MatchedByEmail {
			t.Errorf("%s went to %s (%s by %s), want %s by its address", c.email, out.RecordID, out.Action, out.MatchedBy, c.want.RecordID)
		}
	}
	if e.records() != 2 {
		t.Errorf("%d records, want 2", e.records())
	}
}
