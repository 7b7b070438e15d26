package match

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeEmail(t *testing.T) {
	same := []struct {
		name string
		in   []string
		want EmailKey
	}{
		{"should trim, lower-case and apply the Gmail rules",
			[]string{" Bob.Smith+news@GMail.com ", "bobsmith@gmail.com", "b.o.b.s.m.i.t.h@gmail.com", "BobSmith@googlemail.com"},
			"bobsmith@gmail.com"},
		{"should ignore a Gmail +tag and dots",
			[]string{"john.smith+news@gmail.com", "johnsmith@gmail.com", "John.Smith@GoogleMail.COM"},
			"johnsmith@gmail.com"},
		{"should keep the dots of a corporate address",
			[]string{"r.smith@acmecorp.com", "R.Smith@AcmeCorp.com", "  r.smith@acmecorp.com.  "},
			"r.smith@acmecorp.com"},
		{"should keep a +tag on a corporate domain",
			[]string{"r.smith+crm@acmecorp.com"},
			"r.smith+crm@acmecorp.com"},
		{"should drop the +tag but keep dots at Outlook",
			[]string{"Jane.Doe+shop@outlook.com", "jane.doe@outlook.com"},
			"jane.doe@outlook.com"},
		{"should drop the +tag at Hotmail, iCloud, Fastmail, Proton and Yahoo",
			[]string{"x.y+a@hotmail.com"}, "x.y@hotmail.com"},
		{"", []string{"x.y+a@icloud.com"}, "x.y@icloud.com"},
		{"", []string{"x.y+a@fastmail.fm"}, "x.y@fastmail.fm"},
		{"", []string{"x.y+a@pm.me"}, "x.y@pm.me"},
		{"", []string{"x.y+a@yahoo.com"}, "x.y@yahoo.com"},
		{"should drop the +tag at every country domain of Outlook.com and Yahoo",
			[]string{"lara.degruijter+work@hotmail.nl", "Lara.DeGruijter@Hotmail.NL"}, "lara.degruijter@hotmail.nl"},
		{"", []string{"x.y+a@outlook.ie"}, "x.y@outlook.ie"},
		{"", []string{"x.y+a@yahoo.co.uk"}, "x.y@yahoo.co.uk"},
		{"should keep a +tag at a provider that does not document it, or under a family's name that is no country domain",
			[]string{"x.y+a@gmx.de"}, "x.y+a@gmx.de"},
		{"", []string{"x.y+a@hotmail.acme.com"}, "x.y+a@hotmail.acme.com"},
		{"should keep a Yahoo '-' alias, which names another mailbox",
			[]string{"base-keyword@yahoo.com"}, "base-keyword@yahoo.com"},
		{"should not leave a dot before a dropped tag",
			[]string{"john.+x@outlook.com"}, "john@outlook.com"},
		{"should keep a local part that is only a tag",
			[]string{"+x@gmail.com"}, "+x@gmail.com"},
		{"should accept mailto: and angle brackets",
			[]string{"mailto:Foo@Bar.com", "<foo@bar.com>", "MAILTO: <foo@bar.com> "}, "foo@bar.com"},
		{"should read the address after a display name",
			[]string{"Foo Bar <foo@bar.com>", "\"Bar, Foo\" <Foo@Bar.com>", "\"foo@bar.com\" <foo@bar.com>",
				"'foo@bar.com' <foo@bar.com>", "sales@bar.com <foo@bar.com>"}, "foo@bar.com"},
		{"should read a comma in one address's domain as the dot it was typed for",
			[]string{"foo@bar,com", "Foo@Bar,Com ", "foo@bar.com,"}, "foo@bar.com"},
		{"", []string{"cohena@riverstar,co.uk", "cohena@riverstar.co,uk"}, "cohena@riverstar.co.uk"},
		{"", []string{"j.doe@acme.com,au"}, "j.doe@acme.com.au"},
		{"should drop the +tag at Yahoo's other domains", []string{"x.y+a@ymail.com"}, "x.y@ymail.com"},
		{"", []string{"x.y+a@rocketmail.com"}, "x.y@rocketmail.com"},
		{"", []string{"s.rao@verma-technologies,in"}, "s.rao@verma-technologies.in"},
		{"should take the first of several addresses",
			[]string{"foo@bar.com; foo@home.net", "foo@bar.com, Foo <foo@home.net>", "foo@bar.com foo@home.net",
				"Foo <foo@bar.com>, Bar <bar@home.net>", "\"Bar, Foo\" <foo@bar.com>; bar@home.net"}, "foo@bar.com"},
		{"should drop invisible characters copied with the address",
			[]string{"foo@bar.com\u200b", "\ufefffoo@bar.com", "foo\u200d@bar.com"}, "foo@bar.com"},
		{"should lower-case an IDN domain and keep it in Unicode",
			[]string{"Info@Bücher.DE", "info@bücher.de"}, "info@bücher.de"},
		{"should compose Unicode to NFC",
			[]string{"jose\u0301@example.com", "JOSÉ@example.com"}, "josé@example.com"},
	}
	for _, tc := range same {
		t.Run(tc.name, func(t *testing.T) {
			for _, in := range tc.in {
				got, err := NormalizeEmail(in)
				if err != nil || got != tc.want {
					t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, tc.want)
				}
			}
		})
	}
}

