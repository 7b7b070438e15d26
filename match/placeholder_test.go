package match

import (
	"errors"
	"testing"
)

func TestPlaceholdersFoldToNothing(t *testing.T) {
	for _, c := range []struct {
		in                string
		company, name     string // FoldCompany, FoldName
		nameCompanyKeysOK bool   // NameCompanyKeys("Joseph", "Ware", in) has keys
	}{
		{"N/A", "", "", false}, {"#N/A", "", "", false}, {"None", "", "", false}, {"unknown", "", "", false},
		{"[not provided]", "", "", false}, {"NULL", "", "", false}, {"Test", "", "", false},
		// A way of working is no employer; in a name it is a name's words.
		{"Self-employed", "", "self employed", false}, {"Freelance", "", "freelance", false},
		// Na, Nan and Nil are names (a surname, Nancy's nickname, a given
		// name), though no company.
		{"Nan", "", "nan", false}, {"Na", "", "na", false},
		{"Acme Ltd", "acme", "acme ltd", true}, {"None Ltd", "", "none ltd", false},
		// Keyboard mash: a letter struck three times, or four keys or
		// more along one row; three keys are names (Yui), as is Ann.
		{"asdf", "", "", false}, {"XXX", "", "", false}, {"Qwerty", "", "", false},
		{"Yui", "yui", "yui", true}, {"Ann", "ann", "ann", true}, {"Otto", "otto", "otto", true},
	} {
		if got := FoldCompany(c.in); got != c.company {
			t.Errorf("FoldCompany(%q) = %q, want %q", c.in, got, c.company)
		}
		if got := FoldName(c.in); got != c.name {
			t.Errorf("FoldName(%q) = %q, want %q", c.in, got, c.name)
		}
		if got := len(NameCompanyKeys("Joseph", "Ware", c.in)) > 0; got != c.nameCompanyKeysOK {
			t.Errorf("NameCompanyKeys(Joseph, Ware, %q) has keys: %v, want %v", c.in, got, c.nameCompanyKeysOK)
		}
	}
}

// A placeholder behind a title or before a suffix is one too, and folding
// stays idempotent; the profile's first name and its keys agree.
func TestAPlaceholderBesideATitleIsOne(t *testing.T) {
	for _, in := range []string{"Mr. Unknown", "Unknown Jr.", "Ms Test", "Dr N/A"} {
		if got := FoldName(in); got != "" || FoldName(got) != got {
			t.Errorf("FoldName(%q) = %q, want \"\"", in, got)
		}
		p := NewProfile(map[Kind]string{KindFirstName: in, KindLastName: "Smith"}, Options{})
		if p.First != "" || len(p.FirstKeys) != 0 {
			t.Errorf("%q: first %q, keys %v; want none", in, p.First, p.FirstKeys)
		}
	}
	if got := JobTitleKey("N/A"); got != "" {
		t.Errorf("JobTitleKey(N/A) = %q, want none", got)
	}
}

// A record whose company is a placeholder and an event with the
// company's name do not differ: there is nothing to differ from.
func TestAPlaceholderCompanyIsNoCompany(t *testing.T) {
	s, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := func(company string) Profile {
		return NewProfile(map[Kind]string{KindFirstName: "Corey", KindLastName: "Petersen", KindCompany: company}, Options{})
	}
	real, none, missing := p("Miller Data LLC"), p("none"), p("")
	if got, want := s.Score(&real, &none).Weight, s.Score(&real, &missing).Weight; got != want {
		t.Errorf("beside company none: %.2f; beside no company: %.2f; want equal", got, want)
	}
}

func TestPlaceholderAddressesAreNoAddresses(t *testing.T) {
	for in, placeholder := range map[string]bool{
		"none@none.com": true, "ASDF@asdf.com": true, "test@test.com": true, "noemail@acme.com": true,
		"null@example.org": true, "test@acmecorp.com": true, "unknown@gmail.com": true,
		"nan@gmail.com": false, "nil@acme.com": false, // Nan's, Nil's own addresses
		"mail@mail.acme.com": false, "hello@hello.com": true,
		"jane@example.com": false, "nancy@nancy-florist.com": false, "info@acme.com": false,
		"no@email.com": true, "No@Acme.com": true, "noah@email.com": false,
		"asdf@gmail.com": true, "xxx@acme.com": true, "yui@acme.jp": false,
	} {
		_, err := NormalizeEmail(in)
		var ee *EmailError
		got := errors.As(err, &ee) && ee.Problem == EmailPlaceholder
		if got != placeholder {
			t.Errorf("NormalizeEmail(%q): %v, want a placeholder: %v", in, err, placeholder)
		}
	}
}

func TestAOneLetterTopLevelDomainIsNoAddress(t *testing.T) {
	for in, valid := range map[string]bool{"a@b.c": false, "jkoch1431@gmx.d": false, "a@b.co": true, "ann@x.io": true} {
		if _, err := NormalizeEmail(in); (err == nil) != valid {
			t.Errorf("NormalizeEmail(%q): %v, want valid: %v", in, err, valid)
		}
	}
}

// A value without an '@' that says there is no address is a placeholder
// (an identifier never given); an address typed without its '@' is not.
func TestNoAddressWithoutAnAt(t *testing.T) {
	for _, s := range []string{"n/a", "N/A", "-", "x", ".", "none", "null", "noemail", "no email", "No", "tbd"} {
		var ee *EmailError
		if _, err := NormalizeEmail(s); !errors.As(err, &ee) || ee.Problem != EmailPlaceholder {
			t.Errorf("%q: %v, want a placeholder", s, err)
		}
	}
	for _, s := range []string{"ann.lee.acme.com", "annlee", "ab"} {
		var ee *EmailError
		if _, err := NormalizeEmail(s); !errors.As(err, &ee) || ee.Problem == EmailPlaceholder {
			t.Errorf("%q: %v, want an address given wrong, not a placeholder", s, err)
		}
	}
}

func TestReadsAsInTheNumbersRegion(t *testing.T) {
	if r := RegionOfNumber("+4916019684618"); r != "DE" {
		t.Errorf("region of +4916019684618 = %q, want DE", r)
	}
	if r := RegionOfNumber("016019684618"); r != "" {
		t.Errorf("region of a national number = %q, want none", r)
	}
	if !ReadsAs("0160/19684618", "DE", "+4916019684618") {
		t.Error("0160/19684618 in DE is not +4916019684618")
	}
	if ReadsAs("0160/19684618", "US", "+4916019684618") {
		t.Error("0160/19684618 in US read as a German number")
	}
}
