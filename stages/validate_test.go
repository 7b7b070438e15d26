package stages

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

func TestValidate(t *testing.T) {
	cases := []struct {
		name  string
		event func(*schemas.ContactEvent)
		field string // named in the error
	}{
		{"should refuse an event without an identifier", func(e *schemas.ContactEvent) {
			e.Properties = map[string]string{"jobtitle": "CEO"}
		}, "identifier"},
		{"should refuse an invalid e-mail alone", func(e *schemas.ContactEvent) {
			e.Email = "jane.doe@@example..com"
		}, "email"},
		{"should refuse an invalid phone alone", func(e *schemas.ContactEvent) {
			e.Phone = "555-555-5555"
		}, "phone"},
		{"should refuse one name without a company", func(e *schemas.ContactEvent) {
			e.FirstName = "Jane"
		}, "company"},
		{"should refuse a name beside a placeholder for a company and an invalid e-mail, and say so", func(e *schemas.ContactEvent) {
			e.FirstName, e.LastName, e.Company, e.Email = "Jane", "Doe", "N/A", "jane.doe@@example..com"
		}, "company: a placeholder"},
		{"should refuse one name beside an address (a household, not a person)", func(e *schemas.ContactEvent) {
			e.LastName = "Doe"
			e.Properties = map[string]string{"address": "12 Main Street", "zip": "2000"}
		}, "date of birth"},
		{"should refuse a national id that is a placeholder, alone", func(e *schemas.ContactEvent) {
			e.Properties = map[string]string{"national_id": "000-00-0000"}
		}, "identifier"},
		{"should refuse an event without event_id", func(e *schemas.ContactEvent) {
			e.EventID, e.Email = "", "jane@example.com"
		}, "event_id"},
		{"should refuse an event without source", func(e *schemas.ContactEvent) {
			e.Source, e.Email = " ", "jane@example.com"
		}, "source"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Given an event that lacks what the stages need
			e := newEnv(t)
			ev := e.event("web_form")
			c.event(&ev)

			// When it is prepared
			_, err := e.g.Prepare(context.Background(), kafkaRecord(t, ev))

			// Then it is a validation dead letter that names the field, not the values
			dl := deadLetter(t, err)
			if dl.Stage != "validate" || dl.Class != schemas.ClassValidation || !errors.Is(err, ErrInvalidEvent) {
				t.Fatalf("stage %q class %q: %v", dl.Stage, dl.Class, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.field) {
				t.Errorf("%q does not name %s", msg, c.field)
			}
			for _, pii := range []string{ev.Email, ev.Phone} {
				if pii != "" && strings.Contains(msg, pii) {
					t.Errorf("%q holds the value %q", msg, pii)
				}
			}
		})
	}

	t.Run("should take the record's timestamp when occurred_at is missing", func(t *testing.T) {
		e := newEnv(t)
		ev := e.event("web_form")
		ev.Email, ev.OccurredAt, ev.FirstName = "jane@example.com", time.Time{}, "Jane"
		r := kafkaRecord(t, ev)
		out, err := e.processRecord(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		if got := out.Properties["firstname"].UpdatedAt; !got.Equal(r.Timestamp) {
			t.Fatalf("firstname updated at %v, want the record's %v", got, r.Timestamp)
		}
	})

	t.Run("should dead-letter a record that does not decode", func(t *testing.T) {
		e := newEnv(t)
		r := kafkaRecord(t, e.event("x"))
		r.Value = []byte("\x00\x00\x00\x00\x01garbage")
		_, err := e.g.Prepare(context.Background(), r)
		if dl := deadLetter(t, err); dl.Stage != "decode" || dl.Class != schemas.ClassDecode {
			t.Fatalf("stage %q class %q", dl.Stage, dl.Class)
		}
	})
}

func TestValidateAcceptsWhatTheScorerCanFindAgain(t *testing.T) {
	cases := []struct {
		name  string
		event func(*schemas.ContactEvent)
	}{
		{"one name and a date of birth", func(e *schemas.ContactEvent) {
			e.LastName = "Doe"
			e.Properties = map[string]string{"date_of_birth": "1980-03-14"}
		}},
		{"a full name and an address", func(e *schemas.ContactEvent) {
			e.FirstName, e.LastName = "Jane", "Doe"
			e.Properties = map[string]string{"address": "12 Main Street"}
		}},
		{"a full name and a phone not understood", func(e *schemas.ContactEvent) {
			e.FirstName, e.LastName, e.Phone = "Jane", "Doe", "020 7946 095"
		}},
		{"a national id without a name", func(e *schemas.ContactEvent) {
			e.Properties = map[string]string{"national_id": "7123833", "date_of_birth": "1997-09-14"}
		}},
	}
	for _, c := range cases {
		t.Run("should accept "+c.name, func(t *testing.T) {
			e := newEnv(t)
			ev := e.event("web_form")
			c.event(&ev)
			if _, err := e.g.Prepare(context.Background(), kafkaRecord(t, ev)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	cases := []struct {
		name  string
		event func(*schemas.ContactEvent)
		lane  string
	}{
		{"should lane by the e-mail key first", func(e *schemas.ContactEvent) {
			e.Email, e.ExternalID, e.Phone = " John.Smith+x@GoogleMail.com", "7", "+1 415 555 0100"
		}, "email:johnsmith@gmail.com"},
		{"should lane by the external id of the source without an e-mail", func(e *schemas.ContactEvent) {
			e.ExternalID, e.Phone = " 7 ", "+1 415 555 0100"
		}, "external_id:billing:7"},
		{"should lane by the E.164 phone next", func(e *schemas.ContactEvent) {
			e.Phone, e.FirstName = "(415) 555-0100", "Ann"
		}, "phone:+14155550100"},
		{"should lane Bob and Robert by the canonical name and company", func(e *schemas.ContactEvent) {
			e.FirstName, e.LastName, e.Company = "Bob", "O'Brien", "ACME Corp."
		}, "name_company:robert|obrien|acme"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			ev := e.event("billing")
			c.event(&ev)
			job, err := e.g.Prepare(context.Background(), kafkaRecord(t, ev))
			if err != nil {
				t.Fatal(err)
			}
			if job.LaneKey != c.lane {
				t.Fatalf("lane %q, want %q", job.LaneKey, c.lane)
			}
		})
	}

	t.Run("should claim the address as sent beside its key", func(t *testing.T) {
		e := newEnv(t)
		ev := e.event("web_form")
		ev.Email, ev.Phone, ev.FirstName, ev.LastName, ev.Company = "J.Smith+x@gmail.com", "+1 415 555 0100", "Bob", "Smith", "Acme"
		job, err := e.g.Prepare(context.Background(), kafkaRecord(t, ev))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, k := range job.Value.(*event).keys.all() {
			got = append(got, kindName(k.Kind)+"="+k.Value)
		}
		want := "email=jsmith@gmail.com email=j.smith+x@gmail.com phone=+14155550100 name_company=bob|smith|acme name_company=bobby|smith|acme name_company=robert|smith|acme"
		if strings.Join(got, " ") != want {
			t.Fatalf("keys\n%s\nwant\n%s", strings.Join(got, " "), want)
		}
	})
}

func kindName(k state.KeyKind) string {
	switch k {
	case state.KeyExternalID:
		return "external_id"
	case state.KeyEmail:
		return "email"
	case state.KeyPhone:
		return "phone"
	case state.KeyNameCompany:
		return "name_company"
	}
	return "unknown"
}

func TestAFullNameAlone(t *testing.T) {
	nameAlone := func(e *testEnv, company string) schemas.ContactEvent {
		ev := e.event("import")
		ev.FirstName, ev.LastName, ev.Company = "Baldassare", "Moneta", company
		ev.Properties = map[string]string{"city": "Portopalo", "jobtitle": "Research Scientist"}
		return ev
	}
	t.Run("should dead-letter a full name alone that matches no record", func(t *testing.T) {
		for _, company := range []string{"", "Self-employed"} {
			// Given an empty index
			e := newEnv(t)

			// When an event carries a full name and nothing that identifies
			_, err := e.process(nameAlone(e, company))

			// Then it is a validation dead letter that says why, and no record is made
			dl := deadLetter(t, err)
			if dl.Class != schemas.ClassValidation || !errors.Is(err, ErrInvalidEvent) || !strings.Contains(err.Error(), "a full name alone matched no record") {
				t.Fatalf("company %q: stage %q class %q: %v", company, dl.Stage, dl.Class, err)
			}
			if n := e.records(); n != 0 {
				t.Fatalf("company %q: %d records, want none", company, n)
			}
		}
	})
	t.Run("should update the record a full name alone matches", func(t *testing.T) {
		// Given the person's record, made from an event with an e-mail and a company
		e := newEnv(t)
		first := nameAlone(e, "Moneta Ricerche S.r.l.")
		first.Email = "b.moneta@monetaricerche.it"
		created := e.mustProcess(first)

		// When a row of an import carries the same name, city and title, and no identifier
		ev := nameAlone(e, "")
		ev.Properties["state"] = "Sicilia"
		out := e.mustProcess(ev)

		// Then the record takes it, and no second record is made
		if out.RecordID != created.RecordID || out.Action != schemas.ActionUpdated {
			t.Fatalf("got %s %s, want %s updated", out.Action, out.RecordID, created.RecordID)
		}
		if got := e.contact(created.RecordID).Properties["state"]; got != "Sicilia" {
			t.Fatalf("state %q, want Sicilia", got)
		}
		if n := e.records(); n != 1 {
			t.Fatalf("%d records, want 1", n)
		}
	})
	t.Run("should not give a full name alone to a namesake elsewhere", func(t *testing.T) {
		// Given a record of another Baldassare Moneta, in another city with another title
		e := newEnv(t)
		first := nameAlone(e, "Moneta Ricerche S.r.l.")
		first.Email = "b.moneta@monetaricerche.it"
		first.Properties = map[string]string{"city": "Torino", "jobtitle": "Sales Director"}
		e.mustProcess(first)

		// When a full name alone arrives from Portopalo
		_, err := e.process(nameAlone(e, ""))

		// Then it is dead-lettered, not applied to the namesake
		if dl := deadLetter(t, err); dl.Class != schemas.ClassValidation {
			t.Fatalf("class %q: %v", dl.Class, err)
		}
	})
}

func TestASourcesSecondIDAtTheRecordsOwnAddress(t *testing.T) {
	// Given Priya Chatterjee's two help-desk users, 111 at her work
	// address and 222 at her personal one, made into two records (the
	// desk holds them apart)
	e := newEnv(t)
	work := e.event("support")
	work.ExternalID, work.Email, work.FirstName, work.LastName = "111", "priya.chatterjee@deccan.example", "Priya", "Chatterjee"
	a := e.mustProcess(work)
	home := e.event("support")
	home.ExternalID, home.Email, home.FirstName, home.LastName = "222", "priyac80@gmail.com", "Priya", "Chatterjee"
	b := e.mustProcess(home)
	expect(t, b, schemas.ActionCreated, schemas.MatchedByNone)

	// When user 111 writes from her personal address
	ev := e.event("support")
	ev.ExternalID, ev.Email, ev.FirstName, ev.LastName = "111", "priyac80@gmail.com", "Priya", "Chatterjee"
	out := e.mustProcess(ev)

	// Then the record at that address is hers: the desk's other id there is
	// a second user of hers, and the two records are joined
	expectJoined(t, e, out, a, b)
}

func TestTheScorerWeighsAnEventWithoutAFullName(t *testing.T) {
	// Given Stephanie Moore's record, with her personal address and mobile
	e := newEnv(t)
	first := e.event("web_form")
	first.FirstName, first.LastName, first.Email, first.Phone = "Stephanie", "Moore", "stephaniemoore@gmail.com", "206-756-7193"
	rec := e.mustProcess(first)

	// When a form gives only her first name, the address with a letter
	// left out, and the same mobile
	ev := e.event("web_form")
	ev.FirstName, ev.Email, ev.Phone = "Stephanie", "stephanemoore@gmail.com", "(206) 756-7193"
	out := e.mustProcess(ev)

	// Then the scorer gives it to her record: the number and the address
	// say who it is, though the event names no full name
	if out.RecordID != rec.RecordID || e.records() != 1 {
		t.Fatalf("%s %s by %s, %d records; want %s", out.Action, out.RecordID, out.MatchedBy, e.records(), rec.RecordID)
	}
}
