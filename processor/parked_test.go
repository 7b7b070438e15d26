package processor

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// rejectEvent1 is a CRM that rejects evt-1 for good.
func rejectEvent1(_ context.Context, e schemas.ContactEvent, _ int) error {
	if e.EventID == "evt-1" {
		return DeadLetter("upsert", schemas.ClassCRMRejected, errors.New("400 INVALID_EMAIL"))
	}
	return nil
}

// shortFetchWait keeps restart tests quick: kfake holds a restarted member's
// first fetch for the whole FetchMaxWait (5 s by default), parked topic or
// not.
var shortFetchWait = []kgo.Opt{kgo.FetchMaxWait(200 * time.Millisecond)}

// at is the key of a consumed record in done's maps.
func at(r *kgo.Record) int64 { return int64(r.Partition)<<40 | r.Offset }

// TestParkedKeysSurviveARestart: a key parked by one processor is still
// parked in the next one of the group (regression: the set lived in memory,
// so after a restart a parked identity's later events overtook the one in
// the DLQ); a reprocessed copy unparks it for good.
func TestParkedKeysSurviveARestart(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		topics := setupTopics(t, c)
		group := kafkatest.Name(t, "g")
		const key = "bad@x.com"

		// Given a processor that dead-letters a poison event for the key
		// and parks the event behind it
		first := []*kgo.Record{{Key: []byte(key), Value: event(1, key)}, {Key: []byte(key), Value: event(2, key)}}
		produce(t, c, topics.Events, first...)
		dA, hA := newDone(len(first)), newFakeHandler()
		hA.fail = rejectEvent1
		_, stopA := start(t, c, Config{Topics: topics, Group: group, OnDone: dA.on, Lanes: 4, ClientOpts: shortFetchWait}, hA)
		waitDone(t, dA, time.Minute)
		for i, want := range []string{schemas.ClassCRMRejected, schemas.ClassParked} {
			if dl := dA.dead[at(first[i])]; dl == nil || dl.Class != want {
				t.Fatalf("first processor, record %d: dead letter %v, want %s", i, dl, want)
			}
		}
		// And the park is on the parked topic before the records are done
		if r := lastOf(t, c, topics.Parked, key); r == nil || r.Value == nil {
			t.Fatalf("parked topic: last record of the key %+v, want a park", r)
		}
		// When it stops
		if err := stopA(); err != nil {
			t.Fatalf("first processor: %v", err)
		}

		// And a new processor of the group, on a fresh handler, gets the
		// key's next event, then a reprocessed copy of the poison event (the
		// CRM was fixed), then a later event
		copyOfPoison := &kgo.Record{Key: []byte(key), Value: event(1, key),
			Headers: []kgo.RecordHeader{{Key: schemas.HeaderReprocessAttempts, Value: []byte("1")}}}
		second := []*kgo.Record{{Key: []byte(key), Value: event(3, key)}, copyOfPoison, {Key: []byte(key), Value: event(4, key)}}
		produce(t, c, topics.Events, second...)
		dB, hB := newDone(len(second)), newFakeHandler()
		_, stopB := start(t, c, Config{Topics: topics, Group: group, OnDone: dB.on, Lanes: 4, ClientOpts: shortFetchWait}, hB)
		waitDone(t, dB, time.Minute)

		// Then the next event is parked behind the poison one
		if dl := dB.dead[at(second[0])]; dl == nil || dl.Class != schemas.ClassParked {
			t.Fatalf("the key's next event after the restart: dead letter %v, outcome %v; want parked",
				dl, dB.outcomes[at(second[0])])
		}
		// And the copy unparks the key: it and the later event are applied, in order
		hB.mu.Lock()
		got := slices.Clone(hB.applied[key])
		hB.mu.Unlock()
		if want := []int64{second[1].Offset, second[2].Offset}; !slices.Equal(got, want) {
			t.Errorf("applied offsets of %s = %v, want %v", key, got, want)
		}
		// And the key's last record on the parked topic is a tombstone
		if r := lastOf(t, c, topics.Parked, key); r == nil || r.Value != nil {
			t.Fatalf("parked topic: last record of the key %+v, want a tombstone", r)
		}
		if err := stopB(); err != nil {
			t.Fatalf("second processor: %v", err)
		}

		// When a third processor starts and the key's next event arrives
		third := &kgo.Record{Key: []byte(key), Value: event(5, key)}
		produce(t, c, topics.Events, third)
		dC := newDone(1)
		pC, _ := start(t, c, Config{Topics: topics, Group: group, OnDone: dC.on, Lanes: 4, ClientOpts: shortFetchWait}, newFakeHandler())
		waitDone(t, dC, time.Minute)

		// Then it is applied: nothing is parked any more
		if dC.outcomes[at(third)] == nil {
			t.Fatalf("third processor: dead letter %v, want an outcome", dC.dead[at(third)])
		}
		if n := pC.Stats().Parked; n != 0 {
			t.Errorf("third processor: %d keys parked, want 0", n)
		}
	})
}

