package purge

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// BandAll selects every cluster of a plan in MergeOptions.Band.
const BandAll = "all"

// Every snapshot reads the properties the CRM's connector declares
// (connectors.Capabilities.Properties: its standard contact properties,
// by the core's names), the plan's Values keys and
// MergeOptions.Properties. A read returns only what it names.

// MergeOptions says how Merge applies a plan. The zero value is a dry run
// of the auto band.
type MergeOptions struct {
	// Apply merges. False, the default, is a dry run: it reads the CRM and
	// reports what it would do, and writes nothing, the journal included.
	Apply bool
	// Band selects the clusters: BandAuto (the default), BandReview or
	// BandAll.
	Band string
	// Journal is the path of the undo journal. Required with Apply; a dry
	// run reads it, when it exists, to report what a rerun would skip.
	Journal string
	// Properties are read into every snapshot besides the CRM's standard
	// ones (connectors.Capabilities.Properties) and the keys of the plan's
	// Values.
	Properties []string
	// OnCluster, when set, receives each cluster's report as soon as the
	// cluster is done, in plan order, from Merge's goroutine.
	OnCluster func(ClusterReport)
	// Now is the clock of journal entries. Default time.Now.
	Now func() time.Time
}

func (o *MergeOptions) setDefaults() {
	if o.Band == "" {
		o.Band = BandAuto
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Validate reports options Merge cannot work with.
func (o MergeOptions) Validate() error {
	switch o.Band {
	case "", BandAuto, BandReview, BandAll:
	default:
		return fmt.Errorf("merge: band %q: want %s, %s or %s", o.Band, BandAuto, BandReview, BandAll)
	}
	if o.Apply && o.Journal == "" {
		return errors.New("merge: applying a plan needs a journal")
	}
	return nil
}

func (o MergeOptions) selects(band string) bool {
	return o.Band == BandAll || o.Band == band
}

// MemberAction is what became of a member.
type MemberAction string

// The member actions of a report.
const (
	// ActionMerge: a dry run would merge the member.
	ActionMerge MemberAction = "merge"
	// ActionMerged: this run merged the member.
	ActionMerged MemberAction = "merged"
	// ActionAlreadyMerged: the journal or the CRM shows the member merged
	// into the master already.
	ActionAlreadyMerged MemberAction = "already_merged"
	// ActionSkipped: the member is not in the CRM, or was merged into a
	// record outside its cluster; Reason says which.
	ActionSkipped MemberAction = "skipped"
)

// MemberReport is what became of one member.
type MemberReport struct {
	ID       string       `json:"id"`
	Action   MemberAction `json:"action"`
	Survivor string       `json:"survivor,omitempty"`
	Reason   string       `json:"reason,omitempty"`
}

// ValueChange is one property of the plan's Values that differs on the
// master.
type ValueChange struct {
	Property string `json:"property"`
	Old      string `json:"old"`
	New      string `json:"new"`
}

// ClusterReport is what Merge did, or would do, with one cluster.
type ClusterReport struct {
	ID     string `json:"id"`
	Band   string `json:"band"`
	Master string `json:"master"`
	// Survivor is the master's id after the cluster's merges: Master unless
	// a merge gave it a new one.
	Survivor string `json:"survivor"`
	// Values are written (or would be) on the master before the merges.
	Values  []ValueChange  `json:"values,omitempty"`
	Members []MemberReport `json:"members"`
	// Error is the CRM's permanent refusal that stopped the cluster; the
	// members after it were left as they are.
	Error string `json:"error,omitempty"`
}

// MergeSummary counts what Merge did, or would do in a dry run.
type MergeSummary struct {
	DryRun  bool   `json:"dry_run"`
	Journal string `json:"journal,omitempty"`
	// Clusters is how many clusters of the plan were selected.
	Clusters int `json:"clusters"`
	// Merges counts the members merged by this run (a dry run: to merge).
	Merges int `json:"merges"`
	// MergeCalls counts the CRM's merge requests (a dry run: to make): one
	// per member on HubSpot, one per two members on Salesforce
	// (connectors.Capabilities.MergeArity).
	MergeCalls int `json:"merge_calls"`
	// ValueWrites counts the properties written on masters (a dry run: to
	// write).
	ValueWrites   int `json:"value_writes"`
	AlreadyMerged int `json:"already_merged"`
	Skipped       int `json:"skipped"`
	// Failed counts the clusters the CRM refused (ClusterReport.Error).
	Failed  int             `json:"failed"`
	Results []ClusterReport `json:"results"`
}

func (s *MergeSummary) add(r ClusterReport) {
	s.Results = append(s.Results, r)
	if r.Error != "" {
		s.Failed++
	}
	for _, m := range r.Members {
		switch m.Action {
		case ActionMerge, ActionMerged:
			s.Merges++
		case ActionAlreadyMerged:
			s.AlreadyMerged++
		case ActionSkipped:
			s.Skipped++
		}
	}
}

// Merge applies plan to crm through its merge API, or with o.Apply false
// reports what it would do (reading, never writing). A CRM's merge is
// irreversible, keeps the primary's values and lets the secondaries fill
// the blanks (connectors.CRM.Merge), so for each cluster, in plan order,
// Merge:
//
//  1. reads the master and each member with every snapshot property
//     (the connector's Capabilities.Properties, the plan's Values keys,
//     MergeOptions.Properties);
//  2. writes the plan's Values on the master where they differ from its
//     own, once per cluster, after journalling the master as it was
//     (StepValues);
//  3. merges the members in requests of as many as the CRM takes
//     (Capabilities.MergeArity less the master, when the connector is a
//     connectors.MultiMerger: two on Salesforce; else one): for each
//     request, journals the master and each of its members as they are
//     just before it (StepBefore), merges them into the master, and
//     journals the survivor's id for each (StepMerged). A merge that
//     answers with another id than the master's makes that id the master
//     of the cluster's next merges.
//
// Every journal line is fsync'd before the step it announces, so a crash
// leaves either nothing to undo or the snapshots that undo it.
//
// Resuming: a rerun with the same journal skips every member with a
// StepMerged line, and a cluster whose members all have one without reading
// the CRM. A member with a StepBefore line but no StepMerged was being merged
// when the run stopped, and Merge asks the CRM whether it still exists on its
// own: if it is not found while the master is, or reads as the master (the
// CRM leads a merged-away id to its survivor), or is listed in the master's
// merged-away ids (connectors.Contact.MergedIDs), the merge happened and a StepMerged line with
// Verified set is journalled; else it is merged as any other member. A member
// found merged into the master without a StepBefore (by someone else) is
// journalled the same way. So no member is merged twice, and every merged
// member has its StepMerged line, and a StepBefore line unless Merge never
// saw it on its own.
//
// Restoring: there is no unmerge, but the journal holds what one needs. Each
// StepBefore line holds both records whole (every snapshot property, "" for
// unset ones) as they were just before the merge, and each StepValues line
// the master before the plan's values were written. To undo a cluster,
// remove each member's e-mails from the survivor's additional e-mails
// (the snapshot's additional_emails; HubSpot's e-mails are unique),
// recreate each member from its member_snapshot (leaving out the read-only
// id, creation and modification dates and merged-away ids; the new record
// gets a new id), then write on the
// survivor every property of the cluster's earliest master_snapshot (its
// StepValues line, else its first StepBefore line), "" clearing what the
// merges filled in. The snapshots hold what the reads asked for: list every
// property the account uses in MergeOptions.Properties for them to be
// complete.
//
// Record ids are compared as the CRM spells them (connectors.CanonicalID):
// a plan of a Salesforce report's 15-character ids is applied by their
// 18-character spelling, and the reports and the journal name them so.
//
// Errors: a permanent refusal of the CRM (a 4xx, a record not found) fails
// its cluster, reported in the summary, and Merge goes on with the next; any other error (an outage past the client's retries, a
// daily limit, ctx) stops Merge, and a rerun with the same journal resumes.
func Merge(ctx context.Context, crm connectors.CRM, plan *Plan, o MergeOptions) (MergeSummary, error) {
	if err := o.Validate(); err != nil {
		return MergeSummary{}, err
	}
	o.setDefaults()
	sum := MergeSummary{DryRun: !o.Apply, Journal: o.Journal, Results: []ClusterReport{}}
	j, err := openJournalFor(o)
	if err != nil {
		return sum, err
	}
	defer j.Close()

	plan = canonicalIDs(crm, plan)
	m := &merger{crm: crm, j: j, o: o, width: mergeWidth(crm),
		props: snapshotProperties(plan, connectors.CapabilitiesOf(crm).Properties, o.Properties)}
	for _, c := range plan.Clusters {
		if !o.selects(c.Band) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		sum.Clusters++
		r, writes, err := m.cluster(ctx, c)
		sum.ValueWrites += writes
		sum.MergeCalls = m.calls
		sum.add(r)
		if o.OnCluster != nil {
			o.OnCluster(r)
		}
		if err != nil {
			return sum, fmt.Errorf("merge: cluster %s: %w", c.ID, err)
		}
	}
	return sum, nil
}

// openJournalFor opens the journal to append to, or for a dry run a
// read-only view of it.
func openJournalFor(o MergeOptions) (*Journal, error) {
	if o.Apply {
		return OpenJournal(o.Journal)
	}
	var entries []JournalEntry
	if o.Journal != "" {
		var err error
		if entries, err = ReadJournal(o.Journal); err != nil {
			return nil, err
		}
	}
	j := &Journal{path: o.Journal}
	j.index(entries)
	return j, nil
}

// canonicalIDs is plan with its record ids spelled as crm answers with
// them (connectors.CanonicalID: a Salesforce report's 15-character ids as
// 18), so that a record read is recognised as itself, and the journal
// names each record one way. plan itself is left as it is.
func canonicalIDs(crm connectors.CRM, plan *Plan) *Plan {
	if _, ok := crm.(connectors.IDCanonicalizer); !ok {
		return plan
	}
	out := *plan
	out.Clusters = make([]Cluster, len(plan.Clusters))
	for i, c := range plan.Clusters {
		c.Master = connectors.CanonicalID(crm, c.Master)
		c.Members = slices.Clone(c.Members)
		for k := range c.Members {
			c.Members[k].ID = connectors.CanonicalID(crm, c.Members[k].ID)
		}
		out.Clusters[i] = c
	}
	return &out
}

// snapshotProperties is every property a snapshot reads, sorted: the
// CRM's standard ones, the extra ones and the plan's values.
func snapshotProperties(plan *Plan, standard, extra []string) []string {
	set := map[string]bool{}
	for _, names := range [][]string{standard, extra} {
		for _, n := range names {
			set[n] = true
		}
	}
	for _, c := range plan.Clusters {
		for n := range c.Values {
			set[n] = true
		}
	}
	delete(set, "")
	return slices.Sorted(maps.Keys(set))
}

// permanent reports whether err is the CRM's refusal of this request, which
// fails the cluster, rather than a condition that stops the run.
func permanent(err error) bool {
	return errors.Is(err, connectors.ErrNotFound) || errors.Is(err, connectors.ErrValidation) ||
		errors.Is(err, connectors.ErrConflict)
}

// valueChanges are the plan's values that differ on the master, by
// property name. An empty value never erases a known one.
func valueChanges(master connectors.Contact, values map[string]string) []ValueChange {
	var out []ValueChange
	for _, k := range slices.Sorted(maps.Keys(values)) {
		if v, old := values[k], master.Properties[k]; v != "" && v != old {
			out = append(out, ValueChange{Property: k, Old: old, New: v})
		}
	}
	return out
}
