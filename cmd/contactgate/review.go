package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/contactgate/contactgate/schemas"
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

// reviewClient is a Kafka client for the review topic, which it reads
// from the start (readReview).
func reviewClient(c *cli.Context, opts ...kgo.Opt) (*kgo.Client, error) {
	security, err := kafkaOpts(c)
	if err != nil {
		return nil, err
	}
	base := []kgo.Opt{kgo.SeedBrokers(strings.Split(c.String("brokers"), ",")...), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart())}
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
	cl, err := reviewClient(c)
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
	cl, err := reviewClient(c, kgo.DefaultProduceTopic(c.String("review-topic")))
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
	item.Reopened = false
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
