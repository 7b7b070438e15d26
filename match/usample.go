package match

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
)

// ErrTooFewRecords is returned by SampleU for a file of fewer than two
// records: there is no pair to count.
var ErrTooFewRecords = errors.New("fewer than two records")

// USampleOptions configure SampleU. The zero value takes every default.
type USampleOptions struct {
	// Pairs is how many random pairs are compared. A file with fewer
	// pairs than that has every pair compared, once. Default 1,000,000:
	// about a second of one core, and enough to see a level of u 1e-5 ten
	// times.
	Pairs int
	// Seed seeds the draw; one seed gives one estimate, whatever the
	// number of cores.
	Seed uint64
	// PriorPairs is how many pairs the model's own u counts for: a file of
	// a few dozen records keeps about the hand-set u, and a level the
	// sample rarely shows moves towards its count only as far as the
	// count says. Default 1,000.
	PriorPairs float64
	// Keep lists the fields whose u stays the model's: fields made of
	// others, whose agreement between two random people says nothing of
	// how often two namesakes agree (an e-mail's local part is made of the
	// name: "rcole" at two companies is rare among random pairs and
	// common among Robert and Rodney Cole).
	Keep []Kind
}

// USampleStats say what SampleU counted.
type USampleStats struct {
	// Pairs are the pairs compared.
	Pairs int `json:"pairs"`
	// Matches is how many of them the model takes for one person (the sum
	// of their posteriors), left out of the counts.
	Matches float64 `json:"matches"`
}

// uChunks is how many parts the sample is drawn in, each with its own
// stream of the seed: fixed, so that the estimate does not depend on the
// number of cores.
const uChunks = 16

// SampleU returns m with the u probability of every level estimated from
// the records themselves, as Splink does: u is the chance that two
// records of different people agree at the level, and two records drawn
// at random are almost always two people. So pairs are drawn at random
// (or, in a small file, every pair is taken), each field is compared, and
// a level's u is the share of the pairs comparing the field that agree at
// it. Levels the file shows often (a city in an export from one town, a
// state) weigh less than the hand-set u said; levels it never shows weigh
// more.
//
// Two refinements keep small files honest. A pair the model (m, u and
// prior as given) takes for one person counts only by its chance of being
// two: in a file of 1,000 records with 3,000 true pairs, one random pair
// in 170 is a duplicate, and counting them would make a shared e-mail or
// surname look common. And each level starts from the model's u as
// PriorPairs pairs' worth of evidence; a level the sample never shows
// keeps at most 1/N of N pairs compared (the sample cannot tell a smaller
// chance from none), and never less than that when the model's u is
// smaller already.
//
// m, the prior and the thresholds stay the model's; the term-frequency
// adjustment then weighs each value around the estimated average.
func SampleU(m Model, profiles []Profile, o USampleOptions) (Model, USampleStats, error) {
	n := len(profiles)
	if n < 2 {
		return m, USampleStats{}, ErrTooFewRecords
	}
	if o.Pairs <= 0 {
		o.Pairs = 1_000_000
	}
	if o.PriorPairs <= 0 {
		o.PriorPairs = 1000
	}
	all := int64(n) * int64(n-1) / 2
	exhaustive := all <= int64(o.Pairs)
	total := o.Pairs
	if exhaustive {
		total = int(all)
	}
	sum := sampleCounts(m, profiles, total, exhaustive, o.Seed)
	out := m.clone()
	for f := range out.Fields {
		compared := 0.0
		for _, c := range sum.levels[f] {
			compared += c
		}
		if compared == 0 || slices.Contains(o.Keep, out.Fields[f].Kind) {
			continue // no pair where both records have the field, or kept
		}
		for l := range out.Fields[f].Levels {
			lv := &out.Fields[f].Levels[l]
			u := (sum.levels[f][l] + o.PriorPairs*lv.U) / (compared + o.PriorPairs)
			lv.U = clamp(max(u, min(lv.U, 1/compared)))
		}
	}
	return out, USampleStats{Pairs: total, Matches: float64(total) - sum.nonMatch}, nil
}

// sampleCounts compares total pairs of profiles, every pair in order when
// exhaustive, else drawn at random in uChunks streams of seed, and counts
// each field's levels, each pair weighed by its chance under m of being
// two people.
func sampleCounts(m Model, profiles []Profile, total int, exhaustive bool, seed uint64) uCounts {
	n := len(profiles)
	weights := make([][]float64, len(m.Fields))
	for i, f := range m.Fields {
		for _, l := range f.Levels {
			weights[i] = append(weights[i], l.Weight())
		}
	}
	logPrior := math.Log2(m.Prior / (1 - m.Prior))
	parts := make([]uCounts, uChunks)
	var wg sync.WaitGroup
	for c := range uChunks {
		lo, hi := total*c/uChunks, total*(c+1)/uChunks
		wg.Go(func() {
			counts := newUCounts(m)
			levels := make([]int8, len(m.Fields))
			pair := func(a, b *Profile) {
				w := logPrior
				for f := range m.Fields {
					l, _ := compare(m.Fields[f].Kind, a, b)
					levels[f] = int8(l)
					if l >= 0 {
						w += weights[f][l]
					}
				}
				counts.add(levels, 1/(1+math.Exp2(w)))
			}
			if exhaustive {
				i, j := pairAt(int64(lo), n)
				for range hi - lo {
					pair(&profiles[i], &profiles[j])
					if j++; j == n {
						i++
						j = i + 1
					}
				}
			} else {
				rng := rand.New(rand.NewPCG(seed, uint64(c)))
				for range hi - lo {
					i, j := rng.IntN(n), rng.IntN(n-1)
					if j >= i {
						j++ // j != i, uniformly
					}
					pair(&profiles[i], &profiles[j])
				}
			}
			parts[c] = counts
		})
	}
	wg.Wait()
	sum := newUCounts(m)
	for _, p := range parts {
		sum.merge(p)
	}
	return sum
}

// uCounts are one part's counts: per field and level, the pairs agreeing
// at it, each weighed by its chance of being two people.
type uCounts struct {
	levels   [][]float64
	nonMatch float64
}

func newUCounts(m Model) uCounts { return uCounts{levels: newLevelCounts(m)} }

func (c *uCounts) add(levels []int8, twoPeople float64) {
	c.nonMatch += twoPeople
	for f, l := range levels {
		if l >= 0 {
			c.levels[f][l] += twoPeople
		}
	}
}

func (c *uCounts) merge(o uCounts) {
	c.nonMatch += o.nonMatch
	for f := range c.levels {
		for l := range c.levels[f] {
			c.levels[f][l] += o.levels[f][l]
		}
	}
}

// pairAt returns the k-th pair (i < j) of n records in the order (0,1),
// (0,2), ..., (0,n-1), (1,2), ...
func pairAt(k int64, n int) (i, j int) {
	for row := int64(n - 1); k >= row; row-- {
		k -= row
		i++
	}
	return i, i + 1 + int(k)
}
