package reprocess_test

// The demand, end to end with the real parts: the Gatekeeper
// (package stages) on the CRM emulator and an in-memory index, run by the
// processor, and reprocess.Run. Records dead-lettered because the CRM
// rejected them are fixed (the emulator stops rejecting), reprocessed, and
// land; parked keys keep their order, also through a reprocess run made
// before the fix.

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/reprocess"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/stages"
	"github.com/contactgate/contactgate/state"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// platinum is the CRM's rejection until the fix: its tier property has no
// option "platinum" yet.
func platinum(property, value string) bool { return property == "tier" && value == "platinum" }

// ends collects processor.Config.OnDone calls by event id.
type ends struct {
	mu   sync.Mutex
	n    int
	outs map[string][]*schemas.Outcome
	dead map[string][]string // event id → classes
}

func (e *ends) on(r *kgo.Record, out *schemas.Outcome, dl *processor.DeadLetterError) {
	ev, err := schemas.NewDecoder(nil).ContactEvent(context.Background(), r.Value)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.n++
	switch {
	case err != nil:
		e.dead["undecodable"] = append(e.dead["undecodable"], err.Error())
	case dl != nil:
		e.dead[ev.EventID] = append(e.dead[ev.EventID], dl.Class)
	default:
		e.outs[ev.EventID] = append(e.outs[ev.EventID], out)
	}
}

// waitFor waits until n records ended as an outcome or a dead letter.
func (e *ends) waitFor(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		e.mu.Lock()
		got := e.n
		e.mu.Unlock()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d records ended", got, n)
		}
	}
}

// classes are the error classes of eventID's dead letters, in order.
func (e *ends) classes(eventID string) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.dead[eventID])
}

// outcomes are eventID's outcomes.
func (e *ends) outcomes(eventID string) []*schemas.Outcome {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.outs[eventID])
}

// contactEvent is event j of person i: every event sets every field, so the
// last one applied decides them all.
func contactEvent(i, j int, tier string) schemas.ContactEvent {
	titles := []string{"Analyst", "Manager", "Director", "VP"}
	cities := []string{"Oslo", "Lyon", "Porto", "Graz"}
	return schemas.ContactEvent{
		EventID:    fmt.Sprintf("p%d-e%d", i, j),
		Source:     "billing",
		OccurredAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(10*i+j) * time.Minute),
		Email:      fmt.Sprintf("person%d@example.com", i),
		FirstName:  "Person",
		LastName:   fmt.Sprintf("Number%d", i),
		Properties: map[string]string{"jobtitle": titles[j], "city": cities[j], "tier": tier},
	}
}