func TestNormalizeEmailInvalid(t *testing.T) {
	long := strings.Repeat("a", 60) + "@" + strings.Repeat("b", 60) + "." + strings.Repeat("c", 60) + "." + strings.Repeat("d", 60) + ".com"
	cases := []struct {
		in   string
		want EmailProblem
	}{
		{"", EmailEmpty},
		{" \t ", EmailEmpty},
		{"bob.smith.gmail.com", EmailNoAt},
		{"@gmail.com", EmailEmptyLocal},
		{"bob@", EmailEmptyDomain},
		{"bob@.", EmailEmptyDomain},
		{"bob smith@gmail.com", EmailSpace},
		{"bob@gmail .com", EmailSpace},
		{"bob\u00a0smith@gmail.com", EmailSpace},
		{".bob@gmail.com", EmailInvalidLocal},
		{"bob.@acme.com", EmailInvalidLocal},
		{"bob..smith@acme.com", EmailInvalidLocal},
		{`"bob"@acme.com`, EmailInvalidLocal},
		{"bob@smith@acme.com", EmailInvalidLocal},
		{"bob🙂@acme.com", EmailInvalidLocal},
		{"bob'); DROP TABLE contacts;--@x.com", EmailSpace},
		{"bob;drop@x.com", EmailInvalidLocal},
		{"bob@localhost", EmailInvalidDomain},
		{"bob@1.2.3.4", EmailInvalidDomain},
		{"bob@[1.2.3.4]", EmailInvalidDomain},
		{"bob@-acme.com", EmailInvalidDomain},
		{"bob@acme-.com", EmailInvalidDomain},
		{"foo@bar.com,Bar", EmailInvalidDomain}, // an address and something after it, no comma typed for a dot
		{"foo@bar.com,bar.com", EmailInvalidDomain},
		{"bob@acme..com", EmailInvalidDomain},
		{"bob@acme_corp.com", EmailInvalidDomain},
		{"bob@" + strings.Repeat("a", 64) + ".com", EmailInvalidDomain},
		{"bob@acme.com..", EmailInvalidDomain},
		{strings.Repeat("a", 65) + "@acme.com", EmailTooLong},
		{long + long, EmailTooLong},
		{"a@b\xffc.com", EmailInvalidDomain},
	}
	for _, tc := range cases {
		t.Run("should refuse "+tc.want.String()+": "+shorten(tc.in), func(t *testing.T) {
			got, err := NormalizeEmail(tc.in)
			var ee *EmailError
			if !errors.As(err, &ee) || ee.Problem != tc.want {
				t.Fatalf("NormalizeEmail(%q) = %q, %v; want problem %q", tc.in, got, err, tc.want)
			}
			if !errors.Is(err, ErrInvalidEmail) || ee.Input != tc.in || got != "" {
				t.Errorf("error %v does not wrap ErrInvalidEmail or lost its input", err)
			}
		})
	}
}

