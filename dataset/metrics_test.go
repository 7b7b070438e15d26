package dataset

import (
	"math"
	"testing"
)

func TestMetrics(t *testing.T) {
	cases := []struct {
		name            string
		truth, pred     []string
		want            Quality
		bcubedP, bcubed float64 // expected B-cubed precision and recall
	}{
		{
			// Clusters a{1,2,3} b{4,5} c{6}; predicted {1,2} {3,4,5} {6}.
			// Pairs: true 3+1=4, predicted 1+3=4, correct (1,2) and (4,5).
			// B-cubed precision per record: 1, 1, 1/3, 2/3, 2/3, 1 → 14/18;
			// recall: 2/3, 2/3, 1/3, 1, 1, 1 → 14/18.
			name:  "should match a hand-computed mixed clustering",
			truth: []string{"a", "a", "a", "b", "b", "c"},
			pred:  []string{"1", "1", "2", "2", "2", "3"},
			want: Quality{Records: 6, TrueClusters: 3, PredictedClusters: 3, TruePairs: 4, PredictedPairs: 4, CorrectPairs: 2,
				PairPrecision: 0.5, PairRecall: 0.5, PairF1: 0.5},
			bcubedP: 7.0 / 9, bcubed: 7.0 / 9,
		},
		{
			// One predicted cluster over a{1,2} b{3,4}: 6 predicted pairs, 2 true.
			name:  "should penalise precision when everything is merged",
			truth: []string{"a", "a", "b", "b"},
			pred:  []string{"x", "x", "x", "x"},
			want: Quality{Records: 4, TrueClusters: 2, PredictedClusters: 1, TruePairs: 2, PredictedPairs: 6, CorrectPairs: 2,
				PairPrecision: 1.0 / 3, PairRecall: 1, PairF1: 0.5},
			bcubedP: 0.5, bcubed: 1,
		},
		{
			name:  "should give precision 1 and recall 0 when nothing is merged",
			truth: []string{"a", "a", "b"},
			pred:  []string{"1", "2", "3"},
			want: Quality{Records: 3, TrueClusters: 2, PredictedClusters: 3, TruePairs: 1,
				PairPrecision: 1, PairRecall: 0, PairF1: 0},
			bcubedP: 1, bcubed: 2.0 / 3,
		},
		{
			name:  "should give recall 1 when there is nothing to find",
			truth: []string{"a", "b", "c"},
			pred:  []string{"1", "1", "2"},
			want: Quality{Records: 3, TrueClusters: 3, PredictedClusters: 2, PredictedPairs: 1,
				PairPrecision: 0, PairRecall: 1, PairF1: 0},
			bcubedP: 4.0 / 6, bcubed: 1,
		},
		{
			name:  "should be perfect whatever the labels are called",
			truth: []string{"1", "1", "2"},
			pred:  []string{"2", "2", "1"},
			want: Quality{Records: 3, TrueClusters: 2, PredictedClusters: 2, TruePairs: 1, PredictedPairs: 1, CorrectPairs: 1,
				PairPrecision: 1, PairRecall: 1, PairF1: 1},
			bcubedP: 1, bcubed: 1,
		},
		{
			name:  "should score singletons everywhere as perfect",
			truth: []string{"a", "b"},
			pred:  []string{"1", "2"},
			want: Quality{Records: 2, TrueClusters: 2, PredictedClusters: 2,
				PairPrecision: 1, PairRecall: 1, PairF1: 1},
			bcubedP: 1, bcubed: 1,
		},
		{
			name:    "should score no records as perfect",
			want:    Quality{PairPrecision: 1, PairRecall: 1, PairF1: 1},
			bcubedP: 1, bcubed: 1,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Metrics(c.truth, c.pred)
			c.want.BCubedPrecision, c.want.BCubedRecall = c.bcubedP, c.bcubed
			c.want.BCubedF1 = f1(c.bcubedP, c.bcubed)
			if !qualityEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestMetricsCountsPairsBeyond32Bits(t *testing.T) {
	// Given one cluster of 100,000 records, predicted as one,
	n := 100_000
	truth, pred := make([]string, n), make([]string, n)
	for i := range truth {
		truth[i], pred[i] = "t", "p"
	}
	// then its n(n-1)/2 pairs are counted exactly.
	q := Metrics(truth, pred)
	if want := int64(4_999_950_000); q.TruePairs != want || q.CorrectPairs != want || q.PairF1 != 1 {
		t.Errorf("got %+v", q)
	}
}

func TestMetricsPanicsOnLengths(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	Metrics([]string{"a"}, nil)
}

func qualityEqual(a, b Quality) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-12 }
	return a.Records == b.Records && a.TrueClusters == b.TrueClusters && a.PredictedClusters == b.PredictedClusters &&
		a.TruePairs == b.TruePairs && a.PredictedPairs == b.PredictedPairs && a.CorrectPairs == b.CorrectPairs &&
		near(a.PairPrecision, b.PairPrecision) && near(a.PairRecall, b.PairRecall) && near(a.PairF1, b.PairF1) &&
		near(a.BCubedPrecision, b.BCubedPrecision) && near(a.BCubedRecall, b.BCubedRecall) && near(a.BCubedF1, b.BCubedF1)
}
