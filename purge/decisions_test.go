package purge

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func decisionPlan() *Plan {
	return &Plan{Version: PlanVersion, Clusters: []Cluster{
		{ID: "1", Band: BandAuto, Master: "10", Members: []Member{{ID: "11", Weight: 20}, {ID: "12", Weight: 18}}, Values: map[string]string{"city": "Leeds"}},
		{ID: "2", Band: BandReview, Master: "20", Members: []Member{{ID: "21", Weight: 5}}},
		{ID: "3", Band: BandAuto, Master: "30", Members: []Member{{ID: "31", Weight: 25}}},
	}}
}

func TestDecisionLog(t *testing.T) {
	t.Run("should keep every decision across a reopen, the latest of a cluster winning", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "plan.json"+DecisionsSuffix)
		l, err := OpenDecisions(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []Decision{
			{Cluster: "1", Records: []string{"10", "11", "12"}, Status: DecisionRejected},
			{Cluster: "1", Records: []string{"10", "11", "12"}, Status: DecisionAccepted, Values: map[string]string{"city": "York"}},
			{Cluster: "2", Records: []string{"20", "21"}, Status: DecisionRejected},
		} {
			if err := l.Record(d); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		l, err = OpenDecisions(path)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		got := l.Latest()
		if len(got) != 2 || got["1"].Status != DecisionAccepted || got["1"].Values["city"] != "York" || got["2"].Status != DecisionRejected {
			t.Errorf("latest = %+v", got)
		}
	})
	t.Run("should ignore the torn last line of a crash and refuse a bad line before it", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "d.jsonl")
		good := `{"cluster":"2","records":["20","21"],"status":"rejected"}` + "\n"
		if err := os.WriteFile(path, []byte(good+`{"cluster":"1","rec`), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := ReadDecisions(path); err != nil || len(got) != 1 || got["2"].Status != DecisionRejected {
			t.Errorf("torn line: %v, %v", got, err)
		}
		if err := os.WriteFile(path, []byte("{nope\n"+good), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadDecisions(path); err == nil {
			t.Error("a bad line before the last was accepted")
		}
		if _, err := ReadDecisions(path + ".missing"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("missing file: %v", err)
		}
	})
}

func TestApplyDecisions(t *testing.T) {
	t.Run("should keep only the accepted clusters, with the reviewer's master and values", func(t *testing.T) {
		ds := map[string]Decision{
			"1": {Cluster: "1", Records: []string{"10", "11", "12"}, Status: DecisionAccepted, Master: "12", Values: map[string]string{"city": "York"}},
			"2": {Cluster: "2", Records: []string{"20", "21"}, Status: DecisionRejected},
			"3": {Cluster: "3", Records: []string{"30", "31"}, Status: DecisionOpen},
		}
		got, n, err := ApplyDecisions(decisionPlan(), ds)
		if err != nil {
			t.Fatal(err)
		}
		if n != (DecisionCounts{Accepted: 1, Rejected: 1, Undecided: 1}) {
			t.Errorf("counts = %+v", n)
		}
		if len(got.Clusters) != 1 {
			t.Fatalf("clusters = %+v", got.Clusters)
		}
		c := got.Clusters[0]
		if c.Master != "12" || !reflect.DeepEqual(RecordsOf(c), []string{"12", "11", "10"}) || c.Values["city"] != "York" {
			t.Errorf("cluster = %+v", c)
		}
		if decisionPlan().Clusters[0].Members[1].ID != "12" {
			t.Error("the plan was changed")
		}
	})
	t.Run("should refuse decisions made on another plan", func(t *testing.T) {
		ds := map[string]Decision{"2": {Cluster: "2", Records: []string{"20", "99"}, Status: DecisionAccepted}}
		if _, _, err := ApplyDecisions(decisionPlan(), ds); !errors.Is(err, ErrStaleDecision) {
			t.Errorf("err = %v, want ErrStaleDecision", err)
		}
	})
}

func TestDropRejected(t *testing.T) {
	t.Run("should take rejected members out, and clusters left empty", func(t *testing.T) {
		ds := map[string]Decision{
			"1": {Cluster: "1", Records: []string{"10", "12"}, Status: DecisionRejected},
			"2": {Cluster: "2", Records: []string{"20", "21"}, Status: DecisionRejected},
			"3": {Cluster: "3", Records: []string{"30", "31"}, Status: DecisionAccepted},
		}
		pairs := RejectedPairs(ds)
		if !reflect.DeepEqual(pairs, [][2]string{{"10", "12"}, {"20", "21"}}) {
			t.Errorf("rejected pairs = %v", pairs)
		}
		got, dropped := DropRejected(decisionPlan().Clusters, pairs)
		if dropped != 2 || len(got) != 2 || got[0].ID != "1" || len(got[0].Members) != 1 || got[0].Members[0].ID != "11" || got[1].ID != "3" {
			t.Errorf("dropped %d, clusters %+v", dropped, got)
		}
	})
}
