package match

import (
	"math"
	"slices"
	"testing"
)

func TestJaroWinkler(t *testing.T) {
	cases := []struct {
		a, b string
		want float64
	}{
		// Winkler's and the textbook examples.
		{"martha", "marhta", 0.9611},
		{"dwayne", "duane", 0.8400},
		{"dixon", "dicksonx", 0.8133},
		{"jellyfish", "smellyfish", 0.8963},
		{"nancy", "nicole", 0.5778},
		{"", "", 1},
		{"abc", "", 0},
		{"abc", "xyz", 0},
		{"same", "same", 1},
		{"zoë", "zoe", 0.8222}, // by runes, not bytes
	}
	for _, c := range cases {
		t.Run("should score "+c.a+" and "+c.b, func(t *testing.T) {
			got, back := JaroWinkler(c.a, c.b), JaroWinkler(c.b, c.a)
			if math.Abs(got-c.want) > 0.00005 || math.Abs(got-back) > 1e-12 {
				t.Fatalf("JaroWinkler(%q, %q) = %.4f (reversed %.4f), want %.4f", c.a, c.b, got, back, c.want)
			}
		})
	}
	t.Run("should handle names longer than its stack buffer", func(t *testing.T) {
		long := "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
		if got := JaroWinkler(long, long[:len(long)-1]); got < 0.99 || got > 1 {
			t.Fatalf("got %v", got)
		}
	})
}

func TestLikelyTypo(t *testing.T) {
	cases := []struct {
		name string
		a, b string
		want bool
	}{
		{"should take two letters swapped for a typo", "okafro", "okafor", true},
		{"should take a swap inside a name for a typo", "setphens", "stephens", true},
		{"should take a dropped letter for a typo", "cleb", "caleb", true},
		{"should take a letter replaced for a typo", "eygene", "eugene", true},
		{"should take a swap at the end for a typo", "snydre", "snyder", true},
		{"should not take Nancy and Nicole for one name", "nancy", "nicole", false},
		{"should not take a different first letter for a typo", "ryan", "bryan", false},
		{"should not take short names one letter apart for one name", "roy", "rly", false},
		{"should not take two edits for a typo", "mcdonald", "macdonnald", false},
		{"should not take two names the nickname table knows for one", "daniel", "danielle", false},
		{"should not take Christian and Christina for one name", "christian", "christina", false},
		{"should not take equal names for a typo", "grant", "grant", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, back := LikelyTypo(c.a, c.b), LikelyTypo(c.b, c.a); got != c.want || back != got {
				t.Fatalf("LikelyTypo(%q, %q) = %v (reversed %v), want %v", c.a, c.b, got, back, c.want)
			}
		})
	}
}

func TestFirstNameLookupKeys(t *testing.T) {
	cases := []struct {
		name, first string
		want        []string
	}{
		{"should add the ambiguous nicknames of a canonical name", "alexander", []string{"alexander", "alex", "sandy"}},
		{"should keep the keys of an ambiguous nickname as they are", "chris", FirstNameKeys("chris")},
		{"should keep an unknown name as it is", "zebedee", []string{"zebedee"}},
		{"should return nothing for nothing", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := FirstNameLookupKeys(c.first)
			for _, k := range c.want {
				if !slices.Contains(got, k) {
					t.Fatalf("FirstNameLookupKeys(%q) = %v, want all of %v", c.first, got, c.want)
				}
			}
			if c.want == nil && got != nil {
				t.Fatalf("FirstNameLookupKeys(%q) = %v, want nil", c.first, got)
			}
			if !slices.Equal(got[:len(FirstNameKeys(c.first))], FirstNameKeys(c.first)) {
				t.Fatalf("FirstNameLookupKeys(%q) = %v does not start with FirstNameKeys", c.first, got)
			}
		})
	}

	t.Run("should let Alexander find the record of Alex", func(t *testing.T) {
		// Given a record of Alex Perkins, indexed under its one key
		record := NameCompanyKey("Alex", "Perkins", "Moorland Wool Corp")
		// When Alexander Perkins is looked up
		id := Normalize(ContactFields{FirstName: "Alexander", LastName: "Perkins", Company: "MOORLAND WOOL Corporation"}, Options{})
		// Then one of his lookup keys is the record's
		if !slices.Contains(id.NameCompanyLookupKeys, record) || slices.Contains(id.NameCompanyKeys, record) {
			t.Fatalf("record key %q; keys %v, lookup keys %v", record, id.NameCompanyKeys, id.NameCompanyLookupKeys)
		}
	})
}

