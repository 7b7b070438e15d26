package stages

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/schemas"
)

// TestPhoneNotUnderstood covers phone numbers that libphonenumber rejects
// (issue 14, item 4): a CRM stores any phone text, so the number is written
// as sent, the outcome says it was not understood, and its digits are weak
// evidence (match.PhoneDigitsKey), never a reason to lose the event.
func TestPhoneNotUnderstood(t *testing.T) {
	const short = "020 7946 095" // a London number one digit short
	ann := func(e *testEnv, first, phone string) schemas.ContactEvent {
		ev := e.event("webinar")
		ev.FirstName, ev.LastName, ev.Phone = first, "Lee", phone
		ev.Properties = map[string]string{"country": "United Kingdom"}
		return ev
	}
	notUnderstood := func(out *schemas.Outcome, phone string) bool {
		return slices.ContainsFunc(out.Refused, func(d schemas.FieldDecision) bool {
			return d.Field == connectors.PropPhone && d.Value == phone && strings.HasPrefix(d.Reason, phoneNotUnderstood)
		})
	}

	t.Run("should apply a full name without company beside a number not understood", func(t *testing.T) {
		// Given an empty CRM
		e := newEnv(t)

		// When Ann Lee arrives with a London number one digit short and no company
		out := e.mustProcess(ann(e, "Ann", short))

		// Then she is created, her phone written as sent, and the outcome
		// says it was not understood
		if out.Action != schemas.ActionCreated || e.records() != 1 {
			t.Fatalf("%s %s; %d records", out.Action, out.RecordID, e.records())
		}
		if got := e.contact(out.RecordID).Properties[connectors.PropPhone]; got != short {
			t.Errorf("CRM phone %q, want %q as sent", got, short)
		}
		if !notUnderstood(out, short) {
			t.Errorf("refused %+v; want the phone, not understood", out.Refused)
		}
		if !slices.Equal(out.Identifiers.Phones, []string{"~+44207946095"}) {
			t.Errorf("phones %v; want the digits key", out.Identifiers.Phones)
		}
	})

	t.Run("should land the same person's next event with the same number on the same record", func(t *testing.T) {
		// Given Ann Lee, created with a number not understood
		e := newEnv(t)
		first := e.mustProcess(ann(e, "Ann", short))

		// When she writes again, as Annie, the same number written internationally
		next := ann(e, "Annie", "+44 20 7946 095")
		next.Properties["jobtitle"] = "CTO"
		out := e.mustProcess(next)

		// Then the digits match her record, the names agreeing
		if out.RecordID != first.RecordID || out.MatchedBy != schemas.MatchedByPhone || e.records() != 1 {
			t.Fatalf("%s %s by %s; %d records; want %s by phone", out.Action, out.RecordID, out.MatchedBy, e.records(), first.RecordID)
		}
		// And the same digits written otherwise are no change to her phone
		if got := e.contact(first.RecordID).Properties[connectors.PropPhone]; got != short {
			t.Errorf("CRM phone %q, want %q kept", got, short)
		}
	})

	t.Run("should not join two people whose names disagree by a number not understood", func(t *testing.T) {
		// Given Ann Lee, created with a number not understood
		e := newEnv(t)
		first := e.mustProcess(ann(e, "Ann", short))

		// When Tom Lee gives the same digits
		out := e.mustProcess(ann(e, "Tom", short))

		// Then he is someone else
		if out.Action != schemas.ActionCreated || out.RecordID == first.RecordID || e.records() != 2 {
			t.Fatalf("%s %s by %s; %d records", out.Action, out.RecordID, out.MatchedBy, e.records())
		}
	})

	t.Run("should find a CRM contact by a number not understood and the name", func(t *testing.T) {
		// Given Ann Lee in the CRM, unknown to the index, her number as some producer wrote it
		e := newEnv(t)
		c, err := e.crm.Create(context.Background(), map[string]string{
			"firstname": "Ann", "lastname": "Lee", "phone": short, "country": "United Kingdom"})
		if err != nil {
			t.Fatal(err)
		}

		// When Ann Lee arrives with that number
		out := e.mustProcess(ann(e, "Ann", short))

		// Then she is that contact
		if out.RecordID != c.ID || out.MatchedBy != schemas.MatchedByPhone || e.records() != 1 {
			t.Fatalf("%s %s by %s; %d records; want %s by phone", out.Action, out.RecordID, out.MatchedBy, e.records(), c.ID)
		}
	})

	t.Run("should write an invalid phone beside an e-mail as sent and say it was not understood", func(t *testing.T) {
		e := newEnv(t)
		ev := e.event("web_form")
		ev.Email, ev.Phone = "ann.lee@example.com", "555-555-5555"
		out := e.mustProcess(ev)
		if out.Action != schemas.ActionCreated || !notUnderstood(out, "555-555-5555") || len(out.Identifiers.Phones) != 0 {
			t.Fatalf("%s; refused %+v; phones %v", out.Action, out.Refused, out.Identifiers.Phones)
		}
		if got := e.contact(out.RecordID).Properties[connectors.PropPhone]; got != "555-555-5555" {
			t.Errorf("CRM phone %q, want it as sent", got)
		}
	})

	for _, tc := range []struct {
		name               string
		first, last, phone string
	}{
		{"should dead-letter a full name beside a phone that is no number", "Ann", "Lee", "n/a"},
		{"should dead-letter a number not understood alone", "", "", short},
		{"should dead-letter a first name beside a number not understood", "Ann", "", short},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			ev := ann(e, tc.first, tc.phone)
			ev.LastName = tc.last
			_, err := e.process(ev)
			dl := deadLetter(t, err)
			if dl.Class != schemas.ClassValidation || !strings.Contains(err.Error(), noIdentifier) {
				t.Fatalf("dead letter %s: %v", dl.Class, err)
			}
			if strings.Contains(err.Error(), "7946") {
				t.Errorf("error text %q holds the number", err)
			}
		})
	}
}
