package stages

import "testing"

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
