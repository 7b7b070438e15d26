package match

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// compare returns the level index of kind k for a and b (in the order of
// comparators[k]), or -1 when either side lacks the field; value is the
// shared value of an exact agreement, for its term frequency.
func compare(k Kind, a, b *Profile) (level int, value string) {
	switch k {
	case KindEmail:
		switch {
		case a.EmailKey == "" || b.EmailKey == "":
			return noLevel, ""
		case a.EmailKey == b.EmailKey:
			return levelExact, a.EmailKey
		case a.RoleEmail || b.RoleEmail:
			return noLevel, "" // an office's mailbox (info@, team@) says nothing of the person's own address
		case a.EmailLocal == b.EmailLocal && EditDistanceAtMost1(a.EmailDomain, b.EmailDomain),
			a.EmailDomain == b.EmailDomain && untagged(a.EmailLocal) == untagged(b.EmailLocal):
			// A slip in the domain (icloud.com, iclloud.com), or a
			// sub-address's tag (RFC 5233: ann+news@).
			return emailClose, ""
		case a.EmailDomain != b.EmailDomain && (a.EmailLocal == b.EmailLocal || JaroWinkler(a.EmailLocal, b.EmailLocal) >= 0.94):
			return emailLocal, "" // one person's name at two providers
		case a.PersonalEmail != b.PersonalEmail:
			// A work address and a personal one: people have both, so
			// they differ as often for one person as for two.
			return noLevel, ""
		case NumberedApart(a.EmailLocal, b.EmailLocal):
			return emailDifferent, "" // two numbered accounts: john.smith1, john.smith2
		case a.EmailDomain == b.EmailDomain && !a.PersonalEmail && AccountsNumbered(a.EmailLocal, b.EmailLocal):
			return emailDifferent, "" // one company's second account for a namesake: skavanagh, skavanagh2
		case a.EmailDomain == b.EmailDomain && a.PersonalEmail && numberAdded(a.EmailLocal, b.EmailLocal):
			return emailDifferent, "" // a provider's numbered account for a name taken: doristhompson, doristhompson6
		case a.EmailDomain == b.EmailDomain && EditDistanceAtMost1(a.EmailLocal, b.EmailLocal),
			JaroWinkler(a.EmailLocal, b.EmailLocal) >= 0.9 && JaroWinkler(a.EmailKey, b.EmailKey) >= 0.94:
			return emailClose, "" // slips in the address
		}
		return emailDifferent, ""
	case KindPhone:
		switch {
		case a.Phone != "" && a.Phone == b.Phone && a.PhoneExt != "" && b.PhoneExt != "" && a.PhoneExt != b.PhoneExt:
			return nearDifferent, "" // one switchboard, two extensions: two desks
		case a.Phone != "" && a.Phone == b.Phone:
			return levelExact, a.Phone
		case a.PhoneTail == "" || b.PhoneTail == "":
			return noLevel, ""
		case a.PhoneTail == b.PhoneTail:
			return nearClose, "" // the same local number, the area code missing or different
		case digitSlip(a.PhoneDigits, b.PhoneDigits):
			return nearClose, "" // a digit dropped or added: "510 555 43906", "510 555 4390"
		}
		return nearDifferent, ""
	case KindFirstName:
		return compareFirst(a, b)
	case KindLastName:
		l, v := similar(a.Last, b.Last, 0.92, 0.8)
		switch {
		case l == gradedFuzzy && min(len(a.Last), len(b.Last)) >= 5 && EditDistanceAtMost1(a.Last, b.Last):
			return gradedClose, "" // a slip mid-name, which Jaro-Winkler weighs more than one at the end: Salinger, Salenger
		case l == gradedDifferent && SameLetters(a.Last, b.Last):
			return gradedFuzzy, ""
		case l == gradedDifferent && (slices.Contains(a.Middle, b.Last) || slices.Contains(b.Middle, a.Last)):
			return gradedFuzzy, "" // one of two surnames, or a title's (Maria Garcia Lopez, Maria Garcia)
		case l == gradedDifferent && (oneOfTheSurnames(a.LastParts, b.Last) || oneOfTheSurnames(b.LastParts, a.Last)):
			return gradedFuzzy, "" // the first or the last of two surnames: "de Rocha Oliveira", "Oliveira"
		}
		return l, v
	case KindCompany:
		switch {
		case a.Company == "" && b.Company == "":
			return noLevel, ""
		case a.Company == "" || b.Company == "":
			if a.Company == "" && domainSpells(a.EmailOrg, b.CompanyTokens) ||
				b.Company == "" && domainSpells(b.EmailOrg, a.CompanyTokens) {
				return gradedClose, "" // a work address at the other's company: one company, its name left out
			}
			return noLevel, ""
		case a.Company == b.Company:
			return levelExact, a.Company
		case min(len(a.Company), len(b.Company)) >= 8 && !NumberedApart(a.Company, b.Company) &&
			(EditDistanceAtMost1(a.Company, b.Company) || JaroWinkler(a.Company, b.Company) >= 0.94):
			return gradedClose, "" // one company's name with a slip ("harboursie dental"), not two numbered sites
		case min(utf8.RuneCountInString(a.Company), utf8.RuneCountInString(b.Company)) >= 5 && !NumberedApart(a.Company, b.Company) && EditDistanceAtMost1(a.Company, b.Company):
			return gradedFuzzy, "" // a slip in a short name ("sollsy", "solsy"), or two companies a letter apart: weak
		case TokenSetSimilarity(a.CompanyTokens, b.CompanyTokens) >= 0.5:
			return gradedFuzzy, "" // one company with words left out ("acme", "acme labs")
		case similarityWithSlips(a.CompanyTokens, b.CompanyTokens, 5) >= 0.5:
			return gradedFuzzy, "" // and a slip in a word kept ("beaconlab", "besconlab logistics"); "acme" and "acne" are two
		}
		if n := acronymLength(a.CompanyTokens, b.CompanyTokens); n >= 3 {
			return gradedClose, "" // one company by its initials: "GEN", "Global Energy Networks"
		} else if n == 2 {
			return gradedFuzzy, "" // two letters stand for many companies: "GP", "Ganga Power"
		}
		return gradedDifferent, ""
	case KindAddress:
		if len(a.Address) == 0 || len(b.Address) == 0 {
			return noLevel, ""
		}
		sim := TokenSetSimilarity(a.Address, b.Address)
		if sim == 1 || streetTypeLeftOut(a.Address, b.Address) {
			return levelExact, ""
		}
		if sim < 0.6 {
			sim = max(sim, similarityWithSlips(a.Address, b.Address, 4))
		}
		if sim < 0.6 && addressLineLeftOut(a.Address, b.Address) {
			sim = 0.6
		}
		switch {
		case sim >= 0.6:
			return gradedClose, ""
		case sim >= 0.3:
			return gradedFuzzy, ""
		}
		return gradedDifferent, ""
	case KindCity:
		l, v := similar(a.City, b.City, 0.9, 2)
		if l == gradedDifferent && SameLetters(a.City, b.City) {
			return nearClose, ""
		}
		return min(l, nearDifferent), v // similar's fuzzy never happens at 2
	case KindPostcode:
		switch l, v := exact(a.Postcode, b.Postcode); {
		case l != binaryDifferent:
			return l, v
		case EditDistanceAtMost1(a.Postcode, b.Postcode):
			return nearClose, ""
		}
		return nearDifferent, ""
	case KindState:
		return exact(a.State, b.State)
	case KindDOB:
		switch l, v := exact(a.DOB, b.DOB); {
		case l != binaryDifferent:
			return l, v
		case EditDistanceAtMost1(a.DOB, b.DOB) || dayMonthSwapped(a.DOB, b.DOB):
			return dobClose, ""
		case a.DOB[:4] == b.DOB[:4] || monthsApart(a.DOB, b.DOB) <= 12:
			return dobYear, ""
		}
		return dobDifferent, ""
	case KindJobTitle:
		return exact(a.JobTitle, b.JobTitle)
	case KindNationalID:
		switch l, v := exact(a.NationalID, b.NationalID); {
		case l != binaryDifferent:
			return l, v
		case EditDistanceAtMost1(a.NationalID, b.NationalID):
			return nearClose, ""
		}
		return nearDifferent, ""
	}
	return noLevel, ""
}

