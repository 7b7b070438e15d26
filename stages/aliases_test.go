package stages

import (
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

func TestAnAliasOfTheRecordsNameAtItsCompany(t *testing.T) {
	record := func(e *testEnv) *schemas.Outcome {
		ev := e.event("webinar")
		ev.FirstName, ev.LastName, ev.Email, ev.Company = "Julia", "Hahn", "j.hahn@bergtechnik.example", "Bergtechnik"
		return e.mustProcess(ev)
	}
	t.Run("should match the record whose name the address spells", func(t *testing.T) {
		// Given Julia Hahn's record at j.hahn@
		e := newEnv(t)
		rec := record(e)

		// When a chat comes from julia.hahn@ at her company, nameless
		ev := e.event("chat")
		ev.ExternalID, ev.Email = "582b6414d648011c44c9834a", "julia.hahn@bergtechnik.example"
		out := e.mustProcess(ev)

		// Then it is hers: both addresses spell her name
		if out.RecordID != rec.RecordID {
			t.Fatalf("%s record %s matched by %s, want %s", out.Action, out.RecordID, out.MatchedBy, rec.RecordID)
		}
	})
	t.Run("should hold a namesake's numbered account apart", func(t *testing.T) {
		// Given Julia Hahn's record at j.hahn@
		e := newEnv(t)
		rec := record(e)

		// When another Julia Hahn writes from the company's j.hahn2@
		ev := e.event("web_form")
		ev.FirstName, ev.LastName, ev.Email, ev.Company = "Julia", "Hahn", "j.hahn2@bergtechnik.example", "Bergtechnik"
		out := e.mustProcess(ev)

		// Then she is someone else: the company numbered her account
		if out.RecordID == rec.RecordID {
			t.Fatalf("%s record %s matched by %s: a namesake's account joined", out.Action, out.RecordID, out.MatchedBy)
		}
	})
}
