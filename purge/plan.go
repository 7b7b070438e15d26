// Package purge cleans the duplicates a CRM already holds, in two steps
// that a person checks in between: Scan reads an export and writes a Plan
// (clusters of records that are one person, the master of each, the values
// the master keeps); Merge applies a plan through the CRM's merge API,
// journalling every record before it is merged, so that nothing is lost
// and a crash never merges twice. Merge's documentation says how a rerun
// resumes from the journal and how the journal's snapshots restore the
// records.
package purge

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/contactgate/contactgate/match"
)

// PlanVersion is the version of the plan format Scan writes and Merge
// reads.
const PlanVersion = 1

// Bands of a cluster in a plan.
const (
	// BandAuto: every member matches the master strongly; merge applies it
	// by default.
	BandAuto = "auto"
	// BandReview: a person should look first (a member in the possible
	// band, a cluster at the size cap); merge applies it only when asked.
	BandReview = "review"
)

// Plan is what Scan proposes and Merge applies.
type Plan struct {
	Version   int       `json:"version"`
	Source    string    `json:"source"` // the export it was made from
	CreatedAt time.Time `json:"created_at"`
	Clusters  []Cluster `json:"clusters"`
}

// Cluster is one person held by several records.
type Cluster struct {
	ID   string `json:"id"`
	Band string `json:"band"`
	// Master is the record that survives, by the master selection rules.
	Master string `json:"master"`
	// Members are the other records, each merged into the master.
	Members []Member `json:"members"`
	// Values are the CRM properties to set on the master before the merges:
	// the field-level survivors by the precedence rules, where they differ
	// from the master's own.
	Values map[string]string `json:"values,omitempty"`
}

// Member is a record of a cluster other than its master, with the
// evidence that it is the master's person.
type Member struct {
	ID       string           `json:"id"`
	Weight   float64          `json:"weight"`
	Band     match.Band       `json:"band"`
	Evidence []match.Evidence `json:"evidence,omitempty"`
}

// ReadPlan reads and checks a plan file.
func ReadPlan(path string) (*Plan, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read plan: %w", err)
	}
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("read plan %s: %w", path, err)
	}
	if p.Version != PlanVersion {
		return nil, fmt.Errorf("read plan %s: version %d, this contactgate reads version %d", path, p.Version, PlanVersion)
	}
	seen := map[string]string{}
	for _, c := range p.Clusters {
		if c.Master == "" || len(c.Members) == 0 {
			return nil, fmt.Errorf("read plan %s: cluster %s has no master or no members", path, c.ID)
		}
		for _, id := range append([]string{c.Master}, memberIDs(c)...) {
			if other, ok := seen[id]; ok {
				return nil, fmt.Errorf("read plan %s: record %s is in clusters %s and %s", path, id, other, c.ID)
			}
			seen[id] = c.ID
		}
	}
	return &p, nil
}

// WritePlan writes p as indented JSON.
func WritePlan(path string, p *Plan) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	return nil
}

func memberIDs(c Cluster) []string {
	out := make([]string, len(c.Members))
	for i, m := range c.Members {
		out[i] = m.ID
	}
	return out
}
