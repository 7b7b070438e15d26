package purge

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/contactgate/contactgate/match"
)

// Record is one row of a CRM export: its id and its fields by kind.
type Record struct {
	ID     string
	Fields map[match.Kind]string
}

// ErrUnknownClustering is a ScanOptions.Clustering that is neither
// ClusterComponents nor ClusterStar.
var ErrUnknownClustering = errors.New("unknown clustering: want components or star")

// ScanOptions configure Scan.
type ScanOptions struct {
	// Model scores pairs. Default match.DefaultModel().
	Model *match.Model
	// Match are the normalization options.
	Match match.Options
	// MaxBlock is the largest block whose records are compared pairwise;
	// a larger one (a switchboard, a placeholder e-mail) is skipped and
	// reported. Default 500.
	MaxBlock int
	// MaxCluster caps a cluster: a larger one goes to review whole.
	// Default 20.
	MaxCluster int
	// LinkWeight is the match weight from which a record joins a cluster's
	// anchor. Default DefaultLinkWeight. A cluster whose members all reach
	// the model's MatchWeight is merged automatically (band auto); one
	// with a member below it goes to review.
	LinkWeight float64
	// Estimate fits the model's m and u to the export before scoring, without
	// labels (match.EstimateU on random pairs, match.EstimateM by EM over
	// the candidate pairs); the thresholds stay the model's.
	Estimate bool
	// EstimateU sets the model's u probabilities from random pairs of the
	// export's records (match.SampleU), keeping m, the prior and the
	// thresholds; ignored with Estimate, which fits u too.
	EstimateU bool
	// KeepM keeps the model's m probabilities. By default the m of every
	// field but the identifiers is estimated from the pairs of records
	// sharing an e-mail, a phone or a national id (match.KeyPairsM, the
	// model's m counting as 50 pairs, so that a file with few such pairs
	// keeps about it), after EstimateU; not with Estimate, which fits m
	// by EM. On by default since it lifted files never tuned on (Splink's
	// fake_1000 0.915 -> 0.932, where birth dates are a year off in half
	// the duplicates) and a synthetic export of 1,000,000 records (0.945
	// -> 0.949), costing febrl2's check half 0.998 -> 0.997 (docs/purge.md).
	KeepM bool
	// Clustering is ClusterComponents (default) or ClusterStar.
	Clustering string
	// CorroboratedLinkWeight is the link weight of a pair whose evidence
	// agrees on an identifier beyond the names and their surroundings (a
	// birth date, an address, a postcode or a national id:
	// corroborated), when below LinkWeight; ClusterComponents
	// only. Default DefaultCorroboratedLinkWeight; negative: LinkWeight
	// for every pair.
	CorroboratedLinkWeight float64
	// NoChainGuard lets any strong pair join two components (for
	// measuring the guard; ClusterComponents only).
	NoChainGuard bool
	// NoColleagueGuard lets two clusters join though they hold different
	// work addresses at one company (workApart; for measuring the guard).
	NoColleagueGuard bool
	// NameWindow also compares each record with those up to
	// 2*NameWindow-1 places from it in the order of the names (a sorted
	// neighbourhood, windowEntries): a typo past a name's first letters, or
	// a record of a name and a birthplace alone, meets its other records
	// there. The same step orders the e-mail addresses that are not made
	// of the record's last name (emailOrder: a slip in a handle, with the
	// names scrambled, left jonathn74@gloverc.om beside no other record
	// of its person in Splink's fake_1000, tune half 0.9937 -> 0.9969).
	// Default DefaultNameWindow; negative turns both off. On files
	// never tuned on, pairwise F1 off -> on: Splink's fake_1000 0.932 ->
	// 0.939, historical_figures_with_errors_50k 0.823 -> 0.825; febrl3,
	// the shared datasets' halves (splink's tune half 0.990 -> 0.991) and
	// synthetic exports of 100,000 and 1,000,000 records unchanged.
	NameWindow int
	// KeepBlocks keeps the blocks in the result, for ScanResult.Candidate
	// (their memory stays in use as long as the result).
	KeepBlocks bool
	// Progress, when set, is called with the phase and how far it is: at
	// the end of each phase, and while scoring after each run of blocks
	// (done is then the records' share of the blocks scored), from several
	// goroutines (it must be safe for concurrent use).
	Progress func(phase string, done, total int)
}

