package purge

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// merger applies one plan; it works through clusters one at a time.
type merger struct {
	crm   connectors.CRM
	j     *Journal
	o     MergeOptions
	props []string // what every snapshot reads
	// width is how many members one merge request takes: the CRM's
	// MergeArity less the survivor when it is a connectors.MultiMerger,
	// else 1 (CRM.Merge).
	width int
	// calls counts the merge requests made (a dry run: to make).
	calls int
}

// mergeWidth is merger.width for crm.
func mergeWidth(crm connectors.CRM) int {
	if _, ok := crm.(connectors.MultiMerger); ok {
		if a := connectors.CapabilitiesOf(crm).MergeArity; a > 2 {
			return a - 1
		}
	}
	return 1
}

// pending is a member read and due to be merged with the next request;
// report is the index of its line in the cluster's report.
type pending struct {
	c      connectors.Contact
	report int
}

// clusterRun is the state of one cluster while Merge works on it.
type clusterRun struct {
	c      Cluster
	report ClusterReport
	// master is the id the next merge addresses; it follows the survivor.
	master string
	// current is the master as last read, nil once a write made it stale.
	current *connectors.Contact
}

// cluster merges (or previews) one cluster. It returns the report, the
// number of property values written and the error that stops the run; a
// permanent refusal of the CRM is in the report instead.
func (m *merger) cluster(ctx context.Context, c Cluster) (ClusterReport, int, error) {
	run := &clusterRun{c: c, master: m.j.Master(c.ID, c.Master)}
	run.report = ClusterReport{ID: c.ID, Band: c.Band, Master: c.Master, Members: []MemberReport{}}
	todo, err := m.settle(ctx, run)
	writes := 0
	if err == nil && len(todo) > 0 {
		writes, err = m.values(ctx, run)
	}
	// The members are merged in requests of m.width, each request's
	// members read (and checked) just before it.
	var group []pending
	for i := 0; err == nil && i < len(todo); i++ {
		var p *pending
		if p, err = m.member(ctx, run, todo[i]); err == nil && p != nil {
			group = append(group, *p)
		}
		if err == nil && len(group) > 0 && (len(group) == m.width || i == len(todo)-1) {
			err = m.merge(ctx, run, group)
			group = group[:0]
		}
	}
	if m.o.Apply { // members read but left unmerged by an error
		run.report.Members = slices.DeleteFunc(run.report.Members, func(r MemberReport) bool { return r.Action == ActionMerge })
	}
	run.report.Survivor = run.master
	if err != nil && permanent(err) {
		run.report.Error = err.Error()
		err = nil
	}
	return run.report, writes, err
}

// settle accounts for the members an earlier run dealt with, and returns
// the others. A member the journal shows merged is done. A member journalled
// before a merge but not after it is checked in the CRM: merged, it is
// journalled so; else it is returned with the others, to merge.
func (m *merger) settle(ctx context.Context, run *clusterRun) ([]Member, error) {
	var todo []Member
	for _, mem := range run.c.Members {
		if e, ok := m.j.Merged(run.c.ID, mem.ID); ok {
			run.report.Members = append(run.report.Members, MemberReport{ID: mem.ID, Action: ActionAlreadyMerged, Survivor: e.Survivor, Reason: "journal"})
			continue
		}
		before, pending := m.j.Pending(run.c.ID, mem.ID)
		if !pending {
			todo = append(todo, mem)
			continue
		}
		survivor, done, err := m.together(ctx, run, mem.ID, snapshotEmail(before.MemberSnapshot))
		if err != nil {
			return nil, err
		}
		if !done {
			todo = append(todo, mem)
			continue
		}
		if err := m.journalMerged(run, mem.ID, survivor, true); err != nil {
			return nil, err
		}
		run.report.Members = append(run.report.Members, MemberReport{ID: mem.ID, Action: ActionAlreadyMerged, Survivor: survivor, Reason: "found merged on resume"})
	}
	return todo, nil
}

