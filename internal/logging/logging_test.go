package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"read ann.lee+x@example.co.uk failed":      "read [redacted] failed",
		"phone +1 (415) 555-0100 is a switchboard": "phone [redacted] is a switchboard",
		"0161 496 0004":                 "[redacted]",
		"partition 3 offset 123456":     "partition 3 offset 123456",
		"record 1000123456 updated":     "record 1000123456 updated",
		"at 2026-11-26, took 1.234567s": "at 2026-11-26, took 1.234567s",
		"+14155550100":                  "[redacted]",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoggerRedactsAtInfoNotDebug(t *testing.T) {
	var buf bytes.Buffer
	log := New(&buf, slog.LevelDebug).With("who", "ann@example.com")
	log.Info("update failed for bob@example.com", "error", errors.New("409: bob@example.com exists"), "phone", "+44 161 496 0004")
	log.Debug("match", "email", "carl@example.com")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	// The time field is left out: its nanoseconds may hold "496".
	var info map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &info); err != nil {
		t.Fatalf("info line %s: %v", lines[0], err)
	}
	delete(info, slog.TimeKey)
	if rest := fmt.Sprint(info); strings.Contains(rest, "example.com") || strings.Contains(rest, "496") {
		t.Errorf("info line carries personal data: %s", lines[0])
	}
	if !strings.Contains(lines[1], "carl@example.com") {
		t.Errorf("debug line redacted: %s", lines[1])
	}
}
