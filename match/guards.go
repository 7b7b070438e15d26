package match

import (
	"strings"
	"unicode/utf8"
)

// notCompared marks a level Score's loop did not compute (a model without
// that field).
const notCompared = -2

// nameLevels keeps the levels of the name and birth-date fields that
// Score's loop computed, for the rules that weigh them together, so that
// no pair is compared twice on the scan's hot path.
type nameLevels struct{ first, last, dob int }

func (l *nameLevels) record(k Kind, level int) {
	switch k {
	case KindFirstName:
		l.first = level
	case KindLastName:
		l.last = level
	case KindDOB:
		l.dob = level
	}
}

// level returns the recorded level of k, comparing a and b only when the
// loop did not.
func (l *nameLevels) level(k Kind, recorded int, a, b *Profile) int {
	if recorded != notCompared {
		return recorded
	}
	level, _ := compare(k, a, b)
	return level
}

// namesAgree: both names agree beyond a slip (the first name exact, a
// nickname or close, the last exact or close): an e-mail local part,
// which is mostly made of them, then says nothing more.
func (l *nameLevels) namesAgree(a, b *Profile) bool {
	first, last := l.level(KindFirstName, l.first, a, b), l.level(KindLastName, l.last, a, b)
	return firstNamesOneName(first) && (last == levelExact || last == gradedClose)
}

// relatives: first names no more than alike, or a nickname of one another
// (firstNamesAlike), and two different birth dates: a household's members
// (Mark and Mary Kusha at one address; Robert Smith Sr and Bob Smith).
func (l *nameLevels) relatives(a, b *Profile) bool {
	return firstNamesAlike(l.level(KindFirstName, l.first, a, b)) && l.level(KindDOB, l.dob, a, b) == dobDifferent
}

// parentAndChild: one name, birth dates a generation apart
// (generationApart), and no national id alike: a parent and a child named
// after them (John Smith, born 1970 and 1990, at one address), whom no Jr
// or Sr tells apart.
func (l *nameLevels) parentAndChild(a, b *Profile) bool {
	if l.level(KindDOB, l.dob, a, b) != dobDifferent || !generationApart(a.DOB, b.DOB) || !l.namesAgree(a, b) {
		return false
	}
	id, _ := compare(KindNationalID, a, b)
	return id != levelExact && id != nearClose
}

// SharedMailbox reports whether a and b, two records of one e-mail
// address, are in the names of two people, as a family's or an office's
// mailbox is: the first names differ (two known given names, not one spelt
// two ways as SoundAlike reads them; two names that share next to nothing,
// namesApart; or any two at a role account: a typo is no second person),
// or the last names differ beyond a slip and the first names are no more
// than alike, or the first names are only alike or a nickname of one
// another (firstNamesAlike: Robert Sr and Bob) and the birth dates differ.
// The address alone is then no proof of one person, but at one's own work
// address under one surname (oneOwnAddress) two first names are one
// person's, unless the birth dates differ. (A married name keeps
// the first name.) Records without a first name on either side are not
// told apart, nor two writings of the name the address spells
// (spelledOwner). A side written the other way round with an initial
// ("Perry", "D" beside Dustin Perry) is turned first, as Score turns it.
func SharedMailbox(a, b *Profile) bool {
	a, b = orientNames(a, b) // "Perry", "D" is Dustin Perry written the other way round
	first, _ := compare(KindFirstName, a, b)
	if first < 0 || first == firstExact || crossedAlike(a, b) || spelledOwner(a, b) || initialOfTheOwner(a, b) || initialOfTheOwner(b, a) {
		return false // a name missing, the same name, one written the other way round, or the address's own
	}
	if first == firstDifferent && oneOwnAddress(a, b) {
		// One person's address at a company, and one surname: a name
		// the person goes by (Kevin beside Feng Huang at
		// kevin.huang@), not a second person, unless the birth dates
		// differ.
		dob, _ := compare(KindDOB, a, b)
		return dob == dobDifferent
	}
	if fa, fb := givenName(a), givenName(b); first == firstDifferent && (a.RoleEmail || knownGivenName(fa) && knownGivenName(fb) || namesApart(fa, fb) || apartFromTheFirstLetter(fa, fb)) {
		// Two names, not a slip in one: both are known given names
		// (Christina and Austin, not Izn and Ian), or the address is a
		// role account's, which anyone at the office writes from.
		return true
	}
	last, _ := compare(KindLastName, a, b)
	dob, _ := compare(KindDOB, a, b)
	if first == firstNickname {
		// A nickname is one name (a married name keeps it) unless the
		// birth dates differ: Robert Smith Sr (1954) and Bob Smith (1978).
		return dob == dobDifferent
	}
	return last == gradedDifferent && !surnameSlip(a.Last, b.Last) || first != firstClose && dob == dobDifferent
}

