package stages

import (
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

// The hard cases of identity: who is one person, who is two.
func TestIdentity(t *testing.T) {
	t.Run("should keep Bob and Robert Smith with one e-mail as one record", func(t *testing.T) {
		// Given Bob Smith at Acme
		e := newEnv(t)
		bob := e.event("web_form")
		bob.FirstName, bob.LastName, bob.Company, bob.Email = "Bob", "Smith", "Acme Corp", "bob.smith@acme.com"
		first := e.mustProcess(bob)
		expect(t, first, schemas.ActionCreated, schemas.MatchedByNone)

		// When Robert Smith at Acme Corporation arrives with the same e-mail
		robert := e.event("billing")
		robert.FirstName, robert.LastName, robert.Company, robert.Email = "Robert", "Smith", "ACME Corporation", "bob.smith@acme.com"
		out := e.mustProcess(robert)

		// Then it is the same record, matched by e-mail
		expect(t, out, schemas.ActionUpdated, schemas.MatchedByEmail)
		if out.RecordID != first.RecordID || out.Score != ScoreExact || e.records() != 1 {
			t.Fatalf("record %s (first %s), score %v, %d CRM records; want one record", out.RecordID, first.RecordID, out.Score, e.records())
		}
	})

	t.Run("should update, not create, for the same address written differently", func(t *testing.T) {
		// Given r.smith@acmecorp.com
		e := newEnv(t)
		a := e.event("web_form")
		a.Email, a.FirstName = "r.smith@acmecorp.com", "Rob"
		first := e.mustProcess(a)

		// When " R.Smith@AcmeCorp.com " arrives with a job title
		b := e.event("web_form")
		b.Email, b.Properties = " R.Smith@AcmeCorp.com ", map[string]string{"jobtitle": "CFO"}
		out := e.mustProcess(b)

		// Then the record is updated, its e-mail not rewritten
		expect(t, out, schemas.ActionUpdated, schemas.MatchedByEmail)
		if out.RecordID != first.RecordID || e.records() != 1 {
			t.Fatalf("record %s, first %s, %d CRM records", out.RecordID, first.RecordID, e.records())
		}
		for _, d := range out.Changed {
			if d.Field == "email" {
				t.Errorf("the e-mail was rewritten: %+v", d)
			}
		}
		if c := e.contact(out.RecordID); c.Properties["email"] != "r.smith@acmecorp.com" || c.Properties["jobtitle"] != "CFO" {
			t.Errorf("CRM contact: %v", c.Properties)
		}
	})

	t.Run("should join Gmail addresses that differ by dots and a +tag", func(t *testing.T) {
		e := newEnv(t)
		a := e.event("webinar")
		a.Email = "john.smith+news@gmail.com"
		first := e.mustProcess(a)

		b := e.event("web_form")
		b.Email, b.FirstName = "johnsmith@gmail.com", "John"
		out := e.mustProcess(b)

		expect(t, out, schemas.ActionUpdated, schemas.MatchedByEmail)
		if out.RecordID != first.RecordID || e.records() != 1 {
			t.Fatalf("%d CRM records", e.records())
		}
	})

	t.Run("should keep Nancy and Nicole Campbell apart though they share a phone", func(t *testing.T) {
		// Given Nancy Campbell at Initech with the office phone
		e := newEnv(t)
		nancy := e.event("import")
		nancy.FirstName, nancy.LastName, nancy.Company, nancy.Phone = "Nancy", "Campbell", "Initech", "+1 415 555 0132"
		first := e.mustProcess(nancy)

		// When Nicole Campbell at Initech arrives with the same phone
		nicole := e.event("import")
		nicole.FirstName, nicole.LastName, nicole.Company, nicole.Phone = "Nicole", "Campbell", "Initech Inc.", "(415) 555-0132"
		out := e.mustProcess(nicole)

		// Then she is a new record
		expect(t, out, schemas.ActionCreated, schemas.MatchedByNone)
		if out.RecordID == first.RecordID || e.records() != 2 {
			t.Fatalf("%d CRM records, want 2", e.records())
		}
	})

	t.Run("should keep colleagues on one switchboard apart, and find each by phone and name", func(t *testing.T) {
		// Given Alice and Bob at Acme, both with the switchboard number
		e := newEnv(t)
		const switchboard = "+1 212 555 0100"
		alice := e.event("web_form")
		alice.FirstName, alice.LastName, alice.Company, alice.Email, alice.Phone = "Alice", "Jones", "Acme", "alice@acme.com", switchboard
		bob := e.event("web_form")
		bob.FirstName, bob.LastName, bob.Company, bob.Email, bob.Phone = "Bob", "Brown", "Acme", "bob@acme.com", switchboard
		a, b := e.mustProcess(alice), e.mustProcess(bob)
		if a.RecordID == b.RecordID || e.records() != 2 {
			t.Fatalf("Alice and Bob share record %s", a.RecordID)
		}

		// When Robert Brown calls in from the switchboard, without an e-mail
		call := e.event("import")
		call.FirstName, call.LastName, call.Phone = "Robert", "Brown", "212-555-0100"
		out := e.mustProcess(call)

		// Then he is Bob, matched by phone and name; the weaker source may
		// not rename him
		expect(t, out, schemas.ActionUnchanged, schemas.MatchedByPhone)
		if len(out.Refused) != 1 || out.Refused[0].Field != "firstname" {
			t.Errorf("refused %+v, want firstname", out.Refused)
		}
		if out.RecordID != b.RecordID || out.Score != ScorePhoneName || e.records() != 2 {
			t.Fatalf("matched %s (score %v), Bob is %s; %d records", out.RecordID, out.Score, b.RecordID, e.records())
		}
	})

	t.Run("should keep namesakes at different companies apart", func(t *testing.T) {
		e := newEnv(t)
		a := e.event("import")
		a.FirstName, a.LastName, a.Company = "John", "Smith", "Acme"
		b := e.event("import")
		b.FirstName, b.LastName, b.Company = "John", "Smith", "Globex"
		if x, y := e.mustProcess(a), e.mustProcess(b); x.RecordID == y.RecordID || e.records() != 2 {
			t.Fatalf("namesakes share record %s", x.RecordID)
		}
	})

	t.Run("should match a nickname at the same company by name and company", func(t *testing.T) {
		// Given Robert Smith at Acme Corp., known by his e-mail
		e := newEnv(t)
		a := e.event("billing")
		a.FirstName, a.LastName, a.Company, a.Email = "Robert", "Smith", "Acme Corp.", "rsmith@acme.com"
		first := e.mustProcess(a)

		// When Bob Smith of ACME arrives from a trade-show list, without e-mail
		b := e.event("import")
		b.FirstName, b.LastName, b.Company, b.Properties = "Bob", "Smith", "ACME", map[string]string{"jobtitle": "Buyer"}
		out := e.mustProcess(b)

		// Then he is Robert, by name and company
		expect(t, out, schemas.ActionUpdated, schemas.MatchedByNameCompany)
		if out.RecordID != first.RecordID || out.Score != ScoreNameCompany {
			t.Fatalf("record %s score %v", out.RecordID, out.Score)
		}
	})

	t.Run("should not match by name and company when the corporate e-mails differ", func(t *testing.T) {
		// Given John Smith at Acme with john.smith@acme.com
		e := newEnv(t)
		a := e.event("web_form")
		a.FirstName, a.LastName, a.Company, a.Email = "John", "Smith", "Acme", "john.smith@acme.com"
		first := e.mustProcess(a)

		// When another John Smith at Acme writes from jsmith2@acme.com
		b := e.event("web_form")
		b.FirstName, b.LastName, b.Company, b.Email = "John", "Smith", "Acme", "jsmith2@acme.com"
		out := e.mustProcess(b)

		// Then he is someone else
		expect(t, out, schemas.ActionCreated, schemas.MatchedByNone)
		if out.RecordID == first.RecordID || e.records() != 2 {
			t.Fatalf("%d records", e.records())
		}
	})

	t.Run("should not match by name and company when two records share them", func(t *testing.T) {
		// Given two John Smiths at Acme, told apart by their e-mails
		e := newEnv(t)
		for _, addr := range []string{"john.smith@acme.com", "jsmith2@acme.com"} {
			ev := e.event("web_form")
			ev.FirstName, ev.LastName, ev.Company, ev.Email = "John", "Smith", "Acme", addr
			e.mustProcess(ev)
		}
		// When a John Smith at Acme arrives with neither
		c := e.event("import")
		c.FirstName, c.LastName, c.Company = "John", "Smith", "Acme"
		out := e.mustProcess(c)
		// Then neither is assumed
		expect(t, out, schemas.ActionCreated, schemas.MatchedByNone)
	})

	t.Run("should match by external id of the same source first", func(t *testing.T) {
		e := newEnv(t)
		a := e.event("billing")
		a.ExternalID, a.Email = "cus_42", "ap@globex.com"
		first := e.mustProcess(a)
		// A new billing contact e-mail for the same customer
		b := e.event("billing")
		b.ExternalID, b.Email = "cus_42", "finance@globex.com"
		out := e.mustProcess(b)
		expect(t, out, schemas.ActionUpdated, schemas.MatchedByExternalID)
		if out.RecordID != first.RecordID || len(out.Identifiers.Emails) != 2 {
			t.Fatalf("record %s, identifiers %+v", out.RecordID, out.Identifiers)
		}
		// The same id from another source is another thing
		c := e.event("webinar")
		c.ExternalID, c.Email = "cus_42", "someone@initech.com"
		if out := e.mustProcess(c); out.RecordID == first.RecordID {
			t.Fatal("an external id of another source matched")
		}
	})
}

// A full name written whole into the first name's column, the last name's
// left empty, is read as both names: with a number the default region
// cannot read it is still a full name with a phone, not dead-lettered, and
// at a company it finds the person there.
func TestAFullNameInTheFirstNameColumn(t *testing.T) {
	e := newEnv(t)
	a := e.event("import")
	a.FirstName, a.Phone = "Sara Ahmeed", "01806 851670"
	if _, err := e.process(a); err != nil {
		t.Fatalf("a full name with a phone was refused: %v", err)
	}

	b := e.event("web_form")
	b.FirstName, b.LastName, b.Company, b.Email = "Elena", "van Buuren", "Waltrade BV", "elena.vanbuuren@waltrade.example"
	first := e.mustProcess(b)
	c := e.event("import")
	c.FirstName, c.Company = "Elena van Buuren", "Waltrade BV"
	if out := e.mustProcess(c); out.RecordID != first.RecordID {
		t.Errorf("%s on %s (%s), want %s", out.Action, out.RecordID, out.MatchedBy, first.RecordID)
	}
}
