package stages

import (
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

// A named event takes the record a nameless call made at its number only
// at the same line: the same extension, or none on either side.
func TestANamelessHolderIsTakenOnlyAtItsDesk(t *testing.T) {
	call := func(e *testEnv, phone string) *schemas.Outcome {
		ev := e.event("list_import")
		ev.Phone, ev.Company = phone, "Delta Payments Co."
		return e.mustProcess(ev)
	}
	named := func(e *testEnv, phone string) *schemas.Outcome {
		ev := e.event("web_form")
		ev.Phone, ev.FirstName, ev.LastName, ev.Company = phone, "Dylan", "Green", "Delta Payments Co."
		return e.mustProcess(ev)
	}
	for _, c := range []struct {
		name         string
		call, person string
		same         bool
	}{
		{"should take the record of a call from the same extension", "907.555.8997 ext 33", "+1 907 555 8997 x33", true},
		{"should take the record of a call from the bare number when the event gives none", "907.555.8997", "001 907 555 8997", true},
		{"should not take the record of a call from a desk when the event gives the bare number", "907.555.8997 ext 33", "001 907 555 8997", false},
		{"should not take the record of a call from the bare number when the event gives a desk", "907.555.8997", "907-555-8997 ext. 40", false},
		{"should not take the record of a call from another desk", "907.555.8997 ext 33", "907-555-8997 ext. 40", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			holder := call(e, c.call)
			out := named(e, c.person)
			if got := out.RecordID == holder.RecordID; got != c.same {
				t.Fatalf("%s record %s by %s; the nameless call's is %s", out.Action, out.RecordID, out.MatchedBy, holder.RecordID)
			}
		})
	}
}

// Nor does a second event of the person link it in a bridge: the bridge
// reads a nameless record's line alike (a second reader's finding).
func TestANamelessHolderAtAnotherDeskIsNotBridged(t *testing.T) {
	e := newEnv(t)
	call := e.event("list_import")
	call.Phone, call.Company = "907.555.8997 ext 33", "Delta Payments Co."
	holder := e.mustProcess(call)
	var outs []*schemas.Outcome
	for range 2 {
		ev := e.event("web_form")
		ev.Phone, ev.FirstName, ev.LastName, ev.Company = "001 907 555 8997", "Dylan", "Green", "Delta Payments Co."
		outs = append(outs, e.mustProcess(ev))
	}
	if outs[1].Action == schemas.ActionMerged || len(outs[1].MergedIDs) > 0 || e.records() != 2 {
		t.Fatalf("second event %s merging %v; %d records, want Dylan's and the call's %s apart", outs[1].Action, outs[1].MergedIDs, e.records(), holder.RecordID)
	}
}