func TestRejectedRecordsAreFixedReprocessedAndLandInOrder(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		ctx := kafkatest.Context(t, 3*time.Minute)
		topics := processor.Topics{Events: kafkatest.Name(t, "events"), Outcomes: kafkatest.Name(t, "outcomes"),
			DLQ: kafkatest.Name(t, "dlq"), Partitions: 3}
		if err := processor.EnsureTopics(ctx, c.Admin(t), topics); err != nil {
			t.Fatal(err)
		}
		crm := emulator.New(emulator.Config{Reject: platinum, Properties: []string{"tier"}})
		done := &ends{outs: map[string][]*schemas.Outcome{}, dead: map[string][]string{}}
		startGatekeeper(t, c, topics, crm, done.on)

		// Given three events for each of four persons, keyed by e-mail, where
		// the CRM rejects person 0's first event (a create), person 1's
		// second (an update) and person 2's last; person 3 is never rejected
		rejected := map[string]bool{"p0-e0": true, "p1-e1": true, "p2-e2": true}
		var events []schemas.ContactEvent
		for i := range 4 {
			for j := range 3 {
				tier := []string{"silver", "gold", "gold"}[j]
				if rejected[fmt.Sprintf("p%d-e%d", i, j)] {
					tier = "platinum"
				}
				events = append(events, contactEvent(i, j, tier))
			}
		}
		producer := c.Client(t, kgo.DefaultProduceTopic(topics.Events))
		produceEvents(t, ctx, producer, events...)
		done.waitFor(t, len(events))

		// Then each rejected event is dead-lettered as crm_rejected and its
		// person's later events as parked, behind it
		parked := map[string]bool{"p0-e1": true, "p0-e2": true, "p1-e2": true}
		for _, e := range events {
			want := ""
			switch {
			case rejected[e.EventID]:
				want = schemas.ClassCRMRejected
			case parked[e.EventID]:
				want = schemas.ClassParked
			}
			if got := done.classes(e.EventID); want != "" && !slices.Equal(got, []string{want}) || want == "" && len(got) > 0 {
				t.Fatalf("%s: dead letters %v, want %q", e.EventID, got, want)
			}
		}
		if _, err := crm.GetByEmail(ctx, events[0].Email, nil); err == nil {
			t.Fatal("person 0's rejected create made a record")
		}

		// When reprocess runs before the CRM is fixed, then the copies come
		// back as they went: rejected, and parked behind the rejected ones
		opts := reprocess.Options{Brokers: c.Brokers, DLQTopic: topics.DLQ, InputTopic: topics.Events}
		s, err := reprocess.Run(ctx, opts)
		if err != nil || s.Copied != 6 || s.Refused != 0 {
			t.Fatalf("reprocess before the fix: %+v, %v", s, err)
		}
		done.waitFor(t, 12+6)
		for id := range parked {
			if got := done.classes(id); !slices.Equal(got, []string{schemas.ClassParked, schemas.ClassParked}) {
				t.Fatalf("%s: dead letters %v, want parked twice", id, got)
			}
		}

		// When the CRM is fixed and reprocess runs again, then it copies the
		// new dead letters only
		crm.SetReject(nil)
		s, err = reprocess.Run(ctx, opts)
		if err != nil || s.Copied != 6 || s.AlreadyCopied != 6 || s.Refused != 0 {
			t.Fatalf("reprocess: %+v, %v", s, err)
		}
		// And person 0 writes again after the reprocess
		later := contactEvent(0, 3, "platinum")
		events = append(events, later)
		produceEvents(t, ctx, producer, later)
		done.waitFor(t, 12+6+6+1)

		// Then every dead letter landed once, and the later event flowed
		for _, e := range events {
			if len(done.outcomes(e.EventID)) != 1 {
				t.Errorf("%s: outcomes %v, dead letters %v; want one outcome", e.EventID, done.outcomes(e.EventID), done.classes(e.EventID))
			}
		}
		// And the CRM holds one record per person with the fields of the
		// person's last event
		last := map[string]schemas.ContactEvent{}
		for _, e := range events {
			last[e.Email] = e
		}
		checkCRM(t, crm, last)
		// And each record's outcomes, in the order the outcome topic holds
		// them, follow its person's events: the reprocessed ones applied in
		// their original order, behind the ones that had landed
		byRecord := map[string][]string{}
		for _, r := range readAll(t, ctx, c, topics.Outcomes) {
			if r.Value == nil {
				continue // a tombstone: the record was merged away
			}
			o, err := schemas.NewDecoder(nil).Outcome(ctx, r.Value)
			if err != nil {
				t.Fatal(err)
			}
			byRecord[o.RecordID] = append(byRecord[o.RecordID], o.EventID)
		}
		for i := range 4 {
			want := []string{fmt.Sprintf("p%d-e0", i), fmt.Sprintf("p%d-e1", i), fmt.Sprintf("p%d-e2", i)}
			if i == 0 {
				want = append(want, later.EventID)
			}
			first := done.outcomes(want[0])
			if len(first) == 0 {
				continue // reported above
			}
			id := first[0].RecordID
			if got := byRecord[id]; !slices.Equal(got, want) {
				t.Errorf("record %s of person %d: outcomes of %v, want %v", id, i, got, want)
			}
		}

		// When reprocess runs once more, then it copies nothing twice
		s, err = reprocess.Run(ctx, opts)
		if err != nil || s.Copied != 0 || s.AlreadyCopied != 12 {
			t.Fatalf("third reprocess: %+v, %v", s, err)
		}
		if n := len(readAll(t, ctx, c, topics.Events)); n != 12+6+6+1 {
			t.Errorf("the input topic holds %d records, want %d", n, 12+6+6+1)
		}
	})
}

