package processor

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestReprocessedRecordUnparksItsKey: a key parked by a poison event flows
// again once a reprocessed copy of one of its dead letters arrives.
func TestReprocessedRecordUnparksItsKey(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		topics := setupTopics(t, c)
		// Given a poison event for bad@x.com (rejected by the CRM) and a good
		// one after it, which is parked behind it; then a reprocessed copy of
		// the good one, as `contactgate reprocess` writes it; then a later
		// event for the same key, and an unrelated event
		const key = "bad@x.com"
		copyHeaders := []kgo.RecordHeader{
			{Key: "trace", Value: []byte("t2")},
			{Key: schemas.HeaderReprocessAttempts, Value: []byte("1")},
			{Key: schemas.HeaderReprocessFrom, Value: []byte(topics.DLQ + "/0/1")},
		}
		recs := []*kgo.Record{
			{Key: []byte(key), Value: event(1, key)},
			{Key: []byte(key), Value: event(2, key)},
			{Key: []byte(key), Value: event(2, key), Headers: copyHeaders},
			{Key: []byte(key), Value: event(3, key)},
			{Key: []byte("ok@x.com"), Value: event(4, "ok@x.com")},
		}
		produce(t, c, topics.Events, recs...)
		h := newFakeHandler()
		h.fail = func(_ context.Context, e schemas.ContactEvent, _ int) error {
			if e.EventID == "evt-1" {
				return DeadLetter("upsert", schemas.ClassCRMRejected, errors.New("400 INVALID_EMAIL"))
			}
			return nil
		}

		// When the processor runs
		d := newDone(len(recs))
		start(t, c, Config{Topics: topics, Group: kafkatest.Name(t, "g"), OnDone: d.on, Lanes: 4}, h)
		waitDone(t, d, time.Minute)

		// Then the poison event is dead-lettered and the good one parked
		at := func(r *kgo.Record) int64 { return int64(r.Partition)<<40 | r.Offset }
		if dl := d.dead[at(recs[0])]; dl == nil || dl.Class != schemas.ClassCRMRejected {
			t.Fatalf("poison event: dead letter %v, want crm_rejected", dl)
		}
		if dl := d.dead[at(recs[1])]; dl == nil || dl.Class != schemas.ClassParked {
			t.Fatalf("event behind the poison one: dead letter %v, want parked", dl)
		}
		// And the reprocessed copy and the later event are applied, in order
		for _, r := range recs[2:] {
			if d.outcomes[at(r)] == nil {
				t.Errorf("record at offset %d: no outcome (dead letter %v)", r.Offset, d.dead[at(r)])
			}
		}
		h.mu.Lock()
		got := slices.Clone(h.applied[key])
		h.mu.Unlock()
		if want := []int64{recs[2].Offset, recs[3].Offset}; !slices.Equal(got, want) {
			t.Errorf("applied offsets of %s = %v, want %v", key, got, want)
		}
	})
}

// TestAFailedCopyKeepsItsKeyParked: a reprocessed copy that fails again parks
// its key again, and the copies behind it from the same reprocess run stay
// parked instead of being applied without it; the next run's copies unpark
// the key. (Regression: every reprocessed record used to unpark its key, so
// a reprocess run before the CRM was fixed applied the parked events without
// the one they followed.)
func TestAFailedCopyKeepsItsKeyParked(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		topics := setupTopics(t, c)
		const key = "bad@x.com"
		copyOf := func(i int, attempts string) *kgo.Record {
			return &kgo.Record{Key: []byte(key), Value: event(i, key),
				Headers: []kgo.RecordHeader{{Key: schemas.HeaderReprocessAttempts, Value: []byte(attempts)}}}
		}
		// Given a poison event and one parked behind it; then a first
		// reprocess run's copies of both, while the CRM still rejects the
		// poison event; then a second run's copies, after the fix
		recs := []*kgo.Record{
			{Key: []byte(key), Value: event(1, key)},
			{Key: []byte(key), Value: event(2, key)},
			copyOf(1, "1"), copyOf(2, "1"),
			copyOf(1, "2"), copyOf(2, "2"),
		}
		produce(t, c, topics.Events, recs...)
		h := newFakeHandler()
		h.fail = func(_ context.Context, e schemas.ContactEvent, attempt int) error {
			if e.EventID == "evt-1" && attempt <= 2 {
				return DeadLetter("upsert", schemas.ClassCRMRejected, errors.New("400 INVALID_OPTION"))
			}
			return nil
		}

		// When the processor runs
		d := newDone(len(recs))
		start(t, c, Config{Topics: topics, Group: kafkatest.Name(t, "g"), OnDone: d.on, Lanes: 4}, h)
		waitDone(t, d, time.Minute)

		// Then the first run's copies end as the originals did: rejected, and parked behind it
		at := func(r *kgo.Record) int64 { return int64(r.Partition)<<40 | r.Offset }
		for i, want := range []string{schemas.ClassCRMRejected, schemas.ClassParked, schemas.ClassCRMRejected, schemas.ClassParked} {
			if dl := d.dead[at(recs[i])]; dl == nil || dl.Class != want {
				t.Errorf("record %d: dead letter %v, want %s", i, dl, want)
			}
		}
		// And the second run's copies are applied, in order
		h.mu.Lock()
		got := slices.Clone(h.applied[key])
		h.mu.Unlock()
		if want := []int64{recs[4].Offset, recs[5].Offset}; !slices.Equal(got, want) {
			t.Errorf("applied offsets of %s = %v, want %v", key, got, want)
		}
	})
}
