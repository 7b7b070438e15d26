package match

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"
)

// NamesFromEmail reads a person's first and last name from an address
// written as first.last, first_last or first-last ("joshua.becker@…",
// "Kirsty.Hughes91+news@…"): a tag after '+' and trailing digits are
// dropped, and exactly two words of two letters or more remain, neither a
// role account's name. Anything else gives nothing: a single word
// ("jrobertson", "info"), an initial ("j.smith"), three words, a role
// ("sales.team", "billing-dept"). A pair of words that is no name
// ("blue.sky") does no harm: such names agree with no person's, and an
// address both sides hold says more than its words.
//
// Most work addresses, and many personal ones, are made of the name, so a
// contact that carries only its address still says who it is: Normalize
// and NewProfile take these names when the contact has none of its own.
func NamesFromEmail(raw string) (first, last string) {
	raw = strings.ToLower(strings.TrimSpace(raw))
	at := strings.LastIndexByte(raw, '@')
	if at <= 0 {
		return "", ""
	}
	local := raw[:at]
	if plus := strings.IndexByte(local, '+'); plus >= 0 {
		local = local[:plus]
	}
	local = strings.TrimRight(local, "0123456789")
	if IsRoleEmail(local) {
		return "", ""
	}
	words := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' })
	if len(words) != 2 {
		return "", ""
	}
	for _, w := range words {
		if len(w) < 2 || strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			return "", ""
		}
	}
	if IsRoleEmail(words[0]) || IsRoleEmail(words[1]) {
		return "", ""
	}
	return words[0], words[1]
}

// LastNameFromEmail returns the last name an address spells beside the
// first name the contact wrote ("Patricia", patricia.burford60@gmail.com:
// burford): the address is first.last (NamesFromEmail) and its first word
// is the written first name or a writing of it (FirstNameKeys); or the
// address is the written first name, or its initial, and then four
// letters or more ("Declan", declanshelmore@gmail.com: shelmore;
// "Zachary", zmiller@cvs.com: miller), a tag and trailing digits left out.
// A first name of two words is compared whole with the address's first
// word ("Ka Yan", kayan.cheung@: cheung). "" when the address spells
// another first name, or no name.
func LastNameFromEmail(first, email string) string {
	written := FoldName(first)
	if written == "" {
		return ""
	}
	several := strings.Contains(written, " ")
	if f, l := NamesFromEmail(email); f != "" {
		if several && NameKey(written) == NameKey(f) || !several && slices.Contains(FirstNameKeys(written), NameKey(f)) {
			return l // a first name of two words the address writes as one: "Ka Yan", kayan.cheung@
		}
		return ""
	}
	if several {
		return "" // a first name of several words: no single word to compare
	}
	writings := FirstNameKeys(written)
	local := emailLocalWord(email)
	if local == "" {
		return ""
	}
	for _, w := range writings {
		if rest, ok := strings.CutPrefix(local, w); ok {
			if len(rest) < minNameFromAddress || longerGivenName(local, len(w)) {
				return "" // karenr@; annasmith@ for Ann
			}
			return rest
		}
	}
	if rest := local[1:]; local[0] == written[0] && len(rest) >= minNameFromAddress && !longerGivenName(local, 1) {
		return rest
	}
	return ""
}

// longerGivenName reports whether local begins with a given name longer
// than n letters (a common one, knownGivenName, or one the nickname data
// knows, as startsWithGivenName reads one): "annasmith" beside Ann, or
// "jeffsmith" beside J, begins with another first name, not the written
// one and a last name.
func longerGivenName(local string, n int) bool {
	for i := n + 1; i <= len(local); i++ {
		if knownGivenName(local[:i]) || len(FirstNameKeys(local[:i])) > 1 {
			return true
		}
	}
	return false
}

// minNameFromAddress is the fewest letters an address's remainder, beside
// a written name or its initial, must have to be read as the other name:
// "karenr78@" spells Karen, and no last name.
const minNameFromAddress = 4

// emailLocalWord is an address's local part as one word of letters a to z,
// its tag, trailing digits and separators ('.', '_', '-') left out
// ("p.burford" is pburford): "" for a role account's, or for one with
// anything else in it.
func emailLocalWord(email string) string {
	raw := strings.ToLower(strings.TrimSpace(email))
	at := strings.LastIndexByte(raw, '@')
	if at <= 0 {
		return ""
	}
	local := strings.TrimRight(untagged(raw[:at]), "0123456789")
	if IsRoleEmail(local) {
		return ""
	}
	local = unseparated(local)
	if local == "" || strings.IndexFunc(local, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return ""
	}
	return local
}