// NumberedApart reports two e-mail local parts whose numbers are as long
// and differ ("person.0002", "person.0004"; "jsmith77", "jsmith78"):
// accounts numbered apart, not one address with a slip. A digit dropped
// or added is still a slip.
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
	return na > 0 && na == nb && da != db
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
// the other without ("tamara_pierce", "tamara_pierce4"). At a consumer
// provider that is how a second person of a name gets an address; a digit
// typed at the end of one's own is rarer. Two numbers a slip apart
// ("masons52", "masons2") are left to the slips.
func numberAdded(a, b string) bool {
	sa, sb := strings.TrimRight(a, "0123456789"), strings.TrimRight(b, "0123456789")
	return sa != "" && sa == sb && (sa == a) != (sb == b)
}

// digitSlip: two phone numbers of at least 9 digits, one a digit longer
// than the other and otherwise the same. A digit typed otherwise is not
// one: colleagues' direct lines are often one digit apart.
func digitSlip(a, b string) bool {
	return min(len(a), len(b)) >= 9 && (len(a)-len(b) == 1 || len(b)-len(a) == 1) && EditDistanceAtMost1(a, b)
}

// untagged is an e-mail local part without its sub-address tag ("ann+news"
// is "ann"), the convention of RFC 5233 that most mail servers follow; a
// local part that starts with the separator is kept whole.
func untagged(local string) string {
	if i := strings.IndexByte(local, '+'); i > 0 {
		return local[:i]
	}
	return local
}

