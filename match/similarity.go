package match

import (
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
)

// JaroWinkler returns the Jaro-Winkler similarity of a and b, in [0, 1]: 1
// when they are equal, 0 when they have no character in common (or one is
// empty and the other not). It compares runes, case-sensitively: compare
// folded names (NameKey).
//
// Jaro counts the characters of a that equal a character of b not farther
// away than half the longer length minus one, and the transpositions among
// them; Winkler adds 0.1 of the remaining distance for each rune of a common
// prefix (at most 4), when the Jaro similarity is above 0.7. Typing slips
// rarely touch the first letters, so the prefix weighs them.
//
// "martha"/"marhta" 0.961, "dwayne"/"duane" 0.840, "nancy"/"nicole" 0.524.
func JaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	if isASCII(a) && isASCII(b) {
		// Bytes are runes here: the same similarity without decoding,
		// and for all but short names with bit sets.
		if len(a) > len(b) {
			a, b = b, a
		}
		switch {
		case len(a) == 0 || len(b) <= bitsFrom:
			return jaroWinkler([]byte(a), []byte(b))
		case len(b) <= 16:
			return jaroWinklerBits[uint16](a, b)
		case len(b) <= 32:
			return jaroWinklerBits[uint32](a, b)
		case len(b) <= 64:
			return jaroWinklerBits[uint64](a, b)
		}
		return jaroWinkler([]byte(a), []byte(b))
	}
	return jaroWinkler([]rune(a), []rune(b))
}

// jaroWinklerBits is jaroWinkler of two ASCII strings, a no longer than b
// and b no longer than M has bits: the positions of each byte in b are a
// bit set, so that the first unmatched b of a's byte in its window is a
// few instructions without a branch, not a loop over the window.
func jaroWinklerBits[M uint16 | uint32 | uint64](a, b string) float64 {
	var at [utf8.RuneSelf]M
	for j := 0; j < len(b); j++ {
		at[b[j]] |= 1 << j
	}
	window := max(len(b)/2-1, 0)
	var ma, mb M
	for i := 0; i < len(a); i++ {
		lo, hi := max(i-window, 0), min(i+window+1, len(b))
		in := (M(1)<<hi - 1) &^ (M(1)<<lo - 1) // a shift by all the bits is 0
		c := at[a[i]] &^ mb & in
		first := c & -c // the lowest bit, or 0
		mb |= first
		ma |= M(bits.OnesCount64(uint64(first))) << i
	}
	m := bits.OnesCount64(uint64(ma))
	if m == 0 {
		return 0
	}
	t := 0
	for x, y := uint64(ma), uint64(mb); x != 0; x, y = x&(x-1), y&(y-1) {
		d := a[bits.TrailingZeros64(x)] ^ b[bits.TrailingZeros64(y)]
		t += int(uint(d)+0xff) >> 8 // 1 when they differ
	}
	prefix := 0
	for prefix < min(4, len(a)) && a[prefix] == b[prefix] {
		prefix++
	}
	return winkler(m, t, len(a), len(b), prefix)
}

// bitsFrom is the length of the longer string past which jaroWinklerBits
// beats the loop over the window (measured on names and e-mail addresses).
const bitsFrom = 8