// oneOwnAddress: a and b hold one address, no office's mailbox, at the
// domain of a company one of them names (domainSpells: a work address,
// not a family's at a provider the personal list does not know) and that
// is not the surname's (smith@smithplumbing.com, a family firm's), an
// address that spells one of their first names, or its initial, and the
// surname (kevin.huang@, khuang@: spellsOwner), and both wrote that
// surname themselves (not read from the address). People at one company
// each have an address of their own (a namesake gets another:
// NamesakeInitials, AccountsNumbered); so two first names there are one
// person's, as an English name beside a given one, or a preferred middle
// name.
func oneOwnAddress(a, b *Profile) bool {
	if a.EmailKey == "" || a.EmailKey != b.EmailKey || a.PersonalEmail || a.RoleEmail || a.Last == "" || a.Last != b.Last ||
		a.NameFromAddress() || b.NameFromAddress() || strings.Contains(a.EmailOrg, a.Last) ||
		!domainSpells(a.EmailOrg, a.CompanyTokens) && !domainSpells(b.EmailOrg, b.CompanyTokens) {
		return false
	}
	return spellsOwner(a.EmailLocal, a.Last, a.FirstKeys) || spellsOwner(a.EmailLocal, a.Last, b.FirstKeys)
}

// spellsOwner: an e-mail local part (its tag and trailing digits aside,
// and its separators) is a person's name by one of their first names
// (keys) and their surname: first and last, the first's initial and the
// last, or the other way round (kevin.huang, khuang, huangk, huang.kevin).
func spellsOwner(local, last string, keys []string) bool {
	l := unseparated(strings.TrimRight(untagged(local), "0123456789"))
	if last == "" || !strings.Contains(l, last) {
		return false
	}
	for _, f := range keys {
		r, size := utf8.DecodeRuneInString(f)
		if r == utf8.RuneError || utf8.RuneCountInString(f) < 2 {
			continue
		}
		i := f[:size]
		if l == f+last || l == i+last || l == last+i || l == last+f {
			return true
		}
	}
	return false
}

// apartFromTheFirstLetter: two first names of four letters or more that
// begin with different letters and share little else (Jaro-Winkler below
// 0.6: Loreto and Raquel), whether or not the census lists them. Typing
// seldom gets a first letter wrong (oneNameSlipped); names spelt as they
// sound that begin differently keep the rest alike (Caitlin, Katelyn;
// Isla, Ayla).
func apartFromTheFirstLetter(a, b string) bool {
	if utf8.RuneCountInString(a) < 4 || utf8.RuneCountInString(b) < 4 {
		return false
	}
	ra, _ := utf8.DecodeRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	return ra != rb && JaroWinkler(a, b) < 0.6
}

// givenName is p's first name as the census would list it: the first
// token of one written with a middle name ("sally" of "Sally Michele",
// whose First is "sallymichele"), else the first name.
func givenName(p *Profile) string {
	if p.FirstToken != "" {
		return p.FirstToken
	}
	return p.First
}

