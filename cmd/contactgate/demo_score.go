package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/contactgate/contactgate/demo"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/urfave/cli/v2"
)

// topicScore is what `demo score` prints: the quality of the outcomes on
// a topic against the truth of the labelled events.
type topicScore struct {
	// Events is the number of labelled events.
	Events int `json:"events"`
	// Outcomes is the number of outcomes read, replays included.
	Outcomes int `json:"outcomes"`
	// Unplaced counts the labelled events without an outcome (dead-lettered,
	// or not yet processed); Score skips them.
	Unplaced int `json:"unplaced"`
	// DeadLetters is the number of records on --dlq-topic; 0 without it.
	DeadLetters int64 `json:"dead_letters"`
	// Merged counts the outcomes that merged other records into theirs.
	Merged  int          `json:"merged"`
	Quality demo.Quality `json:"quality"`
}

func demoScoreCommand() *cli.Command {
	return &cli.Command{
		Name:  "score",
		Usage: "score the outcomes on a topic against the truth of labelled events (demo --write-labels)",
		Description: "Reads the outcome topic from its start to its end and puts each labelled event on the record its\n" +
			"last outcome names, followed through every merge (merged_ids) to the surviving record; then counts, as\n" +
			"the demo does, duplicate records (a person in 2+ records) and false merges (2+ persons in one record).\n" +
			"With --group and --events-topic it first waits until the group has committed the events topic to its\n" +
			"end. Prints one JSON object.",
		Flags: append(kafkaSecurityFlags(),
			&cli.StringFlag{Name: "brokers", Value: "127.0.0.1:9092", EnvVars: env("BROKERS"), Usage: "comma-separated seed brokers"},
			&cli.PathFlag{Name: "labels", Required: true, Usage: "the truth: JSON lines of event_id and person (demo --write-labels)"},
			&cli.StringFlag{Name: "outcomes-topic", Value: schemas.TopicOutcomes, EnvVars: env("OUTCOMES_TOPIC")},
			&cli.StringFlag{Name: "dlq-topic", Usage: "count the dead letters on this topic"},
			&cli.StringFlag{Name: "group", Usage: "with --events-topic: wait until this consumer group has committed the events topic to its end"},
			&cli.StringFlag{Name: "events-topic", Value: schemas.TopicEvents, EnvVars: env("EVENTS_TOPIC")},
			&cli.DurationFlag{Name: "timeout", Value: 15 * time.Minute, Usage: "longest wait for the group and for reading the outcomes"},
			&cli.IntFlag{Name: "explain", Usage: "write to stderr, for up to this many persons in 2+ records, each of their outcomes"},
			&cli.PathFlag{Name: "write-outcomes", Usage: "write the outcomes read to this file, one JSON line each, in processing order"},
		),
		Action: runDemoScore,
	}
}

func runDemoScore(c *cli.Context) error {
	labels, err := readLabels(c.Path("labels"))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Context, c.Duration("timeout"))
	defer cancel()
	cl, err := demoKafkaClient(c)
	if err != nil {
		return err
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	if group := c.String("group"); group != "" {
		if err := waitCommittedToEnd(ctx, adm, group, c.String("events-topic")); err != nil {
			return err
		}
	}
	outs, err := readTopicOutcomes(ctx, c, adm, c.String("outcomes-topic"))
	if err != nil {
		return err
	}
	if path := c.Path("write-outcomes"); path != "" {
		err := writeLines(path, len(outs), func(i int) ([]byte, error) { return json.Marshal(&outs[i]) })
		if err != nil {
			return err
		}
	}
	s := scoreOutcomes(labels, outs)
	if dlq := c.String("dlq-topic"); dlq != "" {
		if s.DeadLetters, err = endOffsetsTotal(ctx, adm, dlq); err != nil {
			return err
		}
	}
	if n := c.Int("explain"); n > 0 {
		explainDuplicates(c.App.ErrWriter, labels, outs, n)
	}
	return json.NewEncoder(c.App.Writer).Encode(s)
}

func readLabels(path string) ([]eventLabel, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	defer f.Close()
	var labels []eventLabel
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	for {
		var l eventLabel
		if err := dec.Decode(&l); err == io.EOF {
			return labels, nil
		} else if err != nil {
			return nil, fmt.Errorf("read labels %s: %w", path, err)
		}
		labels = append(labels, l)
	}
}

