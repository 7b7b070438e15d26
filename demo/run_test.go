package demo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRunComparesStrategiesOnTheSameEvents(t *testing.T) {
	// Given 600 generated events and a CRM whose search lags, applied on
	// one lane in file order (deterministic: with 256 lanes the
	// interleaving, and with it a false merge or two on so few records,
	// changes from run to run)
	o := Options{Events: 600, Seed: 7, CRMSearchLag: 2 * time.Second, Lanes: 1, Partitions: 1}
	gate, results, err := Run(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	// Then every event has exactly one result
	if len(results) != 600 || gate.Created+gate.Updated+gate.Unchanged+gate.DeadLettered != 600 {
		t.Fatalf("results %d, summary %+v", len(results), gate)
	}
	for i, r := range results {
		if r.Line != i+1 {
			t.Fatalf("result %d has line %d", i, r.Line)
		}
	}
	// And the gatekeeper merges no two people and leaves fewer duplicates
	// than a search-then-create integration on the same events
	o.Strategy = StrategySearchThenCreate
	naive, _, err := Run(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	// The target: false merges at most 0.5% of records (at least
	// one allowed).
	t.Logf("gatekeeper: %d records, %d duplicates, %d false merges; search-then-create: %d duplicates",
		gate.CRMRecords, *gate.DuplicateRecords, *gate.FalseMerges, *naive.DuplicateRecords)
	if limit := max(1, gate.CRMRecords/200); *gate.FalseMerges > limit {
		t.Errorf("gatekeeper false merges: %d, more than 0.5%% of %d records (at least 1 allowed)", *gate.FalseMerges, gate.CRMRecords)
	}
	if *gate.DuplicateRecords >= *naive.DuplicateRecords {
		t.Errorf("gatekeeper left %d duplicates, search-then-create %d", *gate.DuplicateRecords, *naive.DuplicateRecords)
	}
	if gate.CRMRequests.Total >= naive.CRMRequests.Total {
		t.Errorf("gatekeeper made %d CRM requests, search-then-create %d", gate.CRMRequests.Total, naive.CRMRequests.Total)
	}
}

func TestRunGivesEveryInputLineOneOutcome(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in.jsonl")
	lines := []string{
		`{"event_id":"a1","source":"billing","occurred_at":"2026-03-01T09:00:00Z","email":"r.smith@acmecorp.com","first_name":"Robert","last_name":"Smith","company":"Acme"}`,
		`garbage line`,
		`{"event_id":"a2","source":"webinar","occurred_at":"2026-03-02T09:00:00Z","email":" R.Smith@AcmeCorp.com ","properties":{"last_activity_date":"2026-03-02"}}`,
		`{"event_id":"a3","source":"webinar"}`,
		`{"event_id":"a4","source":"web_form","first_name":"Robert'); DROP TABLE contacts;--","last_name":"\"Tables\" 🚀","company":"Acme","email":"bobby@tables.example"}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, results, err := Run(t.Context(), Options{Input: in})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"created", ActionDeadLettered, "updated", ActionDeadLettered, "created"}
	for i, r := range results {
		if r.Line != i+1 || r.Action != want[i] {
			t.Errorf("line %d: %+v, want action %s", i+1, r, want[i])
		}
	}
	if results[2].RecordID != results[0].RecordID || results[2].MatchedBy != "email" {
		t.Errorf("the second Smith event did not land on the first record: %+v", results[2])
	}
	if s.CRMRecords != 2 || s.DeadLettered != 2 {
		t.Errorf("summary %+v", s)
	}
}

func TestRunExplainsOutcomes(t *testing.T) {
	// Given John Smith at Acme, John Smith at Initech (no shared
	// identifier), and Robert Smith at Acme with an e-mail, then again
	in := filepath.Join(t.TempDir(), "in.jsonl")
	lines := []string{
		`{"event_id":"n1","source":"import","first_name":"John","last_name":"Smith","company":"Acme"}`,
		`{"event_id":"n2","source":"import","first_name":"John","last_name":"Smith","company":"Initech"}`,
		`{"event_id":"r1","source":"billing","email":"r.smith@acmecorp.com","first_name":"Robert","last_name":"Smith","company":"Acme Corp"}`,
		`{"event_id":"r2","source":"webinar","email":"R.Smith@AcmeCorp.com","first_name":"Bob"}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, explain := range []bool{true, false} {
		t.Run(map[bool]string{true: "should add the explanation with Explain", false: "should count possible duplicates without Explain"}[explain], func(t *testing.T) {
			// When they are replayed on one lane, explained or not
			s, results, err := Run(t.Context(), Options{Input: in, Lanes: 1, Partitions: 1, Explain: explain})
			if err != nil {
				t.Fatal(err)
			}

			// Then the second John Smith is flagged as a possible duplicate of the first
			if s.PossibleDuplicates != 1 {
				t.Errorf("possible duplicates %d, want 1 (results %+v)", s.PossibleDuplicates, results)
			}
			john2, bob := results[1], results[3]
			if !explain {
				if john2.PossibleDuplicateOf != nil || bob.Evidence != nil {
					t.Errorf("explanations without Explain: %+v, %+v", john2, bob)
				}
				return
			}
			if p := john2.PossibleDuplicateOf; p == nil || p.RecordID != results[0].RecordID || john2.Action != "created" {
				t.Errorf("second John Smith: %+v, want created and flagged as a duplicate of %s", john2, results[0].RecordID)
			}
			// And the match by e-mail says which fields agreed
			if bob.MatchedBy != "email" || len(bob.Evidence) == 0 || bob.Evidence[0].Field != "email" || bob.Evidence[0].Level != "exact" {
				t.Errorf("Bob's evidence: %+v", bob)
			}
		})
	}
}

func TestRunProducesABacklogLargerThanOneBrokerMessage(t *testing.T) {
	// Given a backlog whose single partition holds more than the broker's
	// largest message (1 MiB) even compressed: 30,000 generated events
	s, results, err := Run(t.Context(), Options{Events: 30000, Seed: 1, Partitions: 1, Strategy: StrategyCreateFirst})

	// Then it is produced in batches the broker takes, and every event has
	// its outcome
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 30000 || s.Events != 30000 {
		t.Fatalf("%d results, summary %+v", len(results), s)
	}
}

func TestReadInputTakesAWindowsFile(t *testing.T) {
	// Given a JSON-lines file as a Windows tool writes it: a byte-order
	// mark, then lines ending in CRLF
	in := filepath.Join(t.TempDir(), "events.jsonl")
	lines := "\xEF\xBB\xBF" + `{"event_id":"a1","source":"crm","email":"ann@example.com"}` + "\r\n" +
		`{"event_id":"a2","source":"crm","email":"bob@example.com"}` + "\r\n"
	if err := os.WriteFile(in, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}

	// When it is read
	values, keys, err := readInput(in)

	// Then both lines are events, encoded and keyed by their e-mails
	if err != nil || len(values) != 2 {
		t.Fatalf("%d values, %v", len(values), err)
	}
	for i, want := range []string{"ann@example.com", "bob@example.com"} {
		if string(keys[i]) != want {
			t.Errorf("line %d: key %q, want %q (value %q)", i+1, keys[i], want, values[i])
		}
	}
}
