package stages

import (
	"fmt"
	"testing"
)

func TestTheNumberWithoutItsExtensionDoesNotOverwriteTheDesk(t *testing.T) {
	// Given a contact whose number has the extension of her desk
	e := newEnv(t)
	a := e.event("import")
	a.Email, a.FirstName, a.LastName, a.Phone = "lily.west@example.com", "Lily", "West", "+1 312-555-6146 ext. 25"
	first := e.mustProcess(a)

	// When a higher-ranked source sends the switchboard's number alone
	b := e.event("crm")
	b.Email, b.FirstName, b.LastName, b.Phone = "lily.west@example.com", "Lily", "West", "312-555-6146"
	out := e.mustProcess(b)

	// Then the extension stays: it tells her desk from her colleagues'
	for _, d := range out.Changed {
		if d.Field == "phone" {
			t.Errorf("the phone was rewritten: %+v", d)
		}
	}
	if c := e.contact(first.RecordID); c.Properties["phone"] != a.Phone {
		t.Errorf("CRM phone %q, want %q", c.Properties["phone"], a.Phone)
	}

}

func TestTheNumberWithTheExtensionTheRecordLacksIsWritten(t *testing.T) {
	// Given a contact with a switchboard's number
	e := newEnv(t)
	a := e.event("import")
	a.Email, a.FirstName, a.LastName, a.Phone = "lily.west@example.com", "Lily", "West", "312-555-6146"
	first := e.mustProcess(a)

	// When a higher-ranked source sends the number with her desk's extension
	b := e.event("crm")
	b.Email, b.Phone = "lily.west@example.com", "312-555-6146 x25"
	e.mustProcess(b)

	// Then it is written
	if c := e.contact(first.RecordID); c.Properties["phone"] != b.Phone {
		t.Errorf("CRM phone %q, want %q", c.Properties["phone"], b.Phone)
	}
}

func TestAnotherDeskIsNotTheContactWhoseStoredNumberLostItsExtension(t *testing.T) {
	// Given a contact the CRM wrote with the switchboard's number alone,
	// whose own events gave it with her desk's extension
	e := newEnv(t)
	a := e.event("crm")
	a.Email, a.FirstName, a.LastName, a.Company, a.Phone = "lily.west@example.com", "Lily", "West", "Nightingale Care Homes", "001 312 555 6146"
	first := e.mustProcess(a)
	b := e.event("web_form")
	b.Email, b.FirstName, b.LastName, b.Phone = "lily.west@example.com", "Lily", "West", "312-555-6146 ext. 25"
	e.mustProcess(b)
	if c := e.contact(first.RecordID); c.Properties["phone"] != a.Phone {
		t.Fatalf("CRM phone %q: the test wants the CRM's bare number kept", c.Properties["phone"])
	}

	// When a nameless event gives the number with another desk's extension
	c := e.event("web_form")
	c.Company, c.Phone = "Nightingale Care Homes", "+1 312-555-6146 x28"
	out := e.mustProcess(c)

	// Then it is not hers
	if out.RecordID == first.RecordID {
		t.Errorf("the event at extension 28 went to the record of the desk at 25 (%s, %s)", out.Action, out.MatchedBy)
	}
}

// A bridge never merges the record of another desk: a nameless record of
// the number at extension 50 is not the contact whose events gave it at
// extension 49, even when the event that bridges gives the bare number.
func TestABridgeMergesNoRecordOfAnotherDesk(t *testing.T) {
	e := newEnv(t)
	a := e.event("crm")
	a.Email, a.FirstName, a.LastName, a.Company, a.Phone = "ecastro@lowlandmalts.example", "Erica", "Castro", "Lowland Malts Co.", "1-801-555-6630 Ext. 49"
	first := e.mustProcess(a)
	b := e.event("web_form")
	b.Company, b.Phone = "Lowland Malts Co.", "801-555-6630 ext. 50"
	desk := e.mustProcess(b)
	if desk.RecordID == first.RecordID {
		t.Fatalf("the event at extension 50 went to the record of the desk at 49")
	}
	c := e.event("web_form")
	c.Email, c.FirstName, c.LastName, c.Phone = "ecastro@lowlandmalts.example", "Erica", "Castro", "(801) 555-6630"
	out := e.mustProcess(c)
	if len(out.MergedIDs) > 0 || e.records() != 2 {
		t.Errorf("%s merged %v; %d records, want 2", out.Action, out.MergedIDs, e.records())
	}
}

// A record keeps the desk its events gave its number, however many later
// events gave the bare number or none: after eight more events, another
// desk of the switchboard is still not hers.
func TestARecordRemembersItsDeskBeyondItsRecentEvents(t *testing.T) {
	e := newEnv(t)
	a := e.event("crm")
	a.Email, a.FirstName, a.LastName, a.Company, a.Phone = "lily.west@example.com", "Lily", "West", "Nightingale Care Homes", "001 312 555 6146"
	first := e.mustProcess(a)
	b := e.event("web_form")
	b.Email, b.FirstName, b.LastName, b.Phone = "lily.west@example.com", "Lily", "West", "312-555-6146 ext. 25"
	e.mustProcess(b)
	for i := range 8 {
		c := e.event("web_form")
		c.Email, c.FirstName, c.LastName = "lily.west@example.com", "Lily", "West"
		c.Properties = map[string]string{"zip": fmt.Sprint(60601 + i)} // eight writings, eight members
		e.mustProcess(c)
	}

	d := e.event("web_form")
	d.Company, d.Phone = "Nightingale Care Homes", "+1 312-555-6146 x28"
	if out := e.mustProcess(d); out.RecordID == first.RecordID {
		t.Errorf("the event at extension 28 went to the record of the desk at 25 (%s, %s)", out.Action, out.MatchedBy)
	}
}

func TestANamelessEventAtADeskIsNotTheSwitchboardsRecord(t *testing.T) {
	// Given Brandon Rogers' record, known by his company's switchboard
	// number alone
	e := newEnv(t)
	a := e.event("web_form")
	a.FirstName, a.LastName, a.Phone, a.Company = "Brandon", "Rogers", "0151 496 0143", "Cinder Block Construction Ltd"
	a.Properties = map[string]string{"country": "United Kingdom"}
	brandon := e.mustProcess(a)

	// When a form without a name gives the number with a desk's extension
	b := e.event("list_import")
	b.Phone, b.Company = "+44 151 496 0143 Ext. 53", "Cinder Block Construction Limited"
	out := e.mustProcess(b)

	// Then it is not Brandon's: a record known by the bare number is the
	// switchboard's, and the extension names some desk
	if out.RecordID == brandon.RecordID {
		t.Fatalf("%s record %s by %s: the desk's event given the switchboard's record", out.Action, out.RecordID, out.MatchedBy)
	}

	// And a later one at the same desk finds the desk's record
	c := e.event("web_form")
	c.Phone, c.Company = "0151 496 0143 x53", "Cinder Block Construction Ltd"
	c.Properties = map[string]string{"country": "United Kingdom"}
	again := e.mustProcess(c)
	if again.RecordID != out.RecordID {
		t.Errorf("%s record %s by %s, want the desk's %s", again.Action, again.RecordID, again.MatchedBy, out.RecordID)
	}
}
