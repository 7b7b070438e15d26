package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoExplain(t *testing.T) {
	// Given two namesakes at two companies
	dir := t.TempDir()
	in, outcomes := filepath.Join(dir, "in.jsonl"), filepath.Join(dir, "out.jsonl")
	lines := `{"event_id":"n1","source":"import","first_name":"John","last_name":"Smith","company":"Acme"}
{"event_id":"n2","source":"import","first_name":"John","last_name":"Smith","company":"Initech"}
`
	if err := os.WriteFile(in, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}

	// When the demo replays them with --explain, one lane
	out, err := run(t, "demo", "--input", in, "--outcomes", outcomes, "--explain", "--lanes", "1", "--json")
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}

	// Then the summary counts one possible duplicate, keeping its other fields
	var summary map[string]any
	if err := json.Unmarshal([]byte(out), &summary); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, field := range []string{"events", "created", "updated", "unchanged", "dead_lettered", "crm_records", "crm_requests", "elapsed_ms", "events_per_sec"} {
		if _, ok := summary[field]; !ok {
			t.Errorf("summary lacks %q: %s", field, out)
		}
	}
	if summary["possible_duplicates"] != 1.0 {
		t.Errorf("possible_duplicates = %v, want 1", summary["possible_duplicates"])
	}
	// And the flagged line names the other record, with the evidence
	f, err := os.Open(outcomes)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type line struct {
		RecordID            string `json:"record_id"`
		PossibleDuplicateOf *struct {
			RecordID string `json:"record_id"`
			Evidence []struct {
				Field, Level string
			} `json:"evidence"`
		} `json:"possible_duplicate_of"`
	}
	var got []line
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		got = append(got, l)
	}
	if len(got) != 2 {
		t.Fatalf("%d outcome lines, want 2", len(got))
	}
	var flagged int
	for i, l := range got {
		if p := l.PossibleDuplicateOf; p != nil {
			flagged++
			if other := got[1-i].RecordID; p.RecordID != other || len(p.Evidence) == 0 {
				t.Errorf("line %d: possible duplicate of %+v, want %s with evidence", i+1, p, other)
			}
			var fields []string
			for _, e := range p.Evidence {
				fields = append(fields, e.Field+" "+e.Level)
			}
			if s := strings.Join(fields, ", "); !strings.Contains(s, "last_name exact") || !strings.Contains(s, "company different") {
				t.Errorf("evidence %s", s)
			}
		}
	}
	if flagged != 1 {
		t.Errorf("%d lines flagged, want 1", flagged)
	}
}

func TestDemoGeneratorFlags(t *testing.T) {
	persons := func(t *testing.T, args ...string) float64 {
		t.Helper()
		out, err := run(t, append([]string{"demo", "--events", "200", "--json", "--lanes", "2"}, args...)...)
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		var s struct {
			Quality struct{ Persons float64 } `json:"quality"`
		}
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return s.Quality.Persons
	}

	t.Run("should generate the setting's events per person, or the flags'", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want float64
		}{
			{nil, 40},
			{[]string{"--setting", "many-events"}, 10},
			{[]string{"--setting", "Messy", "--rate", "initial=1", "--rate", "Displaced=0.5"}, 40},
			{[]string{"--events-per-person", "4"}, 50},
			{[]string{"--persons", "25"}, 25},
		} {
			if got := persons(t, tc.args...); got != tc.want {
				t.Errorf("%v: %v persons, want %v", tc.args, got, tc.want)
			}
		}
	})

	t.Run("should refuse a bad setting, rate or count, naming it", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"--setting", "tidy"}, "default, many-events, messy"},
			{[]string{"--rate", "Typos=0.1"}, "unknown rate"},
			{[]string{"--rate", "NameTypo=1.5"}, "must be in [0, 1]"},
			{[]string{"--rate", "NameTypo"}, "want Name=value"},
			{[]string{"--persons", "500"}, "--persons must be in"},
			{[]string{"--events-per-person", "0.5"}, "at least 1"},
			{[]string{"--persons", "20", "--events-per-person", "4"}, "not both"},
		} {
			out, err := run(t, append([]string{"demo", "--events", "200", "--json"}, tc.args...)...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%v: %v (%s), want an error with %q", tc.args, err, out, tc.want)
			}
		}
	})
}
