package stages

import (
	"strings"
	"testing"

	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
)

// levels renders evidence as "field level" pairs, for assertions that do
// not depend on the model's weights.
func levels(es []schemas.Evidence) map[string]string {
	out := make(map[string]string, len(es))
	for _, e := range es {
		out[e.Field] = e.Level
	}
	return out
}

func wantLevels(t *testing.T, what string, es []schemas.Evidence, want map[string]string) {
	t.Helper()
	got := levels(es)
	for field, level := range want {
		if got[field] != level {
			t.Errorf("%s: %s at level %q, want %q (evidence %+v)", what, field, got[field], level, es)
		}
	}
}

func TestExplainEvidence(t *testing.T) {
	t.Run("should name the e-mail, exact, and the other fields in the evidence of a match by e-mail", func(t *testing.T) {
		// Given Bob Smith at Acme Corp
		e := newEnv(t)
		bob := e.event("web_form")
		bob.FirstName, bob.LastName, bob.Company, bob.Email = "Bob", "Smith", "Acme Corp", "bob.smith@acme.com"
		first := e.mustProcess(bob)

		// When Robert Smith at ACME Corporation arrives with the same e-mail
		robert := e.event("billing")
		robert.FirstName, robert.LastName, robert.Company, robert.Email = "Robert", "Smith", "ACME Corporation", "Bob.Smith@acme.com"
		out := e.mustProcess(robert)

		// Then the outcome says the e-mail agreed exactly, and how the rest did
		expect(t, out, schemas.ActionUpdated, schemas.MatchedByEmail)
		wantLevels(t, "evidence", out.Evidence, map[string]string{
			"email": match.LevelExact, "first_name": match.LevelNickname, "last_name": match.LevelExact, "company": match.LevelExact,
		})
		for _, ev := range out.Evidence {
			if ev.Field == "email" && ev.Weight <= 0 {
				t.Errorf("an exact e-mail contributed %v", ev.Weight)
			}
		}
		if len(first.Evidence) != 0 || first.PossibleDuplicateOf != nil {
			t.Errorf("a create against an empty index is explained by %+v, %+v", first.Evidence, first.PossibleDuplicateOf)
		}
	})

	t.Run("should explain a match by phone and name with the phone and both names", func(t *testing.T) {
		// Given Alice Jones and Bob Brown on one switchboard
		e := newEnv(t)
		const switchboard = "+1 212 555 0100"
		alice := e.event("web_form")
		alice.FirstName, alice.LastName, alice.Company, alice.Email, alice.Phone = "Alice", "Jones", "Acme", "alice@acme.com", switchboard
		bob := e.event("web_form")
		bob.FirstName, bob.LastName, bob.Company, bob.Email, bob.Phone = "Bob", "Brown", "Acme", "bob@acme.com", switchboard
		e.mustProcess(alice)
		b := e.mustProcess(bob)

		// When Robert Brown calls from the switchboard
		call := e.event("import")
		call.FirstName, call.LastName, call.Phone = "Robert", "Brown", "212-555-0100"
		out := e.mustProcess(call)

		// Then he is Bob, the evidence says why, and Alice is not flagged
		expect(t, out, schemas.ActionUnchanged, schemas.MatchedByPhone)
		if out.RecordID != b.RecordID {
			t.Fatalf("matched %s, want Bob %s", out.RecordID, b.RecordID)
		}
		wantLevels(t, "evidence", out.Evidence, map[string]string{
			"phone": match.LevelExact, "first_name": match.LevelNickname, "last_name": match.LevelExact,
		})
		if out.PossibleDuplicateOf != nil {
			t.Errorf("flagged %+v, a colleague on the switchboard", out.PossibleDuplicateOf)
		}
	})
}

