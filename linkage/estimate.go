package linkage

import (
	"fmt"

	"github.com/contactgate/contactgate/match"
)

// Estimate sets the resolver's model from the records observed so far
// (Observe), without labels: u from random pairs, then m and the prior by
// expectation maximisation over the pairs that share a blocking key
// (match.EstimateU, match.EstimateM). The thresholds stay the model's.
// It returns the estimated model.
func (r *Resolver) Estimate(seed uint64) (match.Model, error) {
	ps := r.observedProfiles
	if len(ps) < 2 {
		return match.Model{}, fmt.Errorf("linkage: estimate: %d records observed, want at least 2", len(ps))
	}
	m, err := match.EstimateU(*r.opts.Model, ps, min(len(ps)*200, 2_000_000), seed)
	if err != nil {
		return m, fmt.Errorf("linkage: %w", err)
	}
	blocks := map[string][]int32{}
	type pair struct{ i, j int32 }
	seen := map[pair]bool{}
	var vectors [][]int8
	for i := range ps {
		for _, k := range match.BlockKeys(&ps[i]) {
			members := blocks[k]
			if len(members) > r.opts.MaxBlock {
				members = members[len(members)-r.opts.MaxBlock:]
			}
			for _, j := range members {
				if p := (pair{j, int32(i)}); !seen[p] {
					seen[p] = true
					vectors = append(vectors, m.Levels(&ps[i], &ps[j]))
				}
			}
			blocks[k] = append(blocks[k], int32(i))
		}
	}
	if m, err = match.EstimateM(m, vectors, 20); err != nil {
		return m, fmt.Errorf("linkage: %w", err)
	}
	s, err := match.NewScorer(m, r.tf)
	if err != nil {
		return m, fmt.Errorf("linkage: estimated model: %w", err)
	}
	r.scorer, r.opts.Model = s, &m
	return m, nil
}
