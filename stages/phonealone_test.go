package stages

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/schemas"
)

func TestAPhoneAlone(t *testing.T) {
	// A German mobile number in national format, with nothing saying it
	// is German: in the default region (US) it is no valid number.
	const written = "0160/19684618"
	holder := func(e *testEnv) *schemas.Outcome {
		ev := e.event("crm")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Murat", "Müller", "mmuller@graniterobotics.de", "+49 160 19684618"
		return e.mustProcess(ev)
	}
	phoneOnly := func(e *testEnv) schemas.ContactEvent {
		ev := e.event("support")
		ev.Phone = written
		return ev
	}
	t.Run("should apply it to the record that holds it as read in the record's country", func(t *testing.T) {
		e := newEnv(t)
		rec := holder(e)

		out, err := e.process(phoneOnly(e))

		if err != nil {
			t.Fatalf("dead-lettered: %v", err)
		}
		if out.RecordID != rec.RecordID || out.MatchedBy != schemas.MatchedByPhone {
			t.Fatalf("record %s matched by %s, want %s by phone", out.RecordID, out.MatchedBy, rec.RecordID)
		}
		for _, d := range out.Refused {
			if d.Field == "phone" {
				t.Errorf("phone refused (%s), but it was read as the record's number", d.Reason)
			}
		}
	})
	t.Run("should dead-letter it when no record holds it", func(t *testing.T) {
		e := newEnv(t)
		other := e.event("crm")
		other.FirstName, other.LastName, other.Phone = "Ana", "Lobo", "+49 160 11111111"
		e.mustProcess(other)

		_, err := e.process(phoneOnly(e))

		dl := deadLetter(t, err)
		if dl.Class != schemas.ClassValidation || !errors.Is(err, ErrInvalidEvent) || !strings.Contains(err.Error(), "no record holds it") {
			t.Fatalf("stage %q class %q: %v", dl.Stage, dl.Class, err)
		}
	})
	t.Run("should dead-letter it when it reads as two records' numbers", func(t *testing.T) {
		// "06 12 34 56 78" is a French mobile read in FR, a Dutch one in NL.
		e := newEnv(t)
		holder := func(last, phone string) *schemas.Outcome {
			ev := e.event("crm")
			ev.FirstName, ev.LastName, ev.Phone = "Ana", last, phone
			return e.mustProcess(ev)
		}
		written := func() schemas.ContactEvent {
			ev := e.event("support")
			ev.Phone = "06 12 34 56 78"
			return ev
		}
		french := holder("Lobo", "+33 6 12 34 56 78")
		if out, err := e.process(written()); err != nil || out.RecordID != french.RecordID {
			t.Fatalf("with one holder: %v, %+v; want record %s", err, out, french.RecordID)
		}
		holder("Visser", "+31 6 12345678")

		out, err := e.process(written())

		if err == nil {
			t.Fatalf("applied to %s (%s), but it reads as two records' numbers", out.RecordID, out.Action)
		}
		if dl := deadLetter(t, err); dl.Class != schemas.ClassValidation {
			t.Fatalf("class %q: %v", dl.Class, err)
		}
	})
}

// failOnce fails the next write once armed, as a CRM 503 does.
type failOnce struct {
	*emulator.Emulator
	armed atomic.Bool
}

func (f *failOnce) fail() error {
	if f.armed.CompareAndSwap(true, false) {
		return &connectors.TransientError{Status: 503, Err: errors.New("probe: unavailable")}
	}
	return nil
}

func (f *failOnce) Update(ctx context.Context, id string, p map[string]string) (connectors.Contact, error) {
	if err := f.fail(); err != nil {
		return connectors.Contact{}, err
	}
	return f.Emulator.Update(ctx, id, p)
}

func (f *failOnce) BatchUpdate(ctx context.Context, in []connectors.UpdateInput) (connectors.BatchResult, error) {
	if err := f.fail(); err != nil {
		return connectors.BatchResult{}, err
	}
	return f.Emulator.BatchUpdate(ctx, in)
}

func (f *failOnce) BatchUpsert(ctx context.Context, in []connectors.UpsertInput) (connectors.BatchResult, error) {
	if err := f.fail(); err != nil {
		return connectors.BatchResult{}, err
	}
	return f.Emulator.BatchUpsert(ctx, in)
}

// A phone alone whose first attempt fails after resolve (a transient CRM
// error) is applied by the retry: the first attempt read the number in
// its holder's country already, and the retry must not look for a holder
// of digits it no longer has (a second reader's probe).
func TestAPhoneAloneSurvivesARetry(t *testing.T) {
	var crm *failOnce
	e := newEnv(t, withCRM(func(em *emulator.Emulator) connectors.CRM {
		crm = &failOnce{Emulator: em}
		return crm
	}))
	h := e.event("crm")
	h.FirstName, h.LastName, h.Email, h.Phone = "Murat", "Müller", "mmuller@graniterobotics.de", "+49 160 19684618"
	rec := e.mustProcess(h)

	ev := e.event("support")
	ev.Phone = "0160/19684618"
	ev.Properties = map[string]string{"jobtitle": "Engineer"} // a change, so the CRM is written
	crm.armed.Store(true)
	out, err := e.process(ev) // retries what Retryable accepts, as the processor does
	if crm.armed.Load() {
		t.Fatal("the CRM write was never attempted: the test tests nothing")
	}
	if err != nil {
		t.Fatalf("after one transient CRM failure: %v", err)
	}
	if out.RecordID != rec.RecordID {
		t.Fatalf("record %s, want %s", out.RecordID, rec.RecordID)
	}
}

