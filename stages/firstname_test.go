package stages

import (
	"slices"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/precedence"
	"github.com/contactgate/contactgate/schemas"
)

func TestKeepFullFirstName(t *testing.T) {
	for _, short := range []string{"L.", "l", "Lau"} {
		t.Run("should keep Laura when a later event writes "+short, func(t *testing.T) {
			// Given Laura Smith's record
			e := newEnv(t)
			first := e.event("crm")
			first.Email, first.FirstName, first.LastName = "laura.smith@acme.com", "Laura", "Smith"
			rec := e.mustProcess(first)
			// When a later event of the same source writes her initial
			later := e.event("crm")
			later.Email, later.FirstName, later.LastName = "laura.smith@acme.com", short, "Smith"
			out := e.mustProcess(later)
			// Then the first name stays, refused with the reason
			if got := e.contact(rec.RecordID).Properties[connectors.PropFirstName]; got != "Laura" {
				t.Fatalf("first name %q, want Laura", got)
			}
			if !slices.ContainsFunc(out.Refused, func(d schemas.FieldDecision) bool {
				return d.Field == connectors.PropFirstName && d.Reason == ReasonShorterFirstName
			}) {
				t.Fatalf("refused %+v", out.Refused)
			}
		})
	}
	t.Run("should take a longer first name", func(t *testing.T) {
		e := newEnv(t)
		first := e.event("crm")
		first.Email, first.FirstName, first.LastName = "laura.smith@acme.com", "L.", "Smith"
		rec := e.mustProcess(first)
		later := e.event("crm")
		later.Email, later.FirstName, later.LastName = "laura.smith@acme.com", "Laura", "Smith"
		e.mustProcess(later)
		if got := e.contact(rec.RecordID).Properties[connectors.PropFirstName]; got != "Laura" {
			t.Fatalf("first name %q, want Laura", got)
		}
	})
	t.Run("should take the full first name of an initial from a weaker source", func(t *testing.T) {
		// Given the CRM's record of "L. Smith"
		e := newEnv(t)
		first := e.event("crm")
		first.Email, first.FirstName, first.LastName = "laura.smith@acme.com", "L.", "Smith"
		rec := e.mustProcess(first)
		// When a list import, the least trusted source, writes Laura, and
		// then Lara, which the initial abbreviates as well
		later := e.event("import")
		later.Email, later.FirstName, later.LastName = "laura.smith@acme.com", "Laura", "Smith"
		out := e.mustProcess(later)
		// Then Laura completes the initial; Lara, a weaker source's other
		// name, is refused by rank
		if got := e.contact(rec.RecordID).Properties[connectors.PropFirstName]; got != "Laura" {
			t.Fatalf("first name %q, want Laura (changed %+v, refused %+v)", got, out.Changed, out.Refused)
		}
		last := e.event("import")
		last.Email, last.FirstName, last.LastName = "laura.smith@acme.com", "Lara", "Smith"
		e.mustProcess(last)
		if got := e.contact(rec.RecordID).Properties[connectors.PropFirstName]; got != "Laura" {
			t.Fatalf("first name %q after Lara, want Laura", got)
		}
	})
}

func TestAnInitialIsNotCompletedAgainstTheOperatorsRule(t *testing.T) {
	for rule, yaml := range map[string]string{
		"only_from":       "firstname:\n    policy: rank\n    only_from: [crm]\n",
		"never_overwrite": "firstname: never_overwrite\n",
	} {
		t.Run("should keep L. under "+rule, func(t *testing.T) {
			// Given a precedence file whose first-name rule is the
			// operator's, and the CRM's record of "L. Smith"
			p, err := precedence.Parse([]byte("sources: [crm, import]\ndefault: rank\nfields:\n  " + yaml))
			if err != nil {
				t.Fatal(err)
			}
			e := newEnv(t, withConfig(func(c *Config) { c.Precedence = p }))
			first := e.event("crm")
			first.Email, first.FirstName, first.LastName = "laura.smith@acme.com", "L.", "Smith"
			rec := e.mustProcess(first)
			// When an import writes Laura
			later := e.event("import")
			later.Email, later.FirstName, later.LastName = "laura.smith@acme.com", "Laura", "Smith"
			e.mustProcess(later)
			// Then the rule stands
			if got := e.contact(rec.RecordID).Properties[connectors.PropFirstName]; got != "L." {
				t.Fatalf("first name %q, want L.", got)
			}
		})
	}
}

func TestNamesWrittenTheOtherWayRound(t *testing.T) {
	// Given Kathryn Davis's record
	e := newEnv(t)
	first := e.event("crm")
	first.Email, first.FirstName, first.LastName = "kdavis@mckee.example", "Kathryn", "Davis"
	rec := e.mustProcess(first)
	// When a form writes her name the other way round, as "Davis K"
	later := e.event("crm")
	later.Email, later.FirstName, later.LastName = "kdavis@mckee.example", "Davis", "K"
	out := e.mustProcess(later)
	// Then the record keeps Kathryn Davis, and the event is hers
	props := e.contact(rec.RecordID).Properties
	if props[connectors.PropFirstName] != "Kathryn" || props[connectors.PropLastName] != "Davis" {
		t.Fatalf("name %q %q, want Kathryn Davis", props[connectors.PropFirstName], props[connectors.PropLastName])
	}
	if out.RecordID != rec.RecordID {
		t.Fatalf("event went to %s, want %s", out.RecordID, rec.RecordID)
	}
}

func TestKeepFullLastName(t *testing.T) {
	for _, c := range [][3]string{{"Kathryn", "Davis", "D."}, {"Екатерина", "Давыдова", "Д."}, {"Ólafur", "Þórsson", "Þ."}} {
		t.Run("should keep "+c[1]+" when a stronger source writes "+c[2], func(t *testing.T) {
			// Given the record
			e := newEnv(t)
			first := e.event("web_form")
			first.Email, first.FirstName, first.LastName = "kd@mckee.example", c[0], c[1]
			rec := e.mustProcess(first)
			// When a stronger source writes the last name's initial
			later := e.event("crm")
			later.Email, later.FirstName, later.LastName = "kd@mckee.example", c[0], c[2]
			out := e.mustProcess(later)
			// Then the last name stays, refused with the reason
			if got := e.contact(rec.RecordID).Properties[connectors.PropLastName]; got != c[1] {
				t.Fatalf("last name %q, want %s", got, c[1])
			}
			if !slices.ContainsFunc(out.Refused, func(d schemas.FieldDecision) bool {
				return d.Field == connectors.PropLastName && d.Reason == ReasonInitialLastName
			}) {
				t.Fatalf("refused %+v", out.Refused)
			}
		})
	}
}
