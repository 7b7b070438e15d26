package schemas

import (
	"bufio"
	"context"
	"os"
	"reflect"
	"testing"
	"time"
)

func readJSONLines(t testing.TB, path string) [][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines [][]byte
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

func TestContactEventRoundTrip(t *testing.T) {
	ctx := context.Background()
	dec := NewDecoder(EmbeddedSource())
	for _, line := range readJSONLines(t, "testdata/contact_events.jsonl") {
		// Given an event read from its JSON form
		fromJSON, err := dec.ContactEvent(ctx, line)
		if err != nil {
			t.Fatalf("decode JSON %s: %v", line, err)
		}
		t.Run(fromJSON.EventID, func(t *testing.T) {
			// When it is encoded as Avro in the wire format and decoded again
			wire, err := AppendContactEventWire(nil, EmbeddedContactEventID, &fromJSON)
			if err != nil {
				t.Fatal(err)
			}
			if wire[0] != 0 {
				t.Fatalf("wire record starts with 0x%02x, want the magic byte 0", wire[0])
			}
			fromWire, err := dec.ContactEvent(ctx, wire)
			if err != nil {
				t.Fatal(err)
			}
			// Then it is equal to what was read, and so is its JSON form
			if !reflect.DeepEqual(fromJSON, fromWire) {
				t.Fatalf("JSON→Avro→wire→event changed it:\n got %+v\nwant %+v", fromWire, fromJSON)
			}
			js, err := EncodeContactEventJSON(&fromWire)
			if err != nil {
				t.Fatal(err)
			}
			again, err := dec.ContactEvent(ctx, js)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(again, fromJSON) {
				t.Fatalf("JSON form did not round-trip:\n got %+v\nwant %+v", again, fromJSON)
			}
		})
	}
}

func TestContactEventJSONFields(t *testing.T) {
	e, err := NewDecoder(nil).ContactEvent(context.Background(),
		[]byte(`{"event_id":"e1","source":"crm","occurred_at":"2026-03-02T17:00:00.123+02:00","email":"a@b.co"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 3, 2, 15, 0, 0, 123e6, time.UTC)
	if !e.OccurredAt.Equal(want) || e.OccurredAt.Location() != time.UTC {
		t.Errorf("occurred_at = %v, want %v in UTC", e.OccurredAt, want)
	}
	js, _ := EncodeContactEventJSON(&e)
	if got := string(js); got != `{"event_id":"e1","source":"crm","occurred_at":"2026-03-02T15:00:00.123Z","email":"a@b.co"}` {
		t.Errorf("JSON form = %s", got)
	}
}

func TestAvroKeepsMilliseconds(t *testing.T) {
	// Avro's timestamp-millis drops anything finer than a millisecond.
	e := ContactEvent{EventID: "e", Source: "s", OccurredAt: time.Date(2026, 1, 2, 3, 4, 5, 678_999_999, time.UTC)}
	b, err := AppendContactEventAvro(nil, &e)
	if err != nil {
		t.Fatal(err)
	}
	got, err := NewDecoder(nil, WithFormat(FormatAvro)).ContactEvent(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	if want := e.OccurredAt.Truncate(time.Millisecond); !got.OccurredAt.Equal(want) {
		t.Errorf("occurred_at = %v, want %v", got.OccurredAt, want)
	}
}

func sampleOutcome() Outcome {
	at := time.Date(2026, 3, 1, 9, 15, 0, 0, time.UTC)
	return Outcome{
		RecordID: "1001", EventID: "evt-0002", Source: "webinar",
		Action: ActionUpdated, MatchedBy: MatchedByEmail, Score: 0.97,
		Identifiers: Identifiers{
			ExternalIDs: []string{"billing:cus_81723"},
			Emails:      []string{"r.smith@acmecorp.com", "bob.smith@acmecorp.com"},
			Phones:      []string{"+14155550100"},
			NameKey:     "robert|smith|acme",
		},
		Properties: map[string]PropertyValue{
			"map":                {Value: "a property named like an Avro type", Source: "crm", UpdatedAt: at},
			"last_activity_date": {Value: "2026-03-02", Source: "webinar", UpdatedAt: at.Add(time.Hour)},
		},
		Changed:     []FieldDecision{{Field: "last_activity_date", Value: "2026-03-02", Reason: "latest"}},
		Refused:     []FieldDecision{{Field: "billing_address", Reason: "only_from billing"}},
		Input:       InputPosition{Topic: TopicEvents, Partition: 3, Offset: 1 << 40},
		ProcessedAt: at.Add(2 * time.Hour),
		Evidence: []Evidence{
			{Field: "email", Level: "exact", Weight: 19.78},
			{Field: "first_name", Level: "nickname", Weight: 4.64},
			{Field: "company", Level: "close", Weight: 2.32},
		},
		PossibleDuplicateOf: &PossibleDuplicate{RecordID: "1002", Weight: 0.61, Evidence: []Evidence{
			{Field: "first_name", Level: "exact", Weight: 6.39},
			{Field: "last_name", Level: "exact", Weight: 7.46},
			{Field: "company", Level: "different", Weight: -3.28},
		}},
	}
}

func TestOutcomeRoundTrip(t *testing.T) {
	ctx := context.Background()
	for name, o := range map[string]Outcome{
		"full":    sampleOutcome(),
		"minimal": {RecordID: "1", EventID: "e", Source: "s", Action: ActionCreated, MatchedBy: MatchedByNone},
		"one property": {RecordID: "2", Properties: map[string]PropertyValue{
			"jobtitle": {Value: "CFO", Source: "crm", UpdatedAt: time.UnixMilli(1).UTC()}}},
		"possible duplicate without evidence": {RecordID: "3", Action: ActionCreated, MatchedBy: MatchedByNone,
			PossibleDuplicateOf: &PossibleDuplicate{RecordID: "1"}},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := AppendOutcomeWire(nil, EmbeddedOutcomeID, &o)
			if err != nil {
				t.Fatal(err)
			}
			got, err := NewDecoder(nil).Outcome(ctx, b)
			if err != nil {
				t.Fatal(err)
			}
			if o.ProcessedAt.IsZero() {
				o.ProcessedAt = time.Time{}.UTC()
			}
			if !reflect.DeepEqual(got, o) {
				t.Fatalf("outcome changed in the round trip:\n got %+v\nwant %+v", got, o)
			}
		})
	}
}
