package stages

import (
	"context"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/schemas"
)

// TestAnothersAddress covers an e-mail that spells another person's name
// than the event's (match.AddressOfAnother): a record with an address of
// its own does not take it, so that the address's owner is not filed
// under the record; a record without one does.
func TestAnothersAddress(t *testing.T) {
	t.Run("should leave a colleague's address off a record that has its own", func(t *testing.T) {
		// Given Stacey Jenkins, known by her address and phone
		e := newEnv(t)
		ev := e.event("web_form")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Stacey", "Jenkins", "stacey@ultraviolet.example", "+1 210 555 1133"
		stacey := e.mustProcess(ev)

		// When her next form carries Luke Kim's address beside her phone
		ev = e.event("billing")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Stacey", "Jenkins", "luke.kim@gmail.com", "210.555.1133"
		ev.Properties = map[string]string{"city": "San Antonio"}
		out := e.mustProcess(ev)

		// Then it updates her record, without the address, and says why
		if out.RecordID != stacey.RecordID || out.Action != schemas.ActionUpdated {
			t.Fatalf("Stacey's form: %s %s by %s; want her record updated", out.Action, out.RecordID, out.MatchedBy)
		}
		if got := e.contact(stacey.RecordID).Properties[connectors.PropEmail]; got != "stacey@ultraviolet.example" {
			t.Errorf("her contact's e-mail is %q", got)
		}
		refused := false
		for _, d := range out.Refused {
			refused = refused || d.Field == connectors.PropEmail && d.Reason == ReasonAnothersAddress
		}
		if !refused {
			t.Errorf("refused %+v; want the e-mail, as another person's address", out.Refused)
		}

		// And Luke's own event at his address is a person of his own
		ev = e.event("web_form")
		ev.Email = "luke.kim@gmail.com"
		ev.Properties = map[string]string{"jobtitle": "Owner"}
		luke := e.mustProcess(ev)
		if luke.Action != schemas.ActionCreated || luke.RecordID == stacey.RecordID {
			t.Errorf("Luke: %s %s by %s; want a record of his own", luke.Action, luke.RecordID, luke.MatchedBy)
		}
	})

	t.Run("should give it to a record that has none, which it then finds", func(t *testing.T) {
		// Given Stanley McDonald, whose first event comes from an address
		// spelling another name, beside his phone
		e := newEnv(t)
		ev := e.event("web_form")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Stanley", "McDonald", "alan.pritchard90@gmail.com", "+1 415 555 0188"
		stanley := e.mustProcess(ev)
		if got := e.contact(stanley.RecordID).Properties[connectors.PropEmail]; got != "alan.pritchard90@gmail.com" {
			t.Fatalf("his contact's e-mail is %q; want the address he wrote from", got)
		}

		// When he writes from it again with his name only
		ev = e.event("webinar")
		ev.FirstName, ev.LastName, ev.Email = "Stanley", "McDonald", "alan.pritchard90@gmail.com"
		out := e.mustProcess(ev)

		// Then the address finds his record
		if out.RecordID != stanley.RecordID || out.MatchedBy != schemas.MatchedByEmail || e.records() != 1 {
			t.Errorf("again: %s %s by %s, %d records; want his record by e-mail", out.Action, out.RecordID, out.MatchedBy, e.records())
		}
	})
}

// A record made of an address alone is keyed by the name the address
// spells: the person's named event finds it, and the scorer decides.
func TestRecordKeyedByTheNameItsAddressSpells(t *testing.T) {
	e := newEnv(t, withConfig(func(c *Config) { c.Search = SearchNever }))
	ev := e.event("webinar")
	ev.Email = "derek.decker@thompson.example"
	first := e.mustProcess(ev)

	ev = e.event("import")
	ev.FirstName, ev.LastName, ev.Company = "Derek", "Decker", "Thompson Software Inc."
	ev.Properties = map[string]string{"city": "Samanthashire"}
	out := e.mustProcess(ev)
	if out.RecordID != first.RecordID || e.records() != 1 {
		t.Errorf("Derek Decker at Thompson Software: %s %s by %s (%v); %d records, want %s", out.Action, out.RecordID, out.MatchedBy, out.Evidence, e.records(), first.RecordID)
	}
}

