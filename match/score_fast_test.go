package match

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// The scorer's fast paths must not change a score: each is checked
// against the plain way on many inputs.

func TestJaroWinklerOnASCIIIsOnRunes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, rng.IntN(70))
		for i := range b {
			b[i] = "aabcdeeilmnorstxy.+0_"[rng.IntN(21)]
		}
		return string(b)
	}
	for range 100_000 {
		a, b := word(), word()
		if len(a) > 2 {
			// Near strings reach the transpositions and the prefix.
			switch k := rng.IntN(len(a) - 1); rng.IntN(4) {
			case 0:
				b = a[1:] + a[:1]
			case 1:
				b = a[:k] + a[k+1:k+2] + a[k:k+1] + a[k+2:]
			case 2:
				b = a[:k] + a[k+1:]
			}
		}
		if a == b {
			continue // 1 before any of them
		}
		want := jaroWinkler([]rune(a), []rune(b))
		if x, y := jaroWinkler([]byte(a), []byte(b)), JaroWinkler(a, b); x != want || y != want {
			t.Fatalf("JaroWinkler(%q, %q) on runes %v, on bytes %v, fast %v", a, b, want, x, y)
		}
	}
}

func TestTokenSetSimilarityWithoutMapIsWithMap(t *testing.T) {
	withMap := func(a, b []string) float64 {
		if len(a) == 0 || len(b) == 0 {
			return 0
		}
		seen := map[string]uint8{}
		for _, t := range a {
			seen[singular(t)] |= 1
		}
		for _, t := range b {
			seen[singular(t)] |= 2
		}
		inter := 0
		for _, v := range seen {
			if v == 3 {
				inter++
			}
		}
		return float64(inter) / float64(len(seen))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	tokens := []string{"acme", "acmes", "club", "clubs", "glass", "a", "b", "st", "ave", "widgets", "widget"}
	list := func() []string {
		l := make([]string, rng.IntN(12))
		for i := range l {
			l[i] = tokens[rng.IntN(len(tokens))]
		}
		return l
	}
	for range 100_000 {
		a, b := list(), list()
		if x, y := TokenSetSimilarity(a, b), withMap(a, b); x != y {
			t.Fatalf("TokenSetSimilarity(%q, %q) = %v, want %v", a, b, x, y)
		}
	}
}

func TestScoreToIsScore(t *testing.T) {
	// Given profiles that agree and differ on every field in many ways
	rng := rand.New(rand.NewPCG(5, 6))
	pick := func(values ...string) string { return values[rng.IntN(len(values))] }
	var profiles []Profile
	counts := NewCounts()
	for range 400 {
		p := NewProfile(map[Kind]string{
			KindEmail:     pick("", "bob.smith@acme.com", "bob.smyth@acme.com", "bob.smith@gmail.com", "info@acme.com", "rob@x.org"),
			KindPhone:     pick("", "+1 415 555 0100", "415-555-0100 x12", "+1 212 555 0100", "555 0100"),
			KindFirstName: pick("", "Bob", "Robert", "Rob", "Bbo", "Alice", "R", "Smith"),
			KindLastName:  pick("", "Smith", "Smyth", "Smith Jr", "Smith Sr", "Jones", "Bob"),
			KindCompany:   pick("", "Acme Corp", "ACME Widgets", "Initech"),
			KindAddress:   pick("", "1 Main Street", "1 Main St", "2 Elm Road"),
			KindCity:      pick("", "Springfield", "Sprngfield", "Shelbyville"),
			KindPostcode:  pick("", "12345", "12354", "99999"),
			KindState:     pick("", "IL", "OR"),
			KindDOB:       pick("", "1980-01-02", "1980-02-01", "1980-05-05", "1990-01-02"),
		}, Options{})
		profiles = append(profiles, p)
		counts.Add(&p)
	}
	s, err := NewScorer(DefaultModel(), counts)
	if err != nil {
		t.Fatal(err)
	}
	// When each pair is scored with a buffer reused from the pair before,
	// Then it scores as Score does
	var buf []Evidence
	for i := range profiles {
		for j := range profiles {
			want := s.Score(&profiles[i], &profiles[j])
			got := s.ScoreTo(buf, &profiles[i], &profiles[j])
			buf = got.Evidence
			if len(want.Evidence) == 0 && len(got.Evidence) == 0 {
				got.Evidence = want.Evidence
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("pair %d, %d: ScoreTo %+v, Score %+v", i, j, got, want)
			}
		}
	}
}

func TestBlockKeys(t *testing.T) {
	t.Run("should make one key per identifier and combination, each part closed by a bar", func(t *testing.T) {
		p := NewProfile(map[Kind]string{KindEmail: "Bob.Smith@acme.com", KindPhone: "+1 415 555 0100", KindFirstName: "Bob",
			KindLastName: "Smith", KindCompany: "Acme Corp", KindPostcode: "94105", KindDOB: "1980-01-02", KindNationalID: "123-45-6789"}, Options{})
		want := []string{"e|bob.smith@acme.com|", "el|bob.smith|", "p|+14155550100|", "pt|5550100|", "n|123456789|", "d|19800102|",
			"lf|S530|b|", "pl|94105|S530|", "fl|bob|smith|", "kl|bob|smith|", "kl|bobby|smith|", "kl|robert|smith|", "dl|1980|S530|", "df|1980|b|s|", "cl|acme|S530|"}
		if got := BlockKeys(&p); !reflect.DeepEqual(got, want) {
			t.Errorf("BlockKeys = %q, want %q", got, want)
		}
		if got := EmailBlockKey(&p); got != want[0] {
			t.Errorf("EmailBlockKey = %q, want %q", got, want[0])
		}
	})
	t.Run("should key an organisation by its name and street", func(t *testing.T) {
		p := NewProfile(map[Kind]string{KindCompany: "Acme Corp", KindAddress: "1 Main Street"}, Options{})
		if got, want := BlockKeys(&p), []string{"c|acme|", "a|1|main|"}; !reflect.DeepEqual(got, want) {
			t.Errorf("BlockKeys = %q, want %q", got, want)
		}
	})
}
