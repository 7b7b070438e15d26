package purge

import (
	"slices"
	"strings"

	"github.com/contactgate/contactgate/match"
)

// identifierTags are the blocking keys made of one contact identifier
// (e-mail, its local part, phone, its last digits, national id, birth
// date); the others are made of names and places.
var identifierTags = []string{"e", "el", "p", "pt", "n", "d"}

// maxRecallPairs bounds the pairs estimateBlockingRecall looks at: at
// 20,000 the estimate's standard error is under 0.005, and it took a fifth
// of the scan of 50,000 records when it looked at all of them.
const maxRecallPairs = 20_000

// estimateBlockingRecall estimates, without labels, the share of the true
// pairs that the blocking compares: capture and recapture over the pairs
// found in the match band, taken as true. The keys fall in two groups,
// identifiers and names with places; among the found pairs that share a
// key of one group, the share that also shares a key of the other is
// that group's recall; the blocking misses a pair only when both groups
// do: 1 - (1-rIdentifiers)(1-rNames), as if the groups missed pairs
// independently (they do not quite: a record with few fields misses in
// both, so the estimate is high). 0 when either group found no pair.
func estimateBlockingRecall(profiles []match.Profile, pairs []Pair) float64 {
	matched := 0
	for _, p := range pairs {
		if p.Band == match.BandMatch {
			matched++
		}
	}
	// Every stride-th pair of the match band: an estimate from
	// maxRecallPairs pairs is as good, and each costs both records' keys.
	stride := max(1, (matched+maxRecallPairs-1)/maxRecallPairs)
	var nID, nName, nBoth, seen int
	for _, p := range pairs {
		if p.Band != match.BandMatch {
			continue
		}
		seen++
		if seen%stride != 0 {
			continue
		}
		id, name := sharedGroups(&profiles[p.L], &profiles[p.R])
		switch {
		case id && name:
			nBoth++
			nID++
			nName++
		case id:
			nID++
		case name:
			nName++
		}
	}
	if nID == 0 || nName == 0 {
		return 0
	}
	rID, rName := float64(nBoth)/float64(nName), float64(nBoth)/float64(nID)
	return 1 - (1-rID)*(1-rName)
}

// sharedGroups reports whether a and b share an identifier key and a key
// of names and places.
func sharedGroups(a, b *match.Profile) (id, name bool) {
	kb := blockKeys(b)
	for _, k := range blockKeys(a) {
		if !slices.Contains(kb, k) {
			continue
		}
		tag, _, _ := strings.Cut(k, "|")
		if slices.Contains(identifierTags, tag) {
			id = true
		} else {
			name = true
		}
	}
	return id, name
}
