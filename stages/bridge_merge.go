package stages

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// MergeJournal keeps the records a bridge merge is about to join, before the
// CRM merges them, so that a person can see and undo what the stream
// merged: a MergeBefore step with both records, then a MergeDone step that
// names the survivor (the Member when the CRM had merged the two the other
// way). A MergeBefore with no MergeDone is a merge the CRM refused, or one
// a crash cut short.
// `contactgate run` writes them in the purge's journal format
// (purge.Journal). AppendMerge returns once the step survives a crash.
type MergeJournal interface {
	AppendMerge(MergeStep) error
}

// The steps of a bridge merge, as the purge's journal names them.
const (
	MergeBefore = "before"
	MergeDone   = "merged"
)

// MergeStep is one step of a bridge merge: Member is merged into Master.
// Cluster names the event that linked them ("stream:<event id>").
type MergeStep struct {
	Step, Cluster, Master, Member string
	// MasterSnapshot and MemberSnapshot are both records' properties as
	// the index held them (MergeBefore).
	MasterSnapshot, MemberSnapshot map[string]string
	// Survivor is the record that holds both after a MergeDone: Master,
	// or Member when the CRM had merged Master into it (another instance
	// bridged them from Member's side).
	Survivor string
	// Verified: the CRM had merged them already (an earlier attempt, or
	// another instance), found by reading the records.
	Verified bool
	At       time.Time
}

// journalCluster names the stream's merges in a MergeJournal: one "cluster"
// per event that bridged records.
const journalCluster = "stream:"

// errNotMerged: the CRM refused a merge for good (one record deleted or
// changed since the index saw it). The event is applied without it.
var errNotMerged = errors.New("not merged")

// errMergedTheOtherWay: the CRM had merged A into B already (another
// instance bridged the two records from B's side): B survives.
var errMergedTheOtherWay = errors.New("merged the other way")

// oneWithMerged reports whether rec may be one person with each record
// the attempt has merged into A already (as oneEntity weighs A and B): A,
// weighed with its history of names, may agree with two people who
// disagree with each other ("E.
// Turner" with Edward and with Elizabeth), and merging both through it
// would join them.
func (g *Gatekeeper) oneWithMerged(a *attempt, rec state.Record) bool {
	if len(a.mergedRecords) == 0 {
		return true
	}
	none := &event{}
	pr := g.entityProfile(none, candidateOfRecord(rec))
	for _, m := range a.mergedRecords {
		if addressesHoldApart(&m.Identifiers, &rec.Identifiers) {
			return false
		}
		pm := g.entityProfile(none, candidateOfRecord(m))
		if !samePersonDespiteSource(&pm, &pr, g.scorer.Score(&pm, &pr), sourceHoldsApart(&m.Identifiers, &rec.Identifiers)) {
			return false
		}
	}
	return true
}

// mergeInCRM journals A and B, merges B into A in the CRM and journals the
// merge. A merge the CRM refuses is checked: when B reads as A, an earlier
// attempt merged them (its index write lost), and that is success;
// otherwise errNotMerged. Retryable failures are returned as they are.
func (g *Gatekeeper) mergeInCRM(ctx context.Context, a, b state.Record, eventID string, redact func(error) error) error {
	master := a.ID
	at := g.cfg.Now().UTC()
	cluster := journalCluster + eventID
	if err := g.journal(MergeStep{Step: MergeBefore, Cluster: cluster, Master: master, Member: b.ID,
		MasterSnapshot: snapshotOfRecord(a), MemberSnapshot: snapshotOfRecord(b), At: at}); err != nil {
		return err
	}
	survivor, err := g.cfg.CRM.Merge(ctx, master, b.ID)
	verified := false
	if err != nil {
		if g.Retryable(err) || g.Pause(err) {
			return fmt.Errorf("merge record %s into %s: %w", b.ID, master, err)
		}
		c, gerr := g.cfg.CRM.Get(ctx, b.ID, []string{connectors.PropEmail})
		if gerr == nil && c.ID == b.ID {
			// B stands: was A merged into it?
			c, gerr = g.cfg.CRM.Get(ctx, master, []string{connectors.PropEmail})
			if gerr == nil && c.ID == b.ID {
				g.cfg.Logger.Info("stages: the CRM had merged the record into the other already", "event_id", eventID,
					"record_id", master, "survivor", b.ID)
				if err := g.journal(MergeStep{Step: MergeDone, Cluster: cluster, Master: master, Member: b.ID,
					Survivor: b.ID, Verified: true, At: g.cfg.Now().UTC()}); err != nil {
					return err
				}
				return errMergedTheOtherWay
			}
			c.ID = "" // neither reads as the other
		}
		switch {
		case gerr == nil && c.ID == master:
			survivor, verified = c, true
		case gerr != nil && (g.Retryable(gerr) || g.Pause(gerr)):
			return fmt.Errorf("check the merge of record %s into %s: %w", b.ID, master, gerr)
		default:
			g.cfg.Logger.Warn("stages: the CRM refused a bridge merge; the event is applied without it",
				"event_id", eventID, "record_id", master, "merged_id", b.ID, "error", redact(err))
			return errNotMerged
		}
	}
	if survivor.ID != "" && survivor.ID != master {
		// HubSpot keeps the primary's id; a CRM that gives the survivor a
		// new one is not supported by the stream's merges.
		g.cfg.Logger.Warn("stages: the CRM merged into a new record id", "record_id", master, "survivor", survivor.ID)
	}
	g.merges.Add(1)
	return g.journal(MergeStep{Step: MergeDone, Cluster: cluster, Master: master, Member: b.ID,
		Survivor: master, Verified: verified, At: g.cfg.Now().UTC()})
}

// journal appends e to Config.MergeJournal, when there is one; appends of
// concurrent lanes are serialized.
func (g *Gatekeeper) journal(e MergeStep) error {
	if g.cfg.MergeJournal == nil {
		return nil
	}
	g.journalMu.Lock()
	defer g.journalMu.Unlock()
	if err := g.cfg.MergeJournal.AppendMerge(e); err != nil {
		return fmt.Errorf("%w: merge journal: %w", ErrIndex, err)
	}
	return nil
}

// snapshotOfRecord is a record's properties as the index holds them, for
// the journal.
func snapshotOfRecord(r state.Record) map[string]string {
	props := make(map[string]string, len(r.Properties))
	for k, p := range r.Properties {
		props[k] = p.Value
	}
	return props
}

// foldRecord is record a after b was merged into it, as the CRM holds it
// (HubSpot keeps the primary's values and takes the other's where the
// primary has none; e-mails join the primary's additional ones): every
// identifier of both, a's properties and b's where a has none.
func foldRecord(a, b state.Record) state.Record {
	ids := cloneIdentifiers(a.Identifiers)
	state.JoinIdentifiers(&ids, b.ID, b.Identifiers)
	props := maps.Clone(a.Properties)
	if props == nil {
		props = make(map[string]schemas.PropertyValue, len(b.Properties))
	}
	for k, v := range b.Properties {
		if _, set := props[k]; !set && k != connectors.PropEmail {
			props[k] = v
		}
	}
	a.Identifiers, a.Properties = ids, props
	a.Members = state.JoinMembers(a.Members, b.Members...)
	a.Seen = state.JoinSeen(a.Seen, b.Seen...)
	return a
}