// FirstNameFromEmail returns the first name, or its initial, that an
// address spells beside the last name the contact wrote ("Mulder",
// linda.mulder@kpnmail.nl: linda; "Thornhurst", ethornhurst@hrr.co.uk or
// e.thornhurst@: e; "Robertson", lisarobertson@gmail.com: lisa). The
// address is first.last (NamesFromEmail) whose last word is the written
// last name, or the written last name after one letter, or after a
// common given name (knownGivenName), with or without a separator; a tag
// and trailing digits are left out, as NamesFromEmail leaves them. A last
// name of fewer than four letters spells too little to tell ("ali@" is
// no A. Li); a role account's address spells no one. "" otherwise.
func FirstNameFromEmail(last, email string) string {
	l := NameKey(last)
	if len(l) < minNameFromAddress {
		return ""
	}
	if f, w := NamesFromEmail(email); f != "" {
		if NameKey(w) == l {
			return f
		}
		return ""
	}
	first, ok := strings.CutSuffix(emailLocalWord(email), l)
	if ok && (len(first) == 1 || knownGivenName(first)) {
		return first
	}
	return ""
}

// Lent says which of a contact's names its address lent
// (NamesWithAddress).
type Lent uint8

const (
	LentNone  Lent = iota
	LentBoth       // both names (NamesFromEmail): the contact wrote neither
	LentLast       // the last name beside a first name alone (LastNameFromEmail)
	LentFirst      // the first name or its initial beside a last name alone (FirstNameFromEmail), or the name of an initial (FirstNameOfInitial)
)

// NamesWithAddress returns the contact's first and last name, with what
// its address lends where it wrote none: both names when it wrote neither
// (NamesFromEmail), the last name beside a first name alone
// (LastNameFromEmail), the first name beside a last name alone
// (FirstNameFromEmail), the first name an initial stands for
// (FirstNameOfInitial). The names are read as SplitFullName leaves them (a
// whole name written into one column is read first). Normalize,
// NewProfile and the gatekeeper's record keys read a contact's names with
// it.
func NamesWithAddress(first, last, email string) (string, string, Lent) {
	// A placeholder ("-", "N/A", "Unknown") is no name, as NewProfile
	// reads it.
	if !isBlank(first) && FoldName(first) == "" {
		first = ""
	}
	if !isBlank(last) && NameKey(last) == "" {
		last = ""
	}
	switch {
	case isBlank(first) && isBlank(last):
		if f, l := NamesFromEmail(email); f != "" {
			return f, l, LentBoth
		}
	case isBlank(last):
		if l := LastNameFromEmail(first, email); l != "" {
			return first, l, LentLast
		}
		if f := FirstNameOfInitial(first, "", email); f != "" {
			if l := LastNameFromEmail(f, email); l != "" {
				return f, l, LentBoth // "V" at victor.yamamoto@: an initial is hardly a name of its own
			}
		}
	case isBlank(first):
		if f := FirstNameFromEmail(last, email); f != "" {
			return f, last, LentFirst
		}
	case utf8.RuneCountInString(strings.Trim(first, " .")) == 1:
		if f := FirstNameOfInitial(first, last, email); f != "" {
			return f, last, LentFirst
		}
	}
	return first, last, LentNone
}

// FirstNameOfInitial returns the first name an address spells for a first
// name written as its initial ("M.", marcus@yeomansecurity.com: marcus;
// "V", victor.yamamoto@: victor): the address's first name
// (NamesFromEmail, beside the written last name or none), or the name
// before the written last name (FirstNameFromEmail), or the whole local
// part when it is a given name (a common one, or one the nickname data
// knows), begins with the initial and is two letters or more. "" for a
// first name that is no initial, or an address that spells no such name.
func FirstNameOfInitial(first, last, email string) string {
	init := NameKey(first)
	if len(init) != 1 {
		return ""
	}
	ok := func(f string) bool { return len(f) >= 2 && f[0] == init[0] }
	if f, l := NamesFromEmail(email); f != "" {
		if ok(f) && (isBlank(last) || NameKey(l) == NameKey(last)) {
			return f
		}
		return ""
	}
	if f := FirstNameFromEmail(last, email); ok(f) {
		return f
	}
	if local := emailLocalWord(email); ok(local) && (knownGivenName(local) || len(FirstNameKeys(local)) > 1) {
		return local
	}
	return ""
}

