package processor

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestTwoMembersThroughARebalance: a second member joins mid-stream and the
// cooperative rebalance moves partitions to it. Every event ends with an
// outcome, none is dead-lettered, and the group commits to the end.
func TestTwoMembersThroughARebalance(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		topics := setupTopics(t, c)
		group := kafkatest.Name(t, "g")
		const n = 300
		recs := make([]*kgo.Record, n)
		for i := range recs {
			email := fmt.Sprintf("p%d@example.com", i%30)
			recs[i] = &kgo.Record{Key: []byte(email), Value: event(i, email)}
		}
		slow := func(context.Context, schemas.ContactEvent, int) error { time.Sleep(20 * time.Millisecond); return nil }

		// Given a member working through the first half
		produce(t, c, topics.Events, recs[:n/2]...)
		first, second := newDone(n), newDone(n)
		h1, h2 := newFakeHandler(), newFakeHandler()
		h1.fail, h2.fail = slow, slow
		start(t, c, Config{Topics: topics, Group: group, OnDone: first.on, Lanes: 2}, h1)
		waitFor(t, func() bool { return outcomeCount(first) >= 30 })

		// When a second member joins, and once the group has given it
		// partitions, the rest arrives (a fixed order of events, not of
		// timings: on a busy machine the first member may otherwise finish
		// every record before the second is assigned any)
		start(t, c, Config{Topics: topics, Group: group, OnDone: second.on, Lanes: 2}, h2)
		waitFor(t, func() bool { return assignedMembers(t, c, group) == 2 })
		produce(t, c, topics.Events, recs[n/2:]...)

		// Then every event has an outcome from one member or the other
		waitFor(t, func() bool {
			ids := map[string]bool{}
			for _, d := range []*done{first, second} {
				d.mu.Lock()
				for _, o := range d.outcomes {
					ids[o.EventID] = true
				}
				d.mu.Unlock()
			}
			return len(ids) == n
		})
		if outcomeCount(second) == 0 {
			t.Error("the second member got no work: no rebalance happened")
		}
		for _, d := range []*done{first, second} {
			d.mu.Lock()
			if len(d.dead) != 0 {
				t.Errorf("%d dead letters", len(d.dead))
			}
			d.mu.Unlock()
		}
		committedAtEnd(t, c, group, topics.Events)
	})
}

func outcomeCount(d *done) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.outcomes)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// assignedMembers counts the members of a stable group that own at least
// one partition.
func assignedMembers(t *testing.T, c *kafkatest.Cluster, group string) int {
	t.Helper()
	groups, err := c.Admin(t).DescribeGroups(kafkatest.Context(t, 10*time.Second), group)
	if err != nil {
		return 0
	}
	g, ok := groups[group]
	if !ok || g.Err != nil || g.State != "Stable" {
		return 0
	}
	n := 0
	for _, m := range g.Members {
		if a, ok := m.Assigned.AsConsumer(); ok && len(a.Topics) > 0 && len(a.Topics[0].Partitions) > 0 {
			n++
		}
	}
	return n
}
