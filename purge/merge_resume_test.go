package purge

import (
	"context"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/contactgate/contactgate/connectors"
)

// crashBefore leaves the journal as a run killed between its before line
// for member and the merged line: the before line is the journal's last.
func (f *mergeFixture) crashBefore(t *testing.T, cluster, member string, mergeHappened bool) {
	t.Helper()
	ctx := context.Background()
	master, _ := f.crm.Get(ctx, f.ids[cluster], nil)
	mem, _ := f.crm.Get(ctx, f.ids[member], nil)
	j, err := OpenJournal(f.journal)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if err := j.Append(JournalEntry{Step: StepBefore, Cluster: "c-" + cluster, Master: master.ID, Member: mem.ID,
		MasterSnapshot: snapshotOf(master), MemberSnapshot: snapshotOf(mem)}); err != nil {
		t.Fatal(err)
	}
	if mergeHappened {
		if _, err := f.crm.Merge(ctx, master.ID, mem.ID); err != nil {
			t.Fatal(err)
		}
	}
}

func entriesFor(entries []JournalEntry, step Step, member string) []JournalEntry {
	var out []JournalEntry
	for _, e := range entries {
		if e.Step == step && e.Member == member {
			out = append(out, e)
		}
	}
	return out
}

func TestMergeResume(t *testing.T) {
	t.Run("should not merge again a member whose merge happened before the crash", func(t *testing.T) {
		// Given a journal whose last line is bob2's before, and bob2 merged in the CRM
		f := newMergeFixture(t)
		f.crashBefore(t, "bob", "bob2", true)
		merges := f.crm.Stats().Merge

		// When the plan is applied again
		sum, err := Merge(t.Context(), f.crm, f.plan, f.options(true))
		if err != nil {
			t.Fatal(err)
		}

		// Then bob2 is recorded merged, verified in the CRM, without a second merge
		if n := f.crm.Stats().Merge - merges; n != 2 {
			t.Errorf("%d merges on resume, want 2 (ann's)", n)
		}
		if r := sum.Results[1].Members[0]; r.Action != ActionAlreadyMerged || r.Survivor != f.ids["bob"] || r.Reason != "found merged on resume" {
			t.Errorf("bob2 report %+v", r)
		}
		entries := f.readJournal(t)
		merged := entriesFor(entries, StepMerged, f.ids["bob2"])
		if len(merged) != 1 || !merged[0].Verified || merged[0].Survivor != f.ids["bob"] {
			t.Errorf("merged lines of bob2 %+v", merged)
		}
		if n := len(entriesFor(entries, StepBefore, f.ids["bob2"])); n != 1 {
			t.Errorf("%d before lines of bob2, want the crashed run's only", n)
		}
	})

	t.Run("should merge a member whose merge had not happened before the crash", func(t *testing.T) {
		// Given a journal whose last line is bob2's before, and bob2 still on its own
		f := newMergeFixture(t)
		f.crashBefore(t, "bob", "bob2", false)

		// When the plan is applied again
		sum, err := Merge(t.Context(), f.crm, f.plan, f.options(true))
		if err != nil {
			t.Fatal(err)
		}

		// Then bob2 is merged, once, with a fresh before line
		if st := f.crm.Stats(); st.Merge != 3 {
			t.Errorf("%d merges, want 3", st.Merge)
		}
		if r := sum.Results[1].Members[0]; r.Action != ActionMerged {
			t.Errorf("bob2 report %+v", r)
		}
		if got := f.get(t, "bob2").ID; got != f.ids["bob"] {
			t.Errorf("bob2 reads as %s", got)
		}
		entries := f.readJournal(t)
		if merged := entriesFor(entries, StepMerged, f.ids["bob2"]); len(merged) != 1 || merged[0].Verified {
			t.Errorf("merged lines of bob2 %+v", merged)
		}
		if n := len(entriesFor(entries, StepBefore, f.ids["bob2"])); n != 2 {
			t.Errorf("%d before lines of bob2, want 2", n)
		}
	})

	t.Run("should record a member merged into the master outside the run", func(t *testing.T) {
		// Given bob2 merged into bob by hand, with no journal
		f := newMergeFixture(t)
		if _, err := f.crm.Merge(t.Context(), f.ids["bob"], f.ids["bob2"]); err != nil {
			t.Fatal(err)
		}

		// When the plan is applied
		sum, err := Merge(t.Context(), f.crm, f.plan, f.options(true))

		// Then bob2 is journalled merged without a second merge
		if err != nil || sum.AlreadyMerged != 1 || sum.Merges != 2 || f.crm.Stats().Merge != 3 {
			t.Fatalf("summary %+v, %v; merges %d", sum, err, f.crm.Stats().Merge)
		}
		if merged := entriesFor(f.readJournal(t), StepMerged, f.ids["bob2"]); len(merged) != 1 || !merged[0].Verified {
			t.Errorf("merged lines of bob2 %+v", merged)
		}
	})

	t.Run("should show a dry run what a resumed run would skip", func(t *testing.T) {
		// Given a crashed run that merged bob2
		f := newMergeFixture(t)
		f.crashBefore(t, "bob", "bob2", true)
		size := journalSize(t, f.journal)

		// When the plan is dry-run with the journal
		sum, err := Merge(t.Context(), f.crm, f.plan, f.options(false))

		// Then bob2 is reported merged and the journal is untouched
		if err != nil || sum.Merges != 2 || sum.AlreadyMerged != 1 {
			t.Fatalf("summary %+v, %v", sum, err)
		}
		if journalSize(t, f.journal) != size {
			t.Error("a dry run wrote the journal")
		}
	})
}