func TestANationalNumberReadInItsHoldersRegion(t *testing.T) {
	holder := func(e *testEnv, phone string) *schemas.Outcome {
		ev := e.event("crm")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Preeti", "Rao", "prao@suryainfotech.in", phone
		return e.mustProcess(ev)
	}
	chat := func(e *testEnv, phone string) schemas.ContactEvent {
		ev := e.event("chat")
		ev.FirstName, ev.Phone = "Preeti", phone
		return ev
	}
	t.Run("should read an Indian mobile as its holder's, though it is a New York number in the US", func(t *testing.T) {
		// Given Preeti Rao's record, her mobile read in India (her
		// address is at a .in domain)
		e := newEnv(t)
		rec := holder(e, "91745 34567")

		// When a chat gives her first name and the number, as written,
		// with nothing saying which country: in the default region, US,
		// it is +1 917 453 4567, a valid number no record holds
		out := e.mustProcess(chat(e, "91745-34567"))

		// Then it is read as the number her record holds, and matches it
		if out.RecordID != rec.RecordID || out.MatchedBy != schemas.MatchedByPhone {
			t.Fatalf("%s record %s matched by %s, want %s by phone", out.Action, out.RecordID, out.MatchedBy, rec.RecordID)
		}
	})
	t.Run("should keep the default region's reading when a record holds that", func(t *testing.T) {
		// Given a record holding the US reading, and another holding the
		// Indian one
		e := newEnv(t)
		india := e.event("crm")
		india.FirstName, india.LastName, india.Email, india.Phone = "Preeti", "Rao", "prao@suryainfotech.in", "91745 34567"
		e.mustProcess(india)
		ny := e.event("crm")
		ny.FirstName, ny.LastName, ny.Phone = "Preeti", "Cruz", "+1 917 453 4567"
		us := e.mustProcess(ny)

		// When the chat writes the number without a country code
		out := e.mustProcess(chat(e, "917 453 4567"))

		// Then the default region's reading stands: a record holds it
		if out.RecordID != us.RecordID {
			t.Fatalf("%s record %s matched by %s, want %s (the number as read in the US)", out.Action, out.RecordID, out.MatchedBy, us.RecordID)
		}
	})
}

func TestANumberHeldAsTheDefaultRegionReadItIsTheNumberAnEventReadsInItsCountry(t *testing.T) {
	t.Run("should take a number a chat wrote without its country as the one a later event places", func(t *testing.T) {
		// Given a chat that gave a first name and an Indian mobile as
		// written, with nothing saying which country: its record holds the
		// number as read in the default region, US (+1 917 453 4567)
		e := newEnv(t)
		ev := e.event("chat")
		ev.FirstName, ev.Phone = "Preeti", "91745 34567"
		chat := e.mustProcess(ev)

		// When the CRM sends her full record: the same digits, read in
		// India (her address is at a .in domain)
		crm := e.event("crm")
		crm.FirstName, crm.LastName, crm.Email, crm.Phone = "Preeti", "Rao", "prao@suryainfotech.in", "91745 34567"
		out := e.mustProcess(crm)

		// Then the chat's record holds her number: the two are one
		if out.RecordID != chat.RecordID {
			t.Fatalf("%s record %s (evidence %v), want the chat's record %s", out.Action, out.RecordID, out.Evidence, chat.RecordID)
		}
	})
	t.Run("should not take a number written with its country code for another country's", func(t *testing.T) {
		// Given a chat that wrote a US number with its country code
		e := newEnv(t)
		ev := e.event("chat")
		ev.FirstName, ev.Phone = "Amit", "+1 917 453 4567"
		chat := e.mustProcess(ev)

		// When an event from India writes the same digits nationally
		crm := e.event("crm")
		crm.FirstName, crm.LastName, crm.Email, crm.Phone = "Amit", "Shah", "ashah@suryainfotech.in", "91745 34567"
		out := e.mustProcess(crm)

		// Then the chat's number was placed: two numbers, two records
		if out.RecordID == chat.RecordID {
			t.Fatalf("%s record %s: want a record apart from the chat's", out.Action, out.RecordID)
		}
	})
	t.Run("should not take a number whose last digits alone agree", func(t *testing.T) {
		// Given a record holding a US number
		e := newEnv(t)
		ev := e.event("chat")
		ev.FirstName, ev.Phone = "Preeti", "917 453 4567"
		chat := e.mustProcess(ev)

		// When an event from India writes a number whose digits end alike
		crm := e.event("crm")
		crm.FirstName, crm.LastName, crm.Email, crm.Phone = "Preeti", "Rao", "prao@suryainfotech.in", "98745 34567"
		out := e.mustProcess(crm)

		// Then it is someone else's number: a record of its own
		if out.RecordID == chat.RecordID {
			t.Fatalf("%s record %s: want a record apart from the chat's", out.Action, out.RecordID)
		}
	})
}
