package state

import (
	"reflect"
	"testing"
	"time"

	"github.com/contactgate/contactgate/schemas"
)

// The follower applies this instance's own outcome too (ProcessedAt is
// stamped after the gatekeeper wrote the record, so it is later than
// Record.UpdatedAt): the record is written again from the outcome, which
// carries neither its members nor its times; the index keeps them (a
// second reader's probe).
func TestAnOutcomeKeepsTheIndexsMembersAndTimes(t *testing.T) {
	ix := openMem(t)
	written := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	r := person("101", []string{"jane@example.com"}, nil, "n")
	r.UpdatedAt = written
	r.Seen = []int64{1772355600, 1772355000}
	r.Members = []Member{{"first_name": "Jane"}}
	if err := ix.Apply(Write{Record: r, EventID: "ev-1",
		Offset: &Offset{Topic: "contacts.events", Partition: 0, Offset: 6}}); err != nil {
		t.Fatal(err)
	}
	// The processor's outcome of that same write, 3 ms later.
	o := &schemas.Outcome{RecordID: "101", EventID: "ev-1", Action: schemas.ActionUpdated,
		Identifiers: r.Identifiers, Properties: r.Properties,
		Input:       schemas.InputPosition{Topic: "contacts.events", Partition: 0, Offset: 5},
		ProcessedAt: written.Add(3 * time.Millisecond)}
	if err := ix.ApplyOutcome(o, "contacts.outcomes", 0, 0); err != nil {
		t.Fatal(err)
	}
	got, _, _ := ix.Get("101")
	if !reflect.DeepEqual(got.Seen, r.Seen) || !reflect.DeepEqual(got.Members, r.Members) {
		t.Errorf("after the follower applied the record's own outcome: seen %v, members %v; want %v, %v", got.Seen, got.Members, r.Seen, r.Members)
	}
}
