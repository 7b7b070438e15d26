package match

import (
	"slices"
	"testing"
)

func TestFoldCompany(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Acme Corp, Inc.", "acme"},
		{"ACME Corporation", "acme"},
		{"acme", "acme"},
		{"Acme, LLC", "acme"},
		{"Acme L.L.C.", "acme"},
		{"Acme Ltd.", "acme"},
		{"ACME LIMITED", "acme"},
		{"Acme Pty Ltd", "acme"},
		{"Acme Co., Ltd.", "acme"},
		{"Müller GmbH & Co. KG", "muller"},
		{"Müller GmbH", "muller"},
		{"Siemens AG", "siemens"},
		{"L'Oréal S.A.", "loreal"},
		{"Société Générale SA", "societe generale"},
		{"Acme S.à r.l.", "acme"},
		{"Grupo Bimbo S.A.B. de C.V.", "grupo bimbo"},
		{"Banco de Chile", "banco de chile"},
		{"Volvo AB (publ)", "volvo"},
		{"Maersk A/S", "maersk"},
		{"Polska Sp. z o.o.", "polska"},
		{"Toyota Motor Corporation", "toyota motor"},
		{"Kabushiki Gaisha KK", "kabushiki gaisha"},
		{"The Coca-Cola Company", "coca cola"},
		{"Bank of America Corp.", "bank america"},
		{"Procter & Gamble Co.", "procter gamble"},
		{"Procter and Gamble", "procter gamble"},
		{"P&G", "pg"},
		{"P & G", "pg"},
		{"AT&T Inc.", "at t"},
		{"I.B.M.", "ibm"},
		{"IBM", "ibm"},
		{"3M Company", "3m"},
		{"McDonald's Corporation", "mcdonalds"},
		{"Toys \"R\" Us", "toys r us"},
		{"Acme Group Holdings", "acme group holdings"},
		{"Inc.", "inc"},
		{"The Company", "company"},
		// a company written as its web address: the name it spells
		{"premierstonefinancial.com", "premierstonefinancial"},
		{"www.Sonnen-Energie.de", "sonnen energie"},
		{"https://acme.co.uk/", "acme"},
		{"S.A.", "sa"},                  // no address: a legal form's letters
		{"Booking.com B.V.", "booking"}, // an address among other words
		{"Booking.com", "booking"},
		{"Amazon.com, Inc.", "amazon"},
		{"Acme.Co.Ltd", "acme"}, // a legal form's label is no company's address
		{"Co.", "co"},
		{"The", "the"},
		{"x SA de", "x sa de"},
		{"  ", ""},
		{"🙂🙂", ""},
		{"Robert'); DROP TABLE companies;--", "robert drop table companies"},
	}
	for _, tc := range cases {
		if got := FoldCompany(tc.in); got != tc.want {
			t.Errorf("FoldCompany(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCompanyTokens(t *testing.T) {
	if got := CompanyTokens("The Bank of New York Mellon Corp."); !slices.Equal(got, []string{"bank", "new", "york", "mellon"}) {
		t.Errorf("CompanyTokens = %q", got)
	}
	if got := CompanyTokens(""); got != nil {
		t.Errorf("CompanyTokens(\"\") = %q, want nil", got)
	}
}

func TestFoldCompanyManyTokens(t *testing.T) {
	// More tokens than the stack buffers hold.
	in := "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj kk ll Inc"
	want := "abcdefghijklmnopqrstuvwxyz aa bb cc dd ee ff gg hh ii jj kk ll"
	if got := FoldCompany(in); got != want {
		t.Errorf("FoldCompany = %q, want %q", got, want)
	}
}

func TestFoldCompanyRegressions(t *testing.T) {
	t.Run("should drop single letters that spell a stop word, idempotently", func(t *testing.T) {
		// Found by FuzzFoldCompany: "T H E 0" folded to "the 0", then to "0".
		for _, in := range []string{"T H E 0", "the 0", "0"} {
			if got := FoldCompany(in); got != "0" {
				t.Errorf("FoldCompany(%q) = %q, want %q", in, got, "0")
			}
		}
	})
	t.Run("should join letters that a dropped stop word separated", func(t *testing.T) {
		if got := FoldCompany("A of B Ltd"); got != "ab" || FoldCompany(got) != got {
			t.Errorf("FoldCompany = %q", got)
		}
	})
}

func TestACompanysWebAddressKeysAsItsName(t *testing.T) {
	for _, tc := range [][2]string{
		{"premierstonefinancial.com", "Premierstone Financial Inc."},
		{"Booking.com", "Booking.com B.V."},
		{"www.sonnen-energie.de", "Sonnen Energie GmbH"},
	} {
		if a, b := companyKey(tc[0]), companyKey(tc[1]); a != b {
			t.Errorf("companyKey(%q) = %q, companyKey(%q) = %q; want one key", tc[0], a, tc[1], b)
		}
	}
}

func TestFoldCompanyAllocations(t *testing.T) {
	// A name that is no web address costs what it did before addresses
	// were read: one string.
	for _, s := range []string{"Acme Corp.", "S.A.", "A.P. Moller Maersk"} {
		if n := testing.AllocsPerRun(100, func() { _ = FoldCompany(s) }); n > 1 {
			t.Errorf("FoldCompany(%q): %.0f allocations, want at most 1", s, n)
		}
	}
}
