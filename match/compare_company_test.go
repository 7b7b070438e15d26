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
		{"Beaconlab", "Besconlab Logistics Inc.", gradedFuzzy}, // a slip in the word kept, a word left out
		{"Acme", "Acne Logistics", gradedDifferent},            // four letters: two companies as often
		{"Unit 5 Ltd", "Unit 6 Ltd", gradedDifferent},
		{"Мир", "Мор", gradedDifferent},                           // three letters, six bytes
		{"Oaklight", "Oaklight Holdings Ltd", gradedClose},        // a word left out
		{"Clear Valley Engineering", "Clear Valley", gradedClose}, // and the other way round
		{"Consulting", "Smith Consulting", gradedFuzzy},           // a trade's word, not the company's name
		{"Acme", "Acme Labs", gradedFuzzy},                        // a short word alone: many companies share it
		{"Oaklight Holdings", "Oaklight Foods", gradedDifferent},  // a word apiece: two companies of a group as often
	} {
		a := NewProfile(map[Kind]string{KindCompany: c.a}, Options{})
		b := NewProfile(map[Kind]string{KindCompany: c.b}, Options{})
		if got, _ := compare(KindCompany, &a, &b); got != c.want {
			t.Errorf("%q, %q: level %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestCompanyByItsInitials(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"GEN", "Global Energy Networks GmbH", gradedClose},
		{"The SNT", "Société Nationale de Télécommunications SA", gradedClose},
		{"UFS Inc.", "United Financial Services", gradedClose},
		{"GP SA", "Ganga Power, Ltd.", gradedFuzzy},             // two letters stand for many companies
		{"GEN", "General Electric", gradedDifferent},            // three letters, two words
		{"GE", "Global Energy Networks", gradedDifferent},       // the initials of only some words
		{"Gen Labs", "Global Energy Networks", gradedDifferent}, // two words: no acronym
	} {
		a := NewProfile(map[Kind]string{KindCompany: c.a}, Options{})
		b := NewProfile(map[Kind]string{KindCompany: c.b}, Options{})
		for _, p := range [][2]*Profile{{&a, &b}, {&b, &a}} {
			if got, _ := compare(KindCompany, p[0], p[1]); got != c.want {
				t.Errorf("%q, %q: level %d, want %d", p[0].Company, p[1].Company, got, c.want)
			}
		}
	}
}

func TestOneOfTwoSurnames(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"de Rocha Oliveira", "Oliveira", gradedFuzzy}, // Portuguese speakers go by the last
		{"García López", "García", gradedFuzzy},        // Spanish speakers by the first
		{"Smith-Jones", "Jones", gradedFuzzy},
		{"Oliveira", "Santos", gradedDifferent},
	} {
		a := NewProfile(map[Kind]string{KindFirstName: "Ana", KindLastName: c.a}, Options{})
		b := NewProfile(map[Kind]string{KindFirstName: "Ana", KindLastName: c.b}, Options{})
		for _, p := range [][2]*Profile{{&a, &b}, {&b, &a}} {
			if got, _ := compare(KindLastName, p[0], p[1]); got != c.want {
				t.Errorf("%q, %q: level %d, want %d", p[0].Last, p[1].Last, got, c.want)
			}
		}
	}
}

func TestWordsWithin(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"Oaklight", "Oaklight Holdings Ltd", true},
		{"Clear Valley Engineering", "Clear Valley", true},
		{"Harbour Dental", "Harbour Dental 2", false}, // a numbered site
		{"Consulting", "Smith Consulting", false},     // not the first words
		{"Acme", "Acme Labs", false},                  // no word of five letters
		{"Oaklight", "Oaklight", false},               // the same words: exact or not, not this
	} {
		if got := wordsWithin(CompanyTokens(c.a), CompanyTokens(c.b)); got != c.want {
			t.Errorf("%q, %q: %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// Two work addresses at one company's domain, neither side writing the
// company, are one company: its name left out by both (hello@ and
// l.ahmed@ at one firm). Two personal addresses at one provider are not.
func TestCompanyOfTwoAddressesAtOneDomain(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"l.ahmed@jolyandgautier.co.uk", "hello@jolyandgautier.co.uk", gradedClose},
		{"l.ahmed@jolyandgautier.co.uk", "louise.ahmed@gmail.com", noLevel},
		{"louise.ahmed@gmail.com", "lahmed@gmail.com", noLevel},
		{"l.ahmed@jolyandgautier.co.uk", "l.ahmed@jolyandgautier.com", noLevel},
	} {
		a := NewProfile(map[Kind]string{KindEmail: c.a}, Options{})
		b := NewProfile(map[Kind]string{KindEmail: c.b}, Options{})
		if got, _ := compare(KindCompany, &a, &b); got != c.want {
			t.Errorf("%q, %q: company level %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
