package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/urfave/cli/v2"
)

func topicsCommand() *cli.Command {
	return &cli.Command{
		Name:  "topics",
		Usage: "create the input, outcome, dead-letter and parked topics where missing",
		Flags: append(kafkaSecurityFlags(),
			&cli.StringFlag{Name: "brokers", Value: "127.0.0.1:9092", EnvVars: env("BROKERS"), Usage: "comma-separated seed brokers"},
			&cli.StringFlag{Name: "events-topic", Value: schemas.TopicEvents, EnvVars: env("EVENTS_TOPIC")},
			&cli.StringFlag{Name: "outcomes-topic", Value: schemas.TopicOutcomes, EnvVars: env("OUTCOMES_TOPIC")},
			&cli.StringFlag{Name: "dlq-topic", Value: schemas.TopicDLQ, EnvVars: env("DLQ_TOPIC")},
			&cli.StringFlag{Name: "parked-topic", EnvVars: env("PARKED_TOPIC"), Usage: "compacted topic of the parked identities; default: the DLQ's name + " + processor.ParkedSuffix},
			&cli.IntFlag{Name: "partitions", Value: 6, EnvVars: env("PARTITIONS"), Usage: "partitions of each topic created"},
			&cli.IntFlag{Name: "replication-factor", Value: -1, EnvVars: env("REPLICATION_FACTOR"), Usage: "replication factor of each topic created; -1 for the broker's default"},
		),
		Action: func(c *cli.Context) error {
			security, err := kafkaOpts(c)
			if err != nil {
				return err
			}
			cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(strings.Split(c.String("brokers"), ",")...)}, security...)...)
			if err != nil {
				return errorf("kafka client: %v", err)
			}
			defer cl.Close()
			t := processor.Topics{
				Events:            c.String("events-topic"),
				Outcomes:          c.String("outcomes-topic"),
				DLQ:               c.String("dlq-topic"),
				Parked:            c.String("parked-topic"),
				Partitions:        int32(c.Int("partitions")),
				ReplicationFactor: int16(c.Int("replication-factor")),
			}
			if err := processor.EnsureTopics(c.Context, kadm.NewClient(cl), t); err != nil {
				return err
			}
			configs := t.Configs()
			for _, name := range slices.Sorted(maps.Keys(configs)) {
				fmt.Fprintf(c.App.Writer, "%s\tcleanup.policy=%s\n", name, *configs[name]["cleanup.policy"])
			}
			return nil
		},
	}
}
