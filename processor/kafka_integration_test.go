package processor

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// testTopics names topics of the test's own, with the defaults filled in
// (the parked topic is named after the DLQ).
func testTopics(t *testing.T) Topics {
	topics := Topics{
		Events:     kafkatest.Name(t, "events"),
		Outcomes:   kafkatest.Name(t, "outcomes"),
		DLQ:        kafkatest.Name(t, "dlq"),
		Partitions: 3,
	}
	topics.setDefaults()
	return topics
}

func topicConfig(ctx context.Context, t *testing.T, adm *kadm.Client, topic, key string) string {
	t.Helper()
	rcs, err := adm.DescribeTopicConfigs(ctx, topic)
	if err != nil {
		t.Fatalf("describe %s: %v", topic, err)
	}
	rc, err := rcs.On(topic, nil)
	if err != nil || rc.Err != nil {
		t.Fatalf("describe %s: %v %v", topic, err, rc.Err)
	}
	for _, c := range rc.Configs {
		if c.Key == key {
			return c.MaybeValue()
		}
	}
	t.Fatalf("topic %s has no config %s", topic, key)
	return ""
}

func TestEnsureTopics(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		ctx := kafkatest.Context(t, time.Minute)
		adm := c.Admin(t)
		topics := testTopics(t)

		// Given no topics, when EnsureTopics runs twice
		for range 2 {
			if err := EnsureTopics(ctx, adm, topics); err != nil {
				t.Fatalf("EnsureTopics on %s: %v", c.Kind(), err)
			}
		}

		// Then the broker reports the configured policies and partitions
		for topic, want := range map[string]map[string]string{
			topics.Events:   {"cleanup.policy": "delete"},
			topics.Outcomes: {"cleanup.policy": "compact"},
			topics.DLQ:      {"cleanup.policy": "delete", "retention.ms": DLQRetentionMs},
			topics.Parked:   {"cleanup.policy": "compact"},
		} {
			for key, value := range want {
				if got := topicConfig(ctx, t, adm, topic, key); got != value {
					t.Errorf("%s: %s = %q, want %q", topic, key, got, value)
				}
			}
		}
		// (a fresh client: kadm caches the metadata that said "unknown topic")
		details, err := c.Admin(t).ListTopics(ctx, topics.Events)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(details[topics.Events].Partitions); n != 3 {
			t.Errorf("%s has %d partitions, want 3", topics.Events, n)
		}
	})
}

func TestEnsureTopicsRefusesAnOutcomeTopicThatDeletes(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		ctx := kafkatest.Context(t, time.Minute)
		adm := c.Admin(t)
		topics := testTopics(t)
		// Given an outcome topic someone created with the default policy
		if _, err := adm.CreateTopic(ctx, 1, -1, nil, topics.Outcomes); err != nil {
			t.Fatal(err)
		}
		// Then EnsureTopics says the index could not be rebuilt from it
		err := EnsureTopics(ctx, adm, topics)
		if !errors.Is(err, ErrOutcomesNotCompacted) {
			t.Fatalf("EnsureTopics = %v, want ErrOutcomesNotCompacted", err)
		}
	})
}

func TestEnsureTopicsRefusesAParkedTopicThatDeletes(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		ctx := kafkatest.Context(t, time.Minute)
		adm := c.Admin(t)
		topics := testTopics(t)
		// Given a parked topic someone created with the default policy
		if _, err := adm.CreateTopic(ctx, 1, -1, nil, topics.Parked); err != nil {
			t.Fatal(err)
		}
		// Then EnsureTopics says parked keys would be forgotten
		err := EnsureTopics(ctx, adm, topics)
		if !errors.Is(err, ErrParkedNotCompacted) || errors.Is(err, ErrOutcomesNotCompacted) {
			t.Fatalf("EnsureTopics = %v, want ErrParkedNotCompacted alone", err)
		}
	})
}

