package stages

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
)

// applyTogether prepares the events, then applies them all at once, one
// goroutine each (as lanes do), retrying what Retryable accepts.
func (e *testEnv) applyTogether(t *testing.T, events ...schemas.ContactEvent) []*schemas.Outcome {
	t.Helper()
	jobs := make([]processor.Job, len(events))
	for i, ev := range events {
		job, err := e.g.Prepare(context.Background(), kafkaRecord(t, ev))
		if err != nil {
			t.Fatal(err)
		}
		jobs[i] = job
	}
	outs := make([]*schemas.Outcome, len(jobs))
	errs := make([]error, len(jobs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range jobs {
		wg.Go(func() {
			<-start
			for attempt := 1; ; attempt++ {
				outs[i], errs[i] = e.g.Apply(context.Background(), jobs[i])
				if errs[i] == nil || !e.g.Retryable(errs[i]) || attempt == 100 {
					return
				}
				time.Sleep(2 * time.Millisecond)
			}
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("event %s: %v", events[i].EventID, err)
		}
	}
	return outs
}

func TestConcurrentEventsOfOneNewPerson(t *testing.T) {
	person := func(e *testEnv, source string, email, phone bool) schemas.ContactEvent {
		ev := e.event(source)
		ev.FirstName, ev.LastName, ev.Company = "Maria", "Garcia", "Umbrella"
		if email {
			ev.Email = "maria.garcia@umbrella.com"
		}
		if phone {
			ev.Phone = "+1 312 555 0164"
		}
		return ev
	}
	cases := []struct {
		name   string
		events func(e *testEnv) []schemas.ContactEvent
	}{
		{"should create once for e-mail+phone and the same e-mail at once", func(e *testEnv) []schemas.ContactEvent {
			return []schemas.ContactEvent{person(e, "web_form", true, true), person(e, "webinar", true, false)}
		}},
		{"should create once for e-mail+phone and the same phone on another lane", func(e *testEnv) []schemas.ContactEvent {
			return []schemas.ContactEvent{person(e, "web_form", true, true), person(e, "import", false, true)}
		}},
		{"should create once for six events on three lanes", func(e *testEnv) []schemas.ContactEvent {
			var evs []schemas.ContactEvent
			for range 2 {
				evs = append(evs, person(e, "web_form", true, true), person(e, "import", false, true), person(e, "import", false, false))
			}
			return evs
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for round := range 10 {
				// Given a CRM slow enough for the events to overlap, whose
				// search lags
				e := newEnv(t, withEmulator(func(c *emulator.Config) {
					c.Latency, c.SearchLag = 2*time.Millisecond, time.Minute
				}))

				// When the events of one new person are applied at once
				outs := e.applyTogether(t, c.events(e)...)

				// Then the CRM holds one record, and every outcome names it
				if n := e.records(); n != 1 {
					t.Fatalf("round %d: %d CRM records", round, n)
				}
				created := 0
				for _, out := range outs {
					if out.RecordID != outs[0].RecordID {
						t.Fatalf("round %d: records %s and %s", round, outs[0].RecordID, out.RecordID)
					}
					if out.Action == schemas.ActionCreated {
						created++
					}
				}
				if created != 1 {
					t.Fatalf("round %d: %d outcomes say created", round, created)
				}
				// And no claim is left behind
				if claims, _ := e.ix.PendingClaims(); len(claims) != 0 {
					t.Fatalf("round %d: claims left: %+v", round, claims)
				}
			}
		})
	}
}

func TestConcurrentUpdatesOfOneRecordKeepEveryIdentifier(t *testing.T) {
	// Given a known contact
	e := newEnv(t, withEmulator(func(c *emulator.Config) { c.Latency = time.Millisecond }))
	base := e.event("web_form")
	base.Email, base.FirstName, base.LastName, base.Company = "kim@acme.com", "Kim", "Lee", "Acme"
	first := e.mustProcess(base)

	// When events on different lanes add a phone and an external id at once
	a := e.event("web_form")
	a.Email, a.Phone = "kim@acme.com", "+1 415 555 0181"
	b := e.event("billing")
	b.ExternalID, b.FirstName, b.LastName, b.Company = "cus_9", "Kim", "Lee", "Acme"
	e.applyTogether(t, a, b)

	// Then the index holds both
	rec, ok, err := e.ix.Get(first.RecordID)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if len(rec.Identifiers.Phones) != 1 || len(rec.Identifiers.ExternalIDs) != 1 {
		t.Fatalf("identifiers %+v", rec.Identifiers)
	}
}

func TestAnUpdateThatAddsAPhoneRacesACreateByThatPhone(t *testing.T) {
	for round := range 20 {
		// Given Kim Lee, known by e-mail only, and a CRM whose search lags
		e := newEnv(t, withEmulator(func(c *emulator.Config) {
			c.Latency, c.SearchLag = 2*time.Millisecond, time.Minute
		}))
		base := e.event("web_form")
		base.Email, base.FirstName, base.LastName = "kim@acme.com", "Kim", "Lee"
		first := e.mustProcess(base)

		// When an event adds her phone while another, with only that phone
		// and her name, arrives on another lane
		a := e.event("web_form")
		a.Email, a.Phone, a.FirstName, a.LastName = "kim@acme.com", "+1 415 555 0181", "Kim", "Lee"
		b := e.event("webinar")
		b.Phone, b.FirstName, b.LastName = "(415) 555-0181", "Kim", "Lee"
		outs := e.applyTogether(t, a, b)

		// Then both land on her record: the update claimed the phone it
		// adds, so the create waited and found it; or, when the create ran
		// before the update's claim (a busy machine), the update found the
		// new record by her phone and name and merged it into hers
		if n := e.records(); n != 1 {
			t.Fatalf("round %d: %d CRM records; outcomes %s %s, %s %s", round, n,
				outs[0].RecordID, outs[0].Action, outs[1].RecordID, outs[1].Action)
		}
		var merged []string
		for _, out := range outs {
			merged = append(merged, out.MergedIDs...)
		}
		for _, out := range outs {
			if out.RecordID != first.RecordID && !slices.Contains(merged, out.RecordID) {
				t.Fatalf("round %d: record %s, neither %s nor merged into it (merged %v)", round, out.RecordID, first.RecordID, merged)
			}
		}
	}
}
