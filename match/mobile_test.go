package match

import "testing"

// A mobile number is one person's: agreeing on one identifies as a name
// does (the nothing-identifies guard yields), and beside one first name it
// outweighs a surname that differs (a married name). A fixed line, or a
// number whose plan does not tell mobiles apart (the US), may be a
// switchboard's or a household's: the guards hold.
func TestAMobileNumberIdentifies(t *testing.T) {
	s, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{DefaultRegion: "US"}
	for _, c := range []struct {
		name  string
		a, b  map[Kind]string
		guard string
	}{
		{"a Dutch mobile beside an address at another company",
			map[Kind]string{KindEmail: "jjacobs@summitsystems.nl", KindPhone: "+31 6 3662 2968"},
			map[Kind]string{KindEmail: "jan.jacobs@havendigital.nl", KindFirstName: "Jan", KindLastName: "Jacobs", KindPhone: "06 3662 2968", KindCountry: "NL"}, ""},
		{"a Dutch office line beside an address at another company",
			map[Kind]string{KindEmail: "jjacobs@summitsystems.nl", KindPhone: "+31 20 277 6176"},
			map[Kind]string{KindEmail: "jan.jacobs@havendigital.nl", KindFirstName: "Jan", KindLastName: "Jacobs", KindPhone: "020 277 6176", KindCountry: "NL"}, GuardNothingIdentifies},
		{"a US number beside an address at another company",
			map[Kind]string{KindEmail: "jjacobs@summit.com", KindPhone: "(612) 340-1179"},
			map[Kind]string{KindEmail: "jan.jacobs@haven.com", KindFirstName: "Jan", KindLastName: "Jacobs", KindPhone: "+1 612 340 1179"}, GuardNothingIdentifies},
		{"a British mobile, one first name, another surname",
			map[Kind]string{KindFirstName: "Helen", KindLastName: "Mitchell", KindPhone: "+44 7911 123456"},
			map[Kind]string{KindFirstName: "Helen", KindLastName: "Jones", KindPhone: "07911 123456", KindCountry: "GB"}, ""},
		{"a British mobile, one surname, another first name",
			map[Kind]string{KindFirstName: "Helen", KindLastName: "Jones", KindPhone: "+44 7911 123456"},
			map[Kind]string{KindFirstName: "Mark", KindLastName: "Jones", KindPhone: "07911 123456", KindCountry: "GB"}, GuardNameDiffers},
		{"a British mobile, two initials, two surnames",
			map[Kind]string{KindFirstName: "J.", KindLastName: "Smith", KindPhone: "+44 7911 123456"},
			map[Kind]string{KindFirstName: "J", KindLastName: "Brown", KindPhone: "07911 123456", KindCountry: "GB"}, GuardNameDiffers},
		{"a British landline, one first name, another surname",
			map[Kind]string{KindFirstName: "Helen", KindLastName: "Mitchell", KindPhone: "+44 121 496 0839"},
			map[Kind]string{KindFirstName: "Helen", KindLastName: "Jones", KindPhone: "0121 496 0839", KindCountry: "GB"}, GuardNameDiffers},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, b := NewProfile(c.a, o), NewProfile(c.b, o)
			if got := s.Score(&a, &b); got.Guard != c.guard {
				t.Errorf("guard %q (weight %.1f: %s), want %q", got.Guard, got.Weight, got.Explain(), c.guard)
			}
		})
	}
}

// A surname written as its initial ("Barbara B.", as chats and help desks
// show a visitor) is no other surname: it agrees, weakly, with every
// surname it begins, and differs from the others.
func TestASurnameWrittenAsItsInitial(t *testing.T) {
	for _, c := range []struct{ a, b, want string }{
		{"B.", "Bennett", LevelFuzzy},
		{"Bennett", "b", LevelFuzzy},
		{"B.", "Smith", LevelDifferent},
	} {
		a := NewProfile(map[Kind]string{KindFirstName: "Barbara", KindLastName: c.a}, Options{})
		b := NewProfile(map[Kind]string{KindFirstName: "Barbara", KindLastName: c.b}, Options{})
		if got := CompareField(KindLastName, &a, &b); got != c.want {
			t.Errorf("%q beside %q: %q, want %q", c.a, c.b, got, c.want)
		}
	}
}

func TestIsMobileNumber(t *testing.T) {
	for n, want := range map[string]bool{
		"+447911123456": true, "+31636622968": true, "+33612345678": true,
		"+441214960839": false, "+16123401179": false, "~07849535161": false, "": false,
	} {
		if got := IsMobileNumber(n); got != want {
			t.Errorf("IsMobileNumber(%q) = %v, want %v", n, got, want)
		}
	}
}
