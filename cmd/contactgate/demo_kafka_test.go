package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

func TestDemoWriteEvents(t *testing.T) {
	// Given the demo's generated events written with their truth
	dir := t.TempDir()
	events, labels := filepath.Join(dir, "events.jsonl"), filepath.Join(dir, "labels.jsonl")
	out, err := run(t, "demo", "--events", "120", "--setting", "messy", "--seed", "3", "--write-events", events, "--write-labels", labels)
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}

	// Then every event line is a ContactEvent that run reads, and the labels
	// name each event's person in the same order
	evs := readJSONLines[schemas.ContactEvent](t, events)
	ls := readJSONLines[eventLabel](t, labels)
	if len(evs) != 120 || len(ls) != 120 {
		t.Fatalf("%d events and %d labels, want 120 each", len(evs), len(ls))
	}
	dec := schemas.NewDecoder(nil, schemas.WithFormat(schemas.FormatJSON))
	persons := map[int]bool{}
	for i, e := range evs {
		b, _ := json.Marshal(e)
		if _, err := dec.ContactEvent(t.Context(), b); err != nil {
			t.Errorf("event %d: %v", i, err)
		}
		if ls[i].EventID != e.EventID {
			t.Errorf("label %d names %q, event is %q", i, ls[i].EventID, e.EventID)
		}
		persons[ls[i].Person] = true
	}
	if len(persons) != 24 { // messy: 5 events per person
		t.Errorf("%d persons, want 24", len(persons))
	}

	t.Run("should refuse labels without events", func(t *testing.T) {
		if out, err := run(t, "demo", "--events", "10", "--write-labels", labels); err == nil {
			t.Errorf("no error: %s", out)
		}
	})
}

func TestTheKeysOfDemoProduce(t *testing.T) {
	for _, tc := range []struct {
		name          string
		ev            schemas.ContactEvent
		email, person string
	}{
		{"should key by the e-mail trimmed and lower-cased, or its match key",
			schemas.ContactEvent{EventID: "e1", Email: " Ann.Lee+News@GMail.com ", Phone: "212 555 0100"},
			"ann.lee+news@gmail.com", "annlee@gmail.com"},
		{"should key an event without an e-mail by its source's id",
			schemas.ContactEvent{EventID: "e2", Source: "billing", ExternalID: " cus_1 ", Phone: "212 555 0100"},
			"billing:cus_1", "billing:cus_1"},
		{"should key an event with a phone alone by the phone",
			schemas.ContactEvent{EventID: "e3", Phone: "(212) 555-0100"},
			"phone:2125550100", "phone:+12125550100"},
		{"should key an event with names alone by its id",
			schemas.ContactEvent{EventID: "e4", FirstName: "Ann", LastName: "Lee", Company: "Acme"},
			"e4", "e4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := personKey(&tc.ev); got != tc.email {
				t.Errorf("--key email: %q, want %q", got, tc.email)
			}
			if got := identityKey(&tc.ev); got != tc.person {
				t.Errorf("--key identity: %q, want %q", got, tc.person)
			}
		})
	}
}

func TestScoreOutcomes(t *testing.T) {
	// Given five events of two persons: person 0 created twice (r1, r2) and
	// then bridged (r2 merged into r1), person 1 in r3 and, once, in r1
	labels := []eventLabel{{"a", 0}, {"b", 0}, {"c", 0}, {"d", 1}, {"e", 1}, {"f", 1}}
	outs := []schemas.Outcome{
		{EventID: "a", RecordID: "r1", Action: schemas.ActionCreated},
		{EventID: "b", RecordID: "r2", Action: schemas.ActionCreated},
		{EventID: "d", RecordID: "r3", Action: schemas.ActionCreated},
		{EventID: "e", RecordID: "r1", Action: schemas.ActionUpdated},
		{EventID: "c", RecordID: "r1", Action: schemas.ActionMerged, MergedIDs: []string{"r2"}},
		{EventID: "d", RecordID: "r3", Action: schemas.ActionUnchanged}, // a replay
	}

	// When they are scored
	s := scoreOutcomes(labels, outs)

	// Then person 0 is in one record after the merge, person 1 in two, r1
	// holds both, and the event without an outcome is unplaced
	if s.Events != 6 || s.Outcomes != 6 || s.Unplaced != 1 || s.Merged != 1 {
		t.Errorf("events %d, outcomes %d, unplaced %d, merged %d; want 6, 6, 1, 1", s.Events, s.Outcomes, s.Unplaced, s.Merged)
	}
	if q := s.Quality; q.Persons != 2 || q.Records != 2 || q.DuplicateRecords != 1 || q.FalseMerges != 1 {
		t.Errorf("quality %+v: want 2 persons, 2 records, 1 duplicate, 1 false merge", q)
	}
}

func readJSONLines[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	return out
}
