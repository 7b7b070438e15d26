package match

import "testing"

func TestCompanyShortSlip(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"Hanseen Corp.", "Hansen Corp.", gradedFuzzy},
		{"Sollsy LLC", "Solsy LLC", gradedFuzzy},
		{"Harboursie Dental", "Harbourside Dental", gradedClose},
		{"Acme", "Acne", gradedDifferent},
		{"Unit 5 Ltd", "Unit 6 Ltd", gradedDifferent},
		{"Мир", "Мор", gradedDifferent}, // three letters, six bytes
	} {
		a := NewProfile(map[Kind]string{KindCompany: c.a}, Options{})
		b := NewProfile(map[Kind]string{KindCompany: c.b}, Options{})
		if got, _ := compare(KindCompany, &a, &b); got != c.want {
			t.Errorf("%q, %q: level %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