// swappedNames: b's first name is a's last name and b's last name is a's
// first (or missing: b holds one name, in the other slot), and the names
// are not the same both ways. One of the two crossings may carry a typo
// ("Thomas, Harry" and "Harry Tomas"), be an initial ("Davis, K" and
// "Kathryn Davis") or a nickname or first token ("Griffiths, Edward" and
// "Eddie Robin Griffiths"), when the names as written do not already agree.
func swappedNames(a, b *Profile) bool {
	if a.Last == "" || a.First == a.Last || a.First == b.First {
		return false
	}
	switch {
	case b.First == a.Last:
		return b.Last == a.First || b.Last == "" && a.First != "" ||
			a.First != "" && b.Last != "" && (nearOrInitial(a.First, b.Last) || givenNameOf(b.Last, a)) && !nearName(a.First, b.First)
	case b.Last == a.First && a.Last != b.Last:
		return b.First == "" || (nearOrInitial(a.Last, b.First) || givenNameOf(a.Last, b)) && !nearName(a.Last, b.Last)
	}
	return false
}

// SwappedNames reports whether one side's first and last names are the
// other's written the other way round ("Davis", "K" for Kathryn Davis;
// "Cook", "Oliver" for Oliver Cook): the same name, or a slip or an
// initial of it, in the other field. The names are compared folded
// (NameKey).
func SwappedNames(aFirst, aLast, bFirst, bLast string) bool {
	a := Profile{First: NameKey(aFirst), Last: NameKey(aLast)}
	b := Profile{First: NameKey(bFirst), Last: NameKey(bLast)}
	return swappedNames(&a, &b) || swappedNames(&b, &a)
}

// givenNameOf: x, a first name written in the last name's field, is p's
// first name by a nickname or p's first token (Edward beside "Eddie
// Robin", whose FirstKeys hold the first token's keys too): the crossing
// the other way round, written another way.
func givenNameOf(x string, p *Profile) bool {
	return overlapNames(FirstNameKeys(x), p.FirstKeys)
}

// nearOrInitial: nearName, or one of the two is the other's initial
// ("k", "kathryn").
func nearOrInitial(a, b string) bool {
	return nearName(a, b) || initialOf(a, b) || initialOf(b, a)
}

// orientNames returns a and b with the names of the side written the other
// way round (swappedNames) turned: a side whose last name is an initial is
// that side ("Davis", "K"), as an initial compares as a first name; else a
// side whose last name is a nickname or the first token of the other's
// first name ("Griffiths", "Edward" beside Eddie Robin Griffiths). Pairs
// not swapped are returned as they are.
func orientNames(a, b *Profile) (*Profile, *Profile) {
	ab := swappedNames(a, b)
	if !ab && !swappedNames(b, a) {
		return a, b
	}
	initialA, initialB := utf8.RuneCountInString(a.Last) == 1, utf8.RuneCountInString(b.Last) == 1
	switch {
	case initialA:
		return withNamesSwapped(a), b
	case initialB:
		return a, withNamesSwapped(b)
	case a.Last != b.First && givenNameOf(a.Last, b):
		return withNamesSwapped(a), b // "Griffiths", "Edward" beside Eddie Griffiths
	case b.Last != a.First && givenNameOf(b.Last, a):
		return a, withNamesSwapped(b)
	case !ab:
		return withNamesSwapped(a), b
	}
	return a, withNamesSwapped(b)
}