// surnameSlip: two surnames of four letters or more one edit apart. Shorter
// ones one letter apart are as often two names (Li, Lu; Ho, Hu).
func surnameSlip(a, b string) bool {
	return min(utf8.RuneCountInString(a), utf8.RuneCountInString(b)) >= 4 && EditDistanceAtMost1(a, b)
}

// spelledOwner: the address a and b hold spells a name (NamesFromEmail:
// "rebecca.hamilton@"), and both are named so: its surname, and a first
// name that is that name, a nickname of it or a spelling alike, one of
// them at least the name or a spelling of it (Becky and Rebekah at
// rebecca.hamilton@). An address made of one person's name is hers, and
// two writings of her name there are two of her, not a family's mailbox: a
// relative who writes from it is named otherwise. Two nicknames' full
// names are not (Christopher and Christina Lee at chris.lee@: both are
// Chris). A consumer provider's key drops the dots that would tell the
// words apart (gmail.com), so such an address spells nothing here.
func spelledOwner(a, b *Profile) bool {
	if a.EmailKey == "" || a.EmailKey != b.EmailKey {
		return false
	}
	f, l := NamesFromEmail(a.EmailKey)
	if f == "" {
		return false
	}
	owner := NewProfile(map[Kind]string{KindFirstName: f, KindLastName: l}, Options{})
	la, lb := namedAs(a, &owner), namedAs(b, &owner)
	return la >= 0 && lb >= 0 && (la != firstNickname || lb != firstNickname)
}

// initialOfTheOwner: y wrote only the initial of x's first name, and its
// surname is read from the address (LastFromAddress), which spells the full
// name x wrote (SpellsFullName): "S" at sunitasingh@, beside Sunita Singh.
// The address is Sunita's, and y's surname is no reading of it ("s" and
// "unitasingh") but her initial's remainder.
func initialOfTheOwner(x, y *Profile) bool {
	return y.LastFromAddress && x.EmailLocal != "" && x.firstWritten() && x.lastWritten() &&
		initialOf(y.First, x.First) && SpellsFullName(x.EmailLocal, x.First, x.Last)
}

// namedAs returns the first-name level at which x is named as owner
// (firstExact, firstNickname or firstClose), with owner's last name; -1
// when it is not.
func namedAs(x, owner *Profile) int {
	if x.Last != owner.Last {
		return -1
	}
	switch level, _ := compareFirst(x, owner); level {
	case firstExact, firstNickname, firstClose:
		return level
	}
	return -1
}

// namesApart: two first names of four letters or more that share next to
// nothing (Jaro-Winkler below 0.5: Giulio and Paride, Hedwig and Nancy),
// whether or not the census lists them.
func namesApart(a, b string) bool {
	return utf8.RuneCountInString(a) >= 4 && utf8.RuneCountInString(b) >= 4 && JaroWinkler(a, b) < 0.5
}

// crossedAlike: each side's first name is alike the other's last name
// ("Hary aLrence" and "Lawrence Harry"), or one crossing is alike and the
// other an initial ("Thomaa J." and "Justin Thomas"): one name written the
// other way round, with slips that swappedNames, which wants one crossing
// exact, does not read.
func crossedAlike(a, b *Profile) bool {
	if a.First == "" || a.Last == "" || b.First == "" || b.Last == "" {
		return false
	}
	x, y := nearName(a.First, b.Last), nearName(a.Last, b.First)
	return x && y || x && initialOf(a.Last, b.First) || y && initialOf(a.First, b.Last)
}

// initialOf: a is a single letter that begins b.
func initialOf(a, b string) bool { return utf8.RuneCountInString(a) == 1 && strings.HasPrefix(b, a) }

