package linkage

import "github.com/contactgate/contactgate/match"

// Frequencies are the resolver's term frequencies: match.Counts, filled
// either ahead of resolution (Observe) or as records are resolved.
type Frequencies struct {
	*match.Counts
	observed bool // filled by Observe: Resolve does not count again
}

// NewFrequencies returns empty counts.
func NewFrequencies() *Frequencies { return &Frequencies{Counts: match.NewCounts()} }
