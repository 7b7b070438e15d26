package match

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	us := Options{DefaultRegion: "US"}

	t.Run("should make every key of a complete contact", func(t *testing.T) {
		id := Normalize(ContactFields{
			Email: " Bob.Smith+news@GMail.com ", Phone: "(415) 555-0100 x12",
			FirstName: "Bob", LastName: "O'Brien", Company: "ACME Corp.",
		}, us)
		want := Identifiers{
			EmailKey: "bobsmith@gmail.com", PersonalEmail: true,
			Phone:     Phone{E164: "+14155550100", Extension: "12"},
			FirstKeys: []string{"bob", "bobby", "robert"}, LastKey: "obrien", CompanyKey: "acme",
			NameCompanyKeys: []string{"bob|obrien|acme", "bobby|obrien|acme", "robert|obrien|acme"},
		}
		if !equalIdentifiers(id, want) {
			t.Errorf("got  %+v\nwant %+v", id, want)
		}
		if id.Err() != nil || !id.HasKey() {
			t.Errorf("Err() = %v, HasKey() = %v", id.Err(), id.HasKey())
		}
	})

	t.Run("should keep the phone key when the e-mail is invalid, and say so", func(t *testing.T) {
		// Given a contact whose e-mail is broken but whose phone is fine
		id := Normalize(ContactFields{Email: "bob at acme", Phone: "415.555.0100"}, us)
		// Then the phone key is there and the e-mail problem is reported
		if id.Phone.E164 != "+14155550100" || id.EmailKey != "" {
			t.Errorf("keys: %+v", id)
		}
		var ee *EmailError
		if len(id.Invalid) != 1 || !errors.As(id.Invalid[0], &ee) || ee.Problem != EmailSpace {
			t.Errorf("Invalid = %v", id.Invalid)
		}
		if err := id.Err(); !errors.Is(err, ErrInvalidEmail) || errors.Is(err, ErrInvalidPhone) {
			t.Errorf("Err() = %v", err)
		}
		if !id.HasKey() {
			t.Error("HasKey() = false with a phone key")
		}
	})

	t.Run("should report both fields when both are invalid", func(t *testing.T) {
		id := Normalize(ContactFields{Email: "nope", Phone: "555-555-5555", FirstName: "Ann"}, us)
		err := id.Err()
		if !errors.Is(err, ErrInvalidEmail) || !errors.Is(err, ErrInvalidPhone) || id.HasKey() {
			t.Errorf("Err() = %v, HasKey() = %v", err, id.HasKey())
		}
	})

	t.Run("should treat blank fields as missing, not invalid", func(t *testing.T) {
		id := Normalize(ContactFields{Email: "  ", Phone: "\t", LastName: "Smith"}, us)
		if id.Invalid != nil || id.HasKey() || id.LastKey != "smith" || id.FirstKeys != nil {
			t.Errorf("got %+v", id)
		}
	})

	t.Run("should make no name-and-company key without a company", func(t *testing.T) {
		id := Normalize(ContactFields{FirstName: "Bob", LastName: "Smith"}, us)
		if id.NameCompanyKeys != nil {
			t.Errorf("NameCompanyKeys = %q", id.NameCompanyKeys)
		}
	})

	t.Run("should mark a corporate address as not personal", func(t *testing.T) {
		if id := Normalize(ContactFields{Email: "r.smith@acmecorp.com"}, us); id.PersonalEmail || id.EmailKey != "r.smith@acmecorp.com" {
			t.Errorf("got %+v", id)
		}
	})

	t.Run("should need a country code without a default region", func(t *testing.T) {
		id := Normalize(ContactFields{Phone: "(415) 555-0100"}, Options{})
		var pe *PhoneError
		if !errors.As(id.Err(), &pe) || pe.Problem != PhoneNoCountryCode {
			t.Errorf("Err() = %v", id.Err())
		}
	})
}

func TestOptionsValidate(t *testing.T) {
	for _, o := range []Options{{}, {DefaultRegion: "US"}, {DefaultRegion: "gb"}} {
		if err := o.Validate(); err != nil {
			t.Errorf("%+v: %v", o, err)
		}
	}
	for _, o := range []Options{{DefaultRegion: "USA"}, {DefaultRegion: "XX"}} {
		if err := o.Validate(); !errors.Is(err, ErrUnknownRegion) {
			t.Errorf("%+v: %v, want ErrUnknownRegion", o, err)
		}
	}
}