// withNamesSwapped returns a copy of p with its first and last names
// swapped.
func withNamesSwapped(p *Profile) *Profile {
	swapped := *p
	swapped.First, swapped.Last, swapped.FirstKeys = p.Last, p.First, FirstNameKeys(p.Last)
	return &swapped
}

// feminine: one name is the other with a feminine ending (Paul and Paula,
// Robert and Roberta, Louis and Louise): two names a letter apart.
func feminine(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(b) == len(a)+1 && b[:len(a)] == a && (b[len(a)] == 'a' || b[len(a)] == 'e')
}

// nearName: two name keys alike enough to be one name with a slip.
func nearName(a, b string) bool {
	return JaroWinkler(a, b) >= 0.8 || SameLetters(a, b)
}

// exact: noLevel when a side is missing, levelExact when equal, else
// binaryDifferent.
func exact(a, b string) (int, string) {
	switch {
	case a == "" || b == "":
		return noLevel, ""
	case a == b:
		return levelExact, a
	}
	return binaryDifferent, ""
}

// similar: noLevel when a side is missing, levelExact when equal,
// gradedClose at a Jaro-Winkler of close or more, gradedFuzzy at fuzzy or
// more, else gradedDifferent.
func similar(a, b string, close, fuzzy float64) (int, string) {
	switch {
	case a == "" || b == "":
		return noLevel, ""
	case a == b:
		return levelExact, a
	}
	switch jw := JaroWinkler(a, b); {
	case jw >= close:
		return gradedClose, ""
	case jw >= fuzzy:
		return gradedFuzzy, ""
	}
	return gradedDifferent, ""
}

func overlapStrings(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// generationApart: two YYYYMMDD birth dates a generation apart, and not
// by a slip in the year (the month and day differ too).
func generationApart(a, b string) bool {
	if len(a) != 8 || len(b) != 8 || a[4:] == b[4:] || a[4:6] == b[6:8] && a[6:8] == b[4:6] {
		return false
	}
	ya, errA := strconv.Atoi(a[:4])
	yb, errB := strconv.Atoi(b[:4])
	return errA == nil && errB == nil && max(ya-yb, yb-ya) >= generationYears
}

// monthsApart is how many calendar months two YYYYMMDD dates are apart
// (2009-12-21 and 2010-11-02: 11), or a large number when either is no
// date: a birth date entered a year off, or a month and a year, is still
// near (Splink's birth date comparison has a level for within a year too).
func monthsApart(a, b string) int {
	if len(a) < 6 || len(b) < 6 {
		return math.MaxInt
	}
	ya, errYA := strconv.Atoi(a[:4])
	ma, errMA := strconv.Atoi(a[4:6])
	yb, errYB := strconv.Atoi(b[:4])
	mb, errMB := strconv.Atoi(b[4:6])
	if errYA != nil || errMA != nil || errYB != nil || errMB != nil {
		return math.MaxInt
	}
	d := (ya*12 + ma) - (yb*12 + mb)
	return max(d, -d)
}

// generationYears is the least gap between a parent's and a child's
// birth years.
const generationYears = 15

// dayMonthSwapped: two YYYYMMDD dates that are one with day and month
// exchanged.
func dayMonthSwapped(a, b string) bool {
	return len(a) == 8 && len(b) == 8 && a[:4] == b[:4] && a[4:6] == b[6:8] && a[6:8] == b[4:6]
}

// TokenSetSimilarity is |a ∩ b| / |a ∪ b| over the distinct tokens, in
// [0, 1]; 0 when either is empty. Token order does not matter ("acme
// widgets" and "widgets acme" are 1), and a plural matches its singular
// ("clubs" and "club").
func TokenSetSimilarity(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a)+len(b) <= 16 {
		// A handful of tokens: a list of them beats a map.
		var tokens [16]string
		var sides [16]uint8
		n := 0
		for side, list := range [2][]string{a, b} {
			for _, t := range list {
				t = singular(t)
				i := slices.Index(tokens[:n], t)
				if i < 0 {
					i, tokens[n] = n, t
					n++
				}
				sides[i] |= 1 << side
			}
		}
		inter := 0
		for _, v := range sides[:n] {
			if v == 3 {
				inter++
			}
		}
		return float64(inter) / float64(n)
	}
	inter, union := 0, 0
	seen := make(map[string]uint8, len(a)+len(b))
	for _, t := range a {
		seen[singular(t)] |= 1
	}
	for _, t := range b {
		seen[singular(t)] |= 2
	}
	for _, v := range seen {
		union++
		if v == 3 {
			inter++
		}
	}
	return float64(inter) / float64(union)
}

