package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/reprocess"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

func TestReprocessCommand(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		ctx := kafkatest.Context(t, time.Minute)
		dlq, input := kafkatest.Name(t, "dlq"), kafkatest.Name(t, "events")
		for _, topic := range []string{dlq, input} {
			if _, err := c.Admin(t).CreateTopic(ctx, 1, -1, nil, topic); err != nil {
				t.Fatal(err)
			}
		}
		// Given two dead letters keyed by e-mail, one already reprocessed 3 times
		deadLetter := func(key, class, attempts string) *kgo.Record {
			h := []kgo.RecordHeader{{Key: schemas.HeaderErrorClass, Value: []byte(class)}}
			if attempts != "" {
				h = append(h, kgo.RecordHeader{Key: schemas.HeaderReprocessAttempts, Value: []byte(attempts)})
			}
			return &kgo.Record{Topic: dlq, Key: []byte(key), Value: []byte("v"), Headers: h}
		}
		if err := c.Client(t).ProduceSync(ctx,
			deadLetter("secret.person@example.com", schemas.ClassCRMRejected, ""),
			deadLetter("other.person@example.com", schemas.ClassParked, "3"),
		).FirstErr(); err != nil {
			t.Fatal(err)
		}
		args := []string{"reprocess", "--brokers", strings.Join(c.Brokers, ","), "--dlq-topic", dlq, "--input-topic", input}
		summary := func(extra ...string) reprocess.Summary {
			t.Helper()
			out, err := run(t, append(append(args, extra...), "--json")...)
			if err != nil {
				t.Fatalf("reprocess %v: %v\n%s", extra, err, out)
			}
			var s reprocess.Summary
			if err := json.Unmarshal([]byte(out), &s); err != nil {
				t.Fatalf("output %q: %v", out, err)
			}
			return s
		}

		// When a dry run runs, then it would copy one and refuse one
		if s := summary("--dry-run"); !s.DryRun || s.Copied != 1 || s.Refused != 1 || s.RefusedAt[0].Class != schemas.ClassParked {
			t.Fatalf("dry run %+v", s)
		}
		// When it runs for real, then the text summary names positions and
		// classes, never the keys
		out, err := run(t, append(args, "--class", "crm_rejected,parked")...)
		if err != nil {
			t.Fatalf("reprocess: %v\n%s", err, out)
		}
		if !strings.Contains(out, "copied 1 to") || !strings.Contains(out, "refused 1") ||
			!strings.Contains(out, "0@1(parked)") || strings.Contains(out, "@example.com") {
			t.Errorf("output:\n%s", out)
		}
		// And a second run copies nothing more
		if s := summary(); s.Copied != 0 || s.AlreadyCopied != 1 || s.Refused != 1 {
			t.Fatalf("second run %+v", s)
		}
		// And a typo in a class is an error before anything is read
		if _, err := run(t, append(args, "--class", "crm-rejected")...); err == nil || !strings.Contains(err.Error(), "unknown error class") {
			t.Errorf("--class crm-rejected: %v", err)
		}
	})
}

func TestParseWhen(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"":                          {},
		"2026-03-01T09:30:00+01:00": time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC),
		"2026-03-01":                time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		"72h":                       now.Add(-72 * time.Hour),
	} {
		got, err := parseWhen(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseWhen(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	if _, err := parseWhen("yesterday", now); err == nil {
		t.Error("parseWhen(yesterday): no error")
	}
}