// TestAMemberTakingOverAPartitionKnowsItsParks: a member that is running
// when another member parks a key, and gets the key's partition when that
// member leaves, parks the key's next event.
func TestAMemberTakingOverAPartitionKnowsItsParks(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		topics := testTopics(t)
		topics.Partitions = 1
		if err := EnsureTopics(kafkatest.Context(t, time.Minute), c.Admin(t), topics); err != nil {
			t.Fatal(err)
		}
		group := kafkatest.Name(t, "g")
		const key = "bad@x.com"

		// Given a member that owns the only partition
		warm := &kgo.Record{Key: []byte("ok@x.com"), Value: event(0, "ok@x.com")}
		produce(t, c, topics.Events, warm)
		dA, hA := newDone(3), newFakeHandler()
		hA.fail = rejectEvent1
		_, stopA := start(t, c, Config{Topics: topics, Group: group, OnDone: dA.on, Lanes: 4}, hA)
		waitFor(t, func() bool { return outcomeCount(dA) == 1 })
		// And a second member in the group, idle
		dB := newDone(1)
		start(t, c, Config{Topics: topics, Group: group, OnDone: dB.on, Lanes: 4}, newFakeHandler())
		waitFor(t, func() bool { return groupMembers(t, c, group) == 2 })

		// When the first member dead-letters a poison event and parks the key
		recs := []*kgo.Record{{Key: []byte(key), Value: event(1, key)}, {Key: []byte(key), Value: event(2, key)}}
		produce(t, c, topics.Events, recs...)
		waitDone(t, dA, time.Minute)
		if dl := dA.dead[at(recs[1])]; dl == nil || dl.Class != schemas.ClassParked {
			t.Fatalf("first member: dead letter %v, want parked", dl)
		}
		// And leaves, so that the partition moves to the second member
		if err := stopA(); err != nil {
			t.Fatalf("first member: %v", err)
		}
		next := &kgo.Record{Key: []byte(key), Value: event(3, key)}
		produce(t, c, topics.Events, next)

		// Then the second member parks the key's next event
		waitDone(t, dB, time.Minute)
		if dl := dB.dead[at(next)]; dl == nil || dl.Class != schemas.ClassParked {
			t.Fatalf("second member: dead letter %v, outcome %v; want parked", dl, dB.outcomes[at(next)])
		}
	})
}

