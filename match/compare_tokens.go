package match

import (
	"slices"
	"strings"
	"unicode/utf8"
)

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

// wordsWithin: the shorter company name is the first words of the longer,
// one of them of five letters or more, and no word the longer adds is a
// number ("oaklight", "oaklight holdings"; "clear valley", "clear valley
// engineering"): one company written whole and without the words a form
// leaves out. A name's last word ("consulting" in "smith consulting") names
// a trade, not the company; short words alone ("acme", "acme labs") are
// many companies' and stay a weaker likeness; a number added ("harbour
// dental 2") is another site.
func wordsWithin(a, b []string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == len(b) {
		return false
	}
	long := false
	for i, t := range a {
		if singular(t) != singular(b[i]) {
			return false
		}
		long = long || utf8.RuneCountInString(t) >= 5
	}
	for _, t := range b[len(a):] {
		if strings.Trim(t, "0123456789") == "" {
			return false
		}
	}
	return long
}
