package match

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"
)

// NumberedApart reports two e-mail local parts whose numbers are as long
// and differ ("person.0002", "person.0004"; "jsmith77", "jsmith78"), or
// differ by more than a digit dropped or added ("fheinrich4204",
// "fheinrich238"): accounts numbered apart, not one address with a slip. A
// digit dropped or added is still a slip ("masons52", "masons2").
func NumberedApart(a, b string) bool {
	var da, db [32]byte
	na, nb := 0, 0
	for i := 0; i < len(a) && na < len(da); i++ {
		if a[i] >= '0' && a[i] <= '9' {
			da[na], na = a[i], na+1
		}
	}
	for i := 0; i < len(b) && nb < len(db); i++ {
		if b[i] >= '0' && b[i] <= '9' {
			db[nb], nb = b[i], nb+1
		}
	}
	if na == 0 || nb == 0 || da == db {
		return false
	}
	return na == nb || !EditDistanceAtMost1(string(da[:na]), string(db[:nb]))
}

// OneMailbox: two local parts that differ only by a subaddress, a "+tag"
// (RFC 5233) after the mailbox's name: "anil" and "anil+events" (untagged).
// Mail systems deliver both to one mailbox, at any domain that allows the
// form; NormalizeEmail folds the tag only where the provider documents it
// for every address, so the key keeps it elsewhere.
func OneMailbox(a, b string) bool {
	return a != b && untagged(a) == untagged(b)
}

// NamesakeAccounts: two local parts of one stem, one with a trailing
// number and the other without (chenderson, chenderson2), or with numbers
// more than a digit apart: how a mail system names a namesake's account at
// one company. A digit dropped from a number (masons52, masons2) is a slip.
func NamesakeAccounts(a, b string) bool {
	if !AccountsNumbered(a, b) {
		return false
	}
	sa, sb := strings.TrimRight(a, "0123456789"), strings.TrimRight(b, "0123456789")
	return sa == a || sb == b || !EditDistanceAtMost1(a, b)
}

// NamesakeInitials: two local parts that write one name, first and last
// (keys, as Profile.First and Profile.Last hold them), by the first name's
// first letter or two and the surname, the second with the first name's
// next letter added (jscholz, juscholz for Julia Scholz; m.andersson,
// mi.andersson): how a company's mail system names a namesake's account
// when the first form is taken (Exchange's address policies, %1g%s then
// %2g%s), not a slip. A slip that adds just that letter at just that place
// is rare beside it.
func NamesakeInitials(a, b, first, last string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b) != len(a)+1 || len(last) < 2 {
		return false
	}
	for i := 1; i <= 2 && i <= len(a) && i+1 < len(first); i++ {
		if b[:i] == a[:i] && b[i+1:] == a[i:] && strings.HasPrefix(first, b[:i+1]) &&
			strings.TrimLeft(a[i:], "._-") == unseparated(last) {
			return true
		}
	}
	return false
}

// namesakeInitialsOf: NamesakeInitials of a's and b's local parts, by the
// names either writes (not those its address spells).
func namesakeInitialsOf(a, b *Profile) bool {
	for _, p := range [2]*Profile{a, b} {
		if p.First != "" && !p.NameFromAddress() && NamesakeInitials(a.EmailLocal, b.EmailLocal, p.First, p.Last) {
			return true
		}
	}
	return false
}

// AccountsNumbered: two local parts that are one stem with different
// trailing numbers, one of them possibly none ("skavanagh", "skavanagh2";
// "j.doe2", "j.doe3"). At one company's domain that is how a mail system
// tells a namesake's account from the first one's, far more often than a
// digit typed at the end of an address.
func AccountsNumbered(a, b string) bool {
	sa, sb := strings.TrimRight(a, "0123456789"), strings.TrimRight(b, "0123456789")
	return sa != "" && sa == sb && a != b
}

// numberAdded: two local parts of one stem, one with a trailing number and
// the other without ("tamara_pierce", "tamara_pierce4"; the stem's
// separators aside: "nicoleschroeder", "nicole_schroeder55"). At a consumer
// provider that is how a second person of a name gets an address; a digit
// typed at the end of one's own is rarer. Two numbers a slip apart
// ("masons52", "masons2") are left to the slips.
func numberAdded(a, b string) bool {
	sa, sb := strings.TrimRight(a, "0123456789"), strings.TrimRight(b, "0123456789")
	return sa != "" && unseparated(sa) == unseparated(sb) && (sa == a) != (sb == b)
}

// unseparated is a local part without the dots, underscores and hyphens
// that people write between a name's parts, or leave out.
func unseparated(local string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '_' || r == '-' {
			return -1
		}
		return r
	}, local)
}

