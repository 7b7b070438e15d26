package dataset

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/contactgate/contactgate/match"
)

// Resolver assigns records, one at a time and in the order given, to
// clusters: the contract of the streaming gatekeeper, where a record is
// resolved before the next is seen. Implementations need not be safe for
// concurrent use; Evaluate calls Add from one goroutine.
type Resolver interface {
	// Add resolves the record with the given (unique) id and fields and
	// returns the cluster it joined or started. An error rejects this
	// record only; the resolver must stay usable.
	Add(id string, fields map[match.Kind]string) (cluster string, err error)
}

// Clusterer is a Resolver whose clusters may merge after a record was
// added (a later record links two earlier clusters, as in ExactKeys'
// union-find). Evaluate measures the final clusters, asked once all
// records are added, rather than Add's answers.
type Clusterer interface {
	Resolver
	// ClusterOf returns the current cluster of an added record.
	ClusterOf(id string) (cluster string, ok bool)
}

// BatchResolver is a Clusterer that places records only once it has them
// all: a run of the whole pipeline over the stream of records (the
// gatekeeper's resolver of `contactgate evaluate`). Evaluate calls Resolve
// after the last Add and before ClusterOf; what Add returned is not
// counted as Reassigned.
type BatchResolver interface {
	Clusterer
	// Resolve places every added record. unplaced counts the records it
	// could place in no cluster (an event the pipeline dead-lettered);
	// ClusterOf gives each of those a cluster of its own. An error ends
	// the evaluation.
	Resolve(ctx context.Context) (unplaced int64, err error)
}

// Blocker is a BatchResolver that compares only candidate pairs (those
// its blocking offers): Evaluate reports how many of the true pairs are
// among them, the most its clusters can find (Report.BlockingRecall).
type Blocker interface {
	BatchResolver
	// Candidate reports whether the records of ids a and b were a
	// candidate pair, compared.
	Candidate(a, b string) bool
}

// MaxReportedErrors is how many bad rows a Report describes; all are
// counted.
const MaxReportedErrors = 20

// Report describes an evaluation run beyond its quality.
type Report struct {
	// Rows counts the rows read, bad ones included.
	Rows int64 `json:"rows"`
	// Resolved counts the rows the resolver took: the records measured.
	Resolved int64 `json:"resolved"`
	// BadRows counts rows left out: unreadable, without truth, with a
	// duplicate id, or refused by the resolver.
	BadRows int64 `json:"bad_rows"`
	// Errors describes the first MaxReportedErrors bad rows.
	Errors []string `json:"errors,omitempty"`
	// Reassigned counts records whose final cluster differs from the one
	// Add returned (a Clusterer merged their cluster later): what a
	// streaming gatekeeper, which cannot revisit, would have missed.
	Reassigned int64 `json:"reassigned"`
	// Unplaced counts the records a BatchResolver placed in no cluster,
	// each measured as a cluster of its own.
	Unplaced int64 `json:"unplaced,omitempty"`
	// Elapsed is the time spent reading and resolving.
	Elapsed time.Duration `json:"-"`
	// ElapsedMS is Elapsed in milliseconds, for JSON.
	ElapsedMS float64 `json:"elapsed_ms"`
	// RowsPerSec is Resolved per second of Elapsed.
	RowsPerSec float64 `json:"rows_per_sec"`
	// StrongGroups counts the groups of two or more records of one true
	// cluster linked by a shared exact identifier (StrongGroups); Found
	// those the resolver kept together, whole.
	StrongGroups      int64 `json:"strong_groups"`
	StrongGroupsFound int64 `json:"strong_groups_found"`
	// CandidateTruePairs counts the true pairs a Blocker compared, and
	// BlockingRecall is their share of the true pairs (0 when the resolver
	// is no Blocker).
	CandidateTruePairs int64   `json:"candidate_true_pairs,omitempty"`
	BlockingRecall     float64 `json:"blocking_recall,omitempty"`
}

