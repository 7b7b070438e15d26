package purge

import (
	"slices"
	"testing"

	"github.com/contactgate/contactgate/match"
)

// candidatePairs is the definition the blocks implement, the slow way: the
// records of each blocking key in record order, blocks of two records up to
// maxBlock, a larger one split by each second key in turn (its records
// grouped by the key's value, each group still too large by the next key)
// and skipped when still too large after the last; a record paired with
// the window of records before it.
func candidatePairs(profiles []match.Profile, maxBlock, nameWindow int) map[[2]int32]bool {
	byKey := map[string][]int32{}
	sw := windowKeys(profiles, nameWindow)
	for i := range profiles {
		for _, k := range append(blockKeys(&profiles[i]), sw[i]...) {
			if recs := byKey[k]; len(recs) == 0 || recs[len(recs)-1] != int32(i) {
				byKey[k] = append(recs, int32(i))
			}
		}
	}
	want := map[[2]int32]bool{}
	var block func(recs []int32, level int)
	block = func(recs []int32, level int) {
		if len(recs) <= maxBlock {
			for e := range recs {
				for k := max(0, e-window); k < e; k++ {
					want[[2]int32{recs[k], recs[e]}] = true
				}
			}
			return
		}
		if level == len(secondKeys) {
			return
		}
		parts := map[string][]int32{}
		for _, r := range recs {
			k := secondKeys[level](&profiles[r])
			parts[k] = append(parts[k], r)
		}
		for _, part := range parts {
			block(part, level+1)
		}
	}
	for _, recs := range byKey {
		block(recs, 0)
	}
	return want
}

func TestBlockSizes(t *testing.T) {
	// Blocks of 2, 2, 3, 4, 5 and 9 records.
	bounds := []int32{0, 2, 4, 7, 11, 16, 25}
	want := []BlockSizeBin{{2, 2, 2, 4}, {3, 4, 2, 7}, {5, 8, 1, 5}, {9, 16, 1, 9}}
	if got := blockSizes(bounds); !slices.Equal(got, want) {
		t.Errorf("blockSizes = %+v, want %+v", got, want)
	}
	if got := blockSizes([]int32{0}); len(got) != 0 {
		t.Errorf("no blocks: %+v", got)
	}
}

func TestBlocksOfferEveryCandidatePairOnce(t *testing.T) {
	// Given a synthetic export, with blocks small enough that some are
	// skipped and large enough that windows slide
	recs, _ := syntheticExport(20_000)
	// and 40 copies of one record, which no second key can split
	for range 40 {
		recs = append(recs, recs[7])
	}
	profiles := make([]match.Profile, len(recs))
	for i := range recs {
		profiles[i] = match.NewProfile(recs[i].Fields, match.Options{})
	}
	const maxBlock = 24
	const nameWindow = 4
	want := candidatePairs(profiles, maxBlock, nameWindow)
	var st ScanStats
	bl := newBlocks(profiles, maxBlock, nameWindow, &st)
	if st.SplitBlocks == 0 || st.SkippedBlocks == 0 {
		t.Fatalf("%d blocks split, %d parts skipped: the test does not test splitting and skipping", st.SplitBlocks, st.SkippedBlocks)
	}
	t.Logf("%d blocks split (%d records), %d parts skipped (%d records, %d in no other block), largest %v",
		st.SplitBlocks, st.SplitRecords, st.SkippedBlocks, st.SkippedRecords, st.UnblockedRecords, st.LargestSkipped)
	// (the name window's runs of 8 still compare the copies with their
	// neighbours: none is in no block; scan_checks_test has one that is)
	if st.SkippedRecords != 41 || st.UnblockedRecords != 0 || len(st.LargestSkipped) == 0 || st.LargestSkipped[0].Records < 41 {
		t.Errorf("skipped: %d records, %d in no other block, largest %v; want the 41 copies, each in a window", st.SkippedRecords, st.UnblockedRecords, st.LargestSkipped)
	}
	largest := 0
	for b := range len(bl.bounds) - 1 {
		largest = max(largest, int(bl.bounds[b+1]-bl.bounds[b]))
	}
	if largest <= window+1 {
		t.Fatalf("largest block %d: the test does not test the window", largest)
	}

	t.Run("should count every block compared in one bin of sizes", func(t *testing.T) {
		blocks, records, prev := 0, 0, 1
		for _, bin := range st.BlockSizes {
			if bin.Min <= prev || bin.Blocks == 0 || bin.Records < bin.Blocks*bin.Min || bin.Records > bin.Blocks*bin.Max {
				t.Errorf("bin %+v after one up to %d", bin, prev)
			}
			blocks, records, prev = blocks+bin.Blocks, records+bin.Records, bin.Max
		}
		if blocks != len(bl.bounds)-1 || records != len(bl.recs) || prev < largest || prev >= 2*largest {
			t.Errorf("bins %+v: %d blocks of %d records up to %d, want %d of %d up to %d", st.BlockSizes, blocks, records, prev, len(bl.bounds)-1, len(bl.recs), largest)
		}
	})

	t.Run("should offer each pair once, block by block, in any cut of the blocks", func(t *testing.T) {
		got := map[[2]int32]bool{}
		tasks := bl.tasks(1000)
		if len(tasks) < 10 {
			t.Fatalf("%d tasks", len(tasks))
		}
		for k := range len(tasks) - 1 {
			bl.pairs(tasks[k], tasks[k+1], func(j, i int32) {
				p := [2]int32{j, i}
				if j >= i || got[p] {
					t.Fatalf("pair %v offered twice or out of order", p)
				}
				got[p] = true
			})
		}
		assertSamePairs(t, got, want)
	})

	t.Run("should offer each pair once, record by record", func(t *testing.T) {
		got := map[[2]int32]bool{}
		marks := newMarks(len(profiles))
		for i := range int32(len(profiles)) {
			bl.candidates(i, marks, func(j int32) {
				p := [2]int32{j, i}
				if j >= i || got[p] {
					t.Fatalf("pair %v offered twice or out of order", p)
				}
				got[p] = true
			})
		}
		assertSamePairs(t, got, want)
	})
}

func assertSamePairs(t *testing.T, got, want map[[2]int32]bool) {
	t.Helper()
	var missing, extra [][2]int32
	for p := range want {
		if !got[p] {
			missing = append(missing, p)
		}
	}
	for p := range got {
		if !want[p] {
			extra = append(extra, p)
		}
	}
	if len(missing)+len(extra) > 0 {
		slices.SortFunc(missing, func(a, b [2]int32) int { return int(a[0]-b[0])*1<<20 + int(a[1]-b[1]) })
		t.Errorf("%d pairs of %d missing (%v...), %d extra", len(missing), len(want), missing[:min(5, len(missing))], len(extra))
	}
}
