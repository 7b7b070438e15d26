package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
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

func TestDemoProduceAndScore(t *testing.T) {
	cluster := kafkatest.New(t)
	ctx := kafkatest.Context(t, time.Minute)
	brokers := strings.Join(cluster.Brokers, ",")
	events, outcomes := kafkatest.Name(t, "in"), kafkatest.Name(t, "out")
	dir := t.TempDir()
	evPath, labelPath := filepath.Join(dir, "events.jsonl"), filepath.Join(dir, "labels.jsonl")
	if out, err := run(t, "demo", "--events", "60", "--write-events", evPath, "--write-labels", labelPath); err != nil {
		t.Fatalf("%v: %s", err, out)
	}

	// When the events are produced to a fresh topic of 3 partitions
	if out, err := run(t, "demo", "produce", "--brokers", brokers, "--topic", events, "--partitions", "3", "--input", evPath); err != nil {
		t.Fatalf("%v: %s", err, out)
	}

	// Then each line is one record, keyed by its person's key, and each
	// key stays in one partition
	evs := readJSONLines[schemas.ContactEvent](t, evPath)
	cl := cluster.Client(t, kgo.ConsumeTopics(events), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	partitionOf := map[string]int32{}
	for n := 0; n < len(evs); {
		fetches := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("read %d of %d records: %v", n, len(evs), err)
		}
		fetches.EachRecord(func(r *kgo.Record) {
			var e schemas.ContactEvent
			if err := json.Unmarshal(r.Value, &e); err != nil {
				t.Fatalf("record %d/%d: %v", r.Partition, r.Offset, err)
			}
			if string(r.Key) != personKey(&e) {
				t.Errorf("event %s keyed %q, want %q", e.EventID, r.Key, personKey(&e))
			}
			if p, ok := partitionOf[string(r.Key)]; ok && p != r.Partition {
				t.Errorf("key %q in partitions %d and %d", r.Key, p, r.Partition)
			}
			partitionOf[string(r.Key)] = r.Partition
			n++
		})
	}

	// And given every event's outcome, each person in a record of their own
	// but the first, whose second event made a record of its own
	labels := readJSONLines[eventLabel](t, labelPath)
	var recs []*kgo.Record
	seenFirst := 0
	for _, l := range labels {
		id := strconv.Itoa(1000 + l.Person)
		if l.Person == 0 {
			if seenFirst++; seenFirst == 2 {
				id = "9999"
			}
		}
		v, err := schemas.AppendOutcomeWire(nil, schemas.EmbeddedOutcomeID, &schemas.Outcome{
			RecordID: id, EventID: l.EventID, Source: "web_form", Action: schemas.ActionUpdated, ProcessedAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, &kgo.Record{Topic: outcomes, Key: []byte(id), Value: v})
	}
	if seenFirst < 2 {
		t.Fatalf("person 0 has %d events; the test needs 2", seenFirst)
	}
	if _, err := cluster.Admin(t).CreateTopic(ctx, 2, 1, nil, outcomes); err != nil {
		t.Fatal(err)
	}
	if err := cluster.Client(t).ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}

	// Then score finds the one duplicate record
	out, err := run(t, "demo", "score", "--brokers", brokers, "--labels", labelPath, "--outcomes-topic", outcomes)
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var s topicScore
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if s.Events != 60 || s.Outcomes != 60 || s.Unplaced != 0 || s.Quality.DuplicateRecords != 1 || s.Quality.FalseMerges != 0 {
		t.Errorf("score %+v: want 60 events and outcomes, 1 duplicate record, no false merge", s)
	}
}