// Pair is a scored candidate pair in the match or possible band; its
// evidence is for ScanResult.Explain to say, so that the millions of pairs
// of a large scan take 32 bytes each.
type Pair struct {
	L, R   int32 // record indexes, L < R
	Weight float64
	Band   match.Band
}

// ScanResult is what Scan found.
type ScanResult struct {
	// Cluster holds each record's cluster, by index: records of one
	// person share it; a record alone has its own.
	Cluster []int32
	// Clusters are the clusters of more than one record, as in a plan.
	Clusters []Cluster
	// Pairs are the candidate pairs scored in the match or possible band.
	Pairs []Pair
	// Model is the model the pairs were scored with (estimated, with
	// ScanOptions.Estimate).
	Model match.Model
	Stats ScanStats

	scorer   *match.Scorer
	profiles []match.Profile
	blocks   *blocks // with ScanOptions.KeepBlocks
}

// Candidate reports whether records i and j were a candidate pair, scored;
// false unless the scan kept its blocks (ScanOptions.KeepBlocks).
func (r *ScanResult) Candidate(i, j int32) bool {
	if r.blocks == nil || i == j {
		return false
	}
	if i > j {
		i, j = j, i
	}
	return r.blocks.metBefore(i, j, math.MaxInt32)
}

// Explain returns the comparison of a pair with its evidence, scoring it
// again.
func (r *ScanResult) Explain(p Pair) match.Comparison {
	return r.scorer.Score(&r.profiles[p.L], &r.profiles[p.R])
}

// ScanStats summarise a scan.
type ScanStats struct {
	Records        int `json:"records"`
	CandidatePairs int `json:"candidate_pairs"`
	MatchPairs     int `json:"match_pairs"`
	PossiblePairs  int `json:"possible_pairs"`
	// SplitBlocks are the blocks larger than MaxBlock, split by second
	// keys; SplitRecords the records they hold, each counted once.
	SplitBlocks  int `json:"split_blocks"`
	SplitRecords int `json:"split_block_records"`
	// SkippedBlocks are the parts of split blocks still larger than
	// MaxBlock after the last second key, left out; SkippedRecords the
	// records they hold, each counted once, UnblockedRecords those of them
	// in no block compared (met by no one), LargestSkipped the largest
	// blocks that had a part skipped.
	SkippedBlocks    int            `json:"skipped_blocks"`
	SkippedRecords   int            `json:"skipped_block_records"`
	UnblockedRecords int            `json:"unblocked_records"`
	LargestSkipped   []SkippedBlock `json:"largest_skipped,omitempty"`
	// BlockSizes are the blocks compared, by their number of records in
	// bins of powers of two (2, 3-4, 5-8, ...), none empty: the blocking's
	// distribution, as scan --report charts it.
	BlockSizes []BlockSizeBin `json:"block_sizes,omitempty"`
	// EstimatedBlockingRecall is the share of the true pairs the blocking
	// compares, estimated without labels from the pairs found
	// (estimateBlockingRecall); 0 when it cannot be.
	EstimatedBlockingRecall float64       `json:"estimated_blocking_recall"`
	Clusters                int           `json:"clusters"`
	AutoClusters            int           `json:"auto_clusters"`
	ReviewClusters          int           `json:"review_clusters"`
	AutoMerges              int           `json:"auto_merges"`
	ReviewMerges            int           `json:"review_merges"`
	Elapsed                 time.Duration `json:"-"`
	ElapsedMS               int64         `json:"elapsed_ms"`
}

// DefaultCorroboratedLinkWeight is ScanOptions.CorroboratedLinkWeight's
// default: a posterior of 0.8 for a pair that agrees on more than names.
// Against the link weight for every pair, pairwise F1: the shared
// datasets' chicago halves 0.900 -> 0.913 and 0.899 -> 0.912, senzing's
// tune half 0.706 -> 0.721, febrl2's check half 0.997 -> 0.998, the other
// halves unchanged; files never tuned on: Splink's fake_1000 0.939 ->
// 0.942, historical_figures_with_errors_50k 0.825 -> 0.827, febrl3 0.994;
// synthetic exports of 100,000 and 1,000,000 records unchanged (0.974,
// 0.949; they have none of those fields). At 1 it cost
// chicago's tune half (0.901); the link weight itself at 2 for every
// pair cost that export's precision 0.993 -> 0.957: namesakes agreeing on
// names and a company alone.
const DefaultCorroboratedLinkWeight = 2

