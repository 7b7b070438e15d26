package match

import (
	"errors"
	"fmt"
	"testing"
)

// townFile is n people of one town: each a full name of their own (up to
// 528 people), the same city, and an e-mail of their own; each of the
// first dups people has a second record with the same e-mail and name.
func townFile(n, dups int) []Profile {
	firsts := []string{"anna", "ben", "carla", "dmitri", "elena", "farid", "greta", "hugo", "ines", "jonas", "kira", "lars"}
	lasts := []string{"abbott", "brennan", "castillo", "duarte", "eriksen", "fontaine", "gallagher", "hoffmann", "iversen", "jankowski", "kowalczyk"}
	tails := []string{"", "son", "berg", "ley"}
	var ps []Profile
	person := func(i int) map[Kind]string {
		return map[Kind]string{
			KindFirstName: firsts[i%len(firsts)], KindLastName: lasts[(i/len(firsts))%len(lasts)] + tails[(i/(len(firsts)*len(lasts)))%len(tails)],
			KindCity: "Springfield", KindEmail: fmt.Sprintf("person%d@example.org", i),
		}
	}
	for i := range n {
		ps = append(ps, NewProfile(person(i), Options{}))
	}
	for i := range dups {
		ps = append(ps, NewProfile(person(i), Options{}))
	}
	return ps
}

func level(t *testing.T, m Model, k Kind, name string) Level {
	t.Helper()
	for _, f := range m.Fields {
		if f.Kind != k {
			continue
		}
		for _, l := range f.Levels {
			if l.Name == name {
				return l
			}
		}
	}
	t.Fatalf("no level %s of %s", name, k)
	return Level{}
}

func TestSampleU(t *testing.T) {
	def := DefaultModel()
	t.Run("should make a city every record shares weak evidence", func(t *testing.T) {
		// Given a file where everyone lives in one town
		ps := townFile(400, 0)
		// When u is estimated from it
		m, stats, err := SampleU(def, ps, USampleOptions{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		// Then a shared city says almost nothing, and every pair was compared once
		if w := level(t, m, KindCity, LevelExact).Weight(); w > 0.5 {
			t.Errorf("city exact weighs %.2f, want at most 0.5 (default %.2f)", w, level(t, def, KindCity, LevelExact).Weight())
		}
		if want := 400 * 399 / 2; stats.Pairs != want {
			t.Errorf("compared %d pairs, want all %d", stats.Pairs, want)
		}
	})
	t.Run("should not let duplicates make an e-mail look shared", func(t *testing.T) {
		// Given 300 people, 100 of them twice with one e-mail and name
		ps := townFile(300, 100)
		m, stats, err := SampleU(def, ps, USampleOptions{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		// Then the duplicates are taken for matches (with namesakes of
		// near surnames in one town), and left out of u
		if stats.Matches < 99 {
			t.Errorf("matches %.1f, want the 100 duplicates at least", stats.Matches)
		}
		if got, want := level(t, m, KindEmail, LevelExact).U, level(t, def, KindEmail, LevelExact).U; got > want {
			t.Errorf("e-mail exact u %.2e, want at most the default %.2e", got, want)
		}
	})
	t.Run("should keep the u of the fields it is told to", func(t *testing.T) {
		m, _, err := SampleU(def, townFile(400, 0), USampleOptions{Seed: 1, Keep: []Kind{KindCity}})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := level(t, m, KindCity, LevelExact).U, level(t, def, KindCity, LevelExact).U; got != want {
			t.Errorf("city exact u %.3f, want the model's %.3f", got, want)
		}
	})
	t.Run("should keep about the hand-set u for a tiny file", func(t *testing.T) {
		ps := townFile(6, 0) // 15 pairs against PriorPairs' 1,000
		m, _, err := SampleU(def, ps, USampleOptions{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		got, want := level(t, m, KindCity, LevelExact).U, level(t, def, KindCity, LevelExact).U
		if got > 2*want {
			t.Errorf("city exact u %.3f from 15 pairs, want near the default %.3f", got, want)
		}
	})
	t.Run("should give one estimate per seed and sample when pairs are many", func(t *testing.T) {
		ps := townFile(2000, 0) // about 2 million pairs (namesakes past 528): sampled
		a, sa, err := SampleU(def, ps, USampleOptions{Seed: 7, Pairs: 50_000})
		if err != nil {
			t.Fatal(err)
		}
		b, _, _ := SampleU(def, ps, USampleOptions{Seed: 7, Pairs: 50_000})
		if sa.Pairs != 50_000 {
			t.Errorf("compared %d pairs, want 50,000", sa.Pairs)
		}
		for f := range a.Fields {
			for l := range a.Fields[f].Levels {
				if a.Fields[f].Levels[l] != b.Fields[f].Levels[l] {
					t.Fatalf("%s %s: %v then %v", a.Fields[f].Kind, a.Fields[f].Levels[l].Name, a.Fields[f].Levels[l], b.Fields[f].Levels[l])
				}
			}
		}
		if err := a.Validate(); err != nil {
			t.Error(err)
		}
	})
	t.Run("should refuse a file of one record", func(t *testing.T) {
		if _, _, err := SampleU(def, townFile(1, 0), USampleOptions{}); !errors.Is(err, ErrTooFewRecords) {
			t.Errorf("err %v, want ErrTooFewRecords", err)
		}
	})
}

func TestPairAt(t *testing.T) {
	const n = 7
	k := int64(0)
	for i := range n {
		for j := i + 1; j < n; j++ {
			if gi, gj := pairAt(k, n); gi != i || gj != j {
				t.Errorf("pairAt(%d) = %d, %d, want %d, %d", k, gi, gj, i, j)
			}
			k++
		}
	}
}
