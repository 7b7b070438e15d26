package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/dataset"
	"github.com/contactgate/contactgate/match"
)

func writeCSV(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "contacts.csv")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const labelled = "Record ID,Email Address,Phone Number,person\n" +
	"1,ann@example.com,,A\n" +
	"2,ANN@example.com,(415) 555-0132,A\n" +
	"3,bob@example.com,,B\n" +
	"4,,,B\n" +
	"5,short\n"

func TestEvaluateCommand(t *testing.T) {
	t.Run("should print the quality as JSON, with bad rows counted", func(t *testing.T) {
		path := writeCSV(t, labelled)
		out, err := run(t, "evaluate", "--input", path, "--map", "id=Record ID", "--map", "email=Email Address", "--truth", "person", "--json")
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		var got struct {
			Quality dataset.Quality `json:"quality"`
			Report  dataset.Report  `json:"report"`
		}
		if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &got); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		q, r := got.Quality, got.Report
		if q.Records != 4 || q.TruePairs != 2 || q.CorrectPairs != 1 || q.PairPrecision != 1 || q.PairRecall != 0.5 {
			t.Errorf("quality %+v", q)
		}
		if r.Rows != 5 || r.BadRows != 1 || !strings.Contains(out, "bad row: "+path+" line 6: wrong number of fields") {
			t.Errorf("report %+v; output %s", r, out)
		}
	})

	t.Run("should detect the mapping and print a table", func(t *testing.T) {
		out, err := run(t, "evaluate", "--input", writeCSV(t, labelled), "--truth", "person")
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		for _, want := range []string{"id=Record ID, email=Email Address, phone=Phone Number", "pair precision / recall / F1", "1.000 / 0.500 / 0.667"} {
			if !strings.Contains(out, want) {
				t.Errorf("no %q in\n%s", want, out)
			}
		}
	})

	t.Run("should keep commas in file and column names, on the command line and in a config file", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "a,b")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "in.csv")
		body := "id,\"Street, Line 1\",Line 2,person\n1,12 Main,Apt 4,A\n"
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := run(t, "evaluate", "--input", path, "--map", "address=Street, Line 1", "--map", "address=Line 2", "--truth", "person")
		if err != nil || !strings.Contains(out, "address=Street, Line 1, address=Line 2") {
			t.Errorf("%v: %s", err, out)
		}
		cfg := filepath.Join(t.TempDir(), "evaluate.yaml")
		yaml := "input: [\"" + path + "\"]\nmap: [\"address=Street, Line 1\"]\ntruth: person\n"
		if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err = run(t, "evaluate", "--config", cfg)
		if err != nil || !strings.Contains(out, "address=Street, Line 1\n") {
			t.Errorf("config: %v: %s", err, out)
		}
	})

	t.Run("should measure a registered resolver", func(t *testing.T) {
		resolvers["everyone"] = func() dataset.Resolver { return oneCluster{} }
		defer delete(resolvers, "everyone")
		out, err := run(t, "evaluate", "--input", writeCSV(t, labelled), "--truth", "person", "--resolver", "everyone", "--json")
		if err != nil || !strings.Contains(out, `"predicted_pairs":6`) {
			t.Errorf("%v: %s", err, out)
		}
	})

	t.Run("should measure the gatekeeper, the product itself", func(t *testing.T) {
		// Given Ann's two e-mails written two ways, Bob's e-mail, and Bob's
		// row without any identifier, which the pipeline dead-letters
		out, err := run(t, "evaluate", "--input", writeCSV(t, labelled), "--truth", "person", "--resolver", "gatekeeper", "--json")
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		var got evaluation
		if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &got); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		// then Ann's events are on one record and the lost event alone.
		if q, r := got.Quality, got.Report; q.Records != 4 || q.PredictedPairs != 1 || q.CorrectPairs != 1 || r.Unplaced != 1 || r.Reassigned != 0 {
			t.Errorf("quality %+v, report %+v", q, r)
		}
	})

	t.Run("should measure one half of the true clusters", func(t *testing.T) {
		// A is in the tune half, B in the check half (dataset.HalfOf).
		for half, want := range map[string]string{"tune": `"records":2,"true_clusters":1,"predicted_clusters":1`,
			"check": `"records":2,"true_clusters":1,"predicted_clusters":2`, "all": `"records":4,"true_clusters":2`} {
			out, err := run(t, "evaluate", "--input", writeCSV(t, labelled), "--truth", "person", "--half", half, "--json")
			if err != nil || !strings.Contains(out, want) || !strings.Contains(out, `"half":"`+half+`"`) {
				t.Errorf("--half %s: %v: %s", half, err, out)
			}
		}
	})

	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"no input":         {nil, "give --input"},
		"no truth":         {[]string{"--input", "x.csv"}, "give the true clusters"},
		"two truths":       {[]string{"--input", "x.csv", "--truth", "a", "--senzing-key", "k.csv"}, "not both"},
		"unknown resolver": {[]string{"--input", "x.csv", "--truth", "a", "--resolver", "magic"}, `--resolver "magic": want one of exact`},
		"bad mapping":      {[]string{"--input", "x.csv", "--truth", "a", "--map", "mail=Email"}, "unknown field kind"},
		"unknown preset":   {[]string{"--preset", "nope"}, "unknown preset"},
		"unknown half":     {[]string{"--input", "x.csv", "--truth", "a", "--half", "dev"}, `--half: unknown half "dev"`},
		"missing file":     {[]string{"--input", "/nonexistent.csv", "--truth", "a"}, "/nonexistent.csv"},
	} {
		t.Run("should refuse "+name, func(t *testing.T) {
			out, err := run(t, append([]string{"evaluate"}, c.args...)...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q; output %s", err, c.want, out)
			}
		})
	}
}

func TestEvaluatePresets(t *testing.T) {
	if _, ok := dataset.FindDatasets(); !ok {
		t.Skipf("labelled datasets not found: set %s to the folder of ../shared/datasets", dataset.DatasetsEnv)
	}
	for _, p := range dataset.PresetNames() {
		t.Run(p, func(t *testing.T) {
			out, err := run(t, "evaluate", "--preset", p)
			if err != nil || !strings.Contains(out, ", 0 bad)") {
				t.Errorf("%v: %s", err, out)
			}
		})
	}
}

// oneCluster puts every record in one cluster.
type oneCluster struct{}

func (oneCluster) Add(string, map[match.Kind]string) (string, error) { return "all", nil }
