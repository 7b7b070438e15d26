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
