package demo

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/contactgate/contactgate/dataset"
	"github.com/contactgate/contactgate/match"
)

func TestFinalRecords(t *testing.T) {
	t.Run("should follow stream merges to the surviving record", func(t *testing.T) {
		// Given events on r1, r2 and r3, then r2 absorbing r1, then r3
		// absorbing r2, and a dead-lettered line
		results := []LineResult{
			{RecordID: "r1"}, {RecordID: "r2"}, {RecordID: "r3"}, {Action: ActionDeadLettered},
			{RecordID: "r2", MergedIDs: []string{"r1"}},
			{RecordID: "r3", MergedIDs: []string{"r2"}},
			{RecordID: "r4"},
		}
		// then every event of r1, r2 and r3 is on r3, and the lost line on none.
		want := []string{"r3", "r3", "r3", "", "r3", "r3", "r4"}
		if got := FinalRecords(results); !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})

	t.Run("should follow a merge reported before the events it moves", func(t *testing.T) {
		results := []LineResult{{RecordID: "a", MergedIDs: []string{"b"}}, {RecordID: "b"}}
		if got := FinalRecords(results); !slices.Equal(got, []string{"a", "a"}) {
			t.Errorf("got %q", got)
		}
	})
}

func TestEventOf(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t.Run("should map every kind the gatekeeper reads", func(t *testing.T) {
		e := EventOf("CUSTOMERS 1001", map[match.Kind]string{
			match.KindEmail: "bob@work.com", match.KindPhone: "702-919-1300", match.KindFirstName: "Robert",
			match.KindLastName: "Smith", match.KindCompany: "Acme", match.KindAddress: "123 Main Street",
			match.KindCity: "Las Vegas", match.KindPostcode: "89132", match.KindState: "NV", match.KindCountry: "US",
			match.KindDOB: "12/11/1978", match.KindNationalID: "123-45-6789",
		}, at)
		if e.EventID != "CUSTOMERS 1001" || e.Source != EvaluationSource || !e.OccurredAt.Equal(at) ||
			e.Email != "bob@work.com" || e.Phone != "702-919-1300" || e.FirstName != "Robert" || e.LastName != "Smith" || e.Company != "Acme" {
			t.Errorf("event %+v", e)
		}
		for name, want := range map[string]string{"address": "123 Main Street", "city": "Las Vegas", "zip": "89132",
			"state": "NV", "country": "US", "date_of_birth": "12/11/1978", "national_id": "123-45-6789"} {
			if e.Properties[name] != want {
				t.Errorf("property %s = %q, want %q", name, e.Properties[name], want)
			}
		}
	})

	t.Run("should split a full name when there is no first or last name", func(t *testing.T) {
		e := EventOf("1", map[match.Kind]string{match.KindFullName: "Mary Ann Jones"}, at)
		if e.FirstName != "Mary Ann" || e.LastName != "Jones" || e.Properties != nil {
			t.Errorf("event %+v", e)
		}
		e = EventOf("2", map[match.Kind]string{match.KindFullName: "Jones", match.KindFirstName: "Mary"}, at)
		if e.FirstName != "Mary" || e.LastName != "" {
			t.Errorf("event %+v", e)
		}
	})
}

func TestResolverRunsTheGatekeeper(t *testing.T) {
	// Given two records of one person with one e-mail written two ways, a
	// stranger, and a record with no identifier the gatekeeper takes
	rows := []struct {
		id     string
		fields map[match.Kind]string
	}{
		{"1", map[match.Kind]string{match.KindEmail: "ann@example.com", match.KindFirstName: "Ann", match.KindLastName: "Lee"}},
		{"2", map[match.Kind]string{match.KindEmail: " ANN@example.com", match.KindCity: "Leeds"}},
		{"3", map[match.Kind]string{match.KindEmail: "bob@example.com", match.KindFirstName: "Bob"}},
		{"4", map[match.Kind]string{match.KindFirstName: "Ann", match.KindLastName: "Lee"}},
	}
	r := NewResolver(Options{})
	var _ dataset.BatchResolver = r
	for _, row := range rows {
		if _, err := r.Add(row.id, row.fields); err != nil {
			t.Fatal(err)
		}
	}
	// When the pipeline runs them
	unplaced, err := r.Resolve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cluster := func(id string) string {
		c, ok := r.ClusterOf(id)
		if !ok {
			t.Fatalf("record %s lost", id)
		}
		return c
	}
	// then the two e-mails are one record, the stranger another, and the
	// record without identifier is dead-lettered, a cluster of its own.
	if cluster("1") != cluster("2") || cluster("1") == cluster("3") || unplaced != 1 {
		t.Errorf("clusters %s %s %s, unplaced %d", cluster("1"), cluster("2"), cluster("3"), unplaced)
	}
	if c := cluster("4"); c == cluster("1") || c == cluster("3") {
		t.Errorf("dead-lettered record in cluster %s", c)
	}
}
