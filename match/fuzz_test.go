package match

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// Seeds shared by the fuzz targets: the hard cases of the table tests and
// hostile text.
var fuzzSeeds = []string{
	"", " ", " Bob.Smith+news@GMail.com ", "r.smith@acmecorp.com", "x@bücher.DE", "mailto:<A@B.com>",
	"+x@gmail.com", "john.+x@outlook.com", "a@b", "a@1.2.3.4", "\"q\"@x.com",
	"+1 (415) 555-0100", "001 415 555 0100", "020 7946 0958", "+1 415-555-0100 ext. 12", ";ext=12",
	"O'Brien-Müller", "Zoë", "José María", "Dr. John Smith Jr.", "Smith, Ph.D.", "ΟΔΥΣΣΕΑΣ", "김민준",
	"ﾀﾛｳ", "İstanbul", "ß", "ŀl", "O´Brien", "Müller GmbH & Co. KG", "Grupo Bimbo S.A.B. de C.V.",
	"🙂 Bob 🙂", "Robert'); DROP TABLE contacts;--", "\xff\xfe", "\u0301\u0301a", "a\u200bb",
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key, err := NormalizeEmail(s)
		_ = IsPersonalEmailDomain(s)
		if err != nil {
			var ee *EmailError
			if !errors.As(err, &ee) || !errors.Is(err, ErrInvalidEmail) || key != "" {
				t.Fatalf("NormalizeEmail(%q) = %q, %v: not a clean *EmailError", s, key, err)
			}
			return
		}
		if len(key) > maxEmailLen || EmailLocal(key) == "" || EmailDomain(key) == "" || !utf8.ValidString(string(key)) {
			t.Fatalf("NormalizeEmail(%q) = %q: malformed key", s, key)
		}
		again, err := NormalizeEmail(string(key))
		if err != nil || again != key {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, key, again, err)
		}
		_ = IsPersonalEmailDomain(EmailDomain(key))
	})
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range fuzzSeeds {
		for _, r := range []string{"US", "GB", ""} {
			f.Add(s, r)
		}
	}
	f.Add("4155550100", "de")
	f.Add("(0044) 20 7946 0958", "ZZ")
	f.Fuzz(func(t *testing.T, raw, region string) {
		p, err := NormalizePhone(raw, region)
		if err != nil {
			var pe *PhoneError
			if !errors.As(err, &pe) || !errors.Is(err, ErrInvalidPhone) || !p.IsZero() {
				t.Fatalf("NormalizePhone(%q, %q) = %+v, %v: not a clean *PhoneError", raw, region, p, err)
			}
			return
		}
		if len(p.E164) < 3 || len(p.E164) > 18 || p.E164[0] != '+' || strings.Trim(p.E164[1:], "0123456789") != "" ||
			strings.Trim(p.Extension, "0123456789") != "" {
			t.Fatalf("NormalizePhone(%q, %q) = %+v: not E.164", raw, region, p)
		}
		again, err := NormalizePhone(p.String(), "")
		if err != nil || again != p {
			t.Fatalf("not idempotent: %q (%q) → %+v → %+v, %v", raw, region, p, again, err)
		}
	})
}

func FuzzFoldName(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := FoldName(s)
		checkFolded(t, "FoldName", s, folded)
		if again := FoldName(folded); again != folded {
			t.Fatalf("FoldName not idempotent: %q → %q → %q", s, folded, again)
		}
		key := NameKey(s)
		if strings.Contains(key, " ") || key != strings.ReplaceAll(folded, " ", "") {
			t.Fatalf("NameKey(%q) = %q, FoldName %q", s, key, folded)
		}
		if again := NameKey(key); again != key {
			t.Fatalf("NameKey not idempotent: %q → %q → %q", s, key, again)
		}
		keys := FirstNameKeys(folded)
		if folded != "" && (len(keys) == 0 || keys[0] != key) {
			t.Fatalf("FirstNameKeys(%q) = %q, want %q first", folded, keys, key)
		}
		_ = CanonicalFirstName(folded)
	})
}

func FuzzFoldCompany(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := FoldCompany(s)
		checkFolded(t, "FoldCompany", s, folded)
		if again := FoldCompany(folded); again != folded {
			t.Fatalf("FoldCompany not idempotent: %q → %q → %q", s, folded, again)
		}
		if got := strings.Join(CompanyTokens(s), " "); got != folded {
			t.Fatalf("CompanyTokens(%q) joined = %q, FoldCompany %q", s, got, folded)
		}
		if k := NameCompanyKey(s, s, s); k != "" && strings.Count(k, "|") != 2 {
			t.Fatalf("NameCompanyKey(%q) = %q", s, k)
		}
	})
}

// checkFolded checks the shape every folded value has: valid UTF-8, tokens
// separated by single spaces, no upper-case ASCII, no ASCII punctuation.
func checkFolded(t *testing.T, fn, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) || strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ") || strings.Contains(out, "  ") {
		t.Fatalf("%s(%q) = %q: malformed", fn, in, out)
	}
	for i := 0; i < len(out); i++ {
		c := out[i]
		if c < utf8.RuneSelf && c != ' ' && !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			t.Fatalf("%s(%q) = %q: byte %q", fn, in, out, c)
		}
	}
}
