package stages

import (
	"context"
	"errors"
	"testing"
)

// failingDone is a MergeJournal whose MergeDone appends fail.
type failingDone struct{ journalSteps }

var errJournalFull = errors.New("journal disk full")

func (j *failingDone) AppendMerge(s MergeStep) error {
	if s.Step == MergeDone {
		return errJournalFull
	}
	return j.journalSteps.AppendMerge(s)
}

// expectJournal checks that steps are a MergeBefore of member into master
// closed by a MergeDone that names survivor.
func expectJournal(t *testing.T, steps []MergeStep, master, member, survivor string, verified bool) {
	t.Helper()
	if len(steps) != 2 {
		t.Fatalf("journal %+v: want a before step and a merged step", steps)
	}
	before, done := steps[0], steps[1]
	if before.Step != MergeBefore || before.Master != master || before.Member != member ||
		before.MasterSnapshot == nil || before.MemberSnapshot == nil {
		t.Fatalf("first step %+v, want %s of %s into %s with both snapshots", before, MergeBefore, member, master)
	}
	if done.Step != MergeDone || done.Cluster != before.Cluster || done.Master != master || done.Member != member ||
		done.Survivor != survivor || done.Verified != verified {
		t.Fatalf("second step %+v, want %s of %s into %s in %s, survivor %s, verified %v",
			done, MergeDone, member, master, before.Cluster, survivor, verified)
	}
}

func TestMergeJournalClosesEveryMerge(t *testing.T) {
	t.Run("should name the master as the survivor of a bridge merge", func(t *testing.T) {
		// Given two records of Dana Kim and a journal
		journal := &journalSteps{}
		e, a, b := bridgeEnv(t, withConfig(func(c *Config) { c.MergeJournal = journal }))
		// When an event links them
		e.mustProcess(bridging(e))
		// Then the journal holds the merge of B into A, closed, A surviving
		expectJournal(t, journal.steps, a.RecordID, b.RecordID, a.RecordID, false)
	})

	t.Run("should close a bridge merge the CRM had made the other way, naming the other record", func(t *testing.T) {
		// Given the CRM merged A into B (another instance bridged them from
		// B's side), and the index never heard of it
		journal := &journalSteps{}
		e, a, b := bridgeEnv(t, withConfig(func(c *Config) { c.MergeJournal = journal }))
		if _, err := e.crm.Merge(context.Background(), b.RecordID, a.RecordID); err != nil {
			t.Fatal(err)
		}
		// When an event that matches A by e-mail links B
		out := e.mustProcess(bridging(e))
		if out.RecordID != b.RecordID {
			t.Fatalf("event applied to %s, want %s", out.RecordID, b.RecordID)
		}
		// Then the journal's merge of B into A is closed: B survives, found
		// in the CRM rather than done here
		expectJournal(t, journal.steps, a.RecordID, b.RecordID, b.RecordID, true)
		if e.g.Merges() != 0 {
			t.Fatalf("%d merges counted; want none: the other instance made it", e.g.Merges())
		}
	})

	t.Run("should close an accepted merge the CRM had made the other way", func(t *testing.T) {
		// Given two records a reviewer accepted as one, which the CRM had
		// merged already with the newer surviving
		journal := &journalSteps{}
		e, older, newer := bridgeEnv(t, withConfig(func(c *Config) { c.MergeJournal = journal }))
		if _, err := e.crm.Merge(context.Background(), newer.RecordID, older.RecordID); err != nil {
			t.Fatal(err)
		}
		// When the accepted pair is merged
		out, err := e.g.MergeAccepted(context.Background(), [2]string{older.RecordID, newer.RecordID})
		if err != nil {
			t.Fatal(err)
		}
		// Then the outcome and the journal both name the newer as the survivor
		if out == nil || out.RecordID != newer.RecordID {
			t.Fatalf("outcome %+v, want %s surviving", out, newer.RecordID)
		}
		expectJournal(t, journal.steps, older.RecordID, newer.RecordID, newer.RecordID, true)
	})

	t.Run("should fail the event, retryably, when the closing line cannot be written", func(t *testing.T) {
		// Given the CRM merged A into B, and a journal that cannot close a merge
		journal := &failingDone{}
		e, a, b := bridgeEnv(t, withConfig(func(c *Config) { c.MergeJournal = journal }))
		if _, err := e.crm.Merge(context.Background(), b.RecordID, a.RecordID); err != nil {
			t.Fatal(err)
		}
		// When an event links them, once
		job, err := e.g.Prepare(context.Background(), kafkaRecord(t, bridging(e)))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.g.Apply(context.Background(), job)
		// Then the journal's failure is the event's, to retry, and the index
		// still holds both records
		if !errors.Is(err, errJournalFull) || !e.g.Retryable(err) {
			t.Fatalf("err %v, want the journal's failure, retryable", err)
		}
		for _, id := range []string{a.RecordID, b.RecordID} {
			if _, ok, err := e.ix.Get(id); err != nil || !ok {
				t.Fatalf("the index lost record %s (%v) before the merge was journalled", id, err)
			}
		}
	})
}
