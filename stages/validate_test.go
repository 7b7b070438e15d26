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
		{"should refuse a name without a company", func(e *schemas.ContactEvent) {
			e.FirstName, e.LastName = "Jane", "Doe"
		}, "company"},
		{"should refuse a name beside a placeholder for a company, and say so", func(e *schemas.ContactEvent) {
			e.FirstName, e.LastName, e.Company = "Jane", "Doe", "N/A"
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
