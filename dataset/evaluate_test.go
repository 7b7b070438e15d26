package dataset

import (
	"context"
	"errors"
	"iter"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/match"
)

// byEmail clusters records by their raw e-mail, and refuses "refuse".
type byEmail struct{}

func (byEmail) Add(id string, f map[match.Kind]string) (string, error) {
	if f[match.KindEmail] == "refuse" {
		return "", errors.New("refused")
	}
	if e := f[match.KindEmail]; e != "" {
		return e, nil
	}
	return id, nil
}

func rowsOf(t *testing.T, in string) iter.Seq2[Row, error] {
	t.Helper()
	rd, err := NewReader(strings.NewReader(in), WithTruth(ColumnTruth("cluster")))
	if err != nil {
		t.Fatal(err)
	}
	return rd.Rows()
}

func TestEvaluate(t *testing.T) {
	t.Run("should measure the resolver and report every bad row", func(t *testing.T) {
		// Given two good pairs, a wrong merge, a short row, a duplicate id
		// and a refused record,
		in := "id,email,cluster\n" +
			"1,a,A\n2,a,A\n3,b,B\n4,b,B\n5,b,C\n" +
			"6,c\n" + "1,z,Z\n" + "7,refuse,D\n"
		q, rep, err := Evaluate(context.Background(), rowsOf(t, in), byEmail{})
		if err != nil {
			t.Fatal(err)
		}
		// then only the five good records are measured,
		if q.Records != 5 || q.TruePairs != 2 || q.PredictedPairs != 4 || q.CorrectPairs != 2 {
			t.Errorf("quality %+v", q)
		}
		// and the three bad rows are counted with their lines.
		if rep.Rows != 8 || rep.Resolved != 5 || rep.BadRows != 3 || len(rep.Errors) != 3 {
			t.Fatalf("report %+v", rep)
		}
		for i, want := range []string{"line 7: ", `line 8: duplicate id "1", first on line 2`, "line 9: resolver: refused"} {
			if !strings.HasPrefix(rep.Errors[i], want) {
				t.Errorf("error %d = %q, want prefix %q", i, rep.Errors[i], want)
			}
		}
		if rep.Elapsed <= 0 || rep.RowsPerSec <= 0 {
			t.Errorf("timing %+v", rep)
		}
	})

	t.Run("should stop when rows have no truth", func(t *testing.T) {
		rd, _ := NewReader(strings.NewReader("id,email\n1,a\n"))
		if _, _, err := Evaluate(context.Background(), rd.Rows(), byEmail{}); !errors.Is(err, ErrNoTruth) {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("should stop on a final read error", func(t *testing.T) {
		boom := errors.New("disk on fire")
		rows := func(yield func(Row, error) bool) { yield(Row{}, boom) }
		if _, _, err := Evaluate(context.Background(), rows, byEmail{}); !errors.Is(err, boom) {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("should stop when the context ends", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		rows := func(yield func(Row, error) bool) {
			for i := 0; i < 1000; i++ {
				if !yield(Row{ID: string(rune('a' + i%26)), Truth: "x"}, nil) {
					return
				}
			}
		}
		if _, _, err := Evaluate(ctx, rows, byEmail{}); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("should measure a Clusterer's final clusters and count reassignments", func(t *testing.T) {
		// Given 1 and 2 unrelated until 3 shares 1's e-mail and 2's phone,
		in := "id,email,phone,cluster\n" +
			"1,a@example.com,,P\n2,,+1 415 555 0132,P\n3,a@example.com,(415) 555-0132,P\n"
		q, rep, err := Evaluate(context.Background(), rowsOf(t, in), NewExactKeys("US"))
		if err != nil {
			t.Fatal(err)
		}
		// then all three end in one cluster, and 2 was reassigned.
		if q.PairF1 != 1 || rep.Reassigned != 1 {
			t.Errorf("quality %+v, report %+v", q, rep)
		}
	})
}
