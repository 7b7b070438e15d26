package purge

import (
	"cmp"
	"hash/maphash"
	"math/bits"
	"slices"
	"strconv"

	"github.com/contactgate/contactgate/match"
)

// window bounds the records a record is compared with in one block: the
// window before it, in record order. Blocks up to window+1 records are
// compared completely; larger ones (up to MaxBlock) as a sorted
// neighbourhood, so the pairs grow linearly with the records. 16 rather
// than 32 scores a quarter fewer pairs at the same pairwise F1 on the
// shared datasets (TestScanQualityOnSharedDatasets, senzing too) and a
// better one on synthetic exports (100,000 records: 0.802 to 0.809, recall
// 0.955 either way; 1,000,000: 0.234 to 0.240, recall 0.836 to 0.837): in
// a large block, a window of strangers brings more colleagues and
// namesakes than duplicates that no other key finds. 8 costs chicago.
const window = 16

// blocks are the blocks that make candidate pairs: those of two records or
// more and at most MaxBlock. A block is a run of entries, its records in
// record order; every record knows its entries, so that a pair can tell
// the first block it is a candidate of without a set of all pairs. Keys
// are hashed (64 bits) and dropped once sorted: 12 bytes per record and
// key, and no map of strings.
type blocks struct {
	recs   []int32 // the record of each entry, block by block
	bounds []int32 // where each block starts in recs, and len(recs) last
	// byRec[at[r]:at[r+1]] are record r's entries, in block order.
	at    []int32
	byRec []recEntry
}

// recEntry is one of a record's entries: its block and its index in recs.
type recEntry struct {
	block, pos int32
}

// keyEntry is a blocking key of a record, hashed, while blocks are built.
type keyEntry struct {
	h   uint64
	rec int32
}

// newBlocks hashes every record's blocking keys (blockKeys), in
// parallel, and sorts them so that records sharing a key are neighbours. A
// block larger than maxBlock is split by second keys (splitOversized), and
// what stays larger skipped; both are counted in st. A block of one record
// is dropped, as it makes no pair. nameWindow > 0 adds the
// sorted-neighbourhood keys of that step (windowEntries).
func newBlocks(profiles []match.Profile, maxBlock, nameWindow int, st *ScanStats) *blocks {
	n := len(profiles)
	seed := maphash.MakeSeed()
	const chunk = 4096
	per := make([][]keyEntry, n/chunk+1)
	parallel(len(per), func(w int) {
		var out []keyEntry
		for i := w * chunk; i < min((w+1)*chunk, n); i++ {
			first := len(out)
			for _, k := range blockKeys(&profiles[i]) {
				out = append(out, keyEntry{maphash.String(seed, k), int32(i)})
			}
			// A key twice (or two keys of one hash) is one block.
			own := out[first:]
			slices.SortFunc(own, func(x, y keyEntry) int { return cmp.Compare(x.h, y.h) })
			out = out[:first+len(slices.CompactFunc(own, func(x, y keyEntry) bool { return x.h == y.h }))]
		}
		per[w] = out
	})
	if nameWindow > 0 {
		per = append(per, windowEntries(profiles, nameWindow, seed))
	}
	entries := sortKeys(per)

	// A block larger than maxBlock is split by second keys (split.go).
	var over []run
	eachRun(entries, func(lo, hi int) {
		if hi-lo > maxBlock {
			over = append(over, run{lo, hi})
		}
	})
	levels, skipped := splitOversized(profiles, entries, over, seed, maxBlock)
	noteSplits(profiles, entries, over, levels, skipped, seed, maxBlock, st)

	// Two passes over the runs of one hash, to size the blocks and then
	// to fill them: large slices grown by appends would leave the heap
	// fragmented.
	kept, count := 0, 0
	each := func(fn func(rec func(k int) int32, lo, hi int)) {
		eachRun(entries, func(lo, hi int) { fn(func(k int) int32 { return entries[k].rec }, lo, hi) })
		for _, l := range levels {
			eachRunOf(len(l), func(i int) uint64 { return l[i].h }, func(lo, hi int) { fn(func(k int) int32 { return l[k].rec }, lo, hi) })
		}
	}
	each(func(_ func(int) int32, lo, hi int) {
		if size := hi - lo; size > 1 && size <= maxBlock {
			kept += size
			count++
		}
	})
	b := &blocks{recs: make([]int32, 0, kept), bounds: make([]int32, 0, count+1), at: make([]int32, n+1)}
	each(func(rec func(int) int32, lo, hi int) {
		if size := hi - lo; size > 1 && size <= maxBlock {
			b.bounds = append(b.bounds, int32(len(b.recs)))
			for k := lo; k < hi; k++ {
				r := rec(k)
				b.recs = append(b.recs, r)
				b.at[r+1]++
			}
		}
	})
	b.bounds = append(b.bounds, int32(len(b.recs)))
	st.BlockSizes = blockSizes(b.bounds)
	for r := range n {
		b.at[r+1] += b.at[r]
	}
	b.byRec = make([]recEntry, len(b.recs))
	fill := slices.Clone(b.at[:n])
	for blk := range len(b.bounds) - 1 {
		for e := b.bounds[blk]; e < b.bounds[blk+1]; e++ {
			r := b.recs[e]
			b.byRec[fill[r]] = recEntry{int32(blk), e}
			fill[r]++
		}
	}
	return b
}

