package purge

import (
	"cmp"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/match"
)

// secondKeys split a block larger than MaxBlock (a switchboard's phone, a
// common surname's sound, a company's domain), level by level: its records
// are blocked again by the first key, then each part still too large by
// the next, and so on; a part still too large after the last is skipped.
// Each key narrows the one before (a part's hash is its block's hash mixed
// with the key), so that a record without a key's field meets the others
// without it at the next level. The order goes from the key that tells
// most people apart to the least: the whole name, birth year and initials,
// postcode, e-mail domain, company, city.
var secondKeys = []func(p *match.Profile) string{
	func(p *match.Profile) string { return p.First + "|" + p.Last },
	func(p *match.Profile) string { return yearOf(p.DOB) + "|" + initial(p.First) + initial(p.Last) },
	func(p *match.Profile) string { return p.Postcode },
	func(p *match.Profile) string { return p.EmailDomain },
	func(p *match.Profile) string { return p.Company },
	func(p *match.Profile) string { return p.City },
}

func yearOf(dob string) string {
	if len(dob) < 4 {
		return ""
	}
	return dob[:4]
}

func initial(s string) string {
	if s == "" {
		return "-"
	}
	return s[:1]
}

// mix is the hash of a part of a block: the block's hash and the second
// key's, through SplitMix64's finaliser.
func mix(h, k uint64) uint64 {
	z := h ^ (k + 0x9e3779b97f4a7c15 + h<<6 + h>>2)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// splitEntry is a record's entry in a part of a split block: the part's
// hash, and root, the index of the block it was split from (for the
// warning of what was skipped).
type splitEntry struct {
	h    uint64
	rec  int32
	root int32
}

// run is a run of entries of one hash, [lo, hi).
type run struct{ lo, hi int }

// SkippedBlock is a block too large to compare even after splitting: its
// key (the kind of field and the value) and its records.
type SkippedBlock struct {
	Key     string `json:"key"`
	Records int    `json:"records"`
}

// splitOversized splits the oversized runs of entries by secondKeys and
// returns the parts of each level, sorted by hash then record, and the
// runs of the last level still oversized (to skip).
func splitOversized(profiles []match.Profile, entries []keyEntry, over []run, seed maphash.Seed, maxBlock int) (levels [][]splitEntry, skipped []run) {
	var cur []splitEntry
	for r, ru := range over {
		for _, e := range entries[ru.lo:ru.hi] {
			cur = append(cur, splitEntry{e.h, e.rec, int32(r)})
		}
	}
	for _, key := range secondKeys {
		if len(cur) == 0 {
			break
		}
		for i := range cur {
			cur[i].h = mix(cur[i].h, maphash.String(seed, key(&profiles[cur[i].rec])))
		}
		slices.SortFunc(cur, func(x, y splitEntry) int { return cmp.Or(cmp.Compare(x.h, y.h), cmp.Compare(x.rec, y.rec)) })
		levels = append(levels, cur)
		var next []splitEntry
		skipped = skipped[:0]
		eachRunOf(len(cur), func(i int) uint64 { return cur[i].h }, func(lo, hi int) {
			if hi-lo > maxBlock {
				skipped = append(skipped, run{lo, hi})
				next = append(next, cur[lo:hi]...)
			}
		})
		cur = next
	}
	if len(cur) == 0 {
		return levels, nil
	}
	// What is left is the last level's oversized runs, as they are there.
	return levels, skipped
}

// eachRunOf calls fn with the bounds of each run of one hash among n
// entries.
func eachRunOf(n int, hash func(i int) uint64, fn func(lo, hi int)) {
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && hash(hi) == hash(lo) {
			hi++
		}
		fn(lo, hi)
		lo = hi
	}
}

// keyNames name the blocking keys' tags (blockKeys), for warnings.
var keyNames = map[string]string{
	"e": "e-mail", "el": "e-mail local part", "p": "phone", "pt": "phone's last digits", "n": "national id",
	"d": "date of birth", "lf": "surname sound and initial", "pl": "postcode and surname sound", "fl": "first and last name",
	"kl": "nickname and last name", "dl": "birth year and surname sound", "df": "birth year and initials",
	"cl": "company and surname sound", "c": "company", "a": "street",
	"en": "names", "sw": "name window",
}

// blockKey finds the key of a block from one of its records and its hash,
// spelled for people: "phone +14155550100".
func blockKey(p *match.Profile, h uint64, seed maphash.Seed) string {
	for _, k := range blockKeys(p) {
		if maphash.String(seed, k) != h {
			continue
		}
		parts := strings.Split(strings.TrimSuffix(k, "|"), "|")
		name := keyNames[parts[0]]
		if name == "" {
			name = parts[0]
		}
		return name + " " + strings.Join(parts[1:], " ")
	}
	return "?"
}

// maxSkippedShown is how many of the largest skipped blocks ScanStats
// names.
const maxSkippedShown = 3

// noteSplits counts in st the blocks split and the records they hold, and
// the records of the parts skipped: each record once, and those of them in
// no kept block (never compared with anyone); it names the largest blocks
// that had a part skipped.
func noteSplits(profiles []match.Profile, entries []keyEntry, over []run, levels [][]splitEntry, skipped []run, seed maphash.Seed, maxBlock int, st *ScanStats) {
	if len(over) == 0 {
		return
	}
	n := len(profiles)
	touched := make([]bool, n)
	for _, ru := range over {
		st.SplitBlocks++
		for _, e := range entries[ru.lo:ru.hi] {
			if !touched[e.rec] {
				touched[e.rec] = true
				st.SplitRecords++
			}
		}
	}
	if len(skipped) == 0 {
		return
	}
	last := levels[len(levels)-1]
	clear(touched)
	rootSize := map[int32]int{}
	for _, ru := range skipped {
		st.SkippedBlocks++
		for _, e := range last[ru.lo:ru.hi] {
			rootSize[e.root]++
			if !touched[e.rec] {
				touched[e.rec] = true
				st.SkippedRecords++
			}
		}
	}
	// A skipped record that is in some block of two to maxBlock records is
	// compared there; the others are compared with no one.
	inBlock := make([]bool, n)
	mark := func(rec func(k int) int32, lo, hi int) {
		if size := hi - lo; size > 1 && size <= maxBlock {
			for k := lo; k < hi; k++ {
				inBlock[rec(k)] = true
			}
		}
	}
	eachRun(entries, func(lo, hi int) { mark(func(k int) int32 { return entries[k].rec }, lo, hi) })
	for _, l := range levels {
		eachRunOf(len(l), func(i int) uint64 { return l[i].h }, func(lo, hi int) { mark(func(k int) int32 { return l[k].rec }, lo, hi) })
	}
	for r := range n {
		if touched[r] && !inBlock[r] {
			st.UnblockedRecords++
		}
	}
	// The largest first, then by key: the seed of the hashes changes the
	// order of the blocks from run to run, the keys do not.
	for r, size := range rootSize {
		e := entries[over[r].lo]
		st.LargestSkipped = append(st.LargestSkipped, SkippedBlock{Key: blockKey(&profiles[e.rec], e.h, seed), Records: size})
	}
	slices.SortFunc(st.LargestSkipped, func(a, b SkippedBlock) int {
		return cmp.Or(cmp.Compare(b.Records, a.Records), cmp.Compare(a.Key, b.Key))
	})
	st.LargestSkipped = st.LargestSkipped[:min(maxSkippedShown, len(st.LargestSkipped))]
}