// localSlip: one address with a slip inside a name it spells, at one
// domain: the local parts, of five letters and digits or more, are one
// keystroke apart (a letter typed wrong, left out, doubled, or swapped with
// the next: nicole.obusquet@ for nicole.bousquet@, rennee@ for renee@), past
// the part's first two letters and before its last, and inside a word
// (letters either side of it, but for a swap). A keystroke among the first
// two letters writes another person's initials (jwang@, jiwang@,
// jawang@; sdavis@, stdavis@: how a company names namesakes' accounts); one
// at a word's first or last letter, a digit or a separator another name
// or account (k.kato@, k.sato@; yuka.ono@, yuki.ono@; sanjayb86@,
// sanjayc86@; samantha.jackson@, samanthajackson@). The caller tells the
// numbered accounts apart first. Over the looked-at streams, pairs of
// addresses at one company's domain that it reads as a slip were one
// person's 641 times and two people's 6 times; of the other pairs one edit
// apart, 322 and 671 (docs/matching.md). Letters and positions are bytes: a
// non-ASCII letter counts as letters, and two bytes of the part's start.
func localSlip(a, b string) bool {
	if a == b || !EditDistanceAtMost1(a, b) || alnumLen(a) < 5 || alnumLen(b) < 5 {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	// A letter doubled or undoubled may be read at either end of its run
	// (jfarrell, jfarrelll): the common beginning taken first, then the
	// common end first.
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	j := 0
	for j < len(a) && a[len(a)-1-j] == b[len(b)-1-j] {
		j++
	}
	return slipInside(a, b, i, min(j, len(a)-i)) || slipInside(a, b, min(i, len(a)-j), j)
}

// slipInside: b[i:len(b)-j] is the keystroke's span in the longer part, a
// one, a[i:len(a)-j] in the other. Both are letters, after the first two
// of the part and before its last, and, but for two letters swapped, with
// a letter of the same word either side.
func slipInside(a, b string, i, j int) bool {
	if i < 2 || j == 0 {
		return false
	}
	for _, span := range [...]string{a[i : len(a)-j], b[i : len(b)-j]} {
		for k := 0; k < len(span); k++ {
			if !isLetterByte(span[k]) {
				return false
			}
		}
	}
	swap := len(a) == len(b) && len(a)-j-i == 2
	return swap || isLetterByte(b[i-1]) && isLetterByte(b[len(b)-j])
}

// isLetterByte: a lower-case ASCII letter, or a byte of a non-ASCII
// character (a local part's key is lower-cased; its accented letters are
// letters).
func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 0x80 }

// alnumLen is how many ASCII letters and digits local holds.
func alnumLen(local string) int {
	n := 0
	for i := 0; i < len(local); i++ {
		if c := local[i]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			n++
		}
	}
	return n
}

// domainSlip: one address with a slip in its domain (gmial.com,
// iclloud.com, wadee.com, acme.ocm): the same local part, of five letters
// or more (a short one, ann@, is many people's at many domains), at two
// domains a keystroke apart that are not two real domains of the kind
// people hold addresses at:
//   - not two domains of the known providers (ymail.com and gmail.com are
//     two mail services, mike.jones@ at each anyone's);
//   - not one name under two real public suffixes (acme.de and acme.se,
//     acme.com and acme.co are two companies' domains as often as one's;
//     live.se and live.de two services), though yahoo.co.ik, whose suffix
//     no registry runs, is a slip of yahoo.co.uk.
//
// The local parts are compared as written, their dots aside only where a
// side's provider drops them from its key (gmail.com: gregory.hill@gmial.com
// beside the key gregoryhill@gmail.com). Role accounts are left out by the
// caller. The test reads both sides alike, whatever their order.
func domainSlip(a, b *Profile) bool {
	if a.EmailDomain == b.EmailDomain || !EditDistanceAtMost1(a.EmailDomain, b.EmailDomain) {
		return false
	}
	la, lb := untagged(a.EmailLocal), untagged(b.EmailLocal)
	if la != lb {
		if !providerRuleOf(a.EmailDomain).dropDots && !providerRuleOf(b.EmailDomain).dropDots || undotted(la) != undotted(lb) {
			return false
		}
	}
	if utf8.RuneCountInString(undotted(la)) < 5 || personalDomains[a.EmailDomain] && personalDomains[b.EmailDomain] {
		return false
	}
	return !twoRealSuffixes(a.EmailDomain, b.EmailDomain)
}

// twoRealSuffixes: two domains that differ only in their public suffix, each
// a suffix of the Public Suffix List's ICANN section (acme.de, acme.se), not
// a slip of one (acme.ocm, whose "ocm" no registry runs).
func twoRealSuffixes(a, b string) bool {
	sa, ia := publicsuffix.PublicSuffix(a)
	sb, ib := publicsuffix.PublicSuffix(b)
	return ia && ib && sa != sb && strings.TrimSuffix(a, sa) == strings.TrimSuffix(b, sb)
}

// undotted is an e-mail local part without its dots.
func undotted(local string) string { return strings.ReplaceAll(local, ".", "") }

// untagged is an e-mail local part without its sub-address tag ("ann+news"
// is "ann"), the convention of RFC 5233 that most mail servers follow; a
// local part that starts with the separator is kept whole.
func untagged(local string) string {
	if i := strings.IndexByte(local, '+'); i > 0 {
		return local[:i]
	}
	return local
}
