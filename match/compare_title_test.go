package match

import "testing"

func TestJobTitleAbbreviated(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"Dir. of Finance", "Director of Finance", levelExact},
		{"Asst. Director", "Assistant Director", levelExact},
		{"FINANCE DIRECTOR", "Director of Finance", levelExact},
		{"Director of Finance", "Director of Sales", binaryDifferent},
		{"VP Sales", "Vice President Sales", binaryDifferent},
		{"Office Mgr", "Office Manager", levelExact},
		{"Di of Finance", "Director of Finance", binaryDifferent},
		{"Art Director", "Account Director", binaryDifferent},
		{"CTO", "Controller", binaryDifferent},
	} {
		a := NewProfile(map[Kind]string{KindJobTitle: c.a}, Options{})
		b := NewProfile(map[Kind]string{KindJobTitle: c.b}, Options{})
		if got, _ := compare(KindJobTitle, &a, &b); got != c.want {
			t.Errorf("%q, %q: level %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

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
	} {
		a := NewProfile(map[Kind]string{KindCompany: c.a}, Options{})
		b := NewProfile(map[Kind]string{KindCompany: c.b}, Options{})
		if got, _ := compare(KindCompany, &a, &b); got != c.want {
			t.Errorf("%q, %q: level %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