// waitCommittedToEnd polls until group has committed every partition of
// topic at its end offset.
func waitCommittedToEnd(ctx context.Context, adm *kadm.Client, group, topic string) error {
	for {
		ends, err := adm.ListEndOffsets(ctx, topic)
		if err == nil {
			err = ends.Error()
		}
		var committed kadm.OffsetResponses
		if err == nil {
			committed, err = adm.FetchOffsets(ctx, group)
		}
		if err == nil {
			done := true
			ends.Each(func(o kadm.ListedOffset) {
				if c, ok := committed.Lookup(topic, o.Partition); !ok || c.At < o.Offset {
					done = false
				}
			})
			if done {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for group %s to commit %s to its end: %w (last error: %v)", group, topic, ctx.Err(), err)
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func endOffsetsTotal(ctx context.Context, adm *kadm.Client, topic string) (int64, error) {
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		return 0, err
	}
	var n int64
	ends.Each(func(o kadm.ListedOffset) { n += o.Offset })
	return n, ends.Error()
}

// readTopicOutcomes reads topic from its start to its end as of now, skipping
// tombstones, in the order the outcomes were processed.
func readTopicOutcomes(ctx context.Context, c *cli.Context, adm *kadm.Client, topic string) ([]schemas.Outcome, error) {
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		return nil, err
	}
	if err := ends.Error(); err != nil {
		return nil, fmt.Errorf("outcome topic %s: %w", topic, err)
	}
	remaining := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		if o.Offset > 0 {
			remaining[o.Partition] = o.Offset
		}
	})
	cl, err := demoKafkaClient(c, kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	dec := schemas.NewDecoder(nil)
	var outs []schemas.Outcome
	for len(remaining) > 0 {
		fetches := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("reading %s: %w", topic, err)
		}
		var ferr error
		fetches.EachError(func(_ string, p int32, err error) { ferr = fmt.Errorf("fetch %s/%d: %w", topic, p, err) })
		if ferr != nil {
			return nil, ferr
		}
		fetches.EachRecord(func(r *kgo.Record) {
			if r.Offset+1 >= remaining[r.Partition] {
				delete(remaining, r.Partition)
			}
			if r.Value == nil || err != nil {
				return
			}
			var o schemas.Outcome
			if o, err = dec.Outcome(ctx, r.Value); err != nil {
				err = fmt.Errorf("outcome at %s/%d/%d: %w", topic, r.Partition, r.Offset, err)
				return
			}
			outs = append(outs, o)
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(outs, func(a, b schemas.Outcome) int { return a.ProcessedAt.Compare(b.ProcessedAt) })
	return outs, nil
}

// scoreOutcomes puts each labelled event on the record of its last
// outcome, followed through the merges of all outcomes (demo.FinalRecords),
// and scores that placement with demo.Score.
func scoreOutcomes(labels []eventLabel, outs []schemas.Outcome) topicScore {
	results := make([]demo.LineResult, len(outs))
	last := map[string]int{} // event id → index of its last outcome
	s := topicScore{Events: len(labels), Outcomes: len(outs)}
	for i, o := range outs {
		results[i] = demo.LineResult{Line: i + 1, EventID: o.EventID, RecordID: o.RecordID,
			MergedIDs: append(slices.Clone(o.MergedIDs), o.Identifiers.MergedIDs...)}
		last[o.EventID] = i
		if o.Action == schemas.ActionMerged {
			s.Merged++
		}
	}
	final := demo.FinalRecords(results)
	person, records := make([]int, len(labels)), make([]string, len(labels))
	for i, l := range labels {
		person[i] = l.Person
		if j, ok := last[l.EventID]; ok {
			records[i] = final[j]
		} else {
			s.Unplaced++
		}
	}
	s.Quality = demo.Score(person, records)
	return s
}

// explainDuplicates writes, for up to n persons whose events ended in 2+
// records, each of their outcomes in processing order: where the event
// came from (partition/offset), what it did and the record's identifiers.
func explainDuplicates(w io.Writer, labels []eventLabel, outs []schemas.Outcome, n int) {
	personOf := make(map[string]int, len(labels))
	for _, l := range labels {
		personOf[l.EventID] = l.Person
	}
	results := make([]demo.LineResult, len(outs))
	for i, o := range outs {
		results[i] = demo.LineResult{RecordID: o.RecordID, MergedIDs: append(slices.Clone(o.MergedIDs), o.Identifiers.MergedIDs...)}
	}
	final := demo.FinalRecords(results)
	records := map[int]map[string]bool{}
	byPerson := map[int][]int{}
	for i, o := range outs {
		p, ok := personOf[o.EventID]
		if !ok {
			continue
		}
		if records[p] == nil {
			records[p] = map[string]bool{}
		}
		records[p][final[i]] = true
		byPerson[p] = append(byPerson[p], i)
	}
	persons := make([]int, 0, len(records))
	for p, rs := range records {
		if len(rs) > 1 {
			persons = append(persons, p)
		}
	}
	slices.Sort(persons)
	for _, p := range persons[:min(n, len(persons))] {
		fmt.Fprintf(w, "person %d in %d records:\n", p, len(records[p]))
		for _, i := range byPerson[p] {
			o := &outs[i]
			fmt.Fprintf(w, "  %s %d/%d %s -> %s (final %s) %s by %s; emails=%s phones=%s\n",
				o.ProcessedAt.Format("15:04:05.000"), o.Input.Partition, o.Input.Offset, o.EventID, o.RecordID, final[i],
				o.Action, o.MatchedBy, strings.Join(o.Identifiers.Emails, ","), strings.Join(o.Identifiers.Phones, ","))
		}
	}
}
