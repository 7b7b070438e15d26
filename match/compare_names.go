package match

import (
	"unicode/utf8"
)

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