// DefaultNameWindow is ScanOptions.NameWindow's default: each record meets
// the seven nearest in the order of the names.
const DefaultNameWindow = 4

// DefaultLinkWeight is ScanOptions.LinkWeight's default: a posterior of
// 0.9. Measured on the shared datasets, it finds 5 to 20 points more of
// the true pairs than 0.99 at the same precision on personal records;
// merges still need the model's match weight to be automatic.
const DefaultLinkWeight = 3.3

// Scan finds the records of one person among recs:
//
//  1. every record is profiled once (match.NewProfile), in parallel;
//  2. blocking: each record's keys (blockKeys) are hashed and
//     sorted, so that records sharing a key are neighbours; a block larger
//     than MaxBlock is skipped and counted; in a block, a record meets the
//     window of records before it;
//  3. every candidate pair is scored once, in parallel, block by block
//     (in the first block it is a candidate of), with term frequencies
//     from the whole export, and kept in the match or possible band; no
//     list or set of all pairs is built;
//  4. clustering: by default connected components of the strong pairs
//     (weight at least LinkWeight), strongest first, guarded against
//     chains (clusterComponents); ClusterStar makes clusters around
//     anchors instead, each member matching its anchor itself. The master
//     is the most complete record of a cluster, then the oldest. A cluster
//     larger than MaxCluster, or with a member that does not match the
//     master (the anchor, with ClusterStar) in the match band, is for
//     review.
func Scan(recs []Record, o ScanOptions) (*ScanResult, error) {
	start := time.Now()
	if o.Model == nil {
		m := match.DefaultModel()
		o.Model = &m
	}
	if o.MaxBlock <= 0 {
		o.MaxBlock = 500
	}
	switch {
	case o.NameWindow == 0:
		o.NameWindow = DefaultNameWindow
	case o.NameWindow < 0:
		o.NameWindow = 0
	}
	if o.MaxCluster <= 0 {
		o.MaxCluster = 20
	}
	if o.LinkWeight == 0 {
		o.LinkWeight = DefaultLinkWeight
	}
	switch {
	case o.CorroboratedLinkWeight == 0:
		o.CorroboratedLinkWeight = DefaultCorroboratedLinkWeight
	case o.CorroboratedLinkWeight < 0:
		o.CorroboratedLinkWeight = o.LinkWeight
	}
	switch o.Clustering {
	case "":
		o.Clustering = ClusterComponents
	case ClusterComponents, ClusterStar:
	default:
		return nil, fmt.Errorf("scan: clustering %q: %w", o.Clustering, ErrUnknownClustering)
	}
	progress := o.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	n := len(recs)
	profiles := make([]match.Profile, n)
	parallel(n, func(i int) { profiles[i] = match.NewProfile(recs[i].Fields, o.Match) })
	progress("profile", n, n)

	// Term frequencies are counted (one goroutine, a map per kind) while
	// the blocks are built.
	counted := make(chan *match.Counts, 1)
	go func() {
		counts := match.NewCounts()
		for i := range profiles {
			counts.Add(&profiles[i])
		}
		counted <- counts
	}()
	res := &ScanResult{Stats: ScanStats{Records: n}}
	bl := newBlocks(profiles, o.MaxBlock, o.NameWindow, &res.Stats)
	progress("block", n, n)
	model := *o.Model
	if o.Estimate && n > 1 {
		m, err := match.EstimateU(model, profiles, min(n*100, 2_000_000), 1)
		if err != nil {
			return nil, err
		}
		// m by EM over the candidate pairs of the first records, up to
		// two million pairs: enough to fit a dozen probabilities.
		var vectors [][]int8
		marks := newMarks(n)
		for i := 0; i < n && len(vectors) < 2_000_000; i++ {
			bl.candidates(int32(i), marks, func(j int32) { vectors = append(vectors, m.Levels(&profiles[i], &profiles[j])) })
		}
		if len(vectors) > 0 {
			if model, err = match.EstimateM(m, vectors, 20); err != nil {
				return nil, err
			}
			// The prior stays the model's: EM's prior is the share of
			// matches among candidate pairs, which blocking inflates.
			model.Prior = o.Model.Prior
		}
		progress("estimate", len(vectors), len(vectors))
	}
	if o.EstimateU && !o.Estimate && n > 1 {
		// The e-mail's u stays the model's: its local part is made of the
		// name, and random pairs measure it apart from the name (with
		// KeyPairsM, gen 100,000 of seed 2: F1 0.959 estimated, 0.966
		// kept; splink's tune half 0.986 and 0.981).
		m, stats, err := match.SampleU(model, profiles, match.USampleOptions{Seed: 1, Keep: []match.Kind{match.KindEmail}})
		if err != nil {
			return nil, fmt.Errorf("scan: estimate u: %w", err)
		}
		model = m
		progress("estimate-u", stats.Pairs, stats.Pairs)
	}
	if !o.KeepM && !o.Estimate {
		m, stats := match.KeyPairsM(model, profiles, match.KeyMOptions{})
		model = m
		progress("estimate-m", stats.Pairs, stats.Pairs)
	}
	model.Prior = scaledPrior(model.Prior, n)
	res.Model = model
	scorer, err := match.NewScorer(model, <-counted)
	if err != nil {
		return nil, err
	}
	if people(recs) {
		scorer = scorer.WithPeople()
	}
	res.scorer, res.profiles = scorer, profiles
	if o.KeepBlocks {
		res.blocks = bl
	}

	var compared int
	res.Pairs, compared = scorePairs(bl, profiles, scorer, progress)
	res.Stats.CandidatePairs = compared
	for _, p := range res.Pairs {
		if p.Band == match.BandMatch {
			res.Stats.MatchPairs++
		} else {
			res.Stats.PossiblePairs++
		}
	}
	res.Stats.EstimatedBlockingRecall = estimateBlockingRecall(profiles, res.Pairs)
	progress("score", compared, compared)
	if o.Clustering == ClusterStar {
		cluster(recs, profiles, scorer, res, o)
	} else {
		clusterComponents(recs, profiles, scorer, res, o)
	}
	progress("cluster", n, n)
	res.Stats.Elapsed = time.Since(start)
	res.Stats.ElapsedMS = res.Stats.Elapsed.Milliseconds()
	return res, nil
}

