package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/stages"
	"github.com/contactgate/contactgate/state"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/urfave/cli/v2"
)

// run's side of the review topic: it proposes pairs to it and carries out
// the verdicts written back.

// ensureReviewTopic creates the compacted review topic when it is missing.
func ensureReviewTopic(ctx context.Context, adm *kadm.Client, topic string) error {
	resp, err := adm.CreateTopic(ctx, 1, -1, map[string]*string{"cleanup.policy": kadm.StringPtr("compact")}, topic)
	if err == nil {
		err = resp.Err
	}
	if err != nil && !errors.Is(err, kerr.TopicAlreadyExists) {
		return fmt.Errorf("create review topic %s: %w", topic, err)
	}
	return nil
}

// reviewProducer is the gatekeeper's ReviewSink on the review topic:
// proposals are produced asynchronously; one that fails is logged and lost
// (the next event of either record proposes the pair again).
type reviewProducer struct {
	cl    *kgo.Client
	topic string
	log   *slog.Logger
}

func (p reviewProducer) Propose(item schemas.ReviewItem) {
	value, err := json.Marshal(item)
	if err != nil {
		p.log.Warn("contactgate run: review item not encoded", "pair", item.Key(), "error", err)
		return
	}
	p.cl.Produce(context.Background(), &kgo.Record{Topic: p.topic, Key: []byte(item.Key()), Value: value},
		func(_ *kgo.Record, err error) {
			if err != nil {
				p.log.Warn("contactgate run: review item not written", "pair", item.Key(), "error", err)
			}
		})
}

// verdicts carries out the verdicts on the review topic, from its start:
// a reject marks the pair distinct in the index, and a reopened item (a
// reject taken back) clears the mark; an accept merges the pair
// (stages.Gatekeeper.MergeAccepted) and writes the merge's outcome to the
// outcome topic. Both are idempotent, so every start replays them all.
type verdicts struct {
	cl       *kgo.Client // consumes the review topic; produces outcomes
	ix       *state.Index
	gk       *stages.Gatekeeper
	outcomes string
	// outcomeID is the schema id in the outcomes' wire header (run's, from
	// the schema registry or the embedded one).
	outcomeID int
	log       *slog.Logger
	counted   *prometheus.CounterVec // by status and result
}

// Run follows the review topic until ctx ends.
func (v *verdicts) Run(ctx context.Context) {
	for {
		fs := v.cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return
		}
		fs.EachError(func(t string, p int32, err error) {
			v.log.Warn("contactgate run: reading the review topic", "topic", t, "partition", p, "error", err)
		})
		fs.EachRecord(func(r *kgo.Record) {
			if r.Value == nil {
				return
			}
			item, err := schemas.ParseReview(r.Value)
			if err != nil {
				v.log.Warn("contactgate run: review topic value skipped", "offset", r.Offset, "error", err)
				return
			}
			v.carryOut(ctx, item)
		})
	}
}

func (v *verdicts) carryOut(ctx context.Context, item schemas.ReviewItem) {
	result := "done"
	if err := v.apply(ctx, item); err != nil {
		result = "failed"
		v.log.Warn("contactgate run: review verdict not carried out", "pair", item.Key(), "status", item.Status, "error", err)
	}
	if item.Status != schemas.ReviewOpen && ctx.Err() == nil {
		v.counted.WithLabelValues(item.Status, result).Inc()
	}
}

// apply carries out one verdict; an accept is retried while the CRM or the
// index fail transiently.
func (v *verdicts) apply(ctx context.Context, item schemas.ReviewItem) error {
	ids := item.RecordIDs
	switch item.Status {
	case schemas.ReviewOpen:
		if item.Reopened { // a reject taken back
			return v.ix.ClearDistinct(ids[0], ids[1])
		}
	case schemas.ReviewRejected:
		return v.ix.MarkDistinct(ids[0], ids[1])
	case schemas.ReviewAccepted:
		if err := v.ix.ClearDistinct(ids[0], ids[1]); err != nil {
			return err
		}
		for backoff := time.Second; ; backoff = min(2*backoff, time.Minute) {
			out, err := v.gk.MergeAccepted(ctx, ids)
			if err == nil {
				if out != nil {
					v.log.Info("contactgate run: accepted pair merged", "pair", item.Key(), "record_id", out.RecordID, "merged_ids", out.MergedIDs)
					return v.emit(ctx, out)
				}
				return nil
			}
			if errors.Is(err, stages.ErrNotInIndex) || !(v.gk.Retryable(err) || v.gk.Pause(err)) {
				return err
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(backoff):
			}
		}
	}
	return nil
}

// emit writes the outcome of an accepted merge (emitMerge).
func (v *verdicts) emit(ctx context.Context, out *schemas.Outcome) error {
	return emitMerge(ctx, v.cl, v.outcomes, v.outcomeID, out)
}

// emitMerge writes the outcome of a merge to the outcome topic, keyed by
// the survivor, and a tombstone for each record merged away.
func emitMerge(ctx context.Context, cl *kgo.Client, topic string, outcomeID int, out *schemas.Outcome) error {
	value, err := schemas.AppendOutcomeWire(nil, outcomeID, out)
	if err != nil {
		return err
	}
	recs := []*kgo.Record{{Topic: topic, Key: []byte(out.RecordID), Value: value}}
	for _, id := range processor.MergedAway(out) {
		recs = append(recs, &kgo.Record{Topic: topic, Key: []byte(id)}) // a tombstone: merged away
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		return fmt.Errorf("write the outcome of the merge into %s: %w", out.RecordID, err)
	}
	return nil
}

// runReview is run's side of the review topic; its zero value (no
// --review-topic) does nothing.
type runReview struct {
	cl    *kgo.Client
	topic string
	log   *slog.Logger
}

// openReview creates the review topic when missing and a client for it.
func openReview(ctx context.Context, c *cli.Context, brokers []string, security []kgo.Opt, adm *kadm.Client, log *slog.Logger) (*runReview, error) {
	topic := c.String("review-topic")
	if topic == "" {
		return &runReview{}, nil
	}
	if err := ensureReviewTopic(ctx, adm, topic); err != nil {
		return nil, err
	}
	opts := append([]kgo.Opt{kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart())}, security...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, errorf("kafka client: %v", err)
	}
	return &runReview{cl: cl, topic: topic, log: log}, nil
}

// sink is the gatekeeper's ReviewSink, or nil without a review topic.
func (r *runReview) sink() stages.ReviewSink {
	if r.cl == nil {
		return nil
	}
	return reviewProducer{cl: r.cl, topic: r.topic, log: r.log}
}

// follow carries out the verdicts until ctx ends.
func (r *runReview) follow(ctx context.Context, ix *state.Index, gk *stages.Gatekeeper, outcomes string, outcomeID int, counted *prometheus.CounterVec) {
	if r.cl == nil {
		return
	}
	(&verdicts{cl: r.cl, ix: ix, gk: gk, outcomes: outcomes, outcomeID: outcomeID, log: r.log, counted: counted}).Run(ctx)
}

// Close flushes the proposals in flight and closes the client.
func (r *runReview) Close() {
	if r.cl == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = r.cl.Flush(ctx)
	r.cl.Close()
}