func TestNormalizeEmailLengthLimit(t *testing.T) {
	// Given an address of exactly 254 bytes, and one of 255
	local := strings.Repeat("ab", 32) // not one letter over and over, which is keyboard mash
	domain := strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 57) + ".com"
	ok := local + "@" + domain
	if len(ok) != 254 {
		t.Fatalf("test setup: len %d", len(ok))
	}
	t.Run("should accept 254 bytes, with or without a trailing dot", func(t *testing.T) {
		for _, in := range []string{ok, ok + "."} {
			if _, err := NormalizeEmail(in); err != nil {
				t.Errorf("NormalizeEmail(%d bytes): %v", len(in), err)
			}
		}
	})
	t.Run("should refuse 255", func(t *testing.T) {
		_, err := NormalizeEmail("x" + ok[1:] + "x")
		var ee *EmailError
		if !errors.As(err, &ee) || ee.Problem != EmailTooLong {
			t.Errorf("got %v, want too long", err)
		}
	})
}

func TestNormalizeEmailAllocations(t *testing.T) {
	t.Run("should not allocate for an address that is already a key", func(t *testing.T) {
		if n := testing.AllocsPerRun(100, func() { _, _ = NormalizeEmail("r.smith@acmecorp.com") }); n != 0 {
			t.Errorf("allocs = %v, want 0", n)
		}
	})
	t.Run("should allocate only the key otherwise", func(t *testing.T) {
		if n := testing.AllocsPerRun(100, func() { _, _ = NormalizeEmail(" Bob.Smith+news@GMail.com ") }); n != 1 {
			t.Errorf("allocs = %v, want 1", n)
		}
	})
}

func TestEmailParts(t *testing.T) {
	k, err := NormalizeEmail("Bob.Smith@GMail.com")
	if err != nil {
		t.Fatal(err)
	}
	if EmailLocal(k) != "bobsmith" || EmailDomain(k) != "gmail.com" {
		t.Errorf("EmailLocal, EmailDomain(%q) = %q, %q", k, EmailLocal(k), EmailDomain(k))
	}
	if EmailLocal("nodomain") != "nodomain" || EmailDomain("nodomain") != "" {
		t.Error("a key without '@' should be all local part")
	}
}

func TestIsPersonalEmailDomain(t *testing.T) {
	personal := []string{"gmail.com", "GMAIL.COM.", "googlemail.com", "yahoo.com", "yahoo.co.uk",
		"yahoo.co.jp", "yahoo.com.br", "ymail.com", "outlook.com", "outlook.de", "hotmail.fr",
		"live.co.uk", "icloud.com", "me.com", "aol.com", "aol.de", "gmx.de", "gmx.net", "web.de",
		"proton.me", "protonmail.com", "yandex.ru", "yandex.kz", "mail.ru", "qq.com", "163.com",
		"naver.com", "privaterelay.appleid.com", "bob@gmail.com", " hotmail.com "}
	corporate := []string{"acmecorp.com", "google.com", "microsoft.com", "yahoo.acme.com",
		"outlook.acmecorp.com", "mail.acme.com", "gmail.co", "live.example.org", "", "com", "gmail"}
	for _, d := range personal {
		if !IsPersonalEmailDomain(d) {
			t.Errorf("IsPersonalEmailDomain(%q) = false, want true", d)
		}
	}
	for _, d := range corporate {
		if IsPersonalEmailDomain(d) {
			t.Errorf("IsPersonalEmailDomain(%q) = true, want false", d)
		}
	}
}