func TestNearNameCompanyKeys(t *testing.T) {
	near := func(first, last, company string) []string {
		id := Normalize(ContactFields{FirstName: first, LastName: last, Company: company}, Options{})
		return id.NearNameCompanyKeys()
	}
	cases := []struct {
		name            string
		first, last, co string
		record          [3]string
		want            bool
	}{
		{"should find a record whose last name dropped a letter", "Craig", "Hopkins", "Saffron Kitchens",
			[3]string{"Craig", "Hpkins", "Saffron Kitchens L.L.C."}, true},
		{"should find a record whose last name has two letters swapped", "Dylan", "Stephens", "Underwood Typewriters Corp",
			[3]string{"Dylan", "Setphens", "Underwood Typewriters Corporation"}, true},
		{"should find the right name from a swap in the event", "Andrwe", "Young", "Tundra Outerwear",
			[3]string{"Andrew", "Young", "Tundra Outerwear"}, true},
		{"should find a record whose first name dropped a letter", "Andrew", "Young", "Tundra Outerwear",
			[3]string{"Adrew", "Young", "Tundra Outerwear"}, true},
		{"should not vary the first letter", "Craig", "Hopkins", "Saffron Kitchens",
			[3]string{"Craig", "Opkins", "Saffron Kitchens"}, false},
		{"should not vary a short name", "Amy", "Ray", "Initech",
			[3]string{"Amy", "Ry", "Initech"}, false},
		{"should not vary the company", "Craig", "Hopkins", "Saffron Kitchens",
			[3]string{"Craig", "Hopkins", "Safron Kitchens"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			record := NameCompanyKey(c.record[0], c.record[1], c.record[2])
			if got := slices.Contains(near(c.first, c.last, c.co), record); got != c.want {
				t.Fatalf("%q in near keys of %s %s, %s: %v, want %v", record, c.first, c.last, c.co, got, c.want)
			}
		})
	}
	t.Run("should return nothing without a name-and-company key", func(t *testing.T) {
		if got := near("", "Hopkins", "Saffron Kitchens"); got != nil {
			t.Fatalf("got %v", got)
		}
	})
}

func TestSameLetters(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"etnah", "ethan", true}, {"chirla", "charlie", true}, {"lyu", "lucy", true}, {"donln", "london", true},
		{"nancy", "nicole", false}, {"eve", "eva", false}, {"jo", "oj", false}, {"amelia", "am", false},
	} {
		if got := SameLetters(c.a, c.b); got != c.want {
			t.Errorf("SameLetters(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestBirthDateWithinAYear(t *testing.T) {
	m := DefaultModel()
	level := func(a, b string) string {
		pa := NewProfile(map[Kind]string{KindDOB: a}, Options{})
		pb := NewProfile(map[Kind]string{KindDOB: b}, Options{})
		i, _ := compare(KindDOB, &pa, &pb)
		for _, f := range m.Fields {
			if f.Kind == KindDOB {
				return f.Levels[i].Name
			}
		}
		return ""
	}
	for _, c := range []struct{ a, b, want string }{
		{"1978-05-01", "1978-11-30", LevelYear},
		{"2009-12-21", "2010-11-02", LevelYear},
		{"2009-12-21", "2011-01-21", LevelDifferent},
		{"1970-10-10", "1990-10-10", LevelClose},
		{"1970-01-10", "1975-06-20", LevelDifferent},
	} {
		t.Run("should call "+c.a+" and "+c.b+" "+c.want, func(t *testing.T) {
			if got := level(c.a, c.b); got != c.want {
				t.Errorf("level %q, want %q", got, c.want)
			}
		})
	}
}
