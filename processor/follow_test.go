package processor

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

func outcomeRecord(t *testing.T, topic, id, email string, at time.Time) *kgo.Record {
	t.Helper()
	o := schemas.Outcome{RecordID: id, EventID: "ev-" + id + "-" + at.Format("150405"), Source: "web_form",
		Action: schemas.ActionCreated, MatchedBy: schemas.MatchedByNone,
		Identifiers: schemas.Identifiers{Emails: []string{email}},
		Properties:  map[string]schemas.PropertyValue{"email": {Value: email, Source: "web_form", UpdatedAt: at}},
		Input:       schemas.InputPosition{Topic: "in", Partition: 0, Offset: at.Unix()}, ProcessedAt: at}
	v, err := schemas.AppendOutcomeWire(nil, schemas.EmbeddedOutcomeID, &o)
	if err != nil {
		t.Fatal(err)
	}
	return &kgo.Record{Topic: topic, Key: []byte(id), Value: v}
}

func TestFollowerRebuildsAndResumesTheIndex(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		// Given a compacted outcome topic of 3 partitions holding 30 records
		topic := kafkatest.Name(t, "outcomes")
		ctx := kafkatest.Context(t, time.Minute)
		if _, err := c.Admin(t).CreateTopic(ctx, 3, 1, map[string]*string{"cleanup.policy": kadm.StringPtr("compact")}, topic); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		var recs []*kgo.Record
		for i := range 30 {
			recs = append(recs, outcomeRecord(t, topic, fmt.Sprint(1000+i), fmt.Sprintf("p%d@example.com", i), at.Add(time.Duration(i)*time.Second)))
		}
		produce(t, c, topic, recs...)
		ix, err := state.Open(t.TempDir(), state.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()

		// When a follower starts on an empty index and catches up
		follow := func() (*Follower, context.CancelFunc) {
			f, err := NewFollower(ctx, FollowConfig{Brokers: c.Brokers, Topic: topic}, ix)
			if err != nil {
				t.Fatal(err)
			}
			runCtx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- f.Run(runCtx) }()
			if err := f.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
			return f, func() {
				cancel()
				if err := <-done; err != nil {
					t.Errorf("run: %v", err)
				}
				f.Close()
			}
		}
		_, stop := follow()

		// Then every record resolves by its e-mail
		for i := range 30 {
			ids, err := ix.Lookup(state.Key{Kind: state.KeyEmail, Value: fmt.Sprintf("p%d@example.com", i)})
			if err != nil || len(ids) != 1 || ids[0] != fmt.Sprint(1000+i) {
				t.Fatalf("p%d: %v, %v", i, ids, err)
			}
		}
		stop()

		// And a restarted follower reads only what came after: a tombstone
		// and a new e-mail of record 1001
		produce(t, c, topic, &kgo.Record{Topic: topic, Key: []byte("1000")},
			outcomeRecord(t, topic, "1001", "new1001@example.com", at.Add(time.Hour)))
		_, stop = follow()
		defer stop()
		if ids, _ := ix.Lookup(state.Key{Kind: state.KeyEmail, Value: "p0@example.com"}); len(ids) != 0 {
			t.Errorf("the tombstoned record still resolves: %v", ids)
		}
		if ids, _ := ix.Lookup(state.Key{Kind: state.KeyEmail, Value: "new1001@example.com"}); len(ids) != 1 {
			t.Errorf("the new e-mail does not resolve: %v", ids)
		}
		st, err := ix.Stats()
		if err != nil || st.Records != 29 {
			t.Errorf("%d records, %v; want 29", st.Records, err)
		}
	})
}