func TestErrorMessagesLeaveTheValueOut(t *testing.T) {
	// Error texts reach logs; addresses and numbers are personal data.
	_, err := NormalizeEmail("bob.secret@acme")
	if err == nil || strings.Contains(err.Error(), "secret") || err.Error() != "invalid e-mail address: invalid domain" {
		t.Errorf("e-mail error text: %v", err)
	}
	_, err = NormalizePhone("415 555 99 secret", "US")
	if err == nil || strings.Contains(err.Error(), "555") || strings.Contains(err.Error(), "secret") {
		t.Errorf("phone error text: %v", err)
	}
}

// shorten cuts a test input for a subtest name.
func shorten(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}

func TestNumberedAccountsAtAProvider(t *testing.T) {
	level := func(a, b string) int {
		pa := NewProfile(map[Kind]string{KindEmail: a}, Options{})
		pb := NewProfile(map[Kind]string{KindEmail: b}, Options{})
		l, _ := compare(KindEmail, &pa, &pb)
		return l
	}
	t.Run("should call a name's address and its numbered twin at one provider different", func(t *testing.T) {
		if l := level("tamara_pierce@gmail.com", "tamara_pierce4@gmail.com"); l != emailDifferent {
			t.Errorf("level %d, want %d (different)", l, emailDifferent)
		}
	})
	t.Run("should still call a digit dropped from a number a slip", func(t *testing.T) {
		if l := level("masons52@gmail.com", "masons2@gmail.com"); l != emailClose {
			t.Errorf("level %d, want %d (close)", l, emailClose)
		}
	})
	t.Run("should call two numbers more than a digit apart two accounts", func(t *testing.T) {
		if l := level("fheinrich4204@gmail.com", "fheinrich238@gmail.com"); l != emailDifferent {
			t.Errorf("level %d, want %d (different)", l, emailDifferent)
		}
	})
}

// The e-mail levels of the scorer: a slip in the domain and a sub-address's
// tag are one address written twice (close); an office's mailbox (team@)
// beside a person's own address is not compared, nor are the two read as
// colleagues' addresses; one local part at two providers is the local-part
// level; a work address and a personal one are not compared (people have
// both); two personal addresses, or two companies', differ; two people's
// addresses at one company stay colleagues, unless both spell the name
// both sides write (aliases).
func TestEmailLevels(t *testing.T) {
	s, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	level := func(a, b string) (string, string) {
		pa := NewProfile(map[Kind]string{KindFirstName: "Charles", KindLastName: "Ross", KindEmail: a}, Options{})
		pb := NewProfile(map[Kind]string{KindFirstName: "Charles", KindLastName: "Ross", KindEmail: b}, Options{})
		c := s.Score(&pa, &pb)
		for _, e := range c.Evidence {
			if e.Kind == KindEmail {
				return e.Level, c.Guard
			}
		}
		return "", c.Guard
	}
	for _, tc := range []struct {
		a, b, want string
		guard      string
	}{
		{"josephferrell@icloud.com", "josephferrell@iclloud.com", LevelDomainSlip, ""},
		{"jo@icloud.com", "jo@iclloud.com", LevelClose, ""},                                 // a local part too short to be anyone's own
		{"evanandgeorgina@outlook.ie", "evanandgeorgina+signup@outlook.ie", LevelExact, ""}, // Outlook.com's plus addressing, at a country domain too
		{"charles.ross@vercor.com", "charles.ross+crm@vercor.com", LevelClose, ""},
		{"anil@crescentpeak.com", "anil+events@crescentpeak.com", LevelClose, ""}, // a short mailbox's tag is no colleague
		{"charles.ross@vercor.com", "team@vercor.com", "", ""},
		{"info@vercor.com", "charles.ross@vercor.com", "", ""},
		{"john.riddle@yaho.com", "john.riddle@quaro.com", LevelLocal, ""},
		{"charles.ross@vercor.com", "cross@vercor.com", "", ""},                     // two aliases of the name both write
		{"charles.ross@vercor.com", "charles.ross2@vercor.com", LevelDifferent, ""}, // a namesake's account
		{"charles.ross@vercor.com", "mweber@vercor.com", LevelDifferent, GuardColleagues},
		{"charles.ross@vercor.com", "chazross77@gmail.com", "", ""},
		{"chazross77@gmail.com", "charles.r@outlook.com", LevelDifferent, ""},
		{"charles.ross@vercor.com", "cr@acme.com", LevelDifferent, ""},
	} {
		t.Run(tc.a+" "+tc.b, func(t *testing.T) {
			if got, guard := level(tc.a, tc.b); got != tc.want || guard != tc.guard {
				t.Errorf("level %q, guard %q; want %q, %q", got, guard, tc.want, tc.guard)
			}
		})
	}
}

