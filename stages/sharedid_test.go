package stages

import (
	"slices"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
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
	// The outcome says the id was set aside, and why.
	if !slices.ContainsFunc(out.Refused, func(d schemas.FieldDecision) bool {
		return d.Field == "external_id" && d.Value == "cus_YbbJMZvv" && d.Reason == idOfAnotherReason
	}) {
		t.Errorf("the outcome's refused fields %+v do not name the id set aside", out.Refused)
	}
	// The account's id is not written to her record: two holders would
	// make the next event's oldest holder a choice between two people.
	if rec, _, err := e.ix.Get(ana.RecordID); err != nil || len(rec.Identifiers.ExternalIDs) != 0 {
		t.Errorf("Ana's record holds %v (%v), want no id", rec.Identifiers.ExternalIDs, err)
	}
	// An address that spells another name says so too: the id with
	// ana.gomez@gmail.com alone is not Anders's.
	ev = e.event("billing")
	ev.ExternalID, ev.Email = "cus_YbbJMZvv", "ana.gomez@gmail.com"
	if out := e.mustProcess(ev); out.RecordID == anders.RecordID {
		t.Errorf("the id at an address that spells Ana Gomez went to Anders's record %s by %s", out.RecordID, out.MatchedBy)
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

// When the colleague's record is the older, the id's holder is still found
// among all its holders, oldest first, and the id is never written to the
// colleague's record: Anders's later events, with the id and nothing else
// or at a new address, are his.
func TestAnIDTwoPeopleShareTheOlderRecordNotTheHolders(t *testing.T) {
	e := newEnv(t)
	ev := e.event("webinar")
	ev.FirstName, ev.LastName, ev.Email = "Ana", "Gomez", "anag@gmail.com"
	ana := e.mustProcess(ev)
	ev = e.event("billing")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email = "cus_YbbJMZvv", "Anders", "Lindberg", "andersl@gmail.com"
	anders := e.mustProcess(ev)
	if anders.RecordID == ana.RecordID {
		t.Fatalf("the test wants two records")
	}
	ev = e.event("billing")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email = "cus_YbbJMZvv", "Ana", "Gomez", "anag@gmail.com"
	if out := e.mustProcess(ev); out.RecordID != ana.RecordID {
		t.Fatalf("Ana's billing event went to %s, want %s", out.RecordID, ana.RecordID)
	}
	for _, c := range []struct{ email, phone string }{{"", "+46 8 123 456 78"}, {"anders.lindberg@hotmail.com", ""}} {
		ev = e.event("billing")
		ev.ExternalID, ev.Email, ev.Phone = "cus_YbbJMZvv", c.email, c.phone
		if c.email != "" {
			ev.FirstName, ev.LastName = "Anders", "Lindberg"
		}
		if out := e.mustProcess(ev); out.RecordID != anders.RecordID || out.Action == schemas.ActionMerged || e.records() != 2 {
			t.Errorf("Anders's event (%q, %q) went to %s (%s by %s), want %s; %d records", c.email, c.phone, out.RecordID, out.Action, out.MatchedBy, anders.RecordID, e.records())
		}
	}
}

// A record whose only names are read from its address (a handle, at a
// consumer provider) has no name to differ from: the first event that
// writes a name, with the record's id, goes by the id.
func TestAnIDOfARecordNamedByItsAddressOnly(t *testing.T) {
	e := newEnv(t)
	ev := e.event("billing")
	ev.ExternalID, ev.Email = "cus_Kiwi42", "kiwi.dream@gmail.com"
	first := e.mustProcess(ev)
	ev = e.event("billing")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email = "cus_Kiwi42", "Sarah", "Lee", "sarah.lee@lee-design.example"
	if out := e.mustProcess(ev); out.RecordID != first.RecordID || out.MatchedBy != schemas.MatchedByExternalID || e.records() != 1 {
		t.Errorf("Sarah Lee with the record's id went to %s by %s, want %s by the id; %d records", out.RecordID, out.MatchedBy, first.RecordID, e.records())
	}
}

// An office's mailbox that billing gives for two customers: an event with
// another customer's id at invoices@, and no name, is not the first
// customer's, though it holds the address. At a person's own address a
// source's second id stays the holder's (a help desk's second user).
func TestAnOfficesMailboxUnderAnotherCustomersID(t *testing.T) {
	t.Run("index", func(t *testing.T) { testAnOfficesMailboxUnderAnotherCustomersID(t, newEnv(t)) })
	// A CRM without unique e-mails is read by e-mail too (resolveCRMByEmail):
	// the index's ids for the contact it finds decide there as well.
	t.Run("crm", func(t *testing.T) {
		testAnOfficesMailboxUnderAnotherCustomersID(t, newEnv(t, withCRM(func(em *emulator.Emulator) connectors.CRM { return nonUniqueEmail{em} })))
	})
}

func testAnOfficesMailboxUnderAnotherCustomersID(t *testing.T, e *testEnv) {
	ev := e.event("billing")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email, ev.Company = "cus_O9taNrfU", "Lisa", "Winbury", "invoices@cvs.com", "Crescent Valley Security"
	lisa := e.mustProcess(ev)
	ev = e.event("billing")
	ev.ExternalID, ev.Email, ev.Phone, ev.Company = "cus_erO0Tgw7", "invoices@cvs.com", "617-837-2723;ext=200", "Crescent Valley Security"
	if out := e.mustProcess(ev); out.RecordID == lisa.RecordID {
		t.Errorf("another customer's event at invoices@ went to Lisa's record %s by %s", out.RecordID, out.MatchedBy)
	}
	ev = e.event("billing")
	ev.ExternalID, ev.Email = "cus_O9taNrfU", "invoices@cvs.com"
	if out := e.mustProcess(ev); out.RecordID != lisa.RecordID {
		t.Errorf("Lisa's own customer id went to %s by %s, want %s", out.RecordID, out.MatchedBy, lisa.RecordID)
	}
	// Billing's second customer for Lisa, in her name, is hers.
	ev = e.event("billing")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email = "cus_Lisa2nd", "Lisa", "Winbury", "invoices@cvs.com"
	if out := e.mustProcess(ev); out.RecordID != lisa.RecordID {
		t.Errorf("a second customer id in Lisa's name went to %s by %s, want %s", out.RecordID, out.MatchedBy, lisa.RecordID)
	}

	ev = e.event("support")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email = "zd-1", "Sandra", "König", "sandrak94@gmx.de"
	sandra := e.mustProcess(ev)
	ev = e.event("support")
	ev.ExternalID, ev.Email = "zd-2", "sandrak94@gmx.de"
	if out := e.mustProcess(ev); out.RecordID != sandra.RecordID {
		t.Errorf("a second help-desk id at Sandra's own address went to %s by %s, want %s", out.RecordID, out.MatchedBy, sandra.RecordID)
	}
}

// A help desk keeps a user per address: its nameless user at the address
// Linda's CRM record moves to is Linda's, though the desk keeps her other
// address under another id. The CRM's event with the new address merges
// the two (namelessAtEventEmail: the event names whoever wrote from it).
func TestAHelpDesksUserPerAddressIsNoSecondPerson(t *testing.T) {
	e := newEnv(t)
	ev := e.event("crm")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email = "003ACkVSgq", "Linda", "Redley", "linda.redley@sunwavemedia.com"
	linda := e.mustProcess(ev)
	ev = e.event("support")
	ev.ExternalID, ev.Email = "410702144", "linda.redley@sunwavemedia.com"
	if out := e.mustProcess(ev); out.RecordID != linda.RecordID {
		t.Fatalf("the help desk's user at Linda's address went to %s, want %s", out.RecordID, linda.RecordID)
	}
	ev = e.event("support")
	ev.ExternalID, ev.Email = "2935581762", "linda.redley@greenwind.ca"
	other := e.mustProcess(ev)
	if other.RecordID == linda.RecordID {
		t.Fatalf("the test wants the second address's user in a record of its own")
	}
	ev = e.event("crm")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email, ev.Company = "003ACkVSgq", "Linda", "Redley", "linda.redley@greenwind.ca", "Greenwind Retail Inc."
	if out := e.mustProcess(ev); out.RecordID != linda.RecordID || !slices.Contains(out.MergedIDs, other.RecordID) {
		t.Errorf("Linda's CRM event at her new address went to %s (%s), merging %v; want %s merging %s", out.RecordID, out.Action, out.MergedIDs, linda.RecordID, other.RecordID)
	}
}

// A partner portal registers a person per deal: a second portal id, with
// the person's phone under the person's full name, is the person's second
// record there, not another person (heldAtOwnKey). Another name at that
// number, with another portal id, stays apart.
func TestASourcesSecondIDAtOnesOwnPhone(t *testing.T) {
	e := newEnv(t)
	ev := e.event("partner_portal")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email, ev.Phone, ev.Company = "PRM-1735344", "Daniel", "Miller", "daniel@crescentpeak.com", "303-444-8391", "Crescent Peak"
	daniel := e.mustProcess(ev)
	ev = e.event("partner_portal")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Phone, ev.Company = "PRM-7320249", "Daniel", "Miller", "(303) 444-8391", "Crescent Peak"
	if out := e.mustProcess(ev); out.RecordID != daniel.RecordID {
		t.Errorf("Daniel's second portal id at his phone went to %s by %s, want %s", out.RecordID, out.MatchedBy, daniel.RecordID)
	}

	// At an office line, a nickname joins two names: Chris Lee, with
	// another portal id, is not Christina Lee's second registration.
	ev = e.event("partner_portal")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email, ev.Phone, ev.Company = "PRM-2000001", "Christina", "Lee", "clee@leeholdings.com", "303-555-0100", "Lee Holdings"
	christina := e.mustProcess(ev)
	ev = e.event("partner_portal")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Phone, ev.Company = "PRM-2000002", "Chris", "Lee", "303-555-0100", "Lee Holdings"
	if out := e.mustProcess(ev); out.RecordID == christina.RecordID {
		t.Errorf("Chris Lee, another portal id at Christina's line, went to her record by %s", out.MatchedBy)
	}
	// Another desk of that line, under the same name, with another portal
	// id: a namesake colleague.
	ev = e.event("partner_portal")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Phone, ev.Company = "PRM-2000003", "Daniel", "Miller", "(303) 444-8391 x205", "Crescent Peak"
	if out := e.mustProcess(ev); out.RecordID == daniel.RecordID {
		t.Errorf("Daniel Miller at extension 205, another portal id at that number, went to the first Daniel's record by %s", out.MatchedBy)
	}
}

// When the office's mailbox rule sets its first holder aside, the event
// still knows which record the CRM's copy of the address is on: Mark's
// record, made after Lisa's without the address, is updated without
// asking the CRM for it (no 409).
func TestAnOfficesMailboxKeepsItsHolderOfTheAddress(t *testing.T) {
	e := newEnv(t)
	ev := e.event("billing")
	ev.ExternalID, ev.FirstName, ev.LastName, ev.Email, ev.Company = "cus_A1", "Lisa", "Winbury", "invoices@cvs.com", "Crescent Valley Security"
	lisa := e.mustProcess(ev)
	ev = e.event("web_form")
	ev.FirstName, ev.LastName, ev.Email, ev.Company = "Mark", "Dunn", "invoices@cvs.com", "Crescent Valley Security"
	mark := e.mustProcess(ev)
	if mark.RecordID == lisa.RecordID {
		t.Fatalf("the test wants Mark in a record of his own")
	}
	before := e.crm.Stats()
	ev = e.event("billing")
	ev.ExternalID, ev.Email, ev.Phone = "cus_B2", "invoices@cvs.com", "617-837-2723"
	out := e.mustProcess(ev)
	if out.RecordID == lisa.RecordID {
		t.Errorf("another customer's event went to Lisa's record")
	}
	if n := e.crm.Stats().Statuses[409] - before.Statuses[409]; n != 0 {
		t.Errorf("%d conflicts, want none: the update asked for the address the CRM holds on %s", n, lisa.RecordID)
	}
}