// domainOrg returns the name a work address's domain gives its company:
// the label the registry sold, beneath the public suffix ("xenonlighting"
// of "xenonlighting.com", "nchomes" of "nchomes.co.uk"), read with the
// Public Suffix List (golang.org/x/net/publicsuffix), its hyphens left out
// ("frostmercado" of "frost-mercado.com": the words are the company's,
// which CompanyTokens splits at the hyphen too); "" for a consumer
// provider's domain, a label shorter than four letters or an
// internationalized one (xn--, Punycode: no company's words).
func domainOrg(domain string) string {
	if domain == "" || IsPersonalEmailDomain(domain) {
		return ""
	}
	if label := registeredLabel(domain); !strings.HasPrefix(label, "xn--") {
		label = strings.ReplaceAll(label, "-", "")
		if len(label) >= 4 {
			return label
		}
	}
	return ""
}

// registeredLabel returns the label the registry sold, beneath the public
// suffix ("nchomes" of "mail.nchomes.co.uk"); "" when there is none.
func registeredLabel(domain string) string {
	registered, err := publicsuffix.EffectiveTLDPlusOne(domain)
	if err != nil {
		return ""
	}
	org, _, _ := strings.Cut(registered, ".")
	return org
}

// domainSpells reports whether a domain's org label (domainOrg) spells the
// company's tokens (CompanyTokens) in order, each written out or as its
// initial, with words left out at either end: "xenonlighting" for Xenon
// Lighting, "nchomes" for Nightingale Care Homes, "wconservancy" for
// Wetland Conservancy, "acme" for Acme Labs. At least one word is written
// out in full.
func domainSpells(org string, tokens []string) bool {
	if org == "" || len(tokens) == 0 {
		return false
	}
	for start := range tokens {
		if spells(org, tokens[start:], false) {
			return true
		}
	}
	return false
}

// spells: org is the tokens' words or initials in order, a prefix of them.
func spells(org string, tokens []string, full bool) bool {
	if org == "" {
		return full
	}
	if len(tokens) == 0 {
		return false
	}
	t := tokens[0]
	if strings.HasPrefix(org, t) && spells(org[len(t):], tokens[1:], true) {
		return true
	}
	return org[0] == t[0] && len(t) > 1 && spells(org[1:], tokens[1:], full)
}

// AddressOfAnother reports whether the address raw spells another
// person's name than first and last: NamesFromEmail reads a name from it
// whose first word is a given name the census lists (isla.burns@), and
// neither of its words is either of the names given, nor a nickname, a
// slip or an initial of one, in either order. An address made of a
// person's name is that person's: "Donald Barker" writing from
// isla.burns@ is an assistant booking for a colleague, a spouse's address
// filled in by the browser, not Donald's own, and giving it to his record
// would file Isla's next events under him. A name read from no word list
// (blue.sky@, a nickname the nickname list lacks) says nothing; nor do
// names outside the Latin letters an address is written in (Иван
// Петров at ivan.petrov@), which fold to no word of it.
func AddressOfAnother(raw, first, last string) bool {
	f, l := NamesFromEmail(raw)
	if f == "" || !knownGivenName(f) {
		return false
	}
	event := NewProfile(map[Kind]string{KindFirstName: first, KindLastName: last}, Options{})
	if event.First == "" || event.Last == "" || !latinWord(event.First) || !latinWord(event.Last) {
		return false
	}
	owner := NewProfile(map[Kind]string{KindFirstName: f, KindLastName: l}, Options{})
	crossed := NewProfile(map[Kind]string{KindFirstName: l, KindLastName: f}, Options{})
	for _, o := range [...]*Profile{&owner, &crossed} {
		firstLevel, _ := compare(KindFirstName, &event, o)
		lastLevel, _ := compare(KindLastName, &event, o)
		if firstLevel != firstDifferent || lastLevel != gradedDifferent {
			return false
		}
	}
	return true
}

// latinWord: s is written in the letters a to z alone.
func latinWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < 'a' || r > 'z' }) < 0
}