func jaroWinkler[T byte | rune](ra, rb []T) float64 {
	if len(ra) == 0 || len(rb) == 0 {
		return 0
	}
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	window := max(len(rb)/2-1, 0)
	var matchedA, matchedB [64]bool
	ma, mb := matchedA[:], matchedB[:]
	if len(rb) > len(matchedB) {
		ma, mb = make([]bool, len(ra)), make([]bool, len(rb))
	}
	m := 0
	for i, r := range ra {
		lo, hi := max(i-window, 0), min(i+window+1, len(rb))
		for j := lo; j < hi; j++ {
			if !mb[j] && rb[j] == r {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	// Half the matched characters that are out of order.
	t, j := 0, 0
	for i := range ra {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if ra[i] != rb[j] {
			t++
		}
		j++
	}
	prefix := 0
	for prefix < min(4, len(ra)) && ra[prefix] == rb[prefix] {
		prefix++
	}
	return winkler(m, t, len(ra), len(rb), prefix)
}

// winkler is the Jaro-Winkler similarity of m matched characters, t of
// them out of order, in strings of la and lb characters with a common
// prefix of prefix characters (at most 4).
func winkler(m, t, la, lb, prefix int) float64 {
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	if jaro <= 0.7 {
		return jaro
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

// TypoSimilarity is the least JaroWinkler similarity of two name keys that
// LikelyTypo takes for one name with a typing slip.
const TypoSimilarity = 0.85

// minTypoRunes is the shortest name LikelyTypo considers: in shorter names
// one edit is a different name (Jon, Jan; Amy, Ann).
const minTypoRunes = 4

// LikelyTypo reports whether two name keys (NameKey form: folded, without
// spaces) are more likely one name with a typing slip (two letters swapped,
// one dropped, added or replaced) than two names: they differ by one such
// edit, both have at least four letters, they begin with the same letter,
// their JaroWinkler similarity is at least TypoSimilarity, and they are not
// two different given names in their own right (knownGivenName: "carol"
// and "caroline", "daniel" and "danielle", "christian" and "christina").
//
// It is evidence only beside another identifier that agrees: on its own, a
// near name is a near name. Short names that differ by a letter are
// different names and are never a typo here.
func LikelyTypo(a, b string) bool {
	if a == b || utf8.RuneCountInString(a) < minTypoRunes || utf8.RuneCountInString(b) < minTypoRunes {
		return false
	}
	ra, rb := []rune(a), []rune(b)
	if ra[0] != rb[0] || !oneEdit(ra, rb) || JaroWinkler(a, b) < TypoSimilarity {
		return false
	}
	if knownGivenName(a) && knownGivenName(b) {
		// Both are given names in their own right: a typo only if they
		// are one name anyway (a nickname of one another).
		return overlapStrings(firstNameKeys[a], firstNameKeys[b])
	}
	return true
}

// oneEdit reports whether a and b differ by exactly one insertion, deletion,
// substitution, or swap of two neighbours (Damerau-Levenshtein distance 1).
func oneEdit(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	switch len(b) - len(a) {
	case 0:
		if i == len(a) {
			return false // equal
		}
		if equalRunes(a[i+1:], b[i+1:]) {
			return true // substitution
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && equalRunes(a[i+2:], b[i+2:])
	case 1:
		return equalRunes(a[i:], b[i+1:])
	}
	return false
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// NearNameCompanyKeys returns the name-and-company keys (NameCompanyKey
// format) of names one typing slip away from the contact's, for looking up
// a record whose name was written with a slip, or is the right name where
// the contact's has one. One part varies at a time: the last name under
// each first-name key of NameCompanyLookupKeys, and the first name as
// written under the last name. The variants are the ones that cost no
// alphabet: a letter dropped, or two neighbours swapped, never the first
// letter (LikelyTypo never takes those) and never below four letters. They
// find a slip made on the record's side by a dropped letter, and a swap on
// either side; the candidates found still have to pass LikelyTypo. nil
// without NameCompanyKeys.
func (id *Identifiers) NearNameCompanyKeys() []string {
	if len(id.NameCompanyKeys) == 0 {
		return nil
	}
	_, company, _ := strings.Cut(id.NameCompanyKeys[0][len(id.FirstKeys[0])+1:], nameCompanyKeySep)
	var out []string
	add := func(k string) {
		if !slices.Contains(out, k) && !slices.Contains(id.NameCompanyLookupKeys, k) {
			out = append(out, k)
		}
	}
	for _, last := range slipVariants(id.LastKey) {
		for _, k := range id.NameCompanyLookupKeys {
			first, _, _ := strings.Cut(k, nameCompanyKeySep)
			add(nameCompanyKey(first, last, company))
		}
	}
	for _, first := range slipVariants(id.FirstKeys[0]) {
		add(nameCompanyKey(CanonicalFirstName(first), id.LastKey, company))
	}
	return out
}

// slipVariants returns s with one letter dropped or two neighbours swapped,
// the first letter kept, each variant at least minTypoRunes long.
func slipVariants(s string) []string {
	r := []rune(s)
	if len(r) < minTypoRunes {
		return nil
	}
	out := make([]string, 0, 2*len(r))
	for i := 1; i < len(r); i++ {
		if len(r) > minTypoRunes && (i == 1 || r[i] != r[i-1]) {
			out = append(out, string(r[:i])+string(r[i+1:]))
		}
		if i+1 < len(r) && r[i] != r[i+1] {
			v := slices.Clone(r)
			v[i], v[i+1] = v[i+1], v[i]
			out = append(out, string(v))
		}
	}
	return out
}

// SameLetters reports whether two name keys are made of nearly the same
// letters in another order: at least three of every four letters of the
// longer one are in the shorter, and they differ in length by at most one
// ("etnah" and "ethan", "chirla" and "charlie"). Scrambled and dropped
// letters that Jaro-Winkler, which looks for letters near their place,
// calls different names. "nancy" and "nicole" share two of six.
func SameLetters(a, b string) bool {
	la, lb := len(a), len(b)
	if la < 3 || lb < 3 || la-lb > 1 || lb-la > 1 {
		return false
	}
	var count [256]int8
	for i := 0; i < la; i++ {
		count[a[i]]++
	}
	common := 0
	for i := 0; i < lb; i++ {
		if count[b[i]] > 0 {
			count[b[i]]--
			common++
		}
	}
	return 4*common >= 3*max(la, lb)
}
