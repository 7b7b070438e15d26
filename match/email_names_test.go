package match

import "testing"

func TestNamesFromEmail(t *testing.T) {
	cases := []struct{ email, first, last string }{
		{"joshua.becker@orioninstruments.co", "joshua", "becker"},
		{"Kirsty.Hughes91+news@Yahoo.com", "kirsty", "hughes"},
		{"liam_ali@gmail.com", "liam", "ali"},
		{"mary-ann@acme.com", "mary", "ann"},
		{"bob.smith@acme.com", "bob", "smith"},
		{"jrobertson@ullswaterboats.io", "", ""},
		{"j.smith@acme.com", "", ""},
		{"sales.team@acme.com", "", ""},
		{"billing-dept@acme.com", "", ""},
		{"info@acme.com", "", ""},
		{"anna.de.vries@acme.com", "", ""},
		{"not-an-address", "", ""},
		{"", "", ""},
	}
	for _, c := range cases {
		first, last := NamesFromEmail(c.email)
		if first != c.first || last != c.last {
			t.Errorf("NamesFromEmail(%q) = %q %q, want %q %q", c.email, first, last, c.first, c.last)
		}
	}
}

func TestDomainSpellsCompany(t *testing.T) {
	cases := []struct {
		domain, company string
		want            bool
	}{
		{"xenonlighting.com", "Xenon Lighting Corporation", true},
		{"nchomes.co.uk", "Nightingale Care Homes Ltd", true},
		{"wconservancy.com", "WETLAND CONSERVANCY & Co.", true},
		{"teaktide.io", "Teak & Tide", true},
		{"acme.com", "Acme Labs", true},
		{"frost-mercado.com", "Frost-Mercado Corp.", true}, // a hyphen in the domain
		{"bender-marine.co.uk", "Bender Marine", true},
		{"acme.com", "Globex", false},
		{"ibm.com", "International Business Machines", false}, // initials alone
		{"gmail.com", "Gmail", false},                         // a provider's domain names no employer
		{"acmelabs.com", "Acme", false},
	}
	for _, c := range cases {
		if got := domainSpells(domainOrg(c.domain), CompanyTokens(c.company)); got != c.want {
			t.Errorf("%s ~ %q = %v, want %v (tokens %q)", c.domain, c.company, got, c.want, CompanyTokens(c.company))
		}
	}
}