// Second reader's cases (all failed before their fixes).
func TestAnothersAddressEdges(t *testing.T) {
	noSearch := withConfig(func(c *Config) { c.Search = SearchNever })

	t.Run("should not give a named record the name of a nameless event's address", func(t *testing.T) {
		// Stanley McDonald writes from alan.pritchard90@; a nameless
		// signup from it joins his record, and does not make Alan
		// Pritchard a name his record answers to.
		e := newEnv(t, noSearch)
		ev := e.event("web_form")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Stanley", "McDonald", "alan.pritchard90@gmail.com", "+1 415 555 0188"
		ev.Properties = map[string]string{"city": "Oakland"}
		stanley := e.mustProcess(ev)
		ev = e.event("newsletter")
		ev.Email = "alan.pritchard90@gmail.com"
		e.mustProcess(ev)
		ev = e.event("webinar")
		ev.FirstName, ev.LastName = "Alan", "Pritchard"
		ev.Properties = map[string]string{"city": "Oakland", "zip": "94607"}
		if out := e.mustProcess(ev); out.RecordID == stanley.RecordID {
			t.Errorf("Alan Pritchard filed under Stanley McDonald's record by %s", out.MatchedBy)
		}
	})

	t.Run("should keep the record's own address in other capitals", func(t *testing.T) {
		e := newEnv(t, noSearch)
		ev := e.event("web_form")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Stanley", "McDonald", "alan.pritchard90@gmail.com", "+1 415 555 0188"
		e.mustProcess(ev)
		ev = e.event("billing")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Stanley", "McDonald", "Alan.Pritchard90@gmail.com", "+1 415 555 0188"
		ev.Properties = map[string]string{"city": "Oakland"}
		for _, d := range e.mustProcess(ev).Refused {
			if d.Reason == ReasonAnothersAddress {
				t.Errorf("the record's own address refused as another's: %+v", d)
			}
		}
	})

	t.Run("should decide alike for the CRM and the index when the record's address is a key only", func(t *testing.T) {
		// Stacey's record was made at a family mailbox Robert holds: the
		// index keys the address, her contact has none. luke.kim@ is
		// then kept off both, and Luke's own event is not hers.
		e := newEnv(t, noSearch)
		ev := e.event("web_form")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Robert", "Jenkins", "jenkins.home@example.com", "+1 210 555 9999"
		robert := e.mustProcess(ev)
		ev = e.event("web_form")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Stacey", "Jenkins", "jenkins.home@example.com", "+1 210 555 1133"
		stacey := e.mustProcess(ev)
		if stacey.RecordID == robert.RecordID {
			t.Fatalf("Stacey joined Robert: the test wants two records")
		}
		ev = e.event("billing")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Stacey", "Jenkins", "luke.kim@gmail.com", "210.555.1133"
		e.mustProcess(ev)
		if got := e.contact(stacey.RecordID).Properties[connectors.PropEmail]; got == "luke.kim@gmail.com" {
			t.Errorf("Stacey's contact took luke.kim@ while the index refused it as a key")
		}
		ev = e.event("web_form")
		ev.Email = "luke.kim@gmail.com"
		ev.Properties = map[string]string{"jobtitle": "Owner"}
		if luke := e.mustProcess(ev); luke.RecordID == stacey.RecordID {
			t.Errorf("Luke's own event filed under Stacey's record")
		}
	})

	t.Run("should not file a named event under the nameless record of an address that spells another name", func(t *testing.T) {
		e := newEnv(t)
		ev := e.event("web_form")
		ev.Email = "luke.kim@gmail.com"
		ev.Properties = map[string]string{"jobtitle": "Owner"}
		luke := e.mustProcess(ev)
		ev = e.event("billing")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Stacey", "Jenkins", "luke.kim@gmail.com", "+1 210 555 1133"
		if out := e.mustProcess(ev); out.RecordID == luke.RecordID {
			t.Errorf("Stacey Jenkins filed under the record of luke.kim@ by %s", out.MatchedBy)
		}
	})

	t.Run("should not adopt a nameless CRM contact of that address on the create's conflict", func(t *testing.T) {
		e := newEnv(t, noSearch)
		c, err := e.crm.Create(context.Background(), map[string]string{connectors.PropEmail: "luke.kim@gmail.com", "jobtitle": "Owner"})
		if err != nil {
			t.Fatal(err)
		}
		ev := e.event("billing")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Stacey", "Jenkins", "luke.kim@gmail.com", "+1 210 555 1133"
		if out := e.mustProcess(ev); out.RecordID == c.ID {
			t.Errorf("Stacey Jenkins written onto the contact of luke.kim@ after the create's 409")
		}
	})

	t.Run("should join a spelling of the name an address spells", func(t *testing.T) {
		for _, c := range []struct{ address, first string }{
			{"derek.decker@thompson.example", "Derrick"},
			{"sean.decker@thompson.example", "Shawn"},
			{"eric.decker@thompson.example", "Erik"},
		} {
			e := newEnv(t, noSearch)
			ev := e.event("webinar")
			ev.Email, ev.Phone = c.address, "+1 415 555 0100"
			first := e.mustProcess(ev)
			ev = e.event("import")
			ev.FirstName, ev.LastName, ev.Phone = c.first, "Decker", "415-555-0100"
			if out := e.mustProcess(ev); out.RecordID != first.RecordID {
				t.Errorf("%s Decker by phone beside %s: %s %s by %s; want %s", c.first, c.address, out.Action, out.RecordID, out.MatchedBy, first.RecordID)
			}
		}
	})
}
