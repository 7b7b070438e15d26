package dataset

import (
	"context"
	"fmt"
	"testing"

	"github.com/contactgate/contactgate/match"
)

func TestHalves(t *testing.T) {
	t.Run("should never change which half a label is in", func(t *testing.T) {
		// The figures reported are measured on the check half: moving a
		// cluster between halves would let tuning see it.
		for label, want := range map[string]Half{"1": HalfTune, "2": HalfCheck, "A": HalfTune, "B": HalfCheck} {
			if got := HalfOf(label); got != want {
				t.Errorf("HalfOf(%q) = %s, want %s", label, got, want)
			}
		}
	})

	t.Run("should split the rows by cluster into two disjoint halves", func(t *testing.T) {
		// Given 400 records of 100 clusters
		in := "id,cluster\n"
		for i := range 400 {
			in += fmt.Sprintf("%d,c%d\n", i, i%100)
		}
		seen := map[string]Half{}
		counts := map[Half]int{}
		for _, h := range []Half{HalfTune, HalfCheck} {
			for row, err := range h.Rows(rowsOf(t, in)) {
				if err != nil {
					t.Fatal(err)
				}
				// then each cluster is wholly in one half
				if other, ok := seen[row.Truth]; ok && other != h {
					t.Fatalf("cluster %s in both halves", row.Truth)
				}
				seen[row.Truth] = h
				counts[h]++
			}
		}
		// and together the halves hold every record, about half each.
		if counts[HalfTune]+counts[HalfCheck] != 400 || counts[HalfTune] < 120 || counts[HalfCheck] < 120 {
			t.Errorf("records per half: %v", counts)
		}
		n := 0
		for range HalfAll.Rows(rowsOf(t, in)) {
			n++
		}
		if n != 400 {
			t.Errorf("all: %d records", n)
		}
	})

	t.Run("should keep bad rows in either half", func(t *testing.T) {
		for _, h := range []Half{HalfTune, HalfCheck} {
			bad := 0
			for _, err := range h.Rows(rowsOf(t, "id,cluster\n1,A\n2\n3,B\n")) {
				if err != nil {
					bad++
				}
			}
			if bad != 1 {
				t.Errorf("%s: %d bad rows", h, bad)
			}
		}
	})

	t.Run("should parse the flag's values", func(t *testing.T) {
		for in, want := range map[string]Half{"": HalfAll, "all": HalfAll, "tune": HalfTune, "check": HalfCheck} {
			if got, err := ParseHalf(in); err != nil || got != want {
				t.Errorf("ParseHalf(%q) = %s, %v", in, got, err)
			}
		}
		if _, err := ParseHalf("dev"); err == nil {
			t.Error("ParseHalf(dev): no error")
		}
	})
}

// batch places records only in Resolve: by e-mail, and a record without
// one nowhere.
type batch struct {
	fields   map[string]map[match.Kind]string
	cluster  map[string]string
	resolved bool
}

func (b *batch) Add(id string, f map[match.Kind]string) (string, error) {
	if b.fields == nil {
		b.fields = map[string]map[match.Kind]string{}
	}
	b.fields[id] = f
	return id, nil
}

func (b *batch) Resolve(context.Context) (unplaced int64, err error) {
	b.resolved, b.cluster = true, map[string]string{}
	for id, f := range b.fields {
		b.cluster[id] = f[match.KindEmail]
		if b.cluster[id] == "" {
			b.cluster[id], unplaced = "alone:"+id, unplaced+1
		}
	}
	return unplaced, nil
}

func (b *batch) ClusterOf(id string) (string, bool) {
	c, ok := b.cluster[id]
	return c, ok && b.resolved
}

func TestEvaluateBatchResolver(t *testing.T) {
	// Given a resolver that places records only once it has them all
	in := "id,email,cluster\n1,a,A\n2,a,A\n3,,A\n4,b,B\n"
	q, rep, err := Evaluate(context.Background(), rowsOf(t, in), &batch{})
	if err != nil {
		t.Fatal(err)
	}
	// then its final clusters are measured, the unplaced record alone,
	if q.TruePairs != 3 || q.PredictedPairs != 1 || q.CorrectPairs != 1 || rep.Unplaced != 1 {
		t.Errorf("quality %+v, report %+v", q, rep)
	}
	// and no record counts as reassigned: Add never placed one.
	if rep.Reassigned != 0 {
		t.Errorf("reassigned %d", rep.Reassigned)
	}
}
