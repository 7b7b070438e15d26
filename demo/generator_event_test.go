package demo

import (
	"strings"
	"testing"
)

func TestTypo(t *testing.T) {
	t.Run("should make exactly one edit, never on the first letter", func(t *testing.T) {
		r := newRNG(1, 99)
		for _, name := range append(append([]string{}, givenNames...), surnames...) {
			for range 20 {
				got := typo(r, name)
				if got == name || editDistance(got, name) != 1 || got[0] != name[0] {
					t.Fatalf("typo(%q) = %q: want one edit after the first letter", name, got)
				}
			}
		}
	})
	t.Run("should leave names under three letters alone", func(t *testing.T) {
		if got := typo(newRNG(1, 99), "Al"); got != "Al" {
			t.Errorf("typo(Al) = %q", got)
		}
	})
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each count one.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func TestCompanySpellings(t *testing.T) {
	t.Run("should spell a company in ways that differ only in legal form, case and '&'", func(t *testing.T) {
		w, _ := generate(t, GenConfig{Events: 5000, Seed: 8})
		for _, c := range w.companies {
			if len(c.spellings) < 3 {
				t.Errorf("%q has only the spellings %q", c.spellings[0], c.spellings)
			}
			for _, s := range c.spellings {
				if companyKey(s) != companyKey(c.spellings[0]) {
					t.Errorf("%q and %q are not one company once legal forms are dropped", s, c.spellings[0])
				}
			}
		}
	})
	t.Run("should write Acme as the examples do", func(t *testing.T) {
		got := companySpellings("Acme", []string{" Corp", " Corporation"}, []string{" Inc", ", Inc."})
		want := []string{"Acme Corp", "Acme Corporation", "Acme", "ACME Corporation", "Acme, Inc."}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("spellings %q, want %q", got, want)
		}
	})
}

// companyKey folds a company name the simple way: lower case, '&' as "and",
// punctuation and trailing legal forms dropped.
func companyKey(s string) string {
	s = strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(s, "&", " and "), ".", ""))
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
	for len(words) > 1 {
		switch words[len(words)-1] {
		case "corp", "corporation", "inc", "incorporated", "llc", "co", "company", "ltd", "limited", "plc", "and":
			words = words[:len(words)-1]
			continue
		}
		break
	}
	return strings.Join(words, " ")
}

func TestNameLists(t *testing.T) {
	t.Run("should hold a few hundred distinct entries each", func(t *testing.T) {
		for name, list := range map[string][]string{"givenNames": givenNames, "surnames": surnames, "companyNames": companyNames} {
			if len(list) < 250 {
				t.Errorf("%s has %d entries; want a few hundred", name, len(list))
			}
			seen := map[string]bool{}
			for _, s := range list {
				if seen[s] {
					t.Errorf("%s lists %q twice", name, s)
				}
				seen[s] = true
			}
		}
	})
	t.Run("should give nicknames only to listed given names", func(t *testing.T) {
		given := map[string]bool{}
		for _, g := range givenNames {
			given[g] = true
		}
		for name := range nicknames {
			if !given[name] {
				t.Errorf("nicknames of %q, which no person is called", name)
			}
		}
	})
	t.Run("should end no company name in a legal form", func(t *testing.T) {
		for _, c := range companyNames {
			if companyKey(c) != companyKey(c+" Corp") || companyKey(c) != strings.ToLower(strings.ReplaceAll(c, "&", "and")) {
				t.Errorf("%q ends in what reads as a legal form", c)
			}
		}
	})
}

func TestEmailVariants(t *testing.T) {
	t.Run("should alias a personal address only within its mailbox", func(t *testing.T) {
		r := newRNG(3, 3)
		for range 200 {
			for _, addr := range []string{"jane.doe@gmail.com", "janedoe84@gmail.com", "jane_doe@outlook.com"} {
				gmail := strings.HasSuffix(addr, "@gmail.com")
				got := emailAlias(r, addr, gmail)
				if mailbox(got) != mailbox(addr) || got == addr {
					t.Fatalf("emailAlias(%q) = %q: another mailbox, or no alias", addr, got)
				}
			}
		}
	})
	t.Run("should change only the case", func(t *testing.T) {
		r := newRNG(3, 4)
		for range 50 {
			if got := emailCase(r, "jane.doe@acme.com"); strings.ToLower(got) != "jane.doe@acme.com" || got == "jane.doe@acme.com" {
				t.Fatalf("emailCase = %q", got)
			}
		}
	})
}

// mailbox applies the provider rules of the personal domains: no "+tag",
// and for gmail no dots and googlemail.com as gmail.com.
func mailbox(addr string) string {
	local, domain, _ := strings.Cut(strings.ToLower(strings.TrimSpace(addr)), "@")
	local, _, _ = strings.Cut(local, "+")
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	return local + "@" + domain
}
