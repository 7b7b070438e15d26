package state

import (
	"testing"
	"time"

	"github.com/contactgate/contactgate/schemas"
)

// outcome is the outcome of event ev on record id, read at input offset in.
func outcome(id, ev string, emails []string, at time.Time, in int64) *schemas.Outcome {
	r := person(id, emails, nil, "")
	return &schemas.Outcome{
		RecordID:    id,
		EventID:     ev,
		Action:      schemas.ActionUpdated,
		Identifiers: r.Identifiers,
		Properties:  r.Properties,
		Input:       schemas.InputPosition{Topic: "contacts.events", Partition: 0, Offset: in},
		ProcessedAt: at,
	}
}

func TestApplyOutcome(t *testing.T) {
	const topic = "contacts.outcomes"

	t.Run("should restore a record, its event and the outcome offset", func(t *testing.T) {
		ix := openMem(t)
		o := outcome("101", "ev-1", []string{"jane@example.com"}, time.Now().UTC(), 5)
		if err := ix.ApplyOutcome(o, topic, 2, 40); err != nil {
			t.Fatal(err)
		}
		wantIDs(t, ix, email("jane@example.com"), "101")
		if id, ok, _ := ix.Processed("ev-1"); !ok || id != "101" {
			t.Fatalf("Processed = %q, %v", id, ok)
		}
		if off, ok, _ := ix.Offset(topic, 2); !ok || off != 41 {
			t.Fatalf("Offset = %d, %v; want 41", off, ok)
		}
	})

	t.Run("should not overwrite a newer record with an older outcome", func(t *testing.T) {
		// Given the index holds the record as of t0+1h
		ix := openMem(t)
		if err := ix.ApplyOutcome(outcome("101", "ev-2", []string{"new@example.com"}, t0.Add(time.Hour), 9), topic, 0, 1); err != nil {
			t.Fatal(err)
		}
		// When an outcome of t0 arrives, and one of the same time but an
		// earlier input offset
		if err := ix.ApplyOutcome(outcome("101", "ev-1", []string{"old@example.com"}, t0, 3), topic, 0, 2); err != nil {
			t.Fatal(err)
		}
		if err := ix.ApplyOutcome(outcome("101", "ev-0", []string{"old@example.com"}, t0.Add(time.Hour), 8), topic, 0, 3); err != nil {
			t.Fatal(err)
		}
		// Then the record is unchanged, while the offset moved on
		wantIDs(t, ix, email("new@example.com"), "101")
		wantIDs(t, ix, email("old@example.com"))
		if off, _, _ := ix.Offset(topic, 0); off != 4 {
			t.Fatalf("Offset = %d, want 4", off)
		}
		// And a newer outcome does overwrite it
		if err := ix.ApplyOutcome(outcome("101", "ev-3", []string{"newest@example.com"}, t0.Add(2*time.Hour), 2), topic, 0, 4); err != nil {
			t.Fatal(err)
		}
		wantIDs(t, ix, email("new@example.com"))
		wantIDs(t, ix, email("newest@example.com"), "101")
	})

	t.Run("should not remember an event whose TTL has passed", func(t *testing.T) {
		ix := openMem(t)
		o := outcome("101", "ev-old", nil, time.Now().Add(-8*24*time.Hour), 1)
		if err := ix.ApplyOutcome(o, topic, 0, 0); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := ix.Processed("ev-old"); ok {
			t.Fatal("an event processed 8 days ago is remembered")
		}
	})

	t.Run("should delete the record of a tombstone", func(t *testing.T) {
		// Given a restored record
		ix := openMem(t)
		if err := ix.ApplyOutcome(outcome("101", "ev-1", []string{"jane@example.com"}, t0, 1), topic, 0, 0); err != nil {
			t.Fatal(err)
		}
		// When its tombstone is applied
		if err := ix.DeleteRecord("101", topic, 0, 7); err != nil {
			t.Fatal(err)
		}
		// Then it and its keys are gone, and the offset moved on
		if _, ok := mustGet(t, ix, "101"); ok {
			t.Fatal("record still there")
		}
		wantIDs(t, ix, email("jane@example.com"))
		wantIDs(t, ix, Key{KeyExternalID, "crm:101"})
		if off, _, _ := ix.Offset(topic, 0); off != 8 {
			t.Fatalf("Offset = %d, want 8", off)
		}
		// And a tombstone of an unknown record only moves the offset
		if err := ix.DeleteRecord("999", topic, 0, 8); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("should refuse a nil outcome", func(t *testing.T) {
		ix := openMem(t)
		if err := ix.ApplyOutcome(nil, topic, 0, 0); err == nil {
			t.Fatal("ApplyOutcome(nil) = nil")
		}
	})
}
