package dataset

import "testing"

func TestStrongGroups(t *testing.T) {
	truth := []string{"a", "a", "a", "b", "b", "c", "c"}
	keys := [][]string{
		{"email:x"}, {"email:x", "phone:1"}, {"phone:1"}, // one group of three in a
		{"email:shared"}, {"email:shared"}, // a group in b
		{"email:shared"}, {}, // c shares b's address: no group across the truth
	}
	for _, c := range []struct {
		name      string
		predicted []string
		found     int64
	}{
		{"all together", []string{"1", "1", "1", "2", "2", "3", "4"}, 2},
		{"a split", []string{"1", "1", "9", "2", "2", "3", "4"}, 1},
		{"b merged with c still finds b", []string{"1", "1", "1", "2", "2", "2", "2"}, 2},
	} {
		groups, found := StrongGroups(truth, c.predicted, keys)
		if groups != 2 || found != c.found {
			t.Errorf("%s: %d groups, %d found; want 2, %d", c.name, groups, found, c.found)
		}
	}
}

func TestMetricsCountsMergedClusters(t *testing.T) {
	q := Metrics([]string{"a", "a", "b", "c", "d"}, []string{"1", "1", "1", "2", "2"})
	if q.MergedClusters != 2 {
		t.Fatalf("merged clusters %d, want 2", q.MergedClusters)
	}
}