func TestMergeNewSurvivorID(t *testing.T) {
	t.Run("should merge the next members into the id the merge returned", func(t *testing.T) {
		// Given a CRM whose merges give the survivor a new id and forget the old ones
		f := newMergeFixture(t)
		crm := &renamingCRM{CRM: f.crm, alias: map[string]string{}, renamed: map[string]string{}}

		// When the plan is applied
		sum, err := Merge(t.Context(), crm, f.plan, f.options(true))
		if err != nil {
			t.Fatal(err)
		}

		// Then ann3 was merged into the survivor of ann2's merge, and the journal says so
		if sum.Merges != 3 || sum.Failed != 0 {
			t.Fatalf("summary %+v", sum)
		}
		entries := f.readJournal(t)
		first := entriesFor(entries, StepMerged, f.ids["ann2"])
		second := entriesFor(entries, StepBefore, f.ids["ann3"])
		if len(first) != 1 || len(second) != 1 || first[0].Survivor == f.ids["ann"] || second[0].Master != first[0].Survivor {
			t.Fatalf("ann2 merged %+v; ann3 before %+v", first, second)
		}
		last := entriesFor(entries, StepMerged, f.ids["ann3"])[0]
		if sum.Results[0].Survivor != last.Survivor || sum.Results[0].Master != f.ids["ann"] {
			t.Errorf("report %+v, last survivor %s", sum.Results[0], last.Survivor)
		}

		// And a rerun resumes from the journal's survivor without merging again
		merges := f.crm.Stats().Merge
		f.plan.Clusters[0].Members = append(f.plan.Clusters[0].Members, Member{ID: f.ids["cat2"]})
		if _, err := Merge(t.Context(), crm, f.plan, f.options(true)); err != nil {
			t.Fatal(err)
		}
		if n := f.crm.Stats().Merge - merges; n != 1 {
			t.Errorf("%d merges on the rerun, want cat2's only", n)
		}
		if b := entriesFor(f.readJournal(t), StepBefore, f.ids["cat2"]); len(b) != 1 || b[0].Master != last.Survivor {
			t.Errorf("cat2 before %+v", b)
		}
	})
}

// renamingCRM gives the survivor of every merge a new id, and answers the
// old ids of merged records with not found: the harshest reading of
// HubSpot's "a merge may give the survivor a new id".
type renamingCRM struct {
	connectors.CRM
	mu      sync.Mutex
	next    int
	alias   map[string]string // new id → the emulator's id
	renamed map[string]string // the emulator's id → its latest new id
}

func (c *renamingCRM) real(id string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r, ok := c.alias[id]; ok {
		return r, c.renamed[r] == id
	}
	_, stale := c.renamed[id]
	return id, !stale
}

func (c *renamingCRM) public(ct connectors.Contact) connectors.Contact {
	c.mu.Lock()
	defer c.mu.Unlock()
	if id, ok := c.renamed[ct.ID]; ok {
		ct.ID = id
	}
	return ct
}

func (c *renamingCRM) Get(ctx context.Context, id string, props []string) (connectors.Contact, error) {
	r, live := c.real(id)
	if !live {
		return connectors.Contact{}, connectors.ErrNotFound
	}
	ct, err := c.CRM.Get(ctx, r, props)
	if err == nil && ct.ID != r {
		return connectors.Contact{}, connectors.ErrNotFound // no redirects either
	}
	return c.public(ct), err
}

