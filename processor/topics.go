package processor

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
)

// Topics names a deployment's topics (DESIGN.md section 3, and the parked
// topic) and how to create them when they are missing.
type Topics struct {
	// Events is the input topic. Default schemas.TopicEvents.
	Events string
	// Outcomes is the compacted outcome topic. Default schemas.TopicOutcomes.
	Outcomes string
	// DLQ is the dead-letter topic. Default schemas.TopicDLQ.
	DLQ string
	// Parked is the compacted topic that keeps the parked lane keys (the
	// identities whose later events follow a dead letter into the DLQ until
	// it is reprocessed) across restarts and rebalances: key the lane key,
	// value {"round":N,"from":"topic/partition/offset"} (what parked it), a
	// tombstone when it is unparked. Default DLQ + ParkedSuffix.
	Parked string
	// Partitions of each topic this creates. Default 6: more than one lane's
	// worth per instance of a small deployment, cheap for a single broker.
	Partitions int32
	// ReplicationFactor of each topic this creates. Default -1, the broker's
	// default.replication.factor.
	ReplicationFactor int16
}

// DLQRetentionMs keeps dead letters for 30 days, longer than Kafka's default
// week, so that operators have time to fix and reprocess them.
const DLQRetentionMs = "2592000000"

// MaxRecordBytes is the largest record the processor writes, and the
// max.message.bytes of the dead-letter topic EnsureTopics creates: a dead
// letter carries its input record whole, so the DLQ must take records as
// large as any input topic does (Kafka's default is about 1 MB). A dead
// letter larger still is written without its value (deadLetter).
const MaxRecordBytes = 16 << 20

// ParkedSuffix makes the default parked topic's name from the DLQ's
// (contacts.dlq.parked).
const ParkedSuffix = ".parked"

// ErrOutcomesNotCompacted: the outcome topic exists with a cleanup policy other
// than plain compaction. Deleting old outcomes would lose the latest state of
// quiet contacts and with it the ability to rebuild the identity index.
var ErrOutcomesNotCompacted = errors.New("outcome topic is not compacted")

// ErrParkedNotCompacted: the parked topic exists with a cleanup policy other
// than plain compaction. Deleting old records would unpark quiet identities
// after a restart, and let their next events overtake the ones in the DLQ.
var ErrParkedNotCompacted = errors.New("parked topic is not compacted")

func (t *Topics) setDefaults() {
	if t.Events == "" {
		t.Events = schemas.TopicEvents
	}
	if t.Outcomes == "" {
		t.Outcomes = schemas.TopicOutcomes
	}
	if t.DLQ == "" {
		t.DLQ = schemas.TopicDLQ
	}
	if t.Parked == "" {
		t.Parked = t.DLQ + ParkedSuffix
	}
	if t.Partitions == 0 {
		t.Partitions = 6
	}
	if t.ReplicationFactor == 0 {
		t.ReplicationFactor = -1
	}
}

// Configs returns the topic configurations EnsureTopics creates each topic
// with, by topic name.
func (t Topics) Configs() map[string]map[string]*string {
	t.setDefaults()
	return map[string]map[string]*string{
		t.Events:   {"cleanup.policy": kadm.StringPtr("delete")},
		t.Outcomes: {"cleanup.policy": kadm.StringPtr("compact")},
		t.DLQ: {"cleanup.policy": kadm.StringPtr("delete"), "retention.ms": kadm.StringPtr(DLQRetentionMs),
			"max.message.bytes": kadm.StringPtr(strconv.Itoa(MaxRecordBytes))},
		t.Parked: {"cleanup.policy": kadm.StringPtr("compact")},
	}
}

// EnsureTopics creates whichever of the topics are missing and checks that the
// outcome and parked topics, new or not, are compacted. Existing topics are otherwise left
// as they are: their owners may have tuned them.
func EnsureTopics(ctx context.Context, adm *kadm.Client, t Topics) error {
	t.setDefaults()
	configs := t.Configs()
	names := []string{t.Events, t.Outcomes, t.DLQ, t.Parked}

	existing, err := adm.ListTopics(ctx, names...)
	if err != nil {
		return fmt.Errorf("list topics: %w", err)
	}
	for _, name := range names {
		if d, ok := existing[name]; ok && d.Err == nil {
			continue
		}
		resp, err := adm.CreateTopic(ctx, t.Partitions, t.ReplicationFactor, configs[name], name)
		if err != nil && !errors.Is(err, kerr.TopicAlreadyExists) {
			return fmt.Errorf("create topic %q: %w%s", name, err, errMessage(resp.ErrMessage))
		}
	}
	rcs, err := describeWhenVisible(ctx, adm, names)
	if err != nil {
		return err
	}
	return errors.Join(checkCompacted(rcs, t.Outcomes, ErrOutcomesNotCompacted),
		checkCompacted(rcs, t.Parked, ErrParkedNotCompacted))
}

// topicVisibleTimeout bounds the wait for topics just created to show in the
// metadata of the broker that answers: a real cluster propagates them within
// moments, but not at once.
const topicVisibleTimeout = 15 * time.Second

// describeWhenVisible describes the topics' configs, waiting for any that the
// answering broker does not know yet.
func describeWhenVisible(ctx context.Context, adm *kadm.Client, topics []string) (kadm.ResourceConfigs, error) {
	deadline := time.Now().Add(topicVisibleTimeout)
	for backoff := 50 * time.Millisecond; ; backoff = min(2*backoff, time.Second) {
		rcs, err := adm.DescribeTopicConfigs(ctx, topics...)
		if err == nil {
			for _, rc := range rcs {
				if rc.Err != nil {
					err = fmt.Errorf("describe topic %q: %w%s", rc.Name, rc.Err, errMessage(rc.ErrMessage))
					break
				}
			}
		}
		if err == nil || !errors.Is(err, kerr.UnknownTopicOrPartition) || time.Now().After(deadline) {
			return rcs, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for topics %v to appear: %w", topics, ctx.Err())
		case <-time.After(backoff):
		}
	}
}

// checkCompacted reports, wrapping notCompacted, a topic whose cleanup
// policy is not plain compaction.
func checkCompacted(rcs kadm.ResourceConfigs, topic string, notCompacted error) error {
	rc, err := rcs.On(topic, nil)
	if err != nil {
		return fmt.Errorf("describe topic %q: %w", topic, err)
	}
	for _, c := range rc.Configs {
		if c.Key == "cleanup.policy" {
			if v := c.MaybeValue(); v != "compact" {
				return fmt.Errorf("topic %q has cleanup.policy=%q: %w", topic, v, notCompacted)
			}
			return nil
		}
	}
	return fmt.Errorf("topic %q reports no cleanup.policy: %w", topic, notCompacted)
}

func errMessage(m string) string {
	if m == "" {
		return ""
	}
	return " (" + m + ")"
}
