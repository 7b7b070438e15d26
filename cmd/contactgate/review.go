package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/stages"
	"github.com/contactgate/contactgate/state"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/urfave/cli/v2"
)

// The review topic (schemas.TopicReview): run proposes pairs in the
// possible band to it and carries out the verdicts written back to it;
// `contactgate review` lists the queue and writes verdicts.

func reviewCommand() *cli.Command {
	brokers := &cli.StringFlag{Name: "brokers", Value: "127.0.0.1:9092", EnvVars: env("BROKERS"), Usage: "comma-separated seed brokers"}
	topic := &cli.StringFlag{Name: "review-topic", Value: schemas.TopicReview, EnvVars: env("REVIEW_TOPIC"), Usage: "compacted topic of the pairs proposed for review and the verdicts"}
	flags := append(kafkaSecurityFlags(), brokers, topic)
	verdict := func(name, status, usage string) *cli.Command {
		return &cli.Command{
			Name: name, Usage: usage, ArgsUsage: "[flags] RECORD_ID RECORD_ID (or \"ID|ID\"; flags first)",
			Flags: append(slices.Clone(flags),
				&cli.StringFlag{Name: "by", Value: os.Getenv("USER"), Usage: "who decides (kept with the verdict)"},
				&cli.StringFlag{Name: "note", Usage: "a comment kept with the verdict"}),
			Action: func(c *cli.Context) error { return writeVerdict(c, status) },
		}
	}
	return &cli.Command{
		Name:  "review",
		Usage: "list the pairs of records proposed for review, and accept (merge) or reject (two people, for ever) them",
		Description: "run proposes to the review topic the pairs of records the scorer puts in the possible band; a verdict\n" +
			"written back to the same key is carried out by run: accept merges the newer record into the older\n" +
			"(journalled, as a bridge merge), reject marks the pair distinct so that it is never proposed, matched\n" +
			"or merged again.",
		Subcommands: []*cli.Command{
			{
				Name: "list", Usage: "print the pairs on the review topic as JSON lines (default: the open ones)",
				Flags: append(slices.Clone(flags),
					&cli.StringFlag{Name: "status", Value: schemas.ReviewOpen, Usage: "open, accepted, rejected or all"}),
				Action: listReview,
			},
			verdict("accept", schemas.ReviewAccepted, "accept a pair: run merges the two records"),
			verdict("reject", schemas.ReviewRejected, "reject a pair: the two records are two people, for ever"),
			reviewServeCommand(flags),
			reviewPublishCommand(flags),
		},
	}
}

// reviewClient is a Kafka client for the review topic.
func reviewClient(c *cli.Context, opts ...kgo.Opt) (*kgo.Client, error) {
	security, err := kafkaOpts(c)
	if err != nil {
		return nil, err
	}
	base := []kgo.Opt{kgo.SeedBrokers(strings.Split(c.String("brokers"), ",")...)}
	cl, err := kgo.NewClient(append(append(base, security...), opts...)...)
	if err != nil {
		return nil, errorf("kafka client: %v", err)
	}
	return cl, nil
}

// readReview reads the review topic from its start to its end, and returns
// the latest item of every pair.
func readReview(ctx context.Context, cl *kgo.Client, topic string) (map[string]schemas.ReviewItem, error) {
	ends, err := kadm.NewClient(cl).ListEndOffsets(ctx, topic)
	if err != nil {
		return nil, fmt.Errorf("review topic %s: %w", topic, err)
	}
	if err := ends.Error(); errors.Is(err, kerr.UnknownTopicOrPartition) {
		return map[string]schemas.ReviewItem{}, nil
	} else if err != nil {
		return nil, fmt.Errorf("review topic %s: %w", topic, err)
	}
	remaining := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		if o.Offset > 0 {
			remaining[o.Partition] = o.Offset
		}
	})
	items := map[string]schemas.ReviewItem{}
	cl.AddConsumeTopics(topic)
	for len(remaining) > 0 {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if errs := fs.Errors(); len(errs) > 0 {
			return nil, fmt.Errorf("read review topic %s: %w", topic, errs[0].Err)
		}
		fs.EachRecord(func(r *kgo.Record) {
			if end, ok := remaining[r.Partition]; ok && r.Offset+1 >= end {
				delete(remaining, r.Partition)
			}
			if r.Value == nil {
				delete(items, string(r.Key))
				return
			}
			if item, err := schemas.ParseReview(r.Value); err == nil {
				items[item.Key()] = item
			}
		})
	}
	return items, nil
}

