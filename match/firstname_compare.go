package match

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The levels of the first-name comparator, in the order of
// comparators[KindFirstName].
const (
	firstExact = iota
	firstNickname
	firstClose
	firstFuzzy
	firstInitial
	firstDifferent
)

// compareFirst returns the first-name level of a and b (firstExact ...
// firstDifferent), or -1 when either lacks a first name; value is the
// shared name of an exact agreement, for its term frequency. A first name
// written with a middle name ("Juan Mark", keyed "juanmark" and "juan") is
// also weighed by its first name alone (Profile.FirstToken) against the
// other side's whole name, so that a slip in either ("Jaun") is the slip it
// is and not another name; two such names are not compared token by token.
func compareFirst(a, b *Profile) (level int, value string) {
	level, value = compareFirstNames(a, b)
	if (level == firstClose || level == firstFuzzy) && (a.NamesFromAddress || b.NamesFromAddress) &&
		namesOfOppositeSexes(a.First, b.First) {
		// A name read from an address (jean.jimenez96@) is the one its
		// owner chose to spell: a census name like it that the other
		// sex bears (Juan) is another person's. Spellings of one name
		// (Derek, Derrick; Sean, Shawn) stay close.
		return firstDifferent, ""
	}
	if level <= firstClose {
		return level, value
	}
	for _, p := range [2][2]*Profile{{a, b}, {b, a}} {
		if p[0].FirstToken != "" {
			alone := Profile{First: p[0].FirstToken, FirstKeys: FirstNameKeys(p[0].FirstToken), Middle: p[0].Middle}
			if l, _ := compareFirstNames(&alone, p[1]); l < level {
				level = l
			}
		}
	}
	return level, ""
}

// compareFirstNames is compareFirst on the names as the profiles hold them.
func compareFirstNames(a, b *Profile) (level int, value string) {
	switch {
	case a.First == "" || b.First == "":
		return noLevel, ""
	case a.First == b.First:
		return firstExact, a.First
	case overlapNames(a.FirstKeys, b.FirstKeys):
		return firstNickname, ""
	case SoundAlike(a.First, b.First):
		return firstClose, "" // one name spelt two ways: Zara, Sarah
	case slices.Contains(a.Middle, b.First) || slices.Contains(b.Middle, a.First):
		// Known by a middle name (Alice Mary Hobson, Mary Hobson): weak
		// evidence, as a parent's name is often a child's middle name,
		// but not two names.
		return firstFuzzy, ""
	}
	if knownGivenName(a.First) && knownGivenName(b.First) {
		if spelledAlike(a.First, b.First) {
			return firstClose, "" // one name spelt two ways: Sean, Shawn; Derek, Derrick; Lori, Laurie
		}
		if !oneNameSlipped(a.First, b.First) {
			return firstDifferent, "" // two names, not a slip: Darla and Darlene, Andy and Sandy
		}
	}
	switch jw := JaroWinkler(a.First, b.First); {
	case jw >= 0.92:
		return firstClose, "" // a slip, or a spelling of one name (Sara, Sarah)
	case typedAmiss(a.First, b.First):
		return firstClose, "" // a slip that makes no name: Mdgan, Megan; Frqser, Fraser
	case typedAmissOfKey(a.First, b.FirstKeys) || typedAmissOfKey(b.First, a.FirstKeys):
		return firstClose, "" // a slip of the full name of the other's nickname, or of another name it was seen with: Jseph, Joey (Joseph)
	case jw >= 0.8 || SameLetters(a.First, b.First) || EditDistanceAtMost1(a.First, b.First):
		return firstFuzzy, ""
	}
	if initialOfKnown(a.First, b) || initialOfKnown(b.First, a) {
		return firstInitial, ""
	}
	return firstDifferent, ""
}

// initialOfKnown: first is an initial, and the initial of p's first name or of
// another name p is known by (its keys: the names its record was seen
// with, and the full names of its nicknames). "I. Ray" is Isla Ray's
// initial though a later source wrote her first name Ayla.
func initialOfKnown(first string, p *Profile) bool {
	if utf8.RuneCountInString(first) != 1 {
		return false
	}
	return strings.HasPrefix(p.First, first) || slices.ContainsFunc(p.FirstKeys, func(k string) bool {
		return utf8.RuneCountInString(k) > 1 && strings.HasPrefix(k, first)
	})
}