// TestAReplayedDeadLetterEndsOnce: the record that parked its key, consumed
// again because its offset was not committed (a crash, a lost partition), is
// neither applied again nor parked behind itself: its dead letter is in the
// DLQ, and it ends there alone. The events behind it stay parked; a
// reprocessed copy of it unparks the key (a tombstone on the parked topic)
// and the key's later events are applied. (Regression, issue 15: an event
// dead-lettered as retries_exhausted was applied on its replay after a
// restart, so it ended both as an outcome and as a dead letter, while its
// identity stayed parked and the person's later events went on to the DLQ
// as parked.)
func TestAReplayedDeadLetterEndsOnce(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		topics := setupTopics(t, c)
		group := kafkatest.Name(t, "g")
		const key = "bad@x.com"
		recs := []*kgo.Record{{Key: []byte(key), Value: event(1, key)}, {Key: []byte(key), Value: event(2, key)}}
		produce(t, c, topics.Events, recs...)
		// Given an event whose retries ran out while the CRM was failing,
		// which parked its key, and an event behind it
		dA, hA := newDone(len(recs)), newFakeHandler()
		hA.fail = func(_ context.Context, e schemas.ContactEvent, _ int) error {
			if e.EventID == "evt-1" {
				return errFakeTransient
			}
			return nil
		}
		_, stopA := start(t, c, Config{Topics: topics, Group: group, OnDone: dA.on, MaxAttempts: 2, ClientOpts: shortFetchWait}, hA)
		waitDone(t, dA, time.Minute)
		if dl := dA.dead[at(recs[0])]; dl == nil || dl.Class != schemas.ClassRetriesExhausted {
			t.Fatalf("first run: dead letter %v, want retries_exhausted", dl)
		}
		if err := stopA(); err != nil {
			t.Fatal(err)
		}

		// When the group's offsets go back to the start, as if the commit
		// had not happened, and another processor, with the CRM healthy,
		// replays both
		ctx := kafkatest.Context(t, time.Minute)
		var reset kadm.Offsets
		for part := range topics.Partitions {
			reset.Add(kadm.Offset{Topic: topics.Events, Partition: part, At: 0, LeaderEpoch: -1})
		}
		if resp, err := c.Admin(t).CommitOffsets(ctx, group, reset); err != nil || resp.Error() != nil {
			t.Fatalf("reset the offsets of %s: %v %v", group, err, resp.Error())
		}
		dB, hB := newDone(1), newFakeHandler()
		_, stopB := start(t, c, Config{Topics: topics, Group: group, OnDone: dB.on, ClientOpts: shortFetchWait}, hB)
		waitDone(t, dB, time.Minute)
		committedAtEnd(t, c, group, topics.Events)

		// Then the replayed event is not applied: its only end is its dead
		// letter
		if out := dB.outcomes[at(recs[0])]; out != nil {
			t.Errorf("replayed dead letter: outcome %v as well", out)
		}
		if dl := dB.dead[at(recs[0])]; dl != nil {
			t.Errorf("replayed dead letter: dead-lettered again (%v)", dl)
		}
		hB.mu.Lock()
		applied := len(hB.applied[key])
		hB.mu.Unlock()
		if applied != 0 {
			t.Errorf("the replay applied %d events of the parked key, want none", applied)
		}
		// And the event behind it is parked again
		if dl := dB.dead[at(recs[1])]; dl == nil || dl.Class != schemas.ClassParked {
			t.Errorf("replayed event behind it: dead letter %v, want parked", dl)
		}
		if err := stopB(); err != nil {
			t.Fatal(err)
		}

		// When the operator reprocesses its dead letter, and the person's
		// next event arrives
		copyOf := &kgo.Record{Key: []byte(key), Value: event(1, key),
			Headers: []kgo.RecordHeader{{Key: schemas.HeaderReprocessAttempts, Value: []byte("1")}}}
		next := &kgo.Record{Key: []byte(key), Value: event(3, key)}
		produce(t, c, topics.Events, copyOf, next)
		dC, hC := newDone(2), newFakeHandler()
		start(t, c, Config{Topics: topics, Group: group, OnDone: dC.on, ClientOpts: shortFetchWait}, hC)
		waitDone(t, dC, time.Minute)

		// Then both are applied, and the key is unparked on the parked topic
		for _, r := range []*kgo.Record{copyOf, next} {
			if dC.outcomes[at(r)] == nil {
				t.Errorf("offset %d: no outcome (dead letter %v)", r.Offset, dC.dead[at(r)])
			}
		}
		if r := lastOf(t, c, topics.Parked, key); r == nil || r.Value != nil {
			t.Errorf("parked topic: last record of the key %+v, want a tombstone", r)
		}
	})
}

func TestRunRefusesAMissingParkedTopic(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		// Given the topics of an older version: no parked topic
		ctx := kafkatest.Context(t, time.Minute)
		topics := testTopics(t)
		configs := topics.Configs()
		for _, name := range []string{topics.Events, topics.Outcomes, topics.DLQ} {
			if _, err := c.Admin(t).CreateTopic(ctx, 1, -1, configs[name], name); err != nil {
				t.Fatal(err)
			}
		}
		// When a processor runs, then it stops at once and says what to do
		p, err := New(Config{Brokers: c.Brokers, Topics: topics, Group: kafkatest.Name(t, "g")}, newFakeHandler())
		if err != nil {
			t.Fatal(err)
		}
		err = p.Run(ctx)
		if err == nil || !strings.Contains(err.Error(), "contactgate topics") {
			t.Fatalf("Run = %v, want an error naming contactgate topics", err)
		}
	})
}

// lastOf returns the last record of key on topic, reading it to its end.
func lastOf(t *testing.T, c *kafkatest.Cluster, topic, key string) *kgo.Record {
	t.Helper()
	ctx := kafkatest.Context(t, 30*time.Second)
	ends, err := c.Admin(t).ListEndOffsets(ctx, topic)
	if err != nil || ends.Error() != nil {
		t.Fatalf("end offsets of %s: %v %v", topic, err, ends.Error())
	}
	remaining := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		if o.Offset > 0 {
			remaining[o.Partition] = o.Offset
		}
	})
	cl := c.Client(t, kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	var last *kgo.Record
	for len(remaining) > 0 {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("reading %s: %v left", topic, remaining)
		}
		fs.EachRecord(func(r *kgo.Record) {
			if string(r.Key) == key {
				last = r
			}
			if end, ok := remaining[r.Partition]; ok && r.Offset+1 >= end {
				delete(remaining, r.Partition)
			}
		})
	}
	return last
}

