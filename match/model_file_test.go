package match

import (
	"slices"
	"strings"
	"testing"
)

func TestModelGuardsOff(t *testing.T) {
	colleaguesPair := func() (Profile, Profile) {
		a := NewProfile(map[Kind]string{KindFirstName: "Dana", KindLastName: "Kim", KindEmail: "dana.kim@acme.com", KindCompany: "Acme"}, Options{})
		b := NewProfile(map[Kind]string{KindFirstName: "Dana", KindLastName: "Kim", KindEmail: "dkim.sales@acme.com", KindCompany: "Acme"}, Options{})
		return a, b
	}
	t.Run("should hold two addresses at one company apart as colleagues by default", func(t *testing.T) {
		s, err := NewScorer(DefaultModel(), nil)
		if err != nil {
			t.Fatal(err)
		}
		a, b := colleaguesPair()
		if c := s.Score(&a, &b); c.Guard != GuardColleagues || c.Band == BandMatch {
			t.Fatalf("guard %q, band %s, want colleagues and no match", c.Guard, c.Band)
		}
	})
	t.Run("should not apply a guard the model file turns off", func(t *testing.T) {
		m, err := ParseModel([]byte("guards_off: [colleagues]\n"), "test.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(m.GuardsOff, []string{GuardColleagues}) {
			t.Fatalf("guards off %v", m.GuardsOff)
		}
		s, err := NewScorer(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		a, b := colleaguesPair()
		if c := s.Score(&a, &b); c.Guard != "" {
			t.Fatalf("guard %q with colleagues off", c.Guard)
		}
	})
	t.Run("should refuse a guard it does not know", func(t *testing.T) {
		if _, err := ParseModel([]byte("guards_off: [colleages]\n"), "test.yaml"); err == nil || !strings.Contains(err.Error(), `unknown guard "colleages"`) {
			t.Fatalf("err %v", err)
		}
	})
}