func TestExplainPossibleDuplicates(t *testing.T) {
	type contact struct{ first, last, company, email, phone string }
	for _, tc := range []struct {
		name string
		// Given the first contact, when the second arrives
		first, second contact
		// then the second is created (or matched), flagged or not
		action     schemas.Action
		flagged    bool
		wantLevels map[string]string
	}{
		{
			name:   "should create John Smith at Initech as a possible duplicate of John Smith at Acme",
			first:  contact{first: "John", last: "Smith", company: "Acme"},
			second: contact{first: "John", last: "Smith", company: "Initech"},
			action: schemas.ActionCreated, flagged: true,
			wantLevels: map[string]string{"first_name": match.LevelExact, "last_name": match.LevelExact, "company": match.LevelDifferent},
		},
		{
			name:   "should flag a nickname at another company too",
			first:  contact{first: "Robert", last: "Smith", company: "Acme"},
			second: contact{first: "Bob", last: "Smith", company: "Initech"},
			action: schemas.ActionCreated, flagged: true,
			wantLevels: map[string]string{"first_name": match.LevelNickname, "last_name": match.LevelExact},
		},
		{
			name:   "should flag Nicole Campbell, whom the rules kept apart from Nancy on one phone",
			first:  contact{first: "Nancy", last: "Campbell", company: "Initech", phone: "+1 415 555 0132"},
			second: contact{first: "Nicole", last: "Campbell", company: "Initech Inc.", phone: "(415) 555-0132"},
			action: schemas.ActionCreated, flagged: true,
			wantLevels: map[string]string{"phone": match.LevelExact, "first_name": match.LevelDifferent, "company": match.LevelExact},
		},
		{
			name:   "should not flag namesakes whose corporate e-mails differ",
			first:  contact{first: "John", last: "Smith", company: "Acme", email: "john.smith@acme.com"},
			second: contact{first: "John", last: "Smith", company: "Initech", email: "jsmith@initech.com"},
			action: schemas.ActionCreated, flagged: false,
		},
		{
			name:   "should not flag someone else at the same company",
			first:  contact{first: "Jane", last: "Doe", company: "Acme"},
			second: contact{first: "John", last: "Smith", company: "Acme"},
			action: schemas.ActionCreated, flagged: false,
		},
		{
			name:   "should not flag the record the event was applied to",
			first:  contact{first: "Robert", last: "Smith", company: "Acme Corp", email: "rsmith@acme.com"},
			second: contact{first: "Bob", last: "Smith", company: "ACME"},
			action: schemas.ActionUpdated, flagged: false,
			wantLevels: map[string]string{"first_name": match.LevelNickname, "company": match.LevelExact},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			ev := func(c contact) schemas.ContactEvent {
				x := e.event("import")
				x.FirstName, x.LastName, x.Company, x.Email, x.Phone = c.first, c.last, c.company, c.email, c.phone
				return x
			}
			first := e.mustProcess(ev(tc.first))
			out := e.mustProcess(ev(tc.second))

			if out.Action != tc.action {
				t.Fatalf("action %s matched by %s, want %s", out.Action, out.MatchedBy, tc.action)
			}
			p := out.PossibleDuplicateOf
			if !tc.flagged {
				if p != nil {
					t.Fatalf("flagged as a possible duplicate of %+v", p)
				}
				if tc.action != schemas.ActionCreated {
					wantLevels(t, "evidence", out.Evidence, tc.wantLevels)
				}
				return
			}
			if p == nil || p.RecordID != first.RecordID || out.RecordID == first.RecordID {
				t.Fatalf("record %s, possible duplicate of %+v; want a new record flagged as a duplicate of %s", out.RecordID, p, first.RecordID)
			}
			if p.Weight < match.DefaultModel().PossibleWeight {
				t.Errorf("weight %v below the possible band", p.Weight)
			}
			wantLevels(t, "possible duplicate's evidence", p.Evidence, tc.wantLevels)
			if len(out.Evidence) != 0 {
				t.Errorf("a create carries evidence %+v", out.Evidence)
			}
		})
	}
}

func TestExplainThresholdsComeFromTheConfig(t *testing.T) {
	// Given a model whose possible band starts where namesakes no longer reach
	m := match.DefaultModel()
	m.PossibleWeight = 5
	e := newEnv(t, withModel(m))
	a := e.event("import")
	a.FirstName, a.LastName, a.Company = "John", "Smith", "Acme"
	e.mustProcess(a)

	// When John Smith at Initech arrives
	b := e.event("import")
	b.FirstName, b.LastName, b.Company = "John", "Smith", "Initech"
	out := e.mustProcess(b)

	// Then he is created and not flagged
	expect(t, out, schemas.ActionCreated, schemas.MatchedByNone)
	if out.PossibleDuplicateOf != nil {
		t.Fatalf("flagged %+v above a possible weight of 5", out.PossibleDuplicateOf)
	}
}

func TestConfigRejectsAnInvalidModel(t *testing.T) {
	// Given a model whose bands are upside down
	m := match.DefaultModel()
	m.PossibleWeight, m.MatchWeight = 7, 1
	cfg := Config{Decoder: schemas.NewDecoder(nil), Index: newEnv(t).ix, CRM: newEnv(t).crm, Model: &m}
	// When the gatekeeper is made, then it refuses the model
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "possible weight") {
		t.Fatalf("New = %v, want the model's error", err)
	}
}