// parallel runs fn(0..n-1) on every core, in chunks of up to 1024.
func parallel(n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	chunk := max(1, min(1024, n/(8*workers)))
	var next sync.Mutex
	pos := 0
	for range workers {
		wg.Go(func() {
			for {
				next.Lock()
				lo := pos
				pos += chunk
				next.Unlock()
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					fn(i)
				}
			}
		})
	}
	wg.Wait()
}

// people reports whether the export is of people: some record has a name.
// Then a record without one is a person whose name is missing, not an
// organisation (match.Scorer.WithPeople).
func people(recs []Record) bool {
	for i := range recs {
		f := recs[i].Fields
		if f[match.KindFirstName] != "" || f[match.KindLastName] != "" || f[match.KindFullName] != "" {
			return true
		}
	}
	return false
}

// priorRecords is the size of export that a model's prior is for: the
// default model's 1 in 1,000 is the chance that two records of one block
// are one person in a file of about a thousand.
const priorRecords = 1000

// priorExponent is how steeply the prior falls with the file's size
// (scaledPrior). 0.6 rather than 0.5 (a square root) since the scan
// clusters by connected components: on a synthetic export of 1,000,000
// records pairwise F1 0.924 -> 0.929 (precision 0.904 -> 0.919, recall
// 0.944 -> 0.940), at 100,000 unchanged (0.967); 0.7 costs recall at a
// million (F1 0.918).
const priorExponent = 0.6

// scaledPrior is the prior of a candidate pair in an export of n records.
// A block of a larger file holds more records, most of them other people
// (a hundred Raymond Dawsons in a million contacts, ten in a hundred
// thousand), while term frequencies, shares of the whole file, weigh a
// name the same at any size; so the prior falls with the file, by its
// size over priorRecords to the power priorExponent (measured on
// synthetic exports: with a square root, pairwise F1 0.86 -> 0.97 at
// 100,000 records and 0.28 -> 0.93 at 1,000,000 against no scaling; the
// shared datasets, of 1,000 to 5,000 records, barely move).
func scaledPrior(prior float64, n int) float64 {
	if n <= priorRecords {
		return prior
	}
	return prior * math.Pow(priorRecords/float64(n), priorExponent)
}
