package processor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// OutcomeSink is what follows the outcome topic: the identity index
// (state.Index). Each call stores the next offset to read with the data,
// in one write, so that a restart resumes where the data stands.
type OutcomeSink interface {
	ApplyOutcome(o *schemas.Outcome, topic string, partition int32, offset int64) error
	DeleteRecord(id string, topic string, partition int32, offset int64) error
	Offset(topic string, partition int32) (int64, bool, error)
}

// FollowConfig configures a Follower.
type FollowConfig struct {
	Brokers []string
	// Topic is the compacted outcome topic.
	Topic string
	// Decoder decodes outcomes. Default: the embedded schemas.
	Decoder *schemas.Decoder
	// ClientOpts are extra franz-go options (TLS, SASL, ...).
	ClientOpts []kgo.Opt
	Logger     *slog.Logger
	// OnApplied, when set, is called with each outcome once the index
	// holds it, from the follower's goroutine: it must not block.
	OnApplied func(o *schemas.Outcome)
}

// Follower keeps an identity index up to date with the whole compacted
// outcome topic, every partition, like a Kafka Streams GlobalKTable: each
// instance of a consumer group resolves against every contact, whichever
// instance wrote it. It reads from the offsets the index stores (from the
// start for an empty index), so a new instance rebuilds its index and a
// restarted one catches up. Applying an outcome the index already holds
// (its own) changes nothing: an outcome never overwrites a newer record.
type Follower struct {
	cfg  FollowConfig
	sink OutcomeSink
	cl   *kgo.Client
	adm  *kadm.Client

	applied *appliedOffsets
}

// NewFollower connects to the brokers and positions every partition of the
// outcome topic at the offset sink stores.
func NewFollower(ctx context.Context, cfg FollowConfig, sink OutcomeSink) (*Follower, error) {
	if cfg.Decoder == nil {
		cfg.Decoder = schemas.NewDecoder(nil)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	meta, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(cfg.Brokers...)}, cfg.ClientOpts...)...)
	if err != nil {
		return nil, fmt.Errorf("follow %s: %w", cfg.Topic, err)
	}
	adm := kadm.NewClient(meta)
	topics, err := adm.ListTopics(ctx, cfg.Topic)
	if err != nil {
		meta.Close()
		return nil, fmt.Errorf("follow %s: list partitions: %w", cfg.Topic, err)
	}
	td, ok := topics[cfg.Topic]
	if !ok || td.Err != nil {
		meta.Close()
		return nil, fmt.Errorf("follow %s: the topic does not exist (create it with contactgate topics)", cfg.Topic)
	}
	start := map[int32]kgo.Offset{}
	applied := map[int32]int64{}
	for p := range td.Partitions {
		off, found, err := sink.Offset(cfg.Topic, p)
		if err != nil {
			meta.Close()
			return nil, fmt.Errorf("follow %s: %w", cfg.Topic, err)
		}
		if found {
			start[p], applied[p] = kgo.NewOffset().At(off), off
		} else {
			start[p] = kgo.NewOffset().AtStart()
		}
	}
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(cfg.Brokers...),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{cfg.Topic: start}),
		kgo.FetchIsolationLevel(kgo.ReadCommitted())}, cfg.ClientOpts...)...)
	if err != nil {
		meta.Close()
		return nil, fmt.Errorf("follow %s: %w", cfg.Topic, err)
	}
	return &Follower{cfg: cfg, sink: sink, cl: cl, adm: adm, applied: newAppliedOffsets(applied)}, nil
}

// Close releases the Kafka clients.
func (f *Follower) Close() {
	f.cl.Close()
	f.adm.Close()
}

// Run applies outcomes until ctx ends or the index refuses a write.
func (f *Follower) Run(ctx context.Context) error {
	for {
		fetches := f.cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var ferr error
		fetches.EachError(func(t string, p int32, err error) {
			f.cfg.Logger.Warn("processor: follow outcomes: fetch", "topic", t, "partition", p, "error", err)
		})
		fetches.EachRecord(func(r *kgo.Record) {
			if ferr != nil {
				return
			}
			ferr = f.apply(ctx, r)
		})
		if ferr != nil {
			return ferr
		}
	}
}

func (f *Follower) apply(ctx context.Context, r *kgo.Record) error {
	var err error
	if r.Value == nil {
		err = f.sink.DeleteRecord(string(r.Key), r.Topic, r.Partition, r.Offset)
	} else {
		o, derr := f.decode(ctx, r.Value)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case derr != nil:
			// Not an outcome this version reads: skip it, loudly; the
			// index stores the offset past it with the next record.
			f.cfg.Logger.Warn("processor: follow outcomes: undecodable record skipped",
				"partition", r.Partition, "offset", r.Offset, "error", derr)
		default:
			err = f.sink.ApplyOutcome(&o, r.Topic, r.Partition, r.Offset)
			if err == nil && f.cfg.OnApplied != nil {
				f.cfg.OnApplied(&o)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("follow %s: apply partition %d offset %d: %w", r.Topic, r.Partition, r.Offset, err)
	}
	f.applied.advance(r.Partition, r.Offset+1)
	return nil
}

// decode decodes an outcome, retrying while the schema registry does not
// answer: an outcome skipped for that would be missing from the index.
func (f *Follower) decode(ctx context.Context, b []byte) (schemas.Outcome, error) {
	backoff := 100 * time.Millisecond
	for {
		o, err := f.cfg.Decoder.Outcome(ctx, b)
		if !errors.Is(err, schemas.ErrRegistryUnavailable) {
			return o, err
		}
		f.cfg.Logger.Warn("processor: follow outcomes: schema registry unavailable, retrying", "error", err)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return o, ctx.Err()
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// CatchUp waits until Run has applied every outcome written before the
// call: the end offsets of every partition as of now. Start Run first.
func (f *Follower) CatchUp(ctx context.Context) error {
	ends, err := f.adm.ListEndOffsets(ctx, f.cfg.Topic)
	if err != nil {
		return fmt.Errorf("follow %s: end offsets: %w", f.cfg.Topic, err)
	}
	if err := ends.Error(); err != nil {
		return fmt.Errorf("follow %s: end offsets: %w", f.cfg.Topic, err)
	}
	if err := f.applied.waitFor(ctx, ends); err != nil {
		return errors.Join(fmt.Errorf("follow %s: catching up", f.cfg.Topic), err)
	}
	return nil
}
