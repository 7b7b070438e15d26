package processor

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// countingHandler counts the records the processor polled (Prepare).
type countingHandler struct {
	*fakeHandler
	mu       sync.Mutex
	prepared int
}

func (h *countingHandler) Prepare(ctx context.Context, r *kgo.Record) (Job, error) {
	h.mu.Lock()
	h.prepared++
	h.mu.Unlock()
	return h.fakeHandler.Prepare(ctx, r)
}

func TestMaxInFlight(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		// Given 20 events of 20 identities, all in the topic before the
		// processor starts, and a CRM that holds every call until released
		topics := setupTopics(t, c)
		var recs []*kgo.Record
		for i := range 20 {
			email := fmt.Sprintf("p%d@example.com", i)
			recs = append(recs, &kgo.Record{Key: []byte(email), Value: event(i, email)})
		}
		produce(t, c, topics.Events, recs...)
		release := make(chan struct{})
		held := make(chan struct{}, len(recs))
		h := &countingHandler{fakeHandler: newFakeHandler()}
		h.fail = func(ctx context.Context, _ schemas.ContactEvent, _ int) error {
			held <- struct{}{}
			select {
			case <-release:
			case <-ctx.Done():
			}
			return nil
		}

		// When the processor runs with eight lanes and at most three jobs in
		// hand
		d := newDone(len(recs))
		start(t, c, Config{Topics: topics, Group: kafkatest.Name(t, "group"), OnDone: d.on, Lanes: 8, MaxInFlight: 3}, h)

		// Then three calls are held and no fourth record was polled
		for range 3 {
			select {
			case <-held:
			case <-time.After(time.Minute):
				t.Fatal("three calls were not made within a minute")
			}
		}
		h.mu.Lock()
		polled := h.prepared
		h.mu.Unlock()
		if polled != 3 {
			t.Fatalf("%d records polled with three jobs in hand; want 3", polled)
		}

		// And once released, every record ends
		close(release)
		waitDone(t, d, time.Minute)
		if len(d.outcomes) != len(recs) {
			t.Fatalf("%d outcomes, want %d", len(d.outcomes), len(recs))
		}
	})
}
