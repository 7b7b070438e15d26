package state

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// The stream's bridge merges, as the index keeps them: a write that
// absorbs a record, and a rebuild from the outcome topic in either order.
func TestMergedRecords(t *testing.T) {
	const topic = "contacts.outcomes"
	at := time.Now().UTC().Add(-time.Hour)

	t.Run("should absorb a merged record and lead its events to the survivor", func(t *testing.T) {
		ix := openMem(t)
		mustApply(t, ix, Write{Record: person("1", []string{"dana@example.com"}, nil, ""), EventID: "ev-a"})
		mustApply(t, ix, Write{Record: person("2", nil, []string{"+14155550142"}, ""), EventID: "ev-b"})
		mustApply(t, ix, Write{Record: person("1", []string{"dana@example.com"}, nil, ""), EventID: "ev-c", MergedIDs: []string{"2"}})
		wantIDs(t, ix, phone("+14155550142"), "1")
		if _, ok := mustGet(t, ix, "2"); ok {
			t.Fatal("record 2 is still held")
		}
		if id, ok, _ := ix.Processed("ev-b"); !ok || id != "1" {
			t.Fatalf("Processed(ev-b) = %q, %v; want 1", id, ok)
		}
		if to, ok, _ := ix.MergedInto("2"); !ok || to != "1" {
			t.Fatalf("MergedInto(2) = %q, %v", to, ok)
		}
	})

	for _, order := range []string{"merged-away first", "survivor first"} {
		t.Run("should rebuild a merge from the outcome topic, "+order, func(t *testing.T) {
			ix := openMem(t)
			gone := outcome("2", "ev-b", []string{"dana.kim@quarry.io"}, at, 1)
			survivor := outcome("1", "ev-c", []string{"dana@example.com", "dana.kim@quarry.io"}, at.Add(time.Minute), 2)
			survivor.Identifiers.MergedIDs = []string{"2"}
			apply := []func() error{
				func() error { return ix.ApplyOutcome(gone, topic, 0, 10) },
				func() error { return ix.ApplyOutcome(survivor, topic, 1, 11) },
			}
			if order == "survivor first" {
				apply[0], apply[1] = apply[1], apply[0]
			}
			for _, f := range apply {
				if err := f(); err != nil {
					t.Fatal(err)
				}
			}
			wantIDs(t, ix, email("dana.kim@quarry.io"), "1")
			if _, ok := mustGet(t, ix, "2"); ok {
				t.Fatal("record 2 is back")
			}
			if id, ok, _ := ix.Processed("ev-b"); !ok || id != "1" {
				t.Fatalf("Processed(ev-b) = %q, %v; want 1", id, ok)
			}
		})
	}
}

// A record merged away leaves its members to the survivor, after the
// survivor's own, each once, at most MaxMembers.
func TestMergeJoinsMembers(t *testing.T) {
	ix := openMem(t)
	a := person("1", []string{"ann@example.com"}, nil, "")
	a.Members = []Member{{"first_name": "Ann"}, {"first_name": "Annie"}}
	b := person("2", []string{"a.lee@example.com"}, nil, "")
	b.Members = []Member{{"first_name": "Annie"}, {"first_name": "A."}}
	for _, r := range []Record{a, b} {
		if err := ix.Apply(Write{Record: r}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Apply(Write{Record: a, MergedIDs: []string{"2"}}); err != nil {
		t.Fatal(err)
	}
	got, _, err := ix.Get("1")
	if err != nil {
		t.Fatal(err)
	}
	want := []Member{{"first_name": "Ann"}, {"first_name": "Annie"}, {"first_name": "A."}}
	if !reflect.DeepEqual(got.Members, want) {
		t.Errorf("members = %v, want %v", got.Members, want)
	}
	many := make([]Member, 0, MaxMembers+2)
	for i := range MaxMembers + 2 {
		many = append(many, Member{"n": fmt.Sprint(i)})
	}
	if n := len(JoinMembers(many[:3], many...)); n != MaxMembers {
		t.Errorf("JoinMembers kept %d, want %d", n, MaxMembers)
	}
}