// windowEntries are the sorted-neighbourhood entries
// (ScanOptions.NameWindow): the records with a last name in the order of
// last then first name (nameOrder), cut into runs of 2*step records that
// overlap by half, each run a key ("sw|3"), so that a record shares a key
// with those up to 2*step-1 places from it. A typo past the first letters
// of a name, which changes its sound and every exact key, leaves the
// record beside its other records in that order. A second order does the
// same over e-mail addresses (emailOrder, "se|3"). Each run's key is
// hashed once as it is made, no string per record (at 1,000,000 records
// the keys' strings held 0.3 GB); windowKeys, in the tests, spells them.
func windowEntries(profiles []match.Profile, step int, seed maphash.Seed) []keyEntry {
	return slices.Concat(orderEntries(nameOrder(profiles), "sw|", step, seed),
		orderEntries(emailOrder(profiles), "se|", step, seed))
}

// orderEntries are the entries of one order's windows (windowEntries).
func orderEntries(order []int32, prefix string, step int, seed maphash.Seed) []keyEntry {
	out := make([]keyEntry, 0, 2*len(order))
	var h, prev uint64
	for pos, r := range order {
		c := pos / step
		if pos%step == 0 {
			prev, h = h, maphash.String(seed, prefix+strconv.Itoa(c)+"|")
		}
		out = append(out, keyEntry{h, r})
		if c > 0 {
			out = append(out, keyEntry{prev, r})
		}
	}
	return out
}

// eachRun calls fn with the bounds of each run of entries of one hash.
func eachRun(entries []keyEntry, fn func(lo, hi int)) {
	eachRunOf(len(entries), func(i int) uint64 { return entries[i].h }, fn)
}

