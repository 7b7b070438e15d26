package processor

import (
	"context"
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// The rebuild benchmark's size:
//
//	KAFKA_BROKERS=... go test ./processor -run '^$' -bench FollowerRebuild -processor.outcomes 1000000 -timeout 30m
var rebuildOutcomes = flag.Int("processor.outcomes", 100_000, "outcomes in BenchmarkFollowerRebuild's topic")

// BenchmarkFollowerRebuild measures how long a new instance takes to
// rebuild its identity index (on disk) from a compacted outcome topic of
// -processor.outcomes contacts on 6 partitions: what a new instance with
// an empty state directory waits before it consumes.
func BenchmarkFollowerRebuild(b *testing.B) {
	c := kafkatest.New(b)
	topic := kafkatest.Name(b, "outcomes")
	ctx := context.Background()
	if _, err := c.Admin(b).CreateTopic(ctx, 6, 1, map[string]*string{"cleanup.policy": kadm.StringPtr("compact")}, topic); err != nil {
		b.Fatal(err)
	}
	cl := c.Client(b, kgo.DefaultProduceTopic(topic), kgo.ProducerLinger(5*time.Millisecond))
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	start := time.Now()
	for i := range *rebuildOutcomes {
		id := fmt.Sprint(1_000_000 + i)
		email := fmt.Sprintf("p%d@example.com", i)
		o := schemas.Outcome{RecordID: id, EventID: "ev-" + id, Source: "crm", Action: schemas.ActionCreated,
			MatchedBy: schemas.MatchedByNone, Identifiers: schemas.Identifiers{Emails: []string{email}, Phones: []string{fmt.Sprintf("+1415%07d", 2_000_000+i)}},
			Properties: map[string]schemas.PropertyValue{"email": {Value: email, Source: "crm", UpdatedAt: at}, "firstname": {Value: "Ann", Source: "crm", UpdatedAt: at}},
			Input:      schemas.InputPosition{Topic: "in", Partition: int32(i % 6), Offset: int64(i)}, ProcessedAt: at}
		v, err := schemas.AppendOutcomeWire(nil, schemas.EmbeddedOutcomeID, &o)
		if err != nil {
			b.Fatal(err)
		}
		cl.Produce(ctx, &kgo.Record{Key: []byte(id), Value: v}, func(_ *kgo.Record, err error) {
			if err != nil {
				b.Error(err)
			}
		})
	}
	if err := cl.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("produced %d outcomes in %v (%s)", *rebuildOutcomes, time.Since(start).Round(time.Millisecond), c.Kind())
	b.ResetTimer()
	for b.Loop() {
		ix, err := state.Open(b.TempDir(), state.Options{})
		if err != nil {
			b.Fatal(err)
		}
		f, err := NewFollower(ctx, FollowConfig{Brokers: c.Brokers, Topic: topic}, ix)
		if err != nil {
			b.Fatal(err)
		}
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- f.Run(runCtx) }()
		if err := f.CatchUp(ctx); err != nil {
			b.Fatal(err)
		}
		cancel()
		<-done
		f.Close()
		ix.Close()
	}
	b.ReportMetric(float64(*rebuildOutcomes)*float64(b.N)/b.Elapsed().Seconds(), "outcomes/s")
}
