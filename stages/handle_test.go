package stages

import (
	"slices"
	"testing"
)

func TestAHandleIsNoSecondPerson(t *testing.T) {
	t.Run("should give a written name the nameless record at a handle, and merge the name's own record into it", func(t *testing.T) {
		// Given a webinar sign-up with nothing but a consumer handle and a
		// company (its names, read from the address, are Verde Runner),
		// and Patricia Martin's record at her work address
		e := newEnv(t)
		signup := e.event("webinar")
		signup.Email, signup.Company = "verde.runner87@gmail.com", "Martinez"
		handle := e.mustProcess(signup)
		work := e.event("events_app")
		work.FirstName, work.LastName, work.Email, work.Company = "Patricia", "Martin", "patricia.martin@martinezbiotech.com", "Martinez Biotech"
		patricia := e.mustProcess(work)

		// When an import gives her name at the handle, with her company
		imp := e.event("import")
		imp.FirstName, imp.LastName, imp.Email, imp.Phone, imp.Company = "Patricia", "Martin", "verde.runner87@gmail.com", "+1-206-796-8350", "Martinez Biotech Inc."
		out := e.mustProcess(imp)

		// Then the handle is hers, and her two records are one
		if out.RecordID != handle.RecordID || !slices.Contains(out.MergedIDs, patricia.RecordID) {
			t.Fatalf("%s record %s by %s, merged %v: want the handle's record %s with %s merged into it",
				out.Action, out.RecordID, out.MatchedBy, out.MergedIDs, handle.RecordID, patricia.RecordID)
		}
	})
	t.Run("should keep apart a name written at a family's address, its given name unknown to the census", func(t *testing.T) {
		// Given a nameless record at isabella.rossi@gmail.com (Isabella is
		// not among the census's given names)
		e := newEnv(t)
		signup := e.event("webinar")
		signup.Email = "isabella.rossi@gmail.com"
		isabella := e.mustProcess(signup)

		// When Marco Rossi writes from the address
		ev := e.event("web_form")
		ev.FirstName, ev.LastName, ev.Email = "Marco", "Rossi", "isabella.rossi@gmail.com"
		out := e.mustProcess(ev)

		// Then the surname says a family: Marco is not the address's record
		if out.RecordID == isabella.RecordID {
			t.Fatalf("%s record %s by %s: want a record apart from the address's %s", out.Action, out.RecordID, out.MatchedBy, isabella.RecordID)
		}
	})
	t.Run("should keep apart a name written at an address that spells another given name", func(t *testing.T) {
		// Given a nameless record at john.smith@gmail.com
		e := newEnv(t)
		signup := e.event("webinar")
		signup.Email = "john.smith@gmail.com"
		john := e.mustProcess(signup)

		// When Mary Smith writes from the address
		ev := e.event("web_form")
		ev.FirstName, ev.LastName, ev.Email = "Mary", "Smith", "john.smith@gmail.com"
		out := e.mustProcess(ev)

		// Then it is a family's mailbox: Mary is not John's record
		if out.RecordID == john.RecordID {
			t.Fatalf("%s record %s by %s: want a record apart from John's %s", out.Action, out.RecordID, out.MatchedBy, john.RecordID)
		}
	})
}

func TestAnInitialAtItsOwnersAddress(t *testing.T) {
	// Given a form that gave the initial "S" at sunitasingh+work@gmail.com
	// (read from the address: S. Unitasingh)
	e := newEnv(t)
	form := e.event("web_form")
	form.FirstName, form.Email = "S", "sunitasingh+work@gmail.com"
	first := e.mustProcess(form)

	// When Sunita Singh writes from the address the key is
	ev := e.event("web_form")
	ev.FirstName, ev.LastName, ev.Email = "Sunita", "Singh", "sunitasingh@gmail.com"
	out := e.mustProcess(ev)

	// Then the initial was hers: one record
	if out.RecordID != first.RecordID {
		t.Fatalf("%s record %s by %s: want the form's record %s", out.Action, out.RecordID, out.MatchedBy, first.RecordID)
	}
}
