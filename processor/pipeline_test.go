package processor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

func setupTopics(t *testing.T, c *kafkatest.Cluster) Topics {
	t.Helper()
	topics := testTopics(t)
	if err := EnsureTopics(kafkatest.Context(t, time.Minute), c.Admin(t), topics); err != nil {
		t.Fatal(err)
	}
	return topics
}

func TestEveryRecordEndsAsOneOutcomeOrDeadLetter(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		// Given 200 events for 20 identities, two undecodable records and one
		// without an identifier
		topics := setupTopics(t, c)
		var recs []*kgo.Record
		for i := range 200 {
			email := fmt.Sprintf("p%d@example.com", i%20)
			recs = append(recs, &kgo.Record{Key: []byte(email), Value: event(i, email),
				Headers: []kgo.RecordHeader{{Key: "trace", Value: []byte(strconv.Itoa(i))}}})
		}
		recs = append(recs,
			&kgo.Record{Key: []byte("junk"), Value: []byte("\x00\x00\x00\x00\x01garbage"), Headers: []kgo.RecordHeader{{Key: "trace", Value: []byte("junk")}}},
			&kgo.Record{Key: []byte("junk2"), Value: []byte("not avro at all")},
			&kgo.Record{Key: []byte("anon"), Value: event(999, "")},
		)
		produce(t, c, topics.Events, recs...)

		// When the processor runs
		d := newDone(len(recs))
		h := newFakeHandler()
		group := kafkatest.Name(t, "group")
		start(t, c, Config{Topics: topics, Group: group, OnDone: d.on, Lanes: 8}, h)
		waitDone(t, d, time.Minute)

		// Then each record ended exactly once, as an outcome or a dead letter
		for k, n := range d.count {
			if n != 1 {
				t.Errorf("record %x done %d times", k, n)
			}
		}
		if len(d.outcomes) != 200 || len(d.dead) != 3 {
			t.Fatalf("%d outcomes, %d dead letters; want 200 and 3", len(d.outcomes), len(d.dead))
		}
		// And each identity's events were applied in offset order
		for email, offsets := range h.applied {
			if !slices.IsSorted(offsets) {
				t.Errorf("%s applied out of order: %v", email, offsets)
			}
		}
		// And the offsets are committed to the end
		committedAtEnd(t, c, group, topics.Events)

		// And the dead letters carry the original record and the context headers
		dlq := consumeAll(t, c, topics.DLQ, 3)
		byKey := map[string]*kgo.Record{}
		for _, r := range dlq {
			byKey[string(r.Key)] = r
		}
		junk := byKey["junk"]
		if junk == nil || string(junk.Value) != "\x00\x00\x00\x00\x01garbage" {
			t.Fatalf("dead letter of the junk record: %+v", junk)
		}
		h2 := headers(junk)
		for k, want := range map[string]string{
			"trace":                       "junk",
			schemas.HeaderErrorStage:      "decode",
			schemas.HeaderErrorClass:      schemas.ClassDecode,
			schemas.HeaderErrorAttempts:   "1",
			schemas.HeaderSourceTopic:     topics.Events,
			schemas.HeaderConsumerGroup:   group,
			schemas.HeaderSourcePartition: strconv.Itoa(int(recs[200].Partition)),
			schemas.HeaderSourceOffset:    strconv.FormatInt(recs[200].Offset, 10),
		} {
			if h2[k] != want {
				t.Errorf("header %s = %q, want %q", k, h2[k], want)
			}
		}
		if h2[schemas.HeaderErrorMessage] == "" || h2[schemas.HeaderErrorFirstFailedAt] == "" {
			t.Errorf("missing message or first_failed_at: %v", h2)
		}
		if got := headers(byKey["anon"])[schemas.HeaderErrorClass]; got != schemas.ClassValidation {
			t.Errorf("anon class %q", got)
		}
		// And the outcome topic holds one outcome per applied event, keyed by record id
		outs := consumeAll(t, c, topics.Outcomes, 200)
		dec := schemas.NewDecoder(nil)
		for _, r := range outs {
			o, err := dec.Outcome(t.Context(), r.Value)
			if err != nil || o.RecordID != string(r.Key) || o.Input.Topic != topics.Events {
				t.Fatalf("outcome %+v, %v", o, err)
			}
		}
	})
}

