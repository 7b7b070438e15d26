package stages

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

const bootstrapContacts = 1000

// seedCRM creates bootstrapContacts contacts the index does not know: every
// third a gmail address, every other one with a phone written as people
// write it, every tenth with an additional e-mail.
func seedCRM(t *testing.T, crm connectors.CRM) []connectors.Contact {
	t.Helper()
	var all []connectors.Contact
	for start := 0; start < bootstrapContacts; start += connectors.MaxBatch {
		var inputs []map[string]string
		for i := start; i < start+connectors.MaxBatch; i++ {
			p := map[string]string{
				connectors.PropEmail:     fmt.Sprintf("Person.%04d@Example.com", i),
				connectors.PropFirstName: "Person", connectors.PropLastName: fmt.Sprintf("Number%c%c", 'a'+i%26, 'a'+i/26%26),
				connectors.PropCompany: "Acme Inc.",
			}
			if i%3 == 0 {
				p[connectors.PropEmail] = fmt.Sprintf("person.%04d@gmail.com", i)
			}
			if i%2 == 0 {
				p[connectors.PropPhone] = fmt.Sprintf("(415) 3%02d-%04d", i/100, i)
			}
			if i%10 == 0 {
				p[emulator.PropAdditionalEmails] = fmt.Sprintf("old.%04d@example.org", i)
			}
			inputs = append(inputs, p)
		}
		res, err := crm.BatchCreate(context.Background(), inputs)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, res.Results...)
	}
	return all
}

// lookupOne resolves k to exactly one record.
func lookupOne(t *testing.T, ix *state.Index, k state.Key) string {
	t.Helper()
	ids, err := ix.Lookup(k)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 {
		t.Fatalf("%s resolves to %v, want one record", k, ids)
	}
	return ids[0]
}