// readMaster reads the master unless the last read is still current. A
// master read as another record was merged into that one, outside this
// plan or by a merge of this cluster that the journal missed: the cluster
// goes on with it.
func (m *merger) readMaster(ctx context.Context, run *clusterRun) (connectors.Contact, error) {
	if run.current != nil {
		return *run.current, nil
	}
	mc, err := m.crm.Get(ctx, run.master, m.props)
	if err != nil {
		return mc, fmt.Errorf("read master %s: %w", run.master, err)
	}
	run.master, run.current = mc.ID, &mc
	return mc, nil
}

// values writes the plan's values on the master where they differ, after
// journalling the master. It returns how many properties it wrote (a dry
// run: would write).
func (m *merger) values(ctx context.Context, run *clusterRun) (int, error) {
	mc, err := m.readMaster(ctx, run)
	if err != nil {
		return 0, err
	}
	changes := valueChanges(mc, run.c.Values)
	run.report.Values = changes
	if len(changes) == 0 || !m.o.Apply {
		return len(changes), nil
	}
	write := make(map[string]string, len(changes))
	for _, ch := range changes {
		write[ch.Property] = ch.New
	}
	if err := m.j.Append(JournalEntry{Step: StepValues, Cluster: run.c.ID, Master: run.master,
		MasterSnapshot: snapshotOf(mc), Values: write, At: m.o.Now()}); err != nil {
		return 0, err
	}
	run.current = nil
	if _, err := m.crm.Update(ctx, run.master, write); err != nil {
		return 0, fmt.Errorf("write values on master %s: %w", run.master, err)
	}
	return len(changes), nil
}

// member reads one member and reports it when it is not to be merged: not
// found, or merged away already. A member to merge is returned, its report
// line to be written by merge (a dry run writes it: would merge).
func (m *merger) member(ctx context.Context, run *clusterRun, mem Member) (*pending, error) {
	report := func(action MemberAction, survivor, reason string) {
		run.report.Members = append(run.report.Members, MemberReport{ID: mem.ID, Action: action, Survivor: survivor, Reason: reason})
	}
	mc, err := m.crm.Get(ctx, mem.ID, m.props)
	if errors.Is(err, connectors.ErrNotFound) {
		report(ActionSkipped, "", "not found in the CRM")
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read member %s: %w", mem.ID, err)
	}
	if mc.ID != mem.ID { // merged away already: the CRM read its survivor
		if _, err := m.readMaster(ctx, run); err != nil {
			return nil, err
		}
		if mc.ID != run.master {
			report(ActionSkipped, mc.ID, "merged into "+mc.ID+", outside this cluster")
			return nil, nil
		}
		if err := m.journalMerged(run, mem.ID, mc.ID, true); err != nil {
			return nil, err
		}
		report(ActionAlreadyMerged, mc.ID, "merged into the master outside this run")
		return nil, nil
	}
	report(ActionMerge, "", "")
	return &pending{c: mc, report: len(run.report.Members) - 1}, nil
}

// merge merges a group of members into the master with one request (a
// dry run only counts it): it journals the master and each member as they
// are, merges, and journals the survivor of each. A refusal is checked in
// the CRM, as it may answer the retry of a merge whose first answer was
// lost: the members found merged are journalled so, and any other fails
// the cluster.
func (m *merger) merge(ctx context.Context, run *clusterRun, group []pending) error {
	m.calls++
	if !m.o.Apply {
		return nil
	}
	master, err := m.readMaster(ctx, run)
	if err != nil {
		return err
	}
	ids := make([]string, len(group))
	for i, p := range group {
		ids[i] = p.c.ID
		if err := m.j.Append(JournalEntry{Step: StepBefore, Cluster: run.c.ID, Master: run.master, Member: p.c.ID,
			MasterSnapshot: snapshotOf(master), MemberSnapshot: snapshotOf(p.c), At: m.o.Now()}); err != nil {
			return err
		}
	}
	run.current = nil
	var survivor connectors.Contact
	if len(ids) == 1 {
		survivor, err = m.crm.Merge(ctx, run.master, ids[0])
	} else {
		survivor, err = m.crm.(connectors.MultiMerger).MergeMany(ctx, run.master, ids)
	}
	if err != nil {
		err = fmt.Errorf("merge %s into %s: %w", strings.Join(ids, ", "), run.master, err)
		if !permanent(err) {
			return err
		}
		return m.refused(ctx, run, group, err)
	}
	for _, p := range group {
		if err := m.journalMerged(run, p.c.ID, survivor.ID, false); err != nil {
			return err
		}
		run.report.Members[p.report] = MemberReport{ID: p.c.ID, Action: ActionMerged, Survivor: survivor.ID}
	}
	return nil
}