func TestEmailAddressDropsAFullStop(t *testing.T) {
	for in, want := range map[string]string{
		"ann@acme.com.":           "ann@acme.com",
		"Ann Lee <ann@acme.com>.": "ann@acme.com",
		"ann@acme.com..":          "ann@acme.com..", // two are no full stop: the address stays invalid
		"mailto:ann@acme.com":     "ann@acme.com",
	} {
		if got := EmailAddress(in); got != want {
			t.Errorf("EmailAddress(%q) = %q, want %q", in, got, want)
		}
	}
}

// A company's second account for a name, one letter of the first name
// more (jscholz, juscholz), is another person's address; a slip of one's
// own, or another letter at that place, stays close.
func TestEmailNamesakeInitials(t *testing.T) {
	s, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		first, last, a, b string
		want, guard       string
	}{
		{"Julia", "Scholz", "jscholz@baumgaertner.com", "juscholz@baumgaertner.com", LevelDifferent, GuardColleagues},
		{"Mikael", "Andersson", "mandersson@tang.se", "miandersson@tang.se", LevelDifferent, GuardColleagues},
		{"Akira", "Kitano", "akitano@tokai.com", "akkitano@tokai.com", LevelDifferent, GuardColleagues},
		{"Mikael", "Andersson", "m.andersson@tang.se", "mi.andersson@tang.se", LevelDifferent, GuardColleagues},
		{"Julia", "Scholz", "jscholz@baumgaertner.com", "jscholtz@baumgaertner.com", LevelLocalSlip, ""}, // a slip in the surname
		{"Julia", "Scholz", "jscholz@baumgaertner.com", "jxscholz@baumgaertner.com", LevelClose, ""},     // a letter that is not the first name's next
		{"Julia", "Scholz", "julia.scholz@acme.de", "juliia.scholz@acme.de", LevelLocalSlip, ""},         // a slip in a first name written whole
		{"Julia", "Scholz", "jscholz@gmail.com", "juscholz@gmail.com", LevelClose, ""},                   // a provider's addresses are the slips' to judge
		{"Julia", "Scholz", "j@baumgaertner.com", "ju@baumgaertner.com", LevelClose, GuardColleagues},    // too short to write the surname
		{"Jo", "Li", "j@acme.com", "jo@acme.com", LevelClose, GuardColleagues},
	} {
		t.Run(tc.a+" "+tc.b, func(t *testing.T) {
			a := NewProfile(map[Kind]string{KindFirstName: tc.first, KindLastName: tc.last, KindEmail: tc.a}, Options{})
			b := NewProfile(map[Kind]string{KindFirstName: tc.first, KindLastName: tc.last, KindEmail: tc.b}, Options{})
			c := s.Score(&a, &b)
			level := ""
			for _, e := range c.Evidence {
				if e.Kind == KindEmail {
					level = e.Level
				}
			}
			if level != tc.want || c.Guard != tc.guard {
				t.Errorf("level %q, guard %q; want %q, %q", level, c.Guard, tc.want, tc.guard)
			}
		})
	}
}