func TestBootstrap(t *testing.T) {
	t.Run("should resolve every contact by e-mail and phone, with no CRM call", func(t *testing.T) {
		// Given a CRM holding 1,000 contacts and an empty index
		env := newEnv(t)
		contacts := seedCRM(t, env.crm)

		// When the index is bootstrapped from the CRM
		var pages []BootstrapStats
		st, err := Bootstrap(context.Background(), BootstrapConfig{CRM: env.crm, Index: env.ix,
			Progress: func(s BootstrapStats) { pages = append(pages, s) }})
		if err != nil {
			t.Fatal(err)
		}

		// Then every contact is a record, found by each of its e-mails and
		// its phone as the stream normalizes them
		if st.Contacts != bootstrapContacts || st.Written != bootstrapContacts || st.Pages != bootstrapContacts/connectors.MaxListLimit {
			t.Fatalf("stats %+v", st)
		}
		if len(pages) != st.Pages || pages[len(pages)-1] != st {
			t.Errorf("progress was told %d times, last %+v", len(pages), pages[len(pages)-1])
		}
		for i, c := range contacts {
			email, err := match.NormalizeEmail(c.Properties[connectors.PropEmail])
			if err != nil {
				t.Fatal(err)
			}
			if got := lookupOne(t, env.ix, state.Key{Kind: state.KeyEmail, Value: string(email)}); got != c.ID {
				t.Fatalf("contact %d: e-mail resolves to %s, want %s", i, got, c.ID)
			}
			if i%10 == 0 {
				if got := lookupOne(t, env.ix, state.Key{Kind: state.KeyEmail, Value: fmt.Sprintf("old.%04d@example.org", i)}); got != c.ID {
					t.Fatalf("contact %d: additional e-mail resolves to %s", i, got)
				}
			}
			if i%2 == 0 {
				phone := fmt.Sprintf("+14153%02d%04d", i/100, i)
				if got := lookupOne(t, env.ix, state.Key{Kind: state.KeyPhone, Value: phone}); got != c.ID {
					t.Fatalf("contact %d: phone resolves to %s, want %s", i, got, c.ID)
				}
			}
		}

		// And the gatekeeper resolves events from the index alone
		before := env.crm.Stats()
		ev := env.event("web_form")
		ev.Email = "person.0003+news@googlemail.com"
		if out := env.mustProcess(ev); out.RecordID != contacts[3].ID || out.MatchedBy != schemas.MatchedByEmail {
			t.Errorf("gmail variant: %+v", out)
		}
		ev = env.event("billing")
		ev.Phone, ev.FirstName, ev.LastName = "+1 415 300 0004", "Person", contacts[4].Properties[connectors.PropLastName]
		if out := env.mustProcess(ev); out.RecordID != contacts[4].ID || out.MatchedBy != schemas.MatchedByPhone {
			t.Errorf("phone and name: %+v", out)
		}
		if after := env.crm.Stats(); after.Read != before.Read || after.Search != before.Search || after.Records != bootstrapContacts {
			t.Errorf("the CRM was read: before %+v, after %+v", before, after)
		}
	})

	t.Run("should change nothing when run again", func(t *testing.T) {
		// Given an index bootstrapped once
		env := newEnv(t)
		seedCRM(t, env.crm)
		cfg := BootstrapConfig{CRM: env.crm, Index: env.ix}
		if _, err := Bootstrap(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		first, err := env.ix.Stats()
		if err != nil {
			t.Fatal(err)
		}

		// When it runs again
		st, err := Bootstrap(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}

		// Then it keeps every record and the index is the same size
		if st.Written != 0 || st.Kept != bootstrapContacts {
			t.Errorf("second run: %+v", st)
		}
		second, err := env.ix.Stats()
		if err != nil {
			t.Fatal(err)
		}
		if first.Records != second.Records || first.Postings != second.Postings {
			t.Errorf("index %+v, then %+v", first, second)
		}
	})

	t.Run("should resume from the saved cursor after an interruption", func(t *testing.T) {
		// Given a bootstrap whose fourth List call fails
		env := newEnv(t)
		seedCRM(t, env.crm)
		cursor := filepath.Join(t.TempDir(), BootstrapCursorFile)
		flaky := &failingList{Emulator: env.crm, failAt: 4}
		_, err := Bootstrap(context.Background(), BootstrapConfig{CRM: flaky, Index: env.ix, CursorFile: cursor})
		if !errors.Is(err, errListFailed) {
			t.Fatalf("first run: %v", err)
		}
		if _, err := os.Stat(cursor); err != nil {
			t.Fatalf("no cursor saved: %v", err)
		}

		// When it runs again
		st, err := Bootstrap(context.Background(), BootstrapConfig{CRM: flaky, Index: env.ix, CursorFile: cursor})
		if err != nil {
			t.Fatal(err)
		}

		// Then it lists only the pages it had not written, the index holds
		// every contact, and the cursor file is gone
		if st.ResumedFrom == "" || st.Pages != 7 || st.Written != 700 || flaky.afters[3] != st.ResumedFrom {
			t.Errorf("resumed run: %+v; List calls after %q", st, flaky.afters)
		}
		if s, _ := env.ix.Stats(); s.Records != bootstrapContacts {
			t.Errorf("index holds %d records", s.Records)
		}
		if _, err := os.Stat(cursor); !os.IsNotExist(err) {
			t.Errorf("cursor file after completion: %v", err)
		}
	})

	t.Run("should skip archived contacts and keep a record contactgate wrote since", func(t *testing.T) {
		// Given an index that already holds a record newer than the CRM's
		env := newEnv(t)
		contacts := seedCRM(t, env.crm)
		ev := env.event("billing")
		ev.Email, ev.Properties = contacts[1].Properties[connectors.PropEmail], map[string]string{"jobtitle": "CFO"}
		out := env.mustProcess(ev)
		held, _, _ := env.ix.Get(out.RecordID)

		// When the index is bootstrapped
		st, err := Bootstrap(context.Background(), BootstrapConfig{CRM: archiving{env.crm, contacts[2].ID}, Index: env.ix})
		if err != nil {
			t.Fatal(err)
		}

		// Then that record keeps its provenance and the archived one is left out
		now, _, _ := env.ix.Get(out.RecordID)
		if now.Properties["jobtitle"] != held.Properties["jobtitle"] || now.Properties["jobtitle"].Source != "billing" {
			t.Errorf("record after bootstrap: %+v", now.Properties["jobtitle"])
		}
		if _, found, _ := env.ix.Get(contacts[2].ID); found || st.Skipped != 1 || st.Kept != 1 {
			t.Errorf("stats %+v, archived contact in the index: %t", st, found)
		}
	})
}

var errListFailed = errors.New("list failed")

// failingList fails its failAt-th List call, once, and records the cursor
// of every call.
type failingList struct {
	*emulator.Emulator
	failAt int
	calls  int
	afters []string
}

func (f *failingList) List(ctx context.Context, after string, limit int, props []string) (connectors.Page, error) {
	f.calls++
	if f.calls == f.failAt {
		return connectors.Page{}, errListFailed
	}
	f.afters = append(f.afters, after)
	return f.Emulator.List(ctx, after, limit, props)
}

// archiving lists one contact as archived.
type archiving struct {
	*emulator.Emulator
	id string
}

func (a archiving) List(ctx context.Context, after string, limit int, props []string) (connectors.Page, error) {
	p, err := a.Emulator.List(ctx, after, limit, props)
	for i := range p.Results {
		p.Results[i].Archived = p.Results[i].ID == a.id
	}
	return p, err
}