// refused settles a group whose merge the CRM refused with err: each
// member found merged into the master is journalled and reported so; if
// any is not, err fails the cluster.
func (m *merger) refused(ctx context.Context, run *clusterRun, group []pending, err error) error {
	all := true
	for _, p := range group {
		id, done, cerr := m.together(ctx, run, p.c.ID, p.c.Email)
		if cerr != nil && !permanent(cerr) {
			return cerr
		}
		if !done {
			all = false
			continue
		}
		if jerr := m.journalMerged(run, p.c.ID, id, true); jerr != nil {
			return jerr
		}
		run.report.Members[p.report] = MemberReport{ID: p.c.ID, Action: ActionMerged, Survivor: id}
	}
	if !all {
		return err
	}
	return nil
}

// journalMerged records member merged into survivor (a dry run only
// follows the survivor) and makes survivor the master of the next merges.
func (m *merger) journalMerged(run *clusterRun, member, survivor string, verified bool) error {
	if survivor != run.master {
		run.current = nil
	}
	master := run.master
	run.master = survivor
	if !m.o.Apply {
		return nil
	}
	return m.j.Append(JournalEntry{Step: StepMerged, Cluster: run.c.ID, Master: master, Member: member,
		Survivor: survivor, Verified: verified, At: m.o.Now()})
}

// together reports whether member no longer exists on its own but as part
// of the master, and the id of the record that holds both. email is the
// member's as journalled, to find the survivor when neither id reads.
func (m *merger) together(ctx context.Context, run *clusterRun, member, email string) (string, bool, error) {
	ids := []string{connectors.PropEmail} // any will do: every read carries MergedIDs
	mc, merr := m.crm.Get(ctx, run.master, ids)
	if merr != nil && !errors.Is(merr, connectors.ErrNotFound) {
		return "", false, fmt.Errorf("read master %s: %w", run.master, merr)
	}
	c, err := m.crm.Get(ctx, member, ids)
	switch {
	case err == nil && merr == nil:
		if c.ID == mc.ID || slices.Contains(mc.MergedIDs, member) {
			return mc.ID, true, nil
		}
		return "", false, nil
	case err == nil: // the master is gone and the member is not: not merged
		return "", false, nil
	case !errors.Is(err, connectors.ErrNotFound):
		return "", false, fmt.Errorf("read member %s: %w", member, err)
	case merr == nil:
		return mc.ID, true, nil
	case email != "":
		// Both ids gone: a merge that gave the survivor a new id without
		// leading the old ones to it. The member's e-mail moved to it.
		s, err := m.crm.GetByEmail(ctx, email, ids)
		if err == nil {
			return s.ID, true, nil
		}
		return "", false, fmt.Errorf("master %s and member %s are both gone, and %s leads nowhere: %w", run.master, member, email, err)
	}
	return "", false, fmt.Errorf("master %s and member %s are both gone: %w", run.master, member, err)
}

func snapshotEmail(s *Snapshot) string {
	if s == nil {
		return ""
	}
	return s.Properties[connectors.PropEmail]
}