// TestContactEventsThroughAConsumerGroup produces Avro contact events in the
// Confluent wire format with headers, consumes them in a consumer group,
// decodes them equal to what was sent, and commits.
func TestContactEventsThroughAConsumerGroup(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		ctx := kafkatest.Context(t, 2*time.Minute)
		topics := testTopics(t)
		if err := EnsureTopics(ctx, c.Admin(t), topics); err != nil {
			t.Fatal(err)
		}

		// Given 60 events produced with their e-mail as key and two headers
		const n = 60
		sent := make(map[string]schemas.ContactEvent, n)
		producer := c.Client(t, kgo.DefaultProduceTopic(topics.Events))
		var batch []*kgo.Record
		for i := range n {
			e := schemas.ContactEvent{
				EventID:    fmt.Sprintf("evt-%03d", i),
				Source:     []string{"billing", "webinar", "web_form"}[i%3],
				OccurredAt: time.Date(2026, 3, 1, 9, 0, i, 0, time.UTC),
				Email:      fmt.Sprintf("person%d@example.com", i%20),
				FirstName:  "Zoë",
				LastName:   fmt.Sprintf("O'Brien %d", i),
				Properties: map[string]string{"jobtitle": "CFO 🚀", "n": fmt.Sprint(i)},
			}
			value, err := schemas.AppendContactEventWire(nil, schemas.EmbeddedContactEventID, &e)
			if err != nil {
				t.Fatal(err)
			}
			sent[e.EventID] = e
			batch = append(batch, &kgo.Record{
				Key:   []byte(e.Email),
				Value: value,
				Headers: []kgo.RecordHeader{
					{Key: "event_id", Value: []byte(e.EventID)},
					{Key: "traceparent", Value: []byte("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")},
				},
			})
		}
		if err := producer.ProduceSync(ctx, batch...).FirstErr(); err != nil {
			t.Fatalf("produce: %v", err)
		}

		// When a group member consumes them all and commits
		group := kafkatest.Name(t, "group")
		consumer := c.Client(t,
			kgo.ConsumerGroup(group),
			kgo.ConsumeTopics(topics.Events),
			kgo.Balancers(kgo.CooperativeStickyBalancer()),
			kgo.DisableAutoCommit(),
			kgo.ConsumeStartOffset(kgo.NewOffset().AtStart()),
			kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
			kgo.FetchMaxWait(200*time.Millisecond),
		)
		dec := schemas.NewDecoder(schemas.EmbeddedSource())
		got := make(map[string]schemas.ContactEvent, n)
		var consumed []*kgo.Record
		for len(consumed) < n {
			fetches := consumer.PollFetches(ctx)
			if err := ctx.Err(); err != nil {
				t.Fatalf("consumed %d of %d records: %v", len(consumed), n, err)
			}
			fetches.EachError(func(topic string, p int32, err error) {
				t.Fatalf("fetch %s/%d: %v", topic, p, err)
			})
			fetches.EachRecord(func(r *kgo.Record) {
				consumed = append(consumed, r)
				e, err := dec.ContactEvent(ctx, r.Value)
				if err != nil {
					t.Fatalf("decode record at %s/%d@%d: %v", r.Topic, r.Partition, r.Offset, err)
				}
				if string(r.Key) != e.Email || len(r.Headers) != 2 || string(r.Headers[0].Value) != e.EventID {
					t.Errorf("record %s: key %q, headers %v do not match the event", e.EventID, r.Key, r.Headers)
				}
				got[e.EventID] = e
			})
		}
		if err := consumer.CommitRecords(ctx, consumed...); err != nil {
			t.Fatalf("commit: %v", err)
		}

		// Then every event decodes equal to what was sent
		if !reflect.DeepEqual(got, sent) {
			t.Fatalf("consumed events differ from the %d sent", n)
		}
		// And the group's committed offsets cover every record
		offsets, err := c.Admin(t).FetchOffsets(ctx, group)
		if err != nil {
			t.Fatal(err)
		}
		ends, err := c.Admin(t).ListEndOffsets(ctx, topics.Events)
		if err != nil {
			t.Fatal(err)
		}
		ends.Each(func(end kadm.ListedOffset) {
			committed, ok := offsets.Lookup(end.Topic, end.Partition)
			if end.Offset > 0 && (!ok || committed.At != end.Offset) {
				t.Errorf("partition %d: committed %+v, end offset %d", end.Partition, committed, end.Offset)
			}
		})
		t.Logf("%d events through %s", n, c.Kind())
	})
}