// typedAmiss: two first names of four letters or more, one letter typed
// wrong, left out or added apart, at least one of them no given name the
// census knows: one name mistyped. Jaro-Winkler weighs a slip mid-name in
// a short name (Mdgan, Megan: 0.88) as it weighs two names alike, and left
// a typo beside the same surname and company short of a match. Two known
// names one letter apart (Dana, Dani) are the census's to tell apart
// (oneNameSlipped) and stay as Jaro-Winkler says.
func typedAmiss(a, b string) bool {
	return min(utf8.RuneCountInString(a), utf8.RuneCountInString(b)) >= 4 && EditDistanceAtMost1(a, b) &&
		!(knownGivenName(a) && knownGivenName(b))
}

// typedAmissOfKey: first is one slip (typedAmiss) from one of the other
// side's first-name keys: the full names of its nicknames, and the other
// names a record was seen with.
func typedAmissOfKey(first string, keys []string) bool {
	for _, k := range keys {
		if len(k) > 1 && k != first && typedAmiss(first, k) {
			return true
		}
	}
	return false
}

// overlapNames: the first-name keys share a name. An initial is no name
// to share: a record once written "R. Owen" and another once written so
// are Randy and Rory as often as one person, and an initial agrees with a
// name only as an initial (firstInitial).
func overlapNames(a, b []string) bool {
	for _, x := range a {
		if len(x) > 1 && slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// firstNamesOneName: the first-name level says one name (exact, a
// nickname, or one spelt two ways), not two alike.
func firstNamesOneName(level int) bool {
	return level == firstExact || level == firstNickname || level == firstClose
}

// firstNamesAlike: the first names are alike and no more, or a nickname
// relation links them: with two birth dates, a household's members
// (Robert Smith Sr, born 1954, and Bob Smith, born 1978). A nickname with
// the same or no birth date is one name (Bob and Robert Smith).
func firstNamesAlike(level int) bool {
	return level == firstFuzzy || level == firstNickname
}

// oneNameSlipped: two given names one slip apart (Kristen, Kristin; Sara,
// Sarah) that may be one name mistyped: the slip spares the first letter,
// which typing seldom gets wrong (Andy, Sandy; LikelyTypo reads slips so
// too), and the kind of ending, in which a name and its other-gender form
// differ (Paul, Paula; Christian, Christina).
func oneNameSlipped(a, b string) bool {
	return a[0] == b[0] && isVowel(a[len(a)-1]) == isVowel(b[len(b)-1]) && EditDistanceAtMost1(a, b) && !feminine(a, b)
}

// spelledAlike: two given names that are one name spelt as it sounds
// (Sean, Shawn, Shaun; Derek, Derrick; Lori, Laurie): the census counts
// such spellings as names of their own. They begin with the same letter,
// have the same consonants in the same order (consonantSkeleton), end
// both in a vowel or both in a consonant (Christian, Christina do not),
// and are not a name and its feminine form (Paul, Paula). Mark and Marsha
// are two names: k is not s.
func spelledAlike(a, b string) bool {
	return a[0] == b[0] && isVowel(a[len(a)-1]) == isVowel(b[len(b)-1]) && !feminine(a, b) &&
		consonantSkeleton(a) == consonantSkeleton(b)
}

// consonantSkeleton returns the consonants of a folded name in order, as
// they sound: c, k and q one letter, s and z one, ph an f; vowels, h, w and
// y left out; a letter written twice once ("derrick" → "drk", "shawn" →
// "sn").
func consonantSkeleton(s string) string {
	var buf [32]byte
	out := buf[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 'p' && i+1 < len(s) && s[i+1] == 'h':
			c, i = 'f', i+1
		case c == 'c' || c == 'q':
			c = 'k'
		case c == 'z':
			c = 's'
		case isVowel(c) || c == 'h' || c == 'w' || c == 'y':
			continue
		}
		if len(out) == 0 || out[len(out)-1] != c {
			out = append(out, c)
		}
	}
	return string(out)
}

// isVowel: a, e, i, o, u or y.
func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
