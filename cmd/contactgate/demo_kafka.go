package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/contactgate/contactgate/demo"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/urfave/cli/v2"
)

// The demo's events outside the demo: `demo --write-events` writes them
// with their truth, `demo produce` puts them on a real broker's topic for
// `contactgate run`, and `demo score` measures what the runs made of them
// against the truth (bench/scaleout.sh: one instance against three).

// eventLabel is one line of a --write-labels file: who an event is about.
type eventLabel struct {
	EventID string `json:"event_id"`
	Person  int    `json:"person"`
}

// writeGenerated writes the generated events as JSON lines (what --input
// and run read) to eventsPath and, when labelsPath is set, their truth.
func writeGenerated(o demo.Options, eventsPath, labelsPath string) error {
	cfg := demo.GenConfig{Events: o.Events, Persons: o.Persons, Seed: o.Seed, Rates: o.Rates}
	if err := cfg.Validate(); err != nil {
		return errorf("generator: %v", err)
	}
	gen := demo.Generate(cfg)
	err := writeLines(eventsPath, len(gen.Events), func(i int) ([]byte, error) {
		return schemas.EncodeContactEventJSON(&gen.Events[i])
	})
	if err != nil || labelsPath == "" {
		return err
	}
	return writeLines(labelsPath, len(gen.Events), func(i int) ([]byte, error) {
		return json.Marshal(eventLabel{EventID: gen.Events[i].EventID, Person: gen.Person[i]})
	})
}

func writeLines(path string, n int, line func(int) ([]byte, error)) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := range n {
		b, err := line(i)
		if err != nil {
			f.Close()
			return err
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

func demoProduceCommand() *cli.Command {
	return &cli.Command{
		Name:  "produce",
		Usage: "produce a JSON-lines file of ContactEvents to a topic, one record per line, keyed by the person",
		Description: "Each line goes as it is (run reads JSON ContactEvents), in file order, partitioned by franz-go's murmur2\n" +
			"as a Java producer would. With --key email (the default) the key is what docs/formats.md recommends: the\n" +
			"e-mail, trimmed and lower-cased; without one, the event's other identifier: source and external_id, else\n" +
			"the phone's digits, else the event id. --key identity keys as the gatekeeper picks its lanes: the e-mail's\n" +
			"match key (gmail dots and +tags dropped), else source and external_id, else the phone's E.164 key, else\n" +
			"the event id. A line that is not a ContactEvent goes without a key. The topic is created with\n" +
			"--partitions when missing.",
		Flags: append(kafkaSecurityFlags(),
			&cli.StringFlag{Name: "brokers", Value: "127.0.0.1:9092", EnvVars: env("BROKERS"), Usage: "comma-separated seed brokers"},
			&cli.StringFlag{Name: "topic", Value: schemas.TopicEvents, EnvVars: env("EVENTS_TOPIC")},
			&cli.IntFlag{Name: "partitions", Value: 6, Usage: "partitions of the topic when it is created"},
			&cli.PathFlag{Name: "input", Required: true, Usage: "JSON-lines file of ContactEvents (demo --write-events)"},
			&cli.Float64Flag{Name: "events-per-sec", Usage: "produce a steady stream of this many records per second (default: all at once, a backlog)"},
			&cli.StringFlag{Name: "key", Value: "email", Usage: "email (the e-mail as docs/formats.md recommends) or identity (the gatekeeper's own match keys)"},
		),
		Action: func(c *cli.Context) error {
			key := personKey
			switch c.String("key") {
			case "email":
			case "identity":
				key = identityKey
			default:
				return errorf("--key %q: want email or identity", c.String("key"))
			}
			cl, err := demoKafkaClient(c, kgo.DefaultProduceTopic(c.String("topic")), kgo.ProducerBatchMaxBytes(16<<20))
			if err != nil {
				return err
			}
			defer cl.Close()
			adm := kadm.NewClient(cl)
			_, err = adm.CreateTopic(c.Context, int32(c.Int("partitions")), -1, nil, c.String("topic"))
			if err != nil && !errors.Is(err, kerr.TopicAlreadyExists) {
				return fmt.Errorf("create topic %s: %w", c.String("topic"), err)
			}
			recs, err := keyedRecords(c.Path("input"), key)
			if err != nil {
				return err
			}
			if err := produceAtRate(c.Context, cl, recs, c.Float64("events-per-sec")); err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "produced %d records to %s\n", len(recs), c.String("topic"))
			return nil
		},
	}
}

// produceAtRate produces recs in order, rate per second, or all at once
// when rate is not positive.
func produceAtRate(ctx context.Context, cl *kgo.Client, recs []*kgo.Record, rate float64) error {
	if rate <= 0 {
		if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
			return fmt.Errorf("produce: %w", err)
		}
		return nil
	}
	start := time.Now()
	for i, r := range recs {
		if d := time.Until(start.Add(time.Duration(float64(i) / rate * float64(time.Second)))); d > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(d):
			}
		}
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			return fmt.Errorf("produce: %w", err)
		}
	}
	return nil
}

// keyedRecords reads path, one record per line.
func keyedRecords(path string, key func(*schemas.ContactEvent) string) ([]*kgo.Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read input: %w", err)
	}
	defer f.Close()
	dec := schemas.NewDecoder(nil, schemas.WithFormat(schemas.FormatJSON))
	r := bufio.NewReaderSize(f, 1<<20)
	var recs []*kgo.Record
	for {
		line, err := r.ReadBytes('\n')
		if line = demo.InputLine(line); len(line) > 0 {
			rec := &kgo.Record{Value: line}
			if e, derr := dec.ContactEvent(context.Background(), line); derr == nil {
				rec.Key = []byte(key(&e))
			}
			recs = append(recs, rec)
		}
		if errors.Is(err, io.EOF) {
			return recs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read input: %w", err)
		}
	}
}

// personKey is the Kafka key a producer following docs/formats.md gives e.
func personKey(e *schemas.ContactEvent) string {
	if k := strings.ToLower(strings.TrimSpace(e.Email)); k != "" {
		return k
	}
	if ext := strings.TrimSpace(e.ExternalID); ext != "" {
		return strings.TrimSpace(e.Source) + ":" + ext
	}
	if digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, e.Phone); digits != "" {
		return "phone:" + digits
	}
	return e.EventID
}

// identityKey is the key of the identity the gatekeeper lanes e by (the
// strongest match key it has), as a producer that normalizes like the
// gatekeeper would key it.
func identityKey(e *schemas.ContactEvent) string {
	if k, err := match.NormalizeEmail(e.Email); err == nil && k != "" {
		return string(k)
	}
	if ext := strings.TrimSpace(e.ExternalID); ext != "" {
		return strings.TrimSpace(e.Source) + ":" + ext
	}
	if k := match.PhoneKey(e.Phone, match.PhoneRegionOf(e.Phone, e.Properties["country"], e.Properties["city"], e.Email, "US"), "US"); k != "" {
		return "phone:" + k
	}
	return e.EventID
}

func demoKafkaClient(c *cli.Context, opts ...kgo.Opt) (*kgo.Client, error) {
	security, err := kafkaOpts(c)
	if err != nil {
		return nil, err
	}
	opts = append(append([]kgo.Opt{kgo.SeedBrokers(strings.Split(c.String("brokers"), ",")...)}, security...), opts...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, errorf("kafka client: %v", err)
	}
	return cl, nil
}