// sortKeys concatenates the key entries (in record order) and sorts them by
// hash, then record: a stable partition by the top bits of the hash, then
// the buckets sorted in parallel.
func sortKeys(per [][]keyEntry) []keyEntry {
	const bits = 10
	var count [1<<bits + 1]int
	total := 0
	for _, p := range per {
		for _, e := range p {
			count[e.h>>(64-bits)+1]++
		}
		total += len(p)
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	bounds := count
	out := make([]keyEntry, total)
	for w, p := range per {
		for _, e := range p {
			d := e.h >> (64 - bits)
			out[count[d]] = e
			count[d]++
		}
		per[w] = nil
	}
	parallel(1<<bits, func(d int) {
		slices.SortFunc(out[bounds[d]:bounds[d+1]], func(x, y keyEntry) int { return cmp.Or(cmp.Compare(x.h, y.h), cmp.Compare(x.rec, y.rec)) })
	})
	return out
}

// pairs calls fn with every candidate pair of the blocks [lo, hi) that has
// no candidate block before: each pair once over all the blocks. In a
// block, a record meets the window of records before it. j < i.
func (b *blocks) pairs(lo, hi int, fn func(j, i int32)) {
	for blk := lo; blk < hi; blk++ {
		first, end := b.bounds[blk], b.bounds[blk+1]
		for e := first + 1; e < end; e++ {
			i := b.recs[e]
			for k := max(first, e-window); k < e; k++ {
				if j := b.recs[k]; !b.metBefore(j, i, int32(blk)) {
					fn(j, i)
				}
			}
		}
	}
}

// metBefore reports whether j and i (j < i) are a candidate pair of a
// block before blk: both are in it, j within the window before i. Their
// entries are in block order, so it is a merge of two short lists.
func (b *blocks) metBefore(j, i, blk int32) bool {
	x, y := b.byRec[b.at[i]:b.at[i+1]], b.byRec[b.at[j]:b.at[j+1]]
	for len(x) > 0 && len(y) > 0 && x[0].block < blk && y[0].block < blk {
		switch {
		case x[0].block < y[0].block:
			x = x[1:]
		case x[0].block > y[0].block:
			y = y[1:]
		default:
			if x[0].pos-y[0].pos <= window {
				return true
			}
			x, y = x[1:], y[1:]
		}
	}
	return false
}

// marks remember, per record, the last record it was offered to, so that
// a pair sharing several blocks is offered once by candidates.
func newMarks(n int) []int32 {
	m := make([]int32, n)
	for i := range m {
		m[i] = -1
	}
	return m
}

// candidates calls fn with every record before i that is a candidate pair
// with it, once: the pairs of the blocks, record by record.
func (b *blocks) candidates(i int32, marks []int32, fn func(j int32)) {
	for _, re := range b.byRec[b.at[i]:b.at[i+1]] {
		for k := max(b.bounds[re.block], re.pos-window); k < re.pos; k++ {
			if j := b.recs[k]; marks[j] != i {
				marks[j] = i
				fn(j)
			}
		}
	}
}

// tasks cuts the blocks into runs of about size entries, for the workers:
// the first block of each run, and the number of blocks last.
func (b *blocks) tasks(size int) []int {
	cuts := []int{0}
	for blk := 1; blk < len(b.bounds)-1; blk++ {
		if int(b.bounds[blk]-b.bounds[cuts[len(cuts)-1]]) >= size {
			cuts = append(cuts, blk)
		}
	}
	return append(cuts, len(b.bounds)-1)
}

// BlockSizeBin is the blocks of Min to Max records (ScanStats.BlockSizes)
// and the records they hold, a record counted once per block.
type BlockSizeBin struct {
	Min     int `json:"min"`
	Max     int `json:"max"`
	Blocks  int `json:"blocks"`
	Records int `json:"records"`
}

// blockSizes bins the blocks of bounds (blocks.bounds) by size, in powers
// of two, leaving out the empty bins.
func blockSizes(bounds []int32) []BlockSizeBin {
	var bins []BlockSizeBin
	for blk := range len(bounds) - 1 {
		size := int(bounds[blk+1] - bounds[blk])
		i := bits.Len(uint(size-1)) - 1 // 2 -> 0, 3-4 -> 1, 5-8 -> 2
		for len(bins) <= i {
			bins = append(bins, BlockSizeBin{Min: 1<<len(bins) + 1, Max: 2 << len(bins)})
		}
		bins[i].Blocks++
		bins[i].Records += size
	}
	return slices.DeleteFunc(bins, func(b BlockSizeBin) bool { return b.Blocks == 0 })
}
