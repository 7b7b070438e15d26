package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/contactgate/contactgate/reprocess"
	"github.com/contactgate/contactgate/schemas"
	"github.com/urfave/cli/v2"
	"github.com/urfave/cli/v2/altsrc"
)

func reprocessFlags() []cli.Flag {
	return append(kafkaSecurityFlags(), baseReprocessFlags()...)
}

func baseReprocessFlags() []cli.Flag {
	return []cli.Flag{
		altsrc.NewStringFlag(&cli.StringFlag{Name: "brokers", Value: "127.0.0.1:9092", EnvVars: env("BROKERS"), Usage: "comma-separated seed brokers"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "dlq-topic", Value: schemas.TopicDLQ, EnvVars: env("DLQ_TOPIC"), Usage: "the dead-letter topic to read"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "input-topic", Aliases: []string{"events-topic"}, Value: schemas.TopicEvents,
			EnvVars: append(env("INPUT_TOPIC"), env("EVENTS_TOPIC")...), Usage: "the input topic to copy dead letters back to"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "ledger-topic", EnvVars: env("REPROCESS_LEDGER_TOPIC"),
			Usage: "compacted topic recording the dead letters already copied (default: the DLQ's name + " + reprocess.LedgerSuffix + ")"}),
		altsrc.NewStringSliceFlag(&cli.StringSliceFlag{Name: "class", EnvVars: env("REPROCESS_CLASS"),
			Usage: "only dead letters of these error classes (repeatable or comma-separated): " + strings.Join(schemas.Classes(), ", ")}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "since", EnvVars: env("REPROCESS_SINCE"),
			Usage: "only dead letters that first failed at or after this time: RFC 3339, a date (UTC), or a duration ago (72h)"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "until", EnvVars: env("REPROCESS_UNTIL"),
			Usage: "only dead letters that first failed before this time (same forms as --since)"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "key", EnvVars: env("REPROCESS_KEY"), Usage: "only dead letters with exactly this key"}),
		altsrc.NewIntFlag(&cli.IntFlag{Name: "max-attempts", Value: reprocess.DefaultMaxAttempts, EnvVars: env("REPROCESS_MAX_ATTEMPTS"),
			Usage: "refuse dead letters that would be reprocessed more often than this; they stay in the DLQ"}),
		&cli.BoolFlag{Name: "dry-run", EnvVars: env("REPROCESS_DRY_RUN"), Usage: "report what would be copied; write nothing"},
		&cli.BoolFlag{Name: "json", Usage: "print the summary as one JSON object"},
		&cli.PathFlag{Name: "config", EnvVars: env("CONFIG"), Usage: "YAML file with any of these flags by name"},
	}
}

func reprocessCommand() *cli.Command {
	flags := reprocessFlags()
	return &cli.Command{
		Name:  "reprocess",
		Usage: "copy dead letters back to the input topic, counting attempts; each dead letter is copied once",
		Description: "Reads the dead-letter topic up to its end as of the start, selects dead letters by --class, " +
			"--since/--until and --key, and copies them to the input topic with their original key, value and " +
			"headers, plus " + schemas.HeaderReprocessAttempts + " and " + schemas.HeaderReprocessFrom + ". " +
			"A ledger topic records what was copied, so a second run copies only new dead letters, " +
			"and a dead letter skipped by a filter stays available to a later run.",
		Flags:  flags,
		Before: configBefore(flags),
		Action: runReprocess,
	}
}

func runReprocess(c *cli.Context) error {
	now := time.Now()
	since, err := parseWhen(c.String("since"), now)
	if err != nil {
		return errorf("--since: %v", err)
	}
	until, err := parseWhen(c.String("until"), now)
	if err != nil {
		return errorf("--until: %v", err)
	}
	var classes []string
	for _, v := range c.StringSlice("class") {
		for _, class := range strings.Split(v, ",") {
			if class = strings.TrimSpace(class); class != "" {
				classes = append(classes, class)
			}
		}
	}
	security, err := kafkaOpts(c)
	if err != nil {
		return err
	}
	o := reprocess.Options{
		Brokers:     strings.Split(c.String("brokers"), ","),
		DLQTopic:    c.String("dlq-topic"),
		InputTopic:  c.String("input-topic"),
		LedgerTopic: c.String("ledger-topic"),
		Classes:     classes,
		Since:       since,
		Until:       until,
		MaxAttempts: c.Int("max-attempts"),
		DryRun:      c.Bool("dry-run"),
		ClientOpts:  security,
		Logger:      slog.New(slog.NewJSONHandler(os.Stderr, nil)),
	}
	if c.IsSet("key") {
		o.Keys = []string{c.String("key")}
	}
	s, err := reprocess.Run(c.Context, o)
	if err != nil && s.Read == 0 {
		return err
	}
	if c.Bool("json") {
		enc := json.NewEncoder(c.App.Writer)
		if encErr := enc.Encode(s); encErr != nil {
			return encErr
		}
	} else if wErr := s.WriteText(c.App.Writer); wErr != nil {
		return wErr
	}
	return err
}

// parseWhen reads a time flag: RFC 3339, a date (midnight UTC), or a
// duration before now. Empty is the zero time (no bound).
func parseWhen(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time, a date (2006-01-02) or a duration (72h)", s)
}
