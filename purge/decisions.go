package purge

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/contactgate/contactgate/match"
)

// DecisionsSuffix is appended to a plan's path to name its decisions file
// by default.
const DecisionsSuffix = ".decisions.jsonl"

// The statuses of a decision. A later line of the same cluster replaces an
// earlier one; DecisionOpen takes a decision back (an undo).
const (
	DecisionAccepted = "accepted"
	DecisionRejected = "rejected"
	DecisionOpen     = "open"
)

// ErrStaleDecision is wrapped by ApplyDecisions' error when a decision
// names other records than its cluster holds: the plan was written again
// (a new scan numbers its clusters afresh) after the review.
var ErrStaleDecision = errors.New("decision made on another plan")

// Decision is a person's verdict on one cluster of a plan, one line of a
// decisions file.
type Decision struct {
	// Cluster is the cluster's id in the plan.
	Cluster string `json:"cluster"`
	// Records are the cluster's master then its members, as in the plan
	// reviewed: a plan written again does not inherit its decisions.
	Records []string `json:"records"`
	// Status is DecisionAccepted, DecisionRejected or DecisionOpen.
	Status string `json:"status"`
	// Master is the record the reviewer chose to survive, when it is not
	// the plan's master.
	Master string `json:"master,omitempty"`
	// Values replace the plan's values of the cluster when accepted: the
	// properties to write on the master, as the reviewer edited them.
	Values map[string]string `json:"values,omitempty"`
	By     string            `json:"by,omitempty"`
	Note   string            `json:"note,omitempty"`
	At     time.Time         `json:"at"`
}

// RecordsOf lists a cluster's master then its members, as a Decision's
// Records.
func RecordsOf(c Cluster) []string { return append([]string{c.Master}, memberIDs(c)...) }

// DecisionLog is an open decisions file: JSON lines, each fsync'd before
// Record returns, so that a closed page or a crash loses no decision. Safe
// for concurrent use.
type DecisionLog struct {
	mu     sync.Mutex
	f      *os.File
	latest map[string]Decision
}

// OpenDecisions reads the decisions file at path, creating it when
// missing, and opens it to append to.
func OpenDecisions(path string) (*DecisionLog, error) {
	latest, err := ReadDecisions(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open decisions: %w", err)
	}
	if latest == nil {
		latest = map[string]Decision{}
	}
	return &DecisionLog{f: f, latest: latest}, nil
}

// Record appends d and syncs it to disk.
func (l *DecisionLog) Record(d Decision) error {
	b, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("record decision on cluster %s: %w", d.Cluster, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("record decision on cluster %s: %w", d.Cluster, err)
	}
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("record decision on cluster %s: %w", d.Cluster, err)
	}
	l.latest[d.Cluster] = d
	return nil
}

// Latest returns the latest decision of every cluster, by cluster id.
func (l *DecisionLog) Latest() map[string]Decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	return maps.Clone(l.latest)
}

// Close closes the file.
func (l *DecisionLog) Close() error { return l.f.Close() }

// ReadDecisions returns the latest decision of every cluster of the
// decisions file at path. A last line cut short (a crash while writing) is
// ignored; any other line that does not parse is an error. A missing file
// is an error that wraps fs.ErrNotExist.
func ReadDecisions(path string) (map[string]Decision, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read decisions: %w", err)
	}
	out := map[string]Decision{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 16<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var d Decision
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			if !bytes.HasSuffix(b, []byte("\n")) && bytes.HasSuffix(b, sc.Bytes()) {
				break // the torn last line of a crash
			}
			return nil, fmt.Errorf("read decisions %s: line %d: %w", path, line, err)
		}
		out[d.Cluster] = d
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read decisions %s: %w", path, err)
	}
	return out, nil
}

// DecisionCounts counts a plan's clusters by their decision.
type DecisionCounts struct {
	Accepted  int `json:"accepted"`
	Rejected  int `json:"rejected"`
	Undecided int `json:"undecided"`
}

