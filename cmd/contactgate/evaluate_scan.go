package main

import (
	"context"
	"fmt"

	"github.com/contactgate/contactgate/dataset"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/purge"
)

// The purge's resolver: `contactgate scan` over the records of the file
// (or of one half), with its default options, so that evaluate measures
// the scan's clusters and the share of true pairs its blocking compared.
func init() {
	resolvers["scan"] = func() dataset.Resolver { return &scanResolver{at: map[string]int32{}} }
	resolvers["scan-estimate"] = func() dataset.Resolver { return &scanResolver{at: map[string]int32{}, estimate: true} }
	resolvers["scan-estimate-u"] = func() dataset.Resolver { return &scanResolver{at: map[string]int32{}, estimateU: true} }
	// scan-estimate-um and scan-estimate-m are the names these had when
	// the m from the pairs sharing an identifier was not the default.
	resolvers["scan-estimate-um"] = resolvers["scan-estimate-u"]
	resolvers["scan-estimate-m"] = resolvers["scan"]
	resolvers["scan-keep-m"] = func() dataset.Resolver { return &scanResolver{at: map[string]int32{}, keepM: true} }
}

// scanResolver collects the records, then scans them at once.
type scanResolver struct {
	recs     []purge.Record
	at       map[string]int32
	res      *purge.ScanResult
	estimate bool
	// estimateU: u from the file's random pairs (ScanOptions.EstimateU).
	estimateU bool
	// keepM: the model's m, not estimated from the pairs sharing an
	// identifier (ScanOptions.KeepM).
	keepM bool
}

var _ dataset.Blocker = (*scanResolver)(nil)

func (s *scanResolver) Add(id string, fields map[match.Kind]string) (string, error) {
	s.at[id] = int32(len(s.recs))
	s.recs = append(s.recs, purge.Record{ID: id, Fields: fields})
	return id, nil
}

func (s *scanResolver) Resolve(context.Context) (int64, error) {
	res, err := purge.Scan(s.recs, purge.ScanOptions{KeepBlocks: true, Estimate: s.estimate, EstimateU: s.estimateU, KeepM: s.keepM})
	if err != nil {
		return 0, fmt.Errorf("scan: %w", err)
	}
	s.res = res
	return 0, nil
}

func (s *scanResolver) ClusterOf(id string) (string, bool) {
	i, ok := s.at[id]
	if !ok || s.res == nil {
		return "", false
	}
	return s.recs[s.res.Cluster[i]].ID, true
}

func (s *scanResolver) Candidate(a, b string) bool { return s.res.Candidate(s.at[a], s.at[b]) }