func (rep *Report) bad(err error) {
	rep.BadRows++
	if len(rep.Errors) < MaxReportedErrors {
		rep.Errors = append(rep.Errors, err.Error())
	}
}

// Evaluate streams rows, in order, through r and measures its clusters
// against the rows' truth. Bad rows (a *RowError from rows, a duplicate
// id, a resolver error) are counted and described in the Report and left
// out. Any other error from rows, a row without truth (ErrNoTruth: the
// reader has no Truth) or the context's end stops the evaluation with an
// error.
func Evaluate(ctx context.Context, rows iter.Seq2[Row, error], r Resolver) (Quality, Report, error) {
	var (
		rep       Report
		ids       []string
		truth     []string
		predicted []string
		seen      = map[string]int{}
		keys      [][]string
	)
	start := time.Now()
	for row, err := range rows {
		rep.Rows++
		if rep.Rows%256 == 0 {
			if err := ctx.Err(); err != nil {
				return Quality{}, rep, fmt.Errorf("evaluate: %w", err)
			}
		}
		if err != nil {
			if !isRowError(err) {
				return Quality{}, rep, fmt.Errorf("evaluate: %w", err)
			}
			rep.bad(err)
			continue
		}
		if row.Truth == "" {
			return Quality{}, rep, fmt.Errorf("evaluate: line %d: %w: the rows need a Truth", row.Line, ErrNoTruth)
		}
		if first, dup := seen[row.ID]; dup {
			rep.bad(&RowError{Line: row.Line, Err: fmt.Errorf("duplicate id %q, first on line %d", row.ID, first)})
			continue
		}
		cluster, err := r.Add(row.ID, row.Fields)
		if err != nil {
			rep.bad(&RowError{Line: row.Line, Err: fmt.Errorf("resolver: %w", err)})
			continue
		}
		seen[row.ID] = row.Line
		ids = append(ids, row.ID)
		truth = append(truth, row.Truth)
		predicted = append(predicted, cluster)
		keys = append(keys, ExactMatchKeys(row.Fields, DefaultRegion))
	}
	batch, isBatch := r.(BatchResolver)
	if isBatch {
		var err error
		if rep.Unplaced, err = batch.Resolve(ctx); err != nil {
			return Quality{}, rep, fmt.Errorf("evaluate: %w", err)
		}
	}
	if c, ok := r.(Clusterer); ok {
		for i, id := range ids {
			final, ok := c.ClusterOf(id)
			if !ok {
				return Quality{}, rep, fmt.Errorf("evaluate: the resolver lost record %q", id)
			}
			if final != predicted[i] && !isBatch {
				rep.Reassigned++
			}
			predicted[i] = final
		}
	}
	rep.Elapsed = time.Since(start)
	rep.Resolved = int64(len(ids))
	rep.ElapsedMS = float64(rep.Elapsed.Microseconds()) / 1000
	if s := rep.Elapsed.Seconds(); s > 0 {
		rep.RowsPerSec = float64(rep.Resolved) / s
	}
	rep.StrongGroups, rep.StrongGroupsFound = StrongGroups(truth, predicted, keys)
	if b, ok := r.(Blocker); ok {
		var all int64
		all, rep.CandidateTruePairs = blockedPairs(ids, truth, b)
		if all > 0 {
			rep.BlockingRecall = float64(rep.CandidateTruePairs) / float64(all)
		}
	}
	return Metrics(truth, predicted), rep, nil
}

// blockedPairs counts the true pairs, and those b compared.
func blockedPairs(ids, truth []string, b Blocker) (all, candidates int64) {
	byTruth := map[string][]string{}
	for i, t := range truth {
		byTruth[t] = append(byTruth[t], ids[i])
	}
	for _, members := range byTruth {
		for i := range members {
			for j := range i {
				all++
				if b.Candidate(members[j], members[i]) {
					candidates++
				}
			}
		}
	}
	return all, candidates
}
