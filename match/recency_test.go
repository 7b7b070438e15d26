package match

import (
	"slices"
	"testing"
)

// fixedRecency weighs every gap within a minute at w.
type fixedRecency float64

func (f fixedRecency) Weight(gap, _ int64) (string, float64) {
	if gap < 60 {
		return "minute", float64(f)
	}
	return "", 0
}

func TestScorerWeighsRecencyOnlyBesideAgreeingNames(t *testing.T) {
	base, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := base.WithRecency(fixedRecency(5))
	profile := func(first, last, email string, at int64) Profile {
		p := NewProfile(map[Kind]string{KindFirstName: first, KindLastName: last, KindEmail: email}, Options{})
		p.Seen = []int64{at}
		return p
	}
	seen := func(c Comparison) bool {
		return slices.ContainsFunc(c.Evidence, func(e Evidence) bool { return e.Kind == KindSeen })
	}
	a := profile("Simon", "Armstrong", "simon.armstrong@dccapital.com", 1000)
	for _, c := range []struct {
		name string
		b    Profile
		want bool
	}{
		{"one name, 30 s apart", profile("Simon", "Armstrong", "sarmstrong@sky.com", 1030), true},
		{"one name, a day apart", profile("Simon", "Armstrong", "sarmstrong@sky.com", 1000+86400), false},
		{"another first name", profile("Sarah", "Armstrong", "sarmstrong@sky.com", 1030), false},
		{"names read from an address", profile("", "", "simon.armstrong@gmail.com", 1030), false},
	} {
		with, without := s.Score(&a, &c.b), base.Score(&a, &c.b)
		if seen(with) != c.want {
			t.Errorf("%s: evidence %+v, want seen %v", c.name, with.Evidence, c.want)
		}
		if c.want && with.Weight != without.Weight+5 {
			t.Errorf("%s: weight %.2f, want %.2f + 5", c.name, with.Weight, without.Weight)
		}
	}
}