// startGatekeeper runs the Gatekeeper on crm and an in-memory index in a
// processor until the test ends.
func startGatekeeper(t *testing.T, c *kafkatest.Cluster, topics processor.Topics, crm *emulator.Emulator,
	onDone func(*kgo.Record, *schemas.Outcome, *processor.DeadLetterError)) {
	t.Helper()
	ix, err := state.Open("", state.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	gk, err := stages.New(stages.Config{Decoder: schemas.NewDecoder(nil), Index: ix, CRM: crm, DefaultRegion: "US"})
	if err != nil {
		t.Fatal(err)
	}
	if err := gk.Recover(t.Context()); err != nil {
		t.Fatal(err)
	}
	p, err := processor.New(processor.Config{Brokers: c.Brokers, Topics: topics, Group: kafkatest.Name(t, "g"), Lanes: 8,
		RetryBackoff: 20 * time.Millisecond, CommitInterval: 200 * time.Millisecond, OnDone: onDone}, gk)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- p.Run(ctx) }()
	t.Cleanup(func() {
		stop()
		if err := <-errc; err != nil {
			t.Errorf("processor: %v", err)
		}
		gk.Close()
		_ = ix.Close()
	})
}

// produceEvents writes events as producers do (Avro in the wire format),
// keyed by e-mail.
func produceEvents(t *testing.T, ctx context.Context, cl *kgo.Client, events ...schemas.ContactEvent) {
	t.Helper()
	recs := make([]*kgo.Record, len(events))
	for i := range events {
		v, err := schemas.AppendContactEventWire(nil, schemas.EmbeddedContactEventID, &events[i])
		if err != nil {
			t.Fatal(err)
		}
		recs[i] = &kgo.Record{Key: []byte(events[i].Email), Value: v}
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
}

// checkCRM asserts that the CRM holds exactly one record per e-mail of last,
// with the fields of that event.
func checkCRM(t *testing.T, crm *emulator.Emulator, last map[string]schemas.ContactEvent) {
	t.Helper()
	if n := crm.Stats().Records; n != len(last) {
		t.Errorf("the CRM holds %d records, want %d", n, len(last))
	}
	for email, e := range last {
		got, err := crm.GetByEmail(t.Context(), email, nil)
		if err != nil {
			t.Errorf("%s: %v", email, err)
			continue
		}
		want := map[string]string{"firstname": e.FirstName, "lastname": e.LastName}
		for k, v := range e.Properties {
			want[k] = v
		}
		for k, v := range want {
			if got.Properties[k] != v {
				t.Errorf("%s: %s = %q, want %q (from %s)", email, k, got.Properties[k], v, e.EventID)
			}
		}
	}
}

// readAll reads the committed records of topic, from its start up to its
// last stable offsets as of now. It keeps control records to see the last
// offset of a partition that ends with a transaction marker, and drops them.
func readAll(t *testing.T, ctx context.Context, c *kafkatest.Cluster, topic string) []*kgo.Record {
	t.Helper()
	ends, err := c.Admin(t).ListCommittedOffsets(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		if o.Offset > 0 {
			want[o.Partition] = o.Offset
		}
	})
	cl := c.Client(t, kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()), kgo.KeepControlRecords())
	var out []*kgo.Record
	for len(want) > 0 {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("read %s: %d records, partitions still behind: %v", topic, len(out), want)
		}
		fs.EachRecord(func(r *kgo.Record) {
			end, reading := want[r.Partition]
			if !reading || r.Offset >= end {
				return
			}
			if !r.Attrs.IsControl() {
				out = append(out, r)
			}
			if r.Offset+1 >= end {
				delete(want, r.Partition)
			}
		})
	}
	return out
}
