package processor

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// skipHandler is fakeHandler, but a null value is a tombstone to skip, and
// an event whose source is "deleted" is skipped when applied.
type skipHandler struct{ *fakeHandler }

func (h skipHandler) Prepare(ctx context.Context, r *kgo.Record) (Job, error) {
	if r.Value == nil {
		return Job{}, &schemas.SkippedError{Reason: schemas.SkipTombstone}
	}
	return h.fakeHandler.Prepare(ctx, r)
}

func TestSkippedRecordsAreCommittedWithoutOutcomeOrDeadLetter(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		// Given an event, a tombstone, an event the handler skips when it
		// applies it, and a tombstone last, on one partition
		topics := setupTopics(t, c)
		group := kafkatest.Name(t, "group")
		h := skipHandler{newFakeHandler()}
		h.fail = func(_ context.Context, e schemas.ContactEvent, _ int) error {
			if e.EventID == "evt-2" {
				return &schemas.SkippedError{Reason: schemas.SkipDebeziumDelete}
			}
			return nil
		}
		var (
			mu      sync.Mutex
			skipped = map[int64]string{}
			all     = make(chan struct{})
		)
		d := newDone(1)
		onSkip := func(r *kgo.Record, reason string) {
			mu.Lock()
			defer mu.Unlock()
			skipped[r.Offset] = reason
			if len(skipped) == 3 {
				close(all)
			}
		}
		produce(t, c, topics.Events,
			&kgo.Record{Key: []byte("a"), Value: event(1, "a@example.com")},
			&kgo.Record{Key: []byte("a")},
			&kgo.Record{Key: []byte("a"), Value: event(2, "a@example.com")},
			&kgo.Record{Key: []byte("a")})

		// When the processor runs
		proc, stop := start(t, c, Config{Topics: topics, Group: group, OnDone: d.on, OnSkip: onSkip}, h)
		waitDone(t, d, time.Minute)
		select {
		case <-all:
		case <-time.After(time.Minute):
			t.Fatalf("skipped %v, want three", skipped)
		}

		// Then one outcome, three skips with their reasons, no dead letter,
		// and the group's offset past the last tombstone
		committedAtEnd(t, c, group, topics.Events)
		if st := proc.Stats(); st.Skipped != 3 || st.Outcomes != 1 {
			t.Errorf("stats %+v: want 3 skipped, 1 outcome", st)
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		want := map[int64]string{1: schemas.SkipTombstone, 2: schemas.SkipDebeziumDelete, 3: schemas.SkipTombstone}
		for off, reason := range want {
			if skipped[off] != reason {
				t.Errorf("offset %d: skipped %q, want %q (all: %v)", off, skipped[off], reason, skipped)
			}
		}
		if len(d.dead) != 0 || len(d.outcomes) != 1 {
			t.Errorf("%d outcomes, dead letters %v", len(d.outcomes), d.dead)
		}
	})
}