func listReview(c *cli.Context) error {
	status := c.String("status")
	if !slices.Contains([]string{"all", schemas.ReviewOpen, schemas.ReviewAccepted, schemas.ReviewRejected}, status) {
		return errorf("--status %q: open, accepted, rejected or all", status)
	}
	cl, err := reviewClient(c, kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(c.Context, time.Minute)
	defer cancel()
	items, err := readReview(ctx, cl, c.String("review-topic"))
	if err != nil {
		return err
	}
	list := make([]schemas.ReviewItem, 0, len(items))
	for _, it := range items {
		if status == "all" || it.Status == status {
			list = append(list, it)
		}
	}
	// The strongest first: the ones most worth a person's time.
	slices.SortFunc(list, func(a, b schemas.ReviewItem) int {
		if a.Weight != b.Weight {
			if a.Weight > b.Weight {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Key(), b.Key())
	})
	enc := json.NewEncoder(c.App.Writer)
	for _, it := range list {
		if err := enc.Encode(it); err != nil {
			return err
		}
	}
	return nil
}

func writeVerdict(c *cli.Context, status string) error {
	pair, err := schemas.ParseReviewKey(strings.Join(c.Args().Slice(), " "))
	if err != nil {
		return errorf("%v: give the two record ids", err)
	}
	cl, err := reviewClient(c, kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.DefaultProduceTopic(c.String("review-topic")))
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(c.Context, time.Minute)
	defer cancel()
	items, err := readReview(ctx, cl, c.String("review-topic"))
	if err != nil {
		return err
	}
	key := schemas.ReviewKey(pair[0], pair[1])
	item, proposed := items[key]
	if !proposed {
		// A person may decide on any pair, proposed or not.
		item = schemas.ReviewItem{RecordIDs: pair, Proposed: schemas.ProposedMerge}
	}
	item.Status, item.DecidedBy, item.Note, item.At = status, c.String("by"), c.String("note"), time.Now().UTC()
	if err := produceVerdict(ctx, cl, "", item); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s %s (run carries it out)\n", key, status)
	return nil
}

// produceVerdict writes item, a verdict, to the review topic (topic, or
// the client's default produce topic for ""), keyed by its pair.
func produceVerdict(ctx context.Context, cl *kgo.Client, topic string, item schemas.ReviewItem) error {
	value, err := json.Marshal(item)
	if err != nil {
		return fmt.Errorf("encode the verdict on %s: %w", item.Key(), err)
	}
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Key: []byte(item.Key()), Value: value}).FirstErr(); err != nil {
		return fmt.Errorf("write the verdict on %s: %w", item.Key(), err)
	}
	return nil
}

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
// a reject marks the pair distinct in the index; an accept merges the pair
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

// emit writes the outcome of an accepted merge, keyed by the survivor,
// and a tombstone for the record merged away.
func (v *verdicts) emit(ctx context.Context, out *schemas.Outcome) error {
	value, err := schemas.AppendOutcomeWire(nil, v.outcomeID, out)
	if err != nil {
		return err
	}
	recs := []*kgo.Record{{Topic: v.outcomes, Key: []byte(out.RecordID), Value: value}}
	for _, id := range out.MergedIDs {
		recs = append(recs, &kgo.Record{Topic: v.outcomes, Key: []byte(id)}) // a tombstone: merged away
	}
	if err := v.cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
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

// readRejected reads review items (JSON lines, as `review list` prints
// them) and returns the pairs whose latest item is a reject, each sorted.
func readRejected(path string) ([][2]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	latest := map[string]schemas.ReviewItem{}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		item, err := schemas.ParseReview([]byte(line))
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", path, i+1, err)
		}
		latest[item.Key()] = item
	}
	var pairs [][2]string
	for _, item := range latest {
		if item.Status == schemas.ReviewRejected {
			pairs = append(pairs, item.RecordIDs)
		}
	}
	slices.SortFunc(pairs, func(x, y [2]string) int { return strings.Compare(x[0]+"|"+x[1], y[0]+"|"+y[1]) })
	return pairs, nil
}
