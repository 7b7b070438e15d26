package processor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// parkedLog follows the compacted parked topic (Topics.Parked) into the
// processor's parked set: every partition, from the start, for as long as the
// processor runs, as Follower does the outcome topic. Every instance of a
// group holds every parked key (one entry per parked identity: the set is
// small), so that a partition that moves to an instance brings no parked key
// it does not know. catchUp, before the first poll and again before newly
// assigned partitions are fetched (Processor.assigned), waits until every
// record written before the call is applied: the previous owner of a
// partition wrote its parks before it gave the partition up, because a
// revoke waits for the records in hand, and a record is done only once its
// park is acknowledged (completion).
//
// Records this instance wrote (HeaderParkedBy is self) are skipped: the set
// changed when they were produced, and a record read back later would undo
// a newer change of the same key (a park read back after the unpark that
// followed it).
type parkedLog struct {
	topic string
	self  string
	set   *parked
	cl    *kgo.Client
	adm   *kadm.Client
	log   *slog.Logger

	applied *appliedOffsets
}

func newParkedLog(cfg *Config, set *parked, self string) (*parkedLog, error) {
	cl, err := kgo.NewClient(append([]kgo.Opt{
		kgo.SeedBrokers(cfg.Brokers...),
		kgo.ConsumeTopics(cfg.Topics.Parked),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		// A control record takes an offset too: keeping them lets applied
		// reach the end of a partition that someone wrote in transactions.
		kgo.KeepControlRecords(),
	}, cfg.ClientOpts...)...)
	if err != nil {
		return nil, fmt.Errorf("processor: kafka client for the parked topic: %w", err)
	}
	return &parkedLog{topic: cfg.Topics.Parked, self: self, set: set, cl: cl, adm: kadm.NewClient(cl),
		log: cfg.Logger, applied: newAppliedOffsets(nil)}, nil
}

func (l *parkedLog) close() { l.cl.Close() }

// record is the record that persists key's entry e, or its unparking when e
// is nil.
func (l *parkedLog) record(key string, e *parkEntry) *kgo.Record {
	return parkRecord(l.topic, l.self, key, e)
}

// run applies the topic's records until ctx ends.
func (l *parkedLog) run(ctx context.Context) {
	for {
		fetches := l.cl.PollFetches(ctx)
		if ctx.Err() != nil || fetches.IsClientClosed() {
			return
		}
		fetches.EachError(func(t string, p int32, err error) {
			l.log.Warn("processor: follow the parked topic: fetch", "topic", t, "partition", p, "error", err)
		})
		fetches.EachPartition(func(fp kgo.FetchTopicPartition) {
			if len(fp.Records) == 0 {
				return
			}
			for _, r := range fp.Records {
				l.apply(r)
			}
			l.applied.advance(fp.Partition, fp.Records[len(fp.Records)-1].Offset+1)
		})
	}
}

func (l *parkedLog) apply(r *kgo.Record) {
	if r.Attrs.IsControl() {
		return
	}
	for _, h := range r.Headers {
		if h.Key == schemas.HeaderParkedBy && string(h.Value) == l.self {
			return
		}
	}
	key := string(r.Key)
	if r.Value == nil {
		l.set.forget(key)
		return
	}
	var e parkEntry
	if err := json.Unmarshal(r.Value, &e); err != nil {
		// Keep the key parked rather than let its events overtake one in
		// the DLQ; any reprocessed record of the key unparks it.
		l.log.Warn("processor: follow the parked topic: unreadable record, its key parked as by an original event",
			"partition", r.Partition, "offset", r.Offset, "error", err)
		e = parkEntry{}
	}
	l.set.set(key, e)
}

// catchUp waits until run has applied every record written to the topic
// before the call: the last stable offsets of every partition as of now.
func (l *parkedLog) catchUp(ctx context.Context) error {
	ends, err := l.adm.ListCommittedOffsets(ctx, l.topic)
	if err == nil {
		err = ends.Error()
	}
	if err == nil && len(ends[l.topic]) == 0 {
		err = kerr.UnknownTopicOrPartition
	}
	if errors.Is(err, kerr.UnknownTopicOrPartition) {
		return fmt.Errorf("processor: parked topic %s: %w (create it with contactgate topics)", l.topic, err)
	}
	if err != nil {
		return fmt.Errorf("processor: parked topic %s: end offsets: %w", l.topic, err)
	}
	if l.applied.waitFor(ctx, ends) != nil {
		return fmt.Errorf("processor: parked topic %s: catching up: %w", l.topic, context.Cause(ctx))
	}
	return nil
}