func (c *renamingCRM) GetByEmail(ctx context.Context, email string, props []string) (connectors.Contact, error) {
	ct, err := c.CRM.GetByEmail(ctx, email, props)
	return c.public(ct), err
}

func (c *renamingCRM) Update(ctx context.Context, id string, props map[string]string) (connectors.Contact, error) {
	r, live := c.real(id)
	if !live {
		return connectors.Contact{}, connectors.ErrNotFound
	}
	ct, err := c.CRM.Update(ctx, r, props)
	return c.public(ct), err
}

func (c *renamingCRM) Merge(ctx context.Context, primary, secondary string) (connectors.Contact, error) {
	p, live := c.real(primary)
	s, live2 := c.real(secondary)
	if !live || !live2 {
		return connectors.Contact{}, connectors.ErrNotFound
	}
	ct, err := c.CRM.Merge(ctx, p, s)
	if err != nil {
		return ct, err
	}
	c.mu.Lock()
	c.next++
	id := strconv.Itoa(900000 + c.next)
	c.alias[id], c.renamed[p] = p, id
	c.mu.Unlock()
	ct.ID = id
	return ct, nil
}

func TestMergeResumeNewSurvivorID(t *testing.T) {
	t.Run("should find the survivor by the member's e-mail when the crash hid its new id", func(t *testing.T) {
		// Given a CRM that renames survivors, and a run killed after merging
		// bob2 but before journalling it
		f := newMergeFixture(t)
		crm := &renamingCRM{CRM: f.crm, alias: map[string]string{}, renamed: map[string]string{}}
		f.crashBefore(t, "bob", "bob2", false)
		survivor, err := crm.Merge(t.Context(), f.ids["bob"], f.ids["bob2"])
		if err != nil {
			t.Fatal(err)
		}

		// When the plan is applied again
		sum, err := Merge(t.Context(), crm, f.plan, f.options(true))
		if err != nil {
			t.Fatal(err)
		}

		// Then bob2 is journalled merged into the new id, and not merged again
		if f.crm.Stats().Merge != 3 {
			t.Errorf("%d merges, want 3", f.crm.Stats().Merge)
		}
		if r := sum.Results[1]; r.Members[0].Action != ActionAlreadyMerged || r.Survivor != survivor.ID {
			t.Errorf("bob's report %+v, want survivor %s", r, survivor.ID)
		}
		if m := entriesFor(f.readJournal(t), StepMerged, f.ids["bob2"]); len(m) != 1 || m[0].Survivor != survivor.ID || !m[0].Verified {
			t.Errorf("merged lines of bob2 %+v", m)
		}
	})
}

func TestJournal(t *testing.T) {
	t.Run("should drop a last line cut short by a crash and append after it", func(t *testing.T) {
		// Given a journal with one whole entry and a torn one
		path := t.TempDir() + "/j.jsonl"
		j, err := OpenJournal(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := j.Append(JournalEntry{Step: StepBefore, Cluster: "c", Master: "1", Member: "2"}); err != nil {
			t.Fatal(err)
		}
		j.Close()
		f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		f.WriteString(`{"step":"merged","cluster":"c","mas`)
		f.Close()

		// When it is reopened and appended to
		j, err = OpenJournal(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, pending := j.Pending("c", "2"); !pending {
			t.Error("the torn merged line counted")
		}
		if err := j.Append(JournalEntry{Step: StepMerged, Cluster: "c", Master: "1", Member: "2", Survivor: "1"}); err != nil {
			t.Fatal(err)
		}
		j.Close()

		// Then it reads as the two whole entries
		entries, err := ReadJournal(path)
		if err != nil {
			t.Fatal(err)
		}
		steps := []Step{}
		for _, e := range entries {
			steps = append(steps, e.Step)
		}
		if !slices.Equal(steps, []Step{StepBefore, StepMerged}) {
			t.Errorf("steps %v", steps)
		}
	})

	t.Run("should refuse a corrupt line in the middle", func(t *testing.T) {
		path := t.TempDir() + "/j.jsonl"
		os.WriteFile(path, []byte("{\"step\":\"before\"}\nnot json\n{}\n"), 0o600)
		if _, err := OpenJournal(path); err == nil {
			t.Error("no error")
		}
	})
}

func journalSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
