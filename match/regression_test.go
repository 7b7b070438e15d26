package match

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// regressionCase is one line of testdata/regression.jsonl: a pair of
// records from a labelled dataset (../shared/datasets) that a test pins.
type regressionCase struct {
	// Name says what the case shows, as a test name.
	Name string `json:"name"`
	// Set is the preset of `contactgate evaluate` the records come from,
	// Records their ids there, and Note which of their fields the case
	// keeps and what, if anything, it changed.
	Set     string   `json:"set"`
	Records []string `json:"records"`
	Note    string   `json:"note"`
	// A and B are the fields compared, by kind; Want the band.
	A    map[Kind]string `json:"a"`
	B    map[Kind]string `json:"b"`
	Want Band            `json:"want"`
}

// readRegressionCorpus reads testdata/regression.jsonl.
func readRegressionCorpus(t *testing.T) []regressionCase {
	t.Helper()
	f, err := os.Open("testdata/regression.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []regressionCase
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		var c regressionCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("testdata/regression.jsonl line %d: %v", line, err)
		}
		if c.Name == "" || c.Set == "" || len(c.Records) == 0 || c.Want == "" {
			t.Fatalf("testdata/regression.jsonl line %d: want name, set, records and want", line)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// The dev-set records that the matching rules are held to, in one file
// rather than as literals: the hard cases of the matching issue found in
// the labelled datasets, scored by the default model.
func TestScoreRegressionCorpus(t *testing.T) {
	s, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range readRegressionCorpus(t) {
		t.Run(c.Set+"/"+c.Name, func(t *testing.T) {
			a, b := NewProfile(c.A, Options{}), NewProfile(c.B, Options{})
			if got := s.Score(&a, &b); got.Band != c.Want {
				t.Errorf("%v: band %s (weight %.1f: %s), want %s", c.Records, got.Band, got.Weight, got.Explain(), c.Want)
			}
		})
	}
}