func groupMembers(t *testing.T, c *kafkatest.Cluster, group string) int {
	t.Helper()
	groups, err := c.Admin(t).DescribeGroups(kafkatest.Context(t, 10*time.Second), group)
	if err != nil {
		return 0
	}
	g, ok := groups[group]
	if !ok || g.Err != nil || g.State != "Stable" {
		return 0
	}
	return len(g.Members)
}

// TestAssignedPartitionsWaitForCatchUp: newly assigned partitions are not
// fetched before Config.CatchUp (run's outcome follower) returns, so that
// their new owner resolves against every outcome the previous owner wrote
// (regression: a replayed phone-only event overtook the follower and made
// a second record).
func TestAssignedPartitionsWaitForCatchUp(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		topics := setupTopics(t, c)
		recs := []*kgo.Record{{Key: []byte("a@x.com"), Value: event(1, "a@x.com")}, {Key: []byte("b@x.com"), Value: event(2, "b@x.com")}}
		produce(t, c, topics.Events, recs...)

		// Given a catch-up that holds for 500 ms
		var (
			mu       sync.Mutex
			caughtUp time.Time
			calls    int
		)
		catchUp := func(ctx context.Context) error {
			select {
			case <-time.After(500 * time.Millisecond):
			case <-ctx.Done():
				return ctx.Err()
			}
			mu.Lock()
			defer mu.Unlock()
			calls++
			caughtUp = time.Now()
			return nil
		}
		var firstDone time.Time
		d := newDone(len(recs))
		onDone := func(r *kgo.Record, out *schemas.Outcome, dl *DeadLetterError) {
			mu.Lock()
			if firstDone.IsZero() {
				firstDone = time.Now()
			}
			mu.Unlock()
			d.on(r, out, dl)
		}

		// When a processor is assigned the partitions
		_, stop := start(t, c, Config{Topics: topics, Group: kafkatest.Name(t, "g"), OnDone: onDone, Lanes: 4,
			ClientOpts: shortFetchWait, CatchUp: catchUp}, newFakeHandler())
		waitDone(t, d, time.Minute)
		if err := stop(); err != nil {
			t.Fatal(err)
		}

		// Then no record ended before the catch-up returned
		mu.Lock()
		defer mu.Unlock()
		if calls == 0 || firstDone.Before(caughtUp) {
			t.Fatalf("catch-up calls %d, returned at %v; first record done at %v", calls, caughtUp, firstDone)
		}
	})
}

// TestARecordInvalidInItselfParksNothing: a record Apply finds invalid in
// itself (class validation) is dead-lettered alone, as one Prepare finds
// invalid is: it can never be applied as it is, so the identity's later
// events are applied, not parked behind it.
func TestARecordInvalidInItselfParksNothing(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		// Given a handler whose Apply finds evt-1 invalid, and evt-2 after it for the same key
		topics := setupTopics(t, c)
		const key = "name@x.com"
		recs := []*kgo.Record{{Key: []byte(key), Value: event(1, key)}, {Key: []byte(key), Value: event(2, key)}}
		produce(t, c, topics.Events, recs...)
		d, h := newDone(len(recs)), newFakeHandler()
		h.fail = func(_ context.Context, e schemas.ContactEvent, _ int) error {
			if e.EventID == "evt-1" {
				return DeadLetter("resolve", schemas.ClassValidation, errors.New("a full name alone matched no record"))
			}
			return nil
		}

		// When the processor runs
		start(t, c, Config{Topics: topics, Group: kafkatest.Name(t, "g"), OnDone: d.on, Lanes: 4}, h)
		waitDone(t, d, time.Minute)

		// Then evt-1 is a validation dead letter and evt-2 is applied
		if dl := d.dead[at(recs[0])]; dl == nil || dl.Class != schemas.ClassValidation {
			t.Fatalf("evt-1: dead letter %v, want class validation", dl)
		}
		if out := d.outcomes[at(recs[1])]; out == nil {
			t.Fatalf("evt-2: dead letter %v, want an outcome", d.dead[at(recs[1])])
		}
		// And nothing was written to the parked topic for the key
		if r := lastOf(t, c, topics.Parked, key); r != nil {
			t.Fatalf("parked topic holds %+v for the key, want nothing", r)
		}
	})
}
