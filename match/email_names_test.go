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
