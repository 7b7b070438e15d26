package processor

import (
	"crypto/rand"
	"strconv"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

func TestADeadLetterTooLargeForTheDLQIsWrittenWithoutItsValue(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		// Given an input topic that takes 2 MB records and a DLQ that takes
		// 200 kB
		topics := testTopics(t)
		ctx := kafkatest.Context(t, time.Minute)
		adm := c.Admin(t)
		for name, cfg := range map[string]map[string]*string{
			topics.Events:   {"max.message.bytes": kadm.StringPtr("2097152")},
			topics.Outcomes: {"cleanup.policy": kadm.StringPtr("compact")},
			topics.DLQ:      {"max.message.bytes": kadm.StringPtr("200000")},
		} {
			if _, err := adm.CreateTopic(ctx, topics.Partitions, 1, cfg, name); err != nil {
				t.Fatal(err)
			}
		}
		if err := EnsureTopics(ctx, adm, topics); err != nil {
			t.Fatal(err)
		}

		// When a 1 MB undecodable record arrives, then a good one
		big := make([]byte, 1<<20)
		rand.Read(big)
		cl := c.Client(t, kgo.DefaultProduceTopic(topics.Events), kgo.ProducerBatchMaxBytes(2<<20))
		if err := cl.ProduceSync(ctx,
			&kgo.Record{Key: []byte("k"), Value: big},
			&kgo.Record{Key: []byte("k2"), Value: event(1, "p1@example.com")},
		).FirstErr(); err != nil {
			t.Fatal(err)
		}
		d := newDone(2)
		start(t, c, Config{Topics: topics, Group: kafkatest.Name(t, "group"), OnDone: d.on, Lanes: 4}, newFakeHandler())
		waitDone(t, d, time.Minute)

		// Then the pipeline went on, and the dead letter says where the
		// record is and how large its value was
		if len(d.outcomes) != 1 || len(d.dead) != 1 {
			t.Fatalf("%d outcomes, %d dead letters; want 1 and 1", len(d.outcomes), len(d.dead))
		}
		dl := consumeAll(t, c, topics.DLQ, 1)[0]
		h := headers(dl)
		if !c.Real && len(dl.Value) > 0 {
			t.Skip("kfake does not enforce the DLQ's max.message.bytes")
		}
		if len(dl.Value) != 0 || h[schemas.HeaderErrorValueDropped] != strconv.Itoa(len(big)) ||
			h[schemas.HeaderErrorClass] != schemas.ClassDecode || h[schemas.HeaderSourceOffset] == "" {
			t.Fatalf("dead letter of %d bytes, headers %v", len(dl.Value), h)
		}
	})
}
