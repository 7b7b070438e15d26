package purge

import (
	"cmp"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/match"
)

// blockKeys are a record's blocking keys: match.BlockKeys, which the
// gatekeeper shares, and the scan's own, for the pairs a batch can afford
// to look for (extraKeys).
func blockKeys(p *match.Profile) []string {
	return append(match.BlockKeys(p), extraKeys(p)...)
}

// extraKeys catch what match.BlockKeys misses on the shared datasets' tune
// halves and synthetic exports (measured by which keys the true pairs
// that were never compared share, and at what cost in pairs):
//
//   - "en": the two names, in either order, from the name fields or from
//     an e-mail local part made of two words (dorothy.tucker@, tucker_
//     dorothy@): first and last names swapped (Sienna Taylor, Taylor
//     Sienna) meet, and so does a record with only an address and the one
//     with the name.
//   - "pf", "pi", "cf": for sparse records (a first name beside a
//     postcode or a birthplace, no surname or birth date), the postcode
//     with the first name, the postcode's district ("TN14") with the
//     initials, and the city with the first name. On Splink's
//     historical_figures_with_errors_50k (never tuned on) they raise the
//     blocking's recall from 0.730 to 0.782 and pairwise F1 0.782 ->
//     0.814; a synthetic export of 100,000 records (no postcode or city)
//     is unchanged.
//   - "cs", and a lone name's "dl" and "pl": the city with the surname's
//     sound, and a record of one name (Oldmixon) keyed as a surname too,
//     as the scorer reads it beside John Oldmixon (names swapped). On the
//     historical figures they raise the blocking's recall 0.803 -> 0.848
//     and F1 0.857 -> 0.878 (precision 0.991 -> 0.988), at 3 % more pairs.
//
// Not keys: the two names' sounds in either order caught nothing "en" did
// not; first name and company caught 50 more of 29,104 true pairs of a
// synthetic export of 100,000 records, but brought colleagues of one
// first name together (precision 0.988 -> 0.985, F1 down).
func extraKeys(p *match.Profile) []string {
	var keys []string
	if p.First != "" && p.Last != "" {
		keys = append(keys, "en|"+either(p.First, p.Last)+"|")
	}
	if a, b, ok := localNames(p.EmailLocal); ok && (a != p.First || b != p.Last) {
		keys = append(keys, "en|"+either(a, b)+"|")
	}
	if p.Postcode != "" && p.First != "" {
		keys = append(keys, "pf|"+p.Postcode+"|"+p.First+"|")
	}
	if d := postcodeDistrict(p.Postcode); d != "" && (p.First != "" || p.Last != "") {
		keys = append(keys, "pi|"+d+"|"+initial(p.First)+initial(p.Last)+"|")
	}
	if p.City != "" && p.First != "" {
		keys = append(keys, "cf|"+p.City+"|"+p.First+"|")
	}
	last := p.Last
	if last == "" && p.First != "" {
		// A name alone may be a surname (Oldmixon beside John Oldmixon,
		// which the scorer reads as names swapped): the surname's keys of
		// match.BlockKeys, spelled as it spells them.
		last = p.First
		sx := match.Soundex(last)
		if y := yearOf(p.DOB); y != "" {
			keys = append(keys, "dl|"+y+"|"+sx+"|")
		}
		if p.Postcode != "" {
			keys = append(keys, "pl|"+p.Postcode+"|"+sx+"|")
		}
	}
	if p.City != "" && last != "" {
		keys = append(keys, "cs|"+p.City+"|"+match.Soundex(last)+"|")
	}
	return keys
}

// either joins two parts in sorted order, so that a key does not depend on
// which was first.
func either(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
}

// localNames splits an e-mail local part made of two words of letters,
// at a dot, an underscore or a hyphen ("dorothy.tucker"), into name keys.
func localNames(local string) (a, b string, ok bool) {
	i := strings.IndexAny(local, "._-")
	if i <= 1 || i >= len(local)-2 {
		return "", "", false
	}
	a, b = local[:i], local[i+1:]
	for _, s := range []string{a, b} {
		for k := 0; k < len(s); k++ {
			if s[k] < 'a' || s[k] > 'z' {
				return "", "", false
			}
		}
	}
	return a, b, true
}

// emailOrder is the records with an e-mail address whose local part does
// not spell their own last name, in the order of the local part, then the
// domain, then record. An address made of the names (fiona.hart@) meets
// its record's others through the names' keys and order already, and
// beside it in this order sit namesakes at other providers and colleagues
// of near names (fiona.harris@). A handle (jonathan74@) with a slip in it
// (jonathn74@, or its domain mistyped) shares no key with the record's
// others when the names are scrambled or missing; in this order it sits
// beside them.
func emailOrder(profiles []match.Profile) []int32 {
	var order []int32
	for i := range profiles {
		if p := &profiles[i]; p.EmailLocal != "" && (p.Last == "" || !strings.Contains(p.EmailLocal, p.Last)) {
			order = append(order, int32(i))
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		pa, pb := &profiles[a], &profiles[b]
		if c := strings.Compare(pa.EmailLocal, pb.EmailLocal); c != 0 {
			return c
		}
		if c := strings.Compare(pa.EmailDomain, pb.EmailDomain); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return order
}

// postcodeDistrict is the part of a postcode that names an area: a
// British postcode without its inward code (the last three characters:
// "TN147AX" -> "TN14"), else its first three characters (a US ZIP code's
// sectional centre). "" for one shorter than four.
func postcodeDistrict(pc string) string {
	switch {
	case len(pc) < 4:
		return ""
	case len(pc) >= 5 && pc[len(pc)-3] >= '0' && pc[len(pc)-3] <= '9' && pc[len(pc)-2] >= 'A' && pc[len(pc)-1] >= 'A':
		return pc[:len(pc)-3]
	default:
		return pc[:3]
	}
}

// nameOrder is the records with a last name in the order of last then
// first name, then record.
func nameOrder(profiles []match.Profile) []int32 {
	var order []int32
	for i := range profiles {
		if profiles[i].Last != "" {
			order = append(order, int32(i))
		}
	}
	// The first name and the index are compared only on a tie (cmp.Or
	// would compare all three every time: a third of the sort's time).
	slices.SortFunc(order, func(a, b int32) int {
		pa, pb := &profiles[a], &profiles[b]
		if c := strings.Compare(pa.Last, pb.Last); c != 0 {
			return c
		}
		if c := strings.Compare(pa.First, pb.First); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return order
}
