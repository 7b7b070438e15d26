package stages

import (
	"context"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/schemas"
)

func TestSearchPolicy(t *testing.T) {
	// handMade is a contact made in the CRM by hand, which the index does
	// not know and the search index holds (no lag), and an event without
	// an e-mail that its phone and name point at.
	handMade := func(t *testing.T, e *testEnv) (string, schemas.ContactEvent) {
		t.Helper()
		c, err := e.crm.Create(context.Background(), map[string]string{"firstname": "Ravi", "lastname": "Shah", "phone": "+1 415 555 0132"})
		if err != nil {
			t.Fatal(err)
		}
		ev := e.event("webinar")
		ev.FirstName, ev.LastName, ev.Phone = "Ravi", "Shah", "+1 415 555 0132"
		return c.ID, ev
	}

	t.Run("should find a contact made by hand in the CRM's search by default", func(t *testing.T) {
		e := newEnv(t)
		id, ev := handMade(t, e)
		out := e.mustProcess(ev)
		if out.RecordID != id || out.MatchedBy != schemas.MatchedByPhone || e.crm.Stats().Search == 0 {
			t.Fatalf("%s %s by %s after %d searches; want contact %s by phone", out.Action, out.RecordID, out.MatchedBy, e.crm.Stats().Search, id)
		}
	})

	t.Run("should leave an event without an e-mail to the index with SearchNever", func(t *testing.T) {
		// Given an index said to hold every contact, and a contact made by
		// hand since
		e := newEnv(t, withConfig(func(c *Config) { c.Search = SearchNever }))
		id, ev := handMade(t, e)

		// When an event for that person arrives without an e-mail
		out := e.mustProcess(ev)

		// Then the CRM is not searched and the event makes a contact of
		// its own: the trade-off the setting takes
		if st := e.crm.Stats(); st.Search != 0 || out.Action != schemas.ActionCreated || out.RecordID == id {
			t.Fatalf("%s %s after %d searches; want a new contact, no search", out.Action, out.RecordID, st.Search)
		}
	})

	t.Run("should refuse an unknown policy", func(t *testing.T) {
		cfg := Config{Decoder: schemas.NewDecoder(nil), CRM: emulator.New(emulator.Config{}), Search: "sometimes"}
		cfg.setDefaults()
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), `CRM search "sometimes"`) {
			t.Fatalf("Validate: %v", err)
		}
	})
}
