package purge

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/contactgate/contactgate/match"
)

// scorePairs scores every candidate pair of the blocks once, on every
// core, and returns those in the match or possible band, ordered by L then
// R, with the number of pairs scored. Block by block: the profiles of a
// block stay in the cache while its window slides, and each pair is scored
// in the first block it is a candidate of, so no list or set of all pairs
// is ever built.
func scorePairs(bl *blocks, profiles []match.Profile, scorer *match.Scorer, progress func(string, int, int)) ([]Pair, int) {
	n := len(profiles)
	tasks := bl.tasks(1 << 14)
	var nextTask, scoredEntries atomic.Int64
	// Each worker keeps its pairs in chunks of a fixed size: a slice grown
	// to millions of pairs would be copied as it grows, and fragment the
	// heap.
	const chunk = 1 << 15
	kept := make([][][]Pair, runtime.GOMAXPROCS(0))
	compares := make([]int, len(kept))
	var wg sync.WaitGroup
	for w := range kept {
		wg.Go(func() {
			var mine [][]Pair
			last := make([]Pair, 0, chunk)
			var evidence []match.Evidence // reused: most pairs are distinct
			count := 0
			for t := int(nextTask.Add(1)) - 1; t < len(tasks)-1; t = int(nextTask.Add(1)) - 1 {
				bl.pairs(tasks[t], tasks[t+1], func(j, i int32) {
					count++
					c := scorer.ScoreTo(evidence, &profiles[j], &profiles[i])
					evidence = c.Evidence
					if c.Band == match.BandDistinct {
						return
					}
					if len(last) == cap(last) {
						mine, last = append(mine, last), make([]Pair, 0, chunk)
					}
					last = append(last, Pair{L: j, R: i, Weight: c.Weight, Band: c.Band})
				})
				done := scoredEntries.Add(int64(bl.bounds[tasks[t+1]] - bl.bounds[tasks[t]]))
				if done < int64(len(bl.recs)) {
					progress("score", int(done*int64(n)/int64(len(bl.recs))), n)
				}
			}
			kept[w], compares[w] = append(mine, last), count
		})
	}
	wg.Wait()
	compared := 0
	for _, c := range compares {
		compared += c
	}
	return byRecord(n, slices.Concat(kept...)), compared
}

// byRecord gathers the chunks of pairs the workers kept into one slice,
// ordered by L then R whichever worker scored them: a counting sort by L,
// then each record's few pairs sorted by R. The chunks are released as
// they are copied.
func byRecord(n int, kept [][]Pair) []Pair {
	at := make([]int, n+1)
	for _, ps := range kept {
		for _, p := range ps {
			at[p.L+1]++
		}
	}
	for r := range n {
		at[r+1] += at[r]
	}
	out := make([]Pair, at[n])
	for w, ps := range kept {
		for _, p := range ps {
			out[at[p.L]] = p
			at[p.L]++
		}
		kept[w] = nil
	}
	// at[r] is now where the pairs of record r+1 start.
	parallel(n, func(r int) {
		lo := 0
		if r > 0 {
			lo = at[r-1]
		}
		slices.SortFunc(out[lo:at[r]], func(a, b Pair) int { return cmp.Compare(a.R, b.R) })
	})
	return out
}
