package demo

import (
	"math"
	"strconv"
	"testing"
)

func TestScore(t *testing.T) {
	// Six events about three persons: 0 three times, 1 twice, 2 once. True
	// pairs: C(3,2) + C(2,2) = 4.
	truth := []int{0, 0, 0, 1, 1, 2}

	for _, tc := range []struct {
		name    string
		records []string
		want    Quality
	}{
		{
			name:    "should score one record per person as perfect",
			records: []string{"a", "a", "a", "b", "b", "c"},
			want:    Quality{Persons: 3, Records: 3, PairPrecision: 1, PairRecall: 1, PairF1: 1},
		},
		{
			name:    "should count every split when each event got its own record",
			records: []string{"a", "b", "c", "d", "e", "f"},
			// 2 extra records for person 0, 1 for person 1; no pair put
			// together, so precision is vacuously 1 and recall 0.
			want: Quality{Persons: 3, Records: 6, DuplicateRecords: 3, PairPrecision: 1, PairRecall: 0, PairF1: 0},
		},
		{
			name:    "should count every false merge when all events went to one record",
			records: []string{"x", "x", "x", "x", "x", "x"},
			// 15 pairs put together, 4 of them right.
			want: Quality{Persons: 3, Records: 1, FalseMerges: 2, PairPrecision: 4.0 / 15, PairRecall: 1, PairF1: 8.0 / 19},
		},
		{
			name:    "should score a mix of splits and merges and skip dead letters",
			records: []string{"a", "a", "b", "b", "b", ""},
			// Person 2 was dead-lettered. Cells: (0,a)=2, (0,b)=1, (1,b)=2.
			// Together 1+0+1 = 2; put together C(2,2)+C(3,2) = 4; true
			// C(3,2)+C(2,2) = 4.
			want: Quality{Persons: 2, Records: 2, DuplicateRecords: 1, FalseMerges: 1, PairPrecision: 0.5, PairRecall: 0.5, PairF1: 0.5},
		},
		{
			name:    "should score nothing when everything was dead-lettered",
			records: []string{"", "", "", "", "", ""},
			want:    Quality{PairPrecision: 1, PairRecall: 1, PairF1: 1},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// When the records are scored against the truth
			got := Score(truth, tc.records)
			// Then every measure is exact
			expectQuality(t, got, tc.want)
		})
	}

	t.Run("should score the truth of a generated run as perfect", func(t *testing.T) {
		g := Generate(GenConfig{Events: 10000, Seed: 6})
		records := make([]string, len(g.Person))
		for i, p := range g.Person {
			records[i] = "rec-" + strconv.Itoa(p)
		}
		expectQuality(t, Score(g.Person, records), Quality{Persons: 2000, Records: 2000, PairPrecision: 1, PairRecall: 1, PairF1: 1})
	})

	t.Run("should panic when the slices differ in length", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("Score accepted 2 persons for 1 record")
			}
		}()
		Score([]int{0, 1}, []string{"a"})
	})
}

func expectQuality(t *testing.T, got, want Quality) {
	t.Helper()
	if got.Persons != want.Persons || got.Records != want.Records ||
		got.DuplicateRecords != want.DuplicateRecords || got.FalseMerges != want.FalseMerges ||
		math.Abs(got.PairPrecision-want.PairPrecision) > 1e-12 ||
		math.Abs(got.PairRecall-want.PairRecall) > 1e-12 ||
		math.Abs(got.PairF1-want.PairF1) > 1e-12 {
		t.Errorf("Score = %+v\nwant    %+v", got, want)
	}
}

func BenchmarkGenerate100k(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Generate(GenConfig{Events: 100_000, Seed: 1})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100_000, "ns/event")
}

func BenchmarkScore100k(b *testing.B) {
	g := Generate(GenConfig{Events: 100_000, Seed: 1})
	records := make([]string, len(g.Person))
	for i, p := range g.Person {
		records[i] = "rec-" + strconv.Itoa(p%15000) // persons from 15000 on are merged into others
	}
	b.ReportAllocs()
	for b.Loop() {
		Score(g.Person, records)
	}
}