func TestAccountsNumberedAtOneCompanyAreTwoAccounts(t *testing.T) {
	prof := func(email string) Profile {
		return NewProfile(map[Kind]string{KindEmail: email}, Options{})
	}
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"skavanagh@harvestmoonfoods.com", "skavanagh2@harvestmoonfoods.com", emailDifferent}, // a namesake's account
		{"j.doe2@acme.com", "j.doe3@acme.com", emailDifferent},
		{"skavanagh@harvestmoonfoods.com", "skavanagk@harvestmoonfoods.com", emailClose}, // a slip
		{"johnsmith@gmail.com", "johnsmith2@gmail.com", emailDifferent},                  // a provider's numbered account for a name taken
		{"johnsmith7@gmail.com", "johnsmith77@gmail.com", emailClose},                    // a provider's, a digit slipped
		{"nicoleschroeder@web.de", "nicole_schroeder55@web.de", emailDifferent},          // a provider's numbered account, the name written with a separator
	} {
		a, b := prof(c.a), prof(c.b)
		if got, _ := compare(KindEmail, &a, &b); got != c.want {
			t.Errorf("%s ~ %s: level %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// A first name read from an address is the one its owner spelt: a census
// name like it that the other sex bears is another person's, while the
// name itself, or another spelling of it, agrees.
func TestFirstNameReadFromAnAddress(t *testing.T) {
	for _, c := range []struct {
		address, first string
		want           int
	}{
		{"jean.jimenez96@icloud.com", "Juan", firstDifferent},
		{"jean.jimenez96@icloud.com", "Jean", firstExact},
		{"derek.decker@thompson.example", "Derrick", firstClose},
		{"sean.kelly@example.com", "Shawn", firstClose},
		{"lori.kent@example.com", "Laurie", firstClose},
	} {
		fromAddress := NewProfile(map[Kind]string{KindEmail: c.address}, Options{})
		_, last := NamesFromEmail(c.address)
		typed := NewProfile(map[Kind]string{KindFirstName: c.first, KindLastName: last}, Options{})
		if got, _ := compareFirst(&typed, &fromAddress); got != c.want {
			t.Errorf("%s beside %s: level %d, want %d", c.first, c.address, got, c.want)
		}
	}
	juan := NewProfile(map[Kind]string{KindFirstName: "Juan", KindLastName: "Jimenez"}, Options{})
	jean := NewProfile(map[Kind]string{KindFirstName: "Jean", KindLastName: "Jimenez"}, Options{})
	if got, _ := compareFirst(&juan, &jean); got == firstDifferent {
		t.Errorf("typed Juan and Jean: different; the test wants the typed names compared as before")
	}
}

func TestLastNameFromEmail(t *testing.T) {
	for _, tc := range []struct{ first, email, want string }{
		{"Patricia", "patricia.burford60@gmail.com", "burford"},
		{"Bob", "robert.smith@acme.com", "smith"},     // a writing of the first name
		{"Patricia", "p.burford@acme.com", "burford"}, // the initial and the last name
		{"Declan", "declanshelmore@gmail.com", "shelmore"},
		{"Zachary", "zmiller@cvs.com", "miller"},
		{"Karen", "karenr78@gmail.com", ""}, // too little after the name
		{"Karen", "krhodes@acme.com", "rhodes"},
		{"Ann", "annasmith@gmail.com", ""}, // a given name one letter longer
		{"Jo", "joesmith@gmail.com", ""},
		{"E", "edmiller@acme.com", ""},
		{"Chris", "christopher@gmail.com", ""},  // a longer given name
		{"J", "jeffsmith@acme.com", ""},         // the initial of another given name
		{"Zachary", "zackmiller@acme.com", ""},  // a nickname the address spells, and then what?
		{"Jane", "john.smith@acme.com", ""},     // another person's address
		{"Mary Ann", "mary.ann@acme.com", ""},   // a first name of two words
		{"Patricia", "sales.team@acme.com", ""}, // a role's
	} {
		if got := LastNameFromEmail(tc.first, tc.email); got != tc.want {
			t.Errorf("LastNameFromEmail(%q, %q) = %q, want %q", tc.first, tc.email, got, tc.want)
		}
	}
	// and a profile with the first name alone takes it
	p := NewProfile(map[Kind]string{KindFirstName: "Patricia", KindEmail: "patricia.burford60@gmail.com"}, Options{})
	if p.Last != "burford" || p.FullName == "" || p.NamesFromAddress {
		t.Errorf("profile last %q, full name %q, names from address %v; want burford, a full name, false", p.Last, p.FullName, p.NamesFromAddress)
	}
}

func TestFirstNameFromEmail(t *testing.T) {
	for _, tc := range []struct{ last, email, want string }{
		{"Mulder", "linda.mulder@kpnmail.nl", "linda"},
		{"Thornhurst", "ethornhurst@hrr.co.uk", "e"},
		{"Thornhurst", "E.Thornhurst2@hrr.co.uk", "e"},
		{"Robertson", "lisarobertson@gmail.com", "lisa"}, // a census given name
		{"de Wit", "jdewit@tulip.nl", "j"},               // a surname of two words, keyed as one
		{"Robertson", "zzrobertson@acme.com", ""},        // two letters that are no given name
		{"Robertson", "robertson@acme.com", ""},          // the surname alone
		{"Robertson", "robertsonj@acme.com", ""},         // the initial after it: not read
		{"Smith", "john.smyth@acme.com", ""},             // another surname
		{"Li", "ali@acme.com", ""},                       // too short to tell
		{"Team", "sales.team@acme.com", ""},              // a role's
	} {
		if got := FirstNameFromEmail(tc.last, tc.email); got != tc.want {
			t.Errorf("FirstNameFromEmail(%q, %q) = %q, want %q", tc.last, tc.email, got, tc.want)
		}
	}
}

func TestNamesWithAddress(t *testing.T) {
	for _, tc := range []struct {
		first, last, email  string
		wantFirst, wantLast string
		want                Lent
	}{
		{"", "", "joshua.becker@orion.co", "joshua", "becker", LentBoth},
		{"Patricia", "", "patricia.burford@gmail.com", "Patricia", "burford", LentLast},
		{"", "Thornhurst", "ethornhurst@hrr.co.uk", "e", "Thornhurst", LentFirst},
		{"Ann", "Lee", "john.smith@acme.com", "Ann", "Lee", LentNone}, // both written: nothing lent
		{"", "Lee", "john.smith@acme.com", "", "Lee", LentNone},
		{"V", "", "victor.yamamoto@acme.com", "victor", "yamamoto", LentBoth}, // an initial alone
		{"M.", "Ramirez", "marcus@acme.com", "marcus", "Ramirez", LentFirst},
		{"N/A", "Rogers", "gordonrogers@smith2.co.uk", "gordon", "Rogers", LentFirst}, // a placeholder is no name
		{"-", "-", "joshua.becker@orion.co", "joshua", "becker", LentBoth},
	} {
		f, l, lent := NamesWithAddress(tc.first, tc.last, tc.email)
		if f != tc.wantFirst || l != tc.wantLast || lent != tc.want {
			t.Errorf("NamesWithAddress(%q, %q, %q) = %q %q %v, want %q %q %v", tc.first, tc.last, tc.email, f, l, lent, tc.wantFirst, tc.wantLast, tc.want)
		}
	}
	// and a profile with the last name alone takes the initial
	p := NewProfile(map[Kind]string{KindLastName: "Thornhurst", KindEmail: "ethornhurst@hrr.co.uk"}, Options{})
	if p.First != "e" || !p.FirstFromAddress || p.NamesFromAddress || p.LastFromAddress {
		t.Errorf("profile first %q, from address %v %v %v; want e, first only", p.First, p.FirstFromAddress, p.NamesFromAddress, p.LastFromAddress)
	}
}

func TestFirstNameOfInitial(t *testing.T) {
	for _, tc := range []struct{ first, last, email, want string }{
		{"M.", "Ramirez", "marcus@yeomansecurity.com", "marcus"},          // a given name alone
		{"V", "Yamamoto", "victor.yamamoto@ymeasurement.co.uk", "victor"}, // first.last
		{"V", "", "victor.yamamoto@ymeasurement.co.uk", "victor"},
		{"e", "Thornhurst", "elainethornhurst@hrr.co.uk", "elaine"}, // the name before the last
		{"V", "Yamamoto", "victor.tanaka@acme.com", ""},             // another last name
		{"M.", "Ramirez", "steve@acme.com", ""},                     // another initial
		{"M.", "Ramirez", "mr@acme.com", ""},                        // no given name
		{"M.", "Ramirez", "mramirez@acme.com", ""},                  // the initial alone
		{"Mary", "Ramirez", "marcus@acme.com", ""},                  // no initial written
	} {
		if got := FirstNameOfInitial(tc.first, tc.last, tc.email); got != tc.want {
			t.Errorf("FirstNameOfInitial(%q, %q, %q) = %q, want %q", tc.first, tc.last, tc.email, got, tc.want)
		}
	}
}
