package stages

import (
	"slices"
	"testing"

	"github.com/contactgate/contactgate/connectors"
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
}