// ApplyDecisions returns the plan of p's accepted clusters only, each with
// the reviewer's master and values when given; the clusters rejected or
// left undecided are left out. A decision whose records differ from its
// cluster's fails with ErrStaleDecision.
func ApplyDecisions(p *Plan, ds map[string]Decision) (*Plan, DecisionCounts, error) {
	out := *p
	out.Clusters = nil
	var n DecisionCounts
	for _, c := range p.Clusters {
		d, ok := ds[c.ID]
		if ok && !slices.Equal(d.Records, RecordsOf(c)) {
			return nil, n, fmt.Errorf("%w: cluster %s holds %v, the decision names %v", ErrStaleDecision, c.ID, RecordsOf(c), d.Records)
		}
		switch {
		case !ok || d.Status == DecisionOpen:
			n.Undecided++
		case d.Status == DecisionRejected:
			n.Rejected++
		case d.Status == DecisionAccepted:
			n.Accepted++
			c, err := reviewed(c, d)
			if err != nil {
				return nil, n, err
			}
			out.Clusters = append(out.Clusters, c)
		default:
			return nil, n, fmt.Errorf("decision on cluster %s: status %q", c.ID, d.Status)
		}
	}
	return &out, n, nil
}

// reviewed is c as the reviewer accepted it.
func reviewed(c Cluster, d Decision) (Cluster, error) {
	if d.Values != nil {
		c.Values = d.Values
	}
	if d.Master == "" || d.Master == c.Master {
		return c, nil
	}
	i := slices.IndexFunc(c.Members, func(m Member) bool { return m.ID == d.Master })
	if i < 0 {
		return c, fmt.Errorf("decision on cluster %s: master %s is not one of its records", c.ID, d.Master)
	}
	// The plan's master becomes a member, with the evidence of its link.
	old := c.Members[i]
	c.Members = slices.Clone(c.Members)
	c.Members[i] = Member{ID: c.Master, Weight: old.Weight, Band: old.Band, Evidence: old.Evidence}
	c.Master = d.Master
	return c, nil
}

// RejectedPairs are the pairs of records a reviewer declared two people:
// the master and each member of every rejected cluster, by ReviewKey order
// (the two ids sorted).
func RejectedPairs(ds map[string]Decision) [][2]string {
	var out [][2]string
	for _, d := range ds {
		if d.Status != DecisionRejected || len(d.Records) < 2 {
			continue
		}
		for _, m := range d.Records[1:] {
			a, b := d.Records[0], m
			if b < a {
				a, b = b, a
			}
			out = append(out, [2]string{a, b})
		}
	}
	slices.SortFunc(out, func(x, y [2]string) int {
		if c := compareIDs(x[0], y[0]); c != 0 {
			return c
		}
		return compareIDs(x[1], y[1])
	})
	return out
}

// CRMProperty is the CRM property a plan's values name for a field kind,
// or "" for a kind the merge never writes.
func CRMProperty(k match.Kind) string { return crmProperty[k] }

// DropRejected takes out of clusters every member whose pair with its
// master a reviewer rejected, and then every cluster left without
// members; it returns what is left and how many members it took out. A
// member taken out is not clustered again: the next scan after its
// decisions leaves it on its own.
func DropRejected(clusters []Cluster, rejected [][2]string) ([]Cluster, int) {
	distinct := make(map[[2]string]bool, len(rejected))
	for _, p := range rejected {
		distinct[p] = true
	}
	key := func(a, b string) [2]string {
		if b < a {
			a, b = b, a
		}
		return [2]string{a, b}
	}
	out := clusters[:0:0]
	dropped := 0
	for _, c := range clusters {
		kept := c.Members[:0:0]
		for _, m := range c.Members {
			if distinct[key(c.Master, m.ID)] {
				dropped++
				continue
			}
			kept = append(kept, m)
		}
		if len(kept) > 0 {
			c.Members = kept
			out = append(out, c)
		}
	}
	return out, dropped
}