// similarityWithSlips is TokenSetSimilarity of two lists of words where
// a word of one side that is one slip from a word of the other (a letter
// typed twice, dropped, swapped or struck beside: "srteet", "ffarm"), both
// minWord letters or longer and without digits, counts as shared. For a
// company, words of five letters or more: "acme" and "acne" are two
// companies as often as one.
//
// For an address, words of four letters or more: street and place names
// are typed by hand as often as names are, and a slip in two of an
// address's five words left it fuzzy (3 of 7 distinct words shared),
// weaker than the same address with a word left out. No word with a digit
// pairs up: a house or unit number one digit apart is another door.
func similarityWithSlips(a, b []string, minWord int) float64 {
	var used [16]bool
	if len(b) > len(used) {
		return 0
	}
	inter := 0
	na, nb := distinct(a), distinct(b)
	for _, t := range na {
		t = singular(t)
		for j, u := range nb {
			u = singular(u)
			if used[j] {
				continue
			}
			if t == u || utf8.RuneCountInString(t) >= minWord && utf8.RuneCountInString(u) >= minWord && !hasDigit(t) && !hasDigit(u) && EditDistanceAtMost1(t, u) {
				used[j] = true
				inter++
				break
			}
		}
	}
	union := len(na) + len(nb) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// addressLineLeftOut reports whether the shorter address is the longer's
// first words, a house number among them ("16 couvreur street" and "16
// couvreur street kimberley land caravan park"): the second line of an
// address (a building, a park, a village) left out.
func addressLineLeftOut(a, b []string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 2 && len(a) < len(b) && slices.Equal(a, b[:len(a)]) && slices.ContainsFunc(a, hasDigit)
}

// streetTypeLeftOut reports whether two addresses differ only by a street
// type that one of them leaves out ("1110 W Belmont Ave", "1110 W.
// Belmont"): one street, as a name with its suffix dropped is one name;
// two street types that differ (St, Ave) are two streets.
func streetTypeLeftOut(a, b []string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) != 1 || len(a) < 2 {
		return false
	}
	for i, t := range b {
		if streetTypes[t] && slices.Equal(a[:i], b[:i]) && slices.Equal(a[i:], b[i+1:]) {
			return true
		}
	}
	return false
}

// streetTypes are the abbreviated street types of addressWords.
var streetTypes = map[string]bool{"st": true, "ave": true, "rd": true, "blvd": true, "dr": true, "ln": true,
	"pl": true, "ct": true, "ter": true, "pkwy": true, "hwy": true, "cres": true}

// distinct returns the tokens of s once each, in order.
func distinct(s []string) []string {
	out := make([]string, 0, len(s))
	for _, t := range s {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// singular drops the "s" of a plural of four letters or more.
func singular(t string) string {
	if len(t) >= 4 && t[len(t)-1] == 's' && t[len(t)-2] != 's' {
		return t[:len(t)-1]
	}
	return t
}

// EditDistanceAtMost1 reports whether a and b differ by at most one
// inserted, deleted or substituted byte, or two adjacent bytes swapped
// (the slips of typing digits).
func EditDistanceAtMost1(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	if lb-la > 1 {
		return false
	}
	i := 0
	for i < la && a[i] == b[i] {
		i++
	}
	if la == lb {
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swap
	}
	return a[i:] == b[i+1:] // insertion
}

// oneOfTheSurnames: last is the first or the last of parts, the surnames
// of a compound last name: Spanish speakers go by the first, Portuguese
// speakers by the last.
func oneOfTheSurnames(parts []string, last string) bool {
	return len(parts) >= 2 && last != "" && (parts[0] == last || parts[len(parts)-1] == last)
}
