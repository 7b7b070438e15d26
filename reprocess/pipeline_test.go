package reprocess_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/reprocess"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// rawHandler keys lanes by the record key and "applies" a record by noting
// its value; a value in poison fails as crm_rejected until fixed.
type rawHandler struct {
	fixed   atomic.Bool
	mu      sync.Mutex
	applied []string
}

func (h *rawHandler) Prepare(_ context.Context, r *kgo.Record) (processor.Job, error) {
	return processor.Job{LaneKey: string(r.Key), Value: string(r.Value)}, nil
}

func (h *rawHandler) Apply(_ context.Context, j processor.Job) (*schemas.Outcome, error) {
	v := j.Value.(string)
	if v == "poison" && !h.fixed.Load() {
		return nil, processor.DeadLetter("upsert", schemas.ClassCRMRejected, errors.New("400"))
	}
	h.mu.Lock()
	h.applied = append(h.applied, v)
	h.mu.Unlock()
	return &schemas.Outcome{RecordID: j.LaneKey, EventID: v, Source: "test", Action: schemas.ActionUpdated,
		MatchedBy: schemas.MatchedByEmail}, nil
}

func (h *rawHandler) Retryable(error) bool { return false }
func (h *rawHandler) Pause(error) bool     { return false }

func (h *rawHandler) waitApplied(t *testing.T, n int) []string {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		h.mu.Lock()
		got := slices.Clone(h.applied)
		h.mu.Unlock()
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestProcessorAppliesReprocessedDeadLettersInOrder: the whole loop. A poison
// event parks its key; after the fix, reprocess copies the poison event and
// the parked one back, the processor applies both in order, and the key's
// later events flow.
func TestProcessorAppliesReprocessedDeadLettersInOrder(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		ctx := kafkatest.Context(t, 2*time.Minute)
		topics := processor.Topics{Events: kafkatest.Name(t, "events"), Outcomes: kafkatest.Name(t, "outcomes"),
			DLQ: kafkatest.Name(t, "dlq"), Partitions: 2}
		if err := processor.EnsureTopics(ctx, c.Admin(t), topics); err != nil {
			t.Fatal(err)
		}
		h := &rawHandler{}
		var dead atomic.Int32
		p, err := processor.New(processor.Config{Brokers: c.Brokers, Topics: topics, Group: kafkatest.Name(t, "g"), Lanes: 4,
			OnDone: func(_ *kgo.Record, _ *schemas.Outcome, dl *processor.DeadLetterError) {
				if dl != nil {
					dead.Add(1)
				}
			}}, h)
		if err != nil {
			t.Fatal(err)
		}
		runCtx, stop := context.WithCancel(ctx)
		errc := make(chan error, 1)
		go func() { errc <- p.Run(runCtx) }()
		t.Cleanup(func() { stop(); <-errc })

		// Given a poison event and a good one for one key, both dead-lettered
		producer := c.Client(t, kgo.DefaultProduceTopic(topics.Events))
		key := []byte("bad@x.com")
		if err := producer.ProduceSync(ctx, &kgo.Record{Key: key, Value: []byte("poison")},
			&kgo.Record{Key: key, Value: []byte("good")}, &kgo.Record{Key: []byte("ok@x.com"), Value: []byte("other")}).FirstErr(); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(time.Minute); dead.Load() < 2; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%d dead letters, want 2", dead.Load())
			}
		}
		// When the CRM is fixed and the dead letters are reprocessed
		h.fixed.Store(true)
		s, err := reprocess.Run(ctx, reprocess.Options{Brokers: c.Brokers, DLQTopic: topics.DLQ, InputTopic: topics.Events})
		if err != nil || s.Copied != 2 {
			t.Fatalf("reprocess: %+v, %v", s, err)
		}
		// And a later event for the key arrives
		if err := producer.ProduceSync(ctx, &kgo.Record{Key: key, Value: []byte("later")}).FirstErr(); err != nil {
			t.Fatal(err)
		}

		// Then the key's events are applied in their original order
		got := h.waitApplied(t, 4)
		var mine []string
		for _, v := range got {
			if v != "other" {
				mine = append(mine, v)
			}
		}
		if want := []string{"poison", "good", "later"}; !slices.Equal(mine, want) {
			t.Fatalf("applied %v, want %v", mine, want)
		}
		if dead.Load() != 2 {
			t.Errorf("%d dead letters, want 2", dead.Load())
		}
	})
}