func TestNameCompanyKey(t *testing.T) {
	cases := []struct {
		first, last, company, want string
	}{
		{"Bob", "O'Brien", "ACME Corp.", "robert|obrien|acme"},
		{"Robert", "OBrien", "Acme, Inc.", "robert|obrien|acme"},
		{"ROBBIE", "O Brien", "acme", "robbie|obrien|acme"}, // Robert's and Roberta's: ambiguous
		{"Chris", "Smith", "Acme", "chris|smith|acme"},
		{"Zoë", "Müller-Lüdenscheidt", "Müller GmbH & Co. KG", "zoe|mullerludenscheidt|muller"},
		{"Ann", "Lee", "Acme Widgets Ltd", "ann|lee|acmewidgets"},
		{"Bob", "", "Acme", ""},
		{"", "Smith", "Acme", ""},
		{"Bob", "Smith", " ", ""},
		{"Patricia Moore", "", "Ironsoft", "patricia|moore|ironsoft"}, // a whole name in the first name's column
		{"", "Morgan, Thomas", "Acme", "thomas|morgan|acme"},
	}
	for _, tc := range cases {
		if got := PersonKey(tc.first, tc.last); tc.want != "" && got != tc.want[:strings.LastIndexByte(tc.want, '|')+1] {
			t.Errorf("PersonKey(%q, %q) = %q, want the name part of %q", tc.first, tc.last, got, tc.want)
		}
		if got := NameCompanyKey(tc.first, tc.last, tc.company); got != tc.want {
			t.Errorf("NameCompanyKey(%q, %q, %q) = %q, want %q", tc.first, tc.last, tc.company, got, tc.want)
		}
	}
}

func TestNameCompanyKeys(t *testing.T) {
	t.Run("should let compatible first names meet and others not", func(t *testing.T) {
		meet := func(a, b []string) bool {
			for _, k := range a {
				if slices.Contains(b, k) {
					return true
				}
			}
			return false
		}
		chris := NameCompanyKeys("Chris", "Smith", "Acme Inc")
		christopher := NameCompanyKeys("Christopher", "Smith", "ACME")
		christine := NameCompanyKeys("Christine", "Smith", "Acme Corp")
		if !meet(chris, christopher) || !meet(chris, christine) || meet(christopher, christine) {
			t.Errorf("chris %q, christopher %q, christine %q", chris, christopher, christine)
		}
		nancy := NameCompanyKeys("Nancy", "Smith", "Acme")
		nicole := NameCompanyKeys("Nicole", "Smith", "Acme")
		if meet(nancy, nicole) {
			t.Errorf("nancy %q meets nicole %q", nancy, nicole)
		}
	})
	t.Run("should be nil when a part is missing", func(t *testing.T) {
		if k := NameCompanyKeys("Bob", "Smith", ""); k != nil {
			t.Errorf("got %q", k)
		}
	})
}

func equalIdentifiers(a, b Identifiers) bool {
	return a.EmailKey == b.EmailKey && a.PersonalEmail == b.PersonalEmail && a.Phone == b.Phone &&
		slices.Equal(a.FirstKeys, b.FirstKeys) && a.LastKey == b.LastKey && a.CompanyKey == b.CompanyKey &&
		slices.Equal(a.NameCompanyKeys, b.NameCompanyKeys) && len(a.Invalid) == len(b.Invalid)
}

func TestFirstCompanyBlockKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"tessa|stephens|arrowheadflour", "tessa||arrowheadflour"},
		{"r|owen|foundryrowlofts", ""}, // an initial finds too many
		{"tessa|stephens|", ""},        // no company
		{"not a key", ""},
	} {
		if got := FirstCompanyBlockKey(c.in); got != c.want {
			t.Errorf("FirstCompanyBlockKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Two writings of one person, the surname mistyped into another sound,
	// meet under it; NameBlockKey keeps them apart.
	a, b := NameCompanyKey("Tessa", "Stephens", "Arrowhead Flour"), NameCompanyKey("Tessa", "Stephes", "ARROWHEAD FLOUR")
	if NameBlockKey(a) == NameBlockKey(b) || FirstCompanyBlockKey(a) != FirstCompanyBlockKey(b) {
		t.Fatalf("%q %q: name blocks %q %q, first-company blocks %q %q", a, b,
			NameBlockKey(a), NameBlockKey(b), FirstCompanyBlockKey(a), FirstCompanyBlockKey(b))
	}
}

func TestDetailBlockKeys(t *testing.T) {
	p := NewProfile(map[Kind]string{KindFirstName: "Kydan", KindLastName: "McCarthy", KindDOB: "19720518",
		KindPostcode: "6415", KindNationalID: "6527653"}, Options{})
	want := []string{"dob:19720518:k", "dob:19720518:m", "pc:6415:k", "pc:6415:m", "nid:6527653:"}
	if got := DetailBlockKeys(&p); !slices.Equal(got, want) {
		t.Fatalf("DetailBlockKeys = %q, want %q", got, want)
	}
	// The same person with the names swapped, the birth date and the
	// postcode mistyped meets the first under the national id alone.
	q := NewProfile(map[Kind]string{KindFirstName: "McCarthy", KindLastName: "Kydan", KindDOB: "19729518",
		KindPostcode: "6452", KindNationalID: "6527653"}, Options{})
	shared := 0
	for _, k := range DetailBlockKeys(&q) {
		if slices.Contains(want, k) {
			shared++
		}
	}
	if shared != 1 {
		t.Fatalf("%d keys shared, want the national id's alone", shared)
	}
	// Without a name, the national id's key alone.
	if got := DetailBlockKeys(&Profile{NationalID: "6527653", DOB: "19720518", Postcode: "6452"}); !slices.Equal(got, []string{"nid:6527653:"}) {
		t.Fatalf("nameless: %q, want the national id's key alone", got)
	}
}

// A person written with an initial, or with no first name, meets their
// record under the last name at the company.
func TestDetailBlockKeysOfASurnameAtACompany(t *testing.T) {
	key := func(first, last, company string) []string {
		p := NewProfile(map[Kind]string{KindFirstName: first, KindLastName: last, KindCompany: company}, Options{})
		return DetailBlockKeys(&p)
	}
	a, b := key("", "Thornhurst", "Harbor Rock Retail Ltd."), key("E", "thornhurst", "HARBOR ROCK RETAIL")
	if want := "sc:thornhurst:harborrockretail:"; !slices.Contains(a, want) || !slices.Contains(b, want) {
		t.Fatalf("%q and %q, want both to hold %q", a, b, want)
	}
	if other := key("E", "Thornhurst", "Harbour Rock Retail"); slices.ContainsFunc(other, func(k string) bool { return slices.Contains(a, k) }) {
		t.Fatalf("another company %q shares a key with %q", other, a)
	}
	if none := key("Eve", "Thornhurst", ""); len(none) != 0 {
		t.Fatalf("no company: %q, want no key", none)
	}
}

// One person's address at another provider, or with its domain mistyped,
// shares the local part's blocking key; a role's address and a short
// local part give none.
func TestDetailBlockKeysOfAnEmailsLocalPart(t *testing.T) {
	key := func(email string) []string {
		p := NewProfile(map[Kind]string{KindEmail: email}, Options{})
		return DetailBlockKeys(&p)
	}
	for _, c := range []struct {
		a, b string
		want string // the key both give, "" for none
	}{
		{"lolat86@bishop-giles.com", "lolat86@bishop-gilels.com", "eml:lolat86:"},
		{"jacob.ward@yahoo.com", "jacob_ward@outlook.com", "eml:jacobward:"},
		{"info@acme.example", "info@globex.example", ""},
		{"jt@acme.example", "jt@globex.example", ""},
	} {
		a, b := key(c.a), key(c.b)
		if c.want == "" {
			if len(a) != 0 || len(b) != 0 {
				t.Errorf("%s, %s: keys %q, %q, want none", c.a, c.b, a, b)
			}
			continue
		}
		if !slices.Contains(a, c.want) || !slices.Contains(b, c.want) {
			t.Errorf("%s, %s: keys %q, %q, want %q", c.a, c.b, a, b, c.want)
		}
	}
}

func TestDetailBlockKeysOfASlipInAnEmail(t *testing.T) {
	key := func(email string) []string {
		p := NewProfile(map[Kind]string{KindEmail: email}, Options{})
		return DetailBlockKeys(&p)
	}
	shared := func(a, b []string) []string {
		var out []string
		for _, k := range a {
			if slices.Contains(b, k) && !strings.HasPrefix(k, "eml:") {
				out = append(out, k)
			}
		}
		return out
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"j.washington@davisrivera.io", "j.washinngton@davisrivera.io", true}, // a letter added mid-part
		{"modesta.bou@zenro.es", "modesat.bou@zenro.es", true},                // two letters swapped near the start
		{"maria.edwards@shah.com", "maria.efwards@shah.com", true},
		{"j.washington@davisrivera.io", "j.washington@globex.example", false}, // another domain: eml: alone
		{"jsmith@acme.example", "jsmyth@acme.example", true},                  // a short one by three letters at each end
		{"jdoe@acme.example", "jdoo@acme.example", false},                     // too short to block at all
	} {
		if got := shared(key(c.a), key(c.b)); (len(got) > 0) != c.want {
			t.Errorf("%s, %s: shared slip keys %q, want some: %v", c.a, c.b, got, c.want)
		}
	}
}

// What is no national id ("n/a", a row of zeros) is none, never proof
// that two records are one person; real ones are kept as they are.
func TestNationalIDPlaceholders(t *testing.T) {
	for in, want := range map[string]string{
		"n/a": "", "NONE": "", "-": "", "000-00-0000": "", "999999999": "", "1234": "",
		"521-21-2123": "521212123", "7123833": "7123833", "AB 12 34 56 C": "AB123456C",
	} {
		p := NewProfile(map[Kind]string{KindNationalID: in}, Options{})
		if p.NationalID != want {
			t.Errorf("national id %q: key %q, want %q", in, p.NationalID, want)
		}
	}
}

// A title is no first name: alone in the first name's column it names no
// one, before a surname ("Dr. Ashhurst") it is no first name, and before
// a given name ("Dr. Jason") the given name is the first name.
func TestATitleIsNoFirstNameKey(t *testing.T) {
	for _, c := range []struct{ first, last, wantFirst, wantLast string }{
		{"Dr. Jason", "", "jason", ""},
		{"Dr. Ashhurst", "", "", "ashhurst"},
		{"Mrs", "Taylor", "", "taylor"},
		{"Prof.", "", "", ""},
	} {
		id := Normalize(ContactFields{FirstName: c.first, LastName: c.last, Email: "x@acme.com"}, Options{})
		if first := strings.Join(id.FirstKeys, ","); first != c.wantFirst || id.LastKey != c.wantLast {
			t.Errorf("%q %q: first keys %q, last %q; want %q and %q", c.first, c.last, first, id.LastKey, c.wantFirst, c.wantLast)
		}
	}
}

// The record's name key reads names as Normalize does beside the address:
// a given name of two words, a lone title.
func TestNameCompanyKeyWithAddress(t *testing.T) {
	for _, c := range []struct{ first, last, company, email, want string }{
		{"Ka Yan", "", "Lin Technology", "kayan.cheung@lin-technology.com.sg", "kayan|cheung|lintechnology"},
		{"Mrs", "Taylor", "Acme", "", ""},
		{"John Smith", "", "Acme", "john.smith@acme.com", "john|smith|acme"},
	} {
		if got := NameCompanyKeyWithAddress(c.first, c.last, c.company, c.email); got != c.want {
			t.Errorf("%q %q at %s: %q, want %q", c.first, c.last, c.email, got, c.want)
		}
	}
	if got := NameCompanyKey("Ka Yan", "", "Lin Technology"); got != "ka|yan|lintechnology" {
		t.Errorf("without the address: %q", got)
	}
}

// Every address a record holds is found by a slip in its local part: the
// ends of a short one are three letters.
func TestEmailSlipKeys(t *testing.T) {
	shares := func(a, b string) bool {
		for _, k := range EmailSlipKeys(a) {
			if slices.Contains(EmailSlipKeys(b), k) {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"renee@rolyeon.fr", "rennee@rolyeon.fr", true},
		{"h.hyde@verzen.com", "h.hydde@verzen.com", true},
		{"nicole.bousquet@corvio-pharma.fr", "nicole.obusquet@corvio-pharma.fr", true},
		{"renee@rolyeon.fr", "renee@globex.example", false}, // another domain
		{"ann@acme.example", "anne@acme.example", false},    // too short: no keys
		{"info@acme.example", "infos@acme.example", false},  // a role account's
		{"renee@gmail.com", "rennee@gmail.com", false},      // a provider's short part: too many people's
		{"ines07@gmail.com", "innes07@gmail.com", true},     // unless it holds a number
	} {
		if got := shares(c.a, c.b); got != c.want {
			t.Errorf("%s, %s: share a slip key %v, want %v (%q, %q)", c.a, c.b, got, c.want, EmailSlipKeys(c.a), EmailSlipKeys(c.b))
		}
	}
}