func TestOutageAndRetries(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		t.Run("should pause during a CRM outage and land everything after, without dead letters", func(t *testing.T) {
			topics := setupTopics(t, c)
			var recs []*kgo.Record
			for i := range 30 {
				email := fmt.Sprintf("p%d@example.com", i%5)
				recs = append(recs, &kgo.Record{Key: []byte(email), Value: event(i, email)})
			}
			produce(t, c, topics.Events, recs...)
			// Given a CRM that is down for the first second
			outageEnds := time.Now().Add(time.Second)
			h := newFakeHandler()
			h.fail = func(context.Context, schemas.ContactEvent, int) error {
				if time.Now().Before(outageEnds) {
					return errFakePause
				}
				return nil
			}
			d := newDone(len(recs))
			p, _ := start(t, c, Config{Topics: topics, Group: kafkatest.Name(t, "g"), OnDone: d.on, PauseFor: 200 * time.Millisecond}, h)
			waitDone(t, d, time.Minute)
			if len(d.dead) != 0 || len(d.outcomes) != 30 {
				t.Fatalf("%d dead letters, %d outcomes; want 0 and 30", len(d.dead), len(d.outcomes))
			}
			if p.Stats().Pauses == 0 {
				t.Error("consumption never paused")
			}
		})

		t.Run("should retry transient failures, dead-letter when exhausted, and park the identity", func(t *testing.T) {
			topics := setupTopics(t, c)
			// Given one identity whose first event always fails, and another
			// whose event fails twice then succeeds
			recs := []*kgo.Record{
				{Key: []byte("bad@x.com"), Value: event(1, "bad@x.com")},
				{Key: []byte("flaky@x.com"), Value: event(2, "flaky@x.com")},
				{Key: []byte("bad@x.com"), Value: event(3, "bad@x.com")},
			}
			produce(t, c, topics.Events, recs...)
			h := newFakeHandler()
			h.fail = func(_ context.Context, e schemas.ContactEvent, attempt int) error {
				switch {
				case e.EventID == "evt-1", e.EventID == "evt-2" && attempt <= 2:
					return errFakeTransient
				}
				return nil
			}
			d := newDone(len(recs))
			start(t, c, Config{Topics: topics, Group: kafkatest.Name(t, "g"), OnDone: d.on, MaxAttempts: 4}, h)
			waitDone(t, d, time.Minute)
			classes := map[string]string{}
			for _, dl := range d.dead {
				classes[dl.Error()] = dl.Class
			}
			if len(d.outcomes) != 1 || len(d.dead) != 2 {
				t.Fatalf("outcomes %d, dead %v", len(d.outcomes), classes)
			}
			got := []string{}
			for _, dl := range d.dead {
				got = append(got, dl.Class)
			}
			slices.Sort(got)
			if !slices.Equal(got, []string{schemas.ClassParked, schemas.ClassRetriesExhausted}) {
				t.Fatalf("dead-letter classes %v", got)
			}
			if h.attempts["evt-1"] != 4 || h.attempts["evt-3"] != 0 {
				t.Errorf("attempts %v: want evt-1 tried 4 times and evt-3 never", h.attempts)
			}
		})
	})
}

// TestKilledConsumerLosesNothing: a member that dies mid-stream without
// committing leaves its records to the next one; every event ends as an
// outcome or a dead letter.
func TestKilledConsumerLosesNothing(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		topics := setupTopics(t, c)
		const n = 120
		var recs []*kgo.Record
		for i := range n {
			email := fmt.Sprintf("p%d@example.com", i%12)
			recs = append(recs, &kgo.Record{Key: []byte(email), Value: event(i, email)})
		}
		produce(t, c, topics.Events, recs...)
		group := kafkatest.Name(t, "g")

		// Given a first member that stalls after 40 events and is then killed
		first := newDone(n)
		stall := make(chan struct{})
		h1 := newFakeHandler()
		var applied int
		h1.fail = func(ctx context.Context, _ schemas.ContactEvent, _ int) error {
			h1.mu.Lock()
			applied++
			k := applied
			h1.mu.Unlock()
			if k > 40 {
				select {
				case <-stall:
				case <-ctx.Done():
				}
				return errors.New("killed")
			}
			return nil
		}
		_, stop1 := start(t, c, Config{Topics: topics, Group: group, OnDone: first.on, DrainTimeout: 100 * time.Millisecond, ShutdownTimeout: 200 * time.Millisecond}, h1)
		deadline := time.Now().Add(time.Minute)
		for {
			first.mu.Lock()
			k := len(first.outcomes)
			first.mu.Unlock()
			if k >= 40 || time.Now().After(deadline) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		_ = stop1()
		close(stall)

		// When a second member takes over
		second := newDone(n)
		h2 := newFakeHandler()
		start(t, c, Config{Topics: topics, Group: group, OnDone: second.on}, h2)

		// Then every event is done by one of them
		deadline = time.Now().Add(time.Minute)
		for {
			all := map[string]bool{}
			for _, d := range []*done{first, second} {
				d.mu.Lock()
				for _, o := range d.outcomes {
					all[o.EventID] = true
				}
				d.mu.Unlock()
			}
			if len(all) == n {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d of %d events have an outcome", len(all), n)
			}
			time.Sleep(50 * time.Millisecond)
		}
		first.mu.Lock()
		if len(first.dead) != 0 {
			t.Errorf("the killed member dead-lettered %d records", len(first.dead))
		}
		first.mu.Unlock()
		committedAtEnd(t, c, group, topics.Events)
	})
}

func consumeAll(t *testing.T, c *kafkatest.Cluster, topic string, want int) []*kgo.Record {
	t.Helper()
	ctx := kafkatest.Context(t, 30*time.Second)
	cl := c.Client(t, kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	var out []*kgo.Record
	for len(out) < want {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("consumed %d of %d from %s", len(out), want, topic)
		}
		fs.EachRecord(func(r *kgo.Record) { out = append(out, r) })
	}
	return out
}

func headers(r *kgo.Record) map[string]string {
	m := map[string]string{}
	if r == nil {
		return m
	}
	for _, h := range r.Headers {
		m[h.Key] = string(h.Value)
	}
	return m
}