// colleagues: both have an address at one corporate domain, different
// ones beyond a slip or a subaddress (OneMailbox), neither an office's
// mailbox (team@ is anyone's): two people at one company (the
// gatekeeper's rule).
//
// Not when both addresses spell the full name a side wrote (aliasesOf): a
// company often gives one person j.hahn@ and julia.hahn@.
func colleagues(a, b *Profile) bool {
	return a.EmailKey != "" && b.EmailKey != "" && a.EmailDomain == b.EmailDomain && !a.PersonalEmail && !a.RoleEmail && !b.RoleEmail &&
		a.EmailKey != b.EmailKey && !OneMailbox(a.EmailLocal, b.EmailLocal) &&
		(JaroWinkler(a.EmailLocal, b.EmailLocal) < 0.9 && !aliasesOf(a, b) || NumberedApart(a.EmailLocal, b.EmailLocal) || namesakeInitialsOf(a, b))
}

// aliasesOf: a's and b's addresses are aliases by the full name each side
// that wrote one wrote (AliasesByNames).
func aliasesOf(a, b *Profile) bool {
	return AliasesByNames(a.EmailLocal, b.EmailLocal, a.writtenFullName(), b.writtenFullName())
}

// writtenFullName is p's first and last name (NameKeys) when p wrote both
// itself, else two empty strings.
func (p *Profile) writtenFullName() [2]string {
	if p.First == "" || p.Last == "" || !p.firstWritten() || !p.lastWritten() {
		return [2]string{}
	}
	return [2]string{p.First, p.Last}
}

// AliasesByNames reports whether local parts x and y at one company's
// domain are AliasesOfOneName by every full name given (first and last
// NameKeys; a pair with an empty part is no name), and at least one name
// is given: the names the two sides wrote, each that there is.
func AliasesByNames(x, y string, names ...[2]string) bool {
	some := false
	for _, n := range names {
		if n[0] == "" || n[1] == "" {
			continue
		}
		if !AliasesOfOneName(x, y, n[0], n[1]) {
			return false
		}
		some = true
	}
	return some
}

// AliasesOfOneName reports whether two local parts at one company's domain
// are one person's aliases by the full name first last (NameKeys): each
// spells it in a form companies give addresses (SpellsFullName), and they
// are not two accounts a company numbers or spells apart for namesakes:
// a number one holds and the other does not hold too (jhahn, jhahn2;
// john.smith, jsmith2), or initials that differ (NamesakeInitials: jhahn,
// juhahn).
func AliasesOfOneName(x, y, first, last string) bool {
	return SpellsFullName(x, first, last) && SpellsFullName(y, first, last) &&
		trailingNumber(x) == trailingNumber(y) && !NamesakeInitials(x, y, first, last)
}

// trailingNumber is the digits that end an e-mail local part, its +tag
// left out ("jsmith2+crm": "2").
func trailingNumber(local string) string {
	l := untagged(local)
	return l[len(strings.TrimRight(l, "0123456789")):]
}

// SpellsFullName reports whether the letters of an e-mail local part (its
// separators, a +tag and trailing digits left out) are the full name first
// last (NameKeys) in a form companies give addresses: first and last, the
// first's initial and last, first and the last's initial, or each the
// other way round (juliahahn, jhahn, juliah, hahnjulia, hahnj).
func SpellsFullName(local, first, last string) bool {
	l := strings.TrimRight(untagged(local), "0123456789")
	if utf8.RuneCountInString(first) < 2 || utf8.RuneCountInString(last) < 2 || len(l) > 64 {
		return false
	}
	var buf [64]byte
	w := buf[:0]
	for i := 0; i < len(l); i++ {
		if c := l[i]; c != '.' && c != '_' && c != '-' {
			w = append(w, c)
		}
	}
	_, nf := utf8.DecodeRuneInString(first)
	_, ns := utf8.DecodeRuneInString(last)
	f, s := first[:nf], last[:ns]
	for _, form := range [...][2]string{{first, last}, {f, last}, {first, s}, {last, first}, {last, f}} {
		if len(w) == len(form[0])+len(form[1]) && string(w[:len(form[0])]) == form[0] && string(w[len(form[0]):]) == form[1] {
			return true
		}
	}
	return false
}
