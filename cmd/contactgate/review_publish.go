package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/contactgate/contactgate/purge"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/urfave/cli/v2"
)

// reviewPublishCommand is `contactgate review publish`: a plan's rejected
// pairs become rejected verdicts on the review topic, so that run's
// gatekeeper keeps them apart too.
func reviewPublishCommand(kafkaFlags []cli.Flag) *cli.Command {
	return &cli.Command{
		Name:      "publish",
		Usage:     "write the pairs rejected in a plan's decisions file to the review topic, as rejected verdicts that run keeps apart",
		ArgsUsage: "DECISIONS_FILE (e.g. plan.json" + purge.DecisionsSuffix + ")",
		Description: "Each rejected cluster's master and member make a pair; a pair already decided on the topic is left as it is,\n" +
			"so publishing twice writes nothing twice. run marks each pair distinct: never bridged, matched or proposed again.",
		Flags:  slices.Clone(kafkaFlags),
		Action: publishRejects,
	}
}

func publishRejects(c *cli.Context) error {
	if c.NArg() != 1 {
		return errorf("give the decisions file")
	}
	ds, err := purge.ReadDecisions(c.Args().First())
	if err != nil {
		return errorf("%v", err)
	}
	topic := c.String("review-topic")
	cl, err := reviewClient(c)
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(c.Context, 5*time.Minute)
	defer cancel()
	if err := ensureReviewTopic(ctx, kadm.NewClient(cl), topic); err != nil {
		return err
	}
	items, err := readReview(ctx, cl, topic)
	if err != nil {
		return err
	}
	written, kept := 0, 0
	for _, id := range slices.Sorted(maps.Keys(ds)) {
		d := ds[id]
		if d.Status != purge.DecisionRejected || len(d.Records) < 2 {
			continue
		}
		for _, m := range d.Records[1:] {
			key := schemas.ReviewKey(d.Records[0], m)
			if prev, ok := items[key]; ok && prev.Status != schemas.ReviewOpen {
				kept++
				continue
			}
			pair, _ := schemas.ParseReviewKey(key)
			item := items[key]
			item.RecordIDs, item.Status, item.DecidedBy, item.At = pair, schemas.ReviewRejected, d.By, d.At
			item.Note = fmt.Sprintf("purge plan cluster %s", d.Cluster)
			if d.Note != "" {
				item.Note += ": " + d.Note
			}
			if err := produceVerdict(ctx, cl, topic, item); err != nil {
				return err
			}
			written++
		}
	}
	fmt.Fprintf(c.App.Writer, "%d rejected pairs written to %s (%d decided there already)\n", written, topic, kept)
	return nil
}
