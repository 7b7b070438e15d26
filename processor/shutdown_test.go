package processor

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestShutdownIsBounded: a processor stopped with thousands of events in
// flight against a slow CRM, one of whose calls ignores its context,
// returns within its ShutdownTimeout without an error; nothing is
// dead-lettered because of the shutdown; the committed offsets never pass
// a record that has no outcome; and the next member of the group finishes
// every event. (Regression, issue 15: a stop under backlog drained every
// lane's queue, took 68 s and committed far behind what was done.)
func TestShutdownIsBounded(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		topics := setupTopics(t, c)
		group := kafkatest.Name(t, "g")
		const n = 4000
		recs := make([]*kgo.Record, n)
		for i := range recs {
			email := fmt.Sprintf("p%d@example.com", i%400)
			recs[i] = &kgo.Record{Key: []byte(email), Value: event(i, email)}
		}
		produce(t, c, topics.Events, recs...)

		// Given a CRM that takes 50 ms a call, and one call that hangs
		// until the test ends, whatever its context says
		hang := make(chan struct{})
		t.Cleanup(func() { close(hang) })
		h := newFakeHandler()
		var calls atomic.Int32
		h.fail = func(ctx context.Context, _ schemas.ContactEvent, _ int) error {
			if calls.Add(1) == 100 {
				<-hang
				return ctx.Err()
			}
			select {
			case <-time.After(50 * time.Millisecond):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		const timeout = 4 * time.Second
		d := newDone(n)
		_, stop := start(t, c, Config{Topics: topics, Group: group, OnDone: d.on, Lanes: 64, ShutdownTimeout: timeout}, h)
		waitFor(t, func() bool { return outcomeCount(d) >= 200 })

		// When it is stopped with most of the events in flight
		atStop := outcomeCount(d)
		stopped := time.Now()
		err := stop()
		took := time.Since(stopped)

		// Then it returns within its timeout, without an error
		if err != nil {
			t.Errorf("Run after the stop: %v", err)
		}
		if took > timeout {
			t.Errorf("the shutdown took %s, more than its timeout of %s", took, timeout)
		}
		// And the calls in hand finished (the 63 lanes not hanging had one
		// each)
		if outcomeCount(d) <= atStop {
			t.Errorf("%d outcomes at the stop, %d after it: the work in hand did not finish", atStop, outcomeCount(d))
		}
		t.Logf("shutdown took %s; %d events had an outcome at the stop, %d of %d after it", took.Round(time.Millisecond),
			atStop, outcomeCount(d), n)
		d.mu.Lock()
		if len(d.dead) != 0 {
			t.Errorf("%d records dead-lettered", len(d.dead))
		}
		done := make(map[int64]bool, len(d.outcomes))
		for k := range d.outcomes {
			done[k] = true
		}
		d.mu.Unlock()
		ctx := kafkatest.Context(t, time.Minute)
		adm := c.Admin(t)
		if ends, err := adm.ListEndOffsets(ctx, topics.DLQ); err != nil {
			t.Fatal(err)
		} else {
			ends.Each(func(o kadm.ListedOffset) {
				if o.Offset != 0 {
					t.Errorf("DLQ partition %d holds %d records", o.Partition, o.Offset)
				}
			})
		}
		// And every committed offset follows records that all have an
		// outcome
		committed, err := adm.FetchOffsets(ctx, group)
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		committed.Each(func(o kadm.OffsetResponse) {
			total += o.At
			for off := range o.At {
				if !done[int64(o.Partition)<<40|off] {
					t.Errorf("partition %d committed at %d, but offset %d has no outcome", o.Partition, o.At, off)
					return
				}
			}
		})
		if total == 0 {
			t.Error("nothing committed")
		}

		// And the next member of the group gives every other event an
		// outcome
		rest := newDone(n - int(total))
		start(t, c, Config{Topics: topics, Group: group, OnDone: rest.on, Lanes: 64}, newFakeHandler())
		waitDone(t, rest, 2*time.Minute)
		committedAtEnd(t, c, group, topics.Events)
	})
}
