package purge

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// mergeFixture is a CRM holding three clusters — ann (auto, three records),
// bob (auto, two), cat (review, two) — and the plan that merges them.
type mergeFixture struct {
	crm     *emulator.Emulator
	plan    *Plan
	ids     map[string]string // name → record id
	journal string
}

func newMergeFixture(t *testing.T) *mergeFixture {
	t.Helper()
	f := &mergeFixture{crm: emulator.New(emulator.Config{}), ids: map[string]string{},
		journal: filepath.Join(t.TempDir(), "plan.json"+JournalSuffix)}
	for _, r := range []struct{ name, email, first, job string }{
		{"ann", "ann@acme.com", "Ann", ""}, {"ann2", "ann.smith@gmail.com", "Anne", "CTO"}, {"ann3", "a.smith@old.com", "", "Engineer"},
		{"bob", "bob@acme.com", "Robert", ""}, {"bob2", "bobby@gmail.com", "Bob", "CFO"},
		{"cat", "cat@acme.com", "Cat", ""}, {"cat2", "cathy@gmail.com", "Cathy", ""},
	} {
		props := map[string]string{"email": r.email, "lastname": "Smith"}
		if r.first != "" {
			props["firstname"] = r.first
		}
		if r.job != "" {
			props["jobtitle"] = r.job
		}
		c, err := f.crm.Create(context.Background(), props)
		if err != nil {
			t.Fatal(err)
		}
		f.ids[r.name] = c.ID
	}
	members := func(names ...string) []Member {
		var out []Member
		for _, n := range names {
			out = append(out, Member{ID: f.ids[n], Weight: 20, Band: "match"})
		}
		return out
	}
	f.plan = &Plan{Version: PlanVersion, Clusters: []Cluster{
		{ID: "c-ann", Band: BandAuto, Master: f.ids["ann"], Members: members("ann2", "ann3"),
			Values: map[string]string{"jobtitle": "CTO", "firstname": "Ann"}},
		{ID: "c-bob", Band: BandAuto, Master: f.ids["bob"], Members: members("bob2")},
		{ID: "c-cat", Band: BandReview, Master: f.ids["cat"], Members: members("cat2"), Values: map[string]string{"jobtitle": "CEO"}},
	}}
	return f
}

func (f *mergeFixture) options(apply bool) MergeOptions {
	return MergeOptions{Apply: apply, Journal: f.journal}
}

func (f *mergeFixture) get(t *testing.T, name string) connectors.Contact {
	t.Helper()
	c, err := f.crm.Get(context.Background(), f.ids[name], nil)
	if err != nil {
		t.Fatalf("get %s: %v", name, err)
	}
	return c
}

func (f *mergeFixture) readJournal(t *testing.T) []JournalEntry {
	t.Helper()
	entries, err := ReadJournal(f.journal)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func TestMergeDryRun(t *testing.T) {
	t.Run("should report the values and merges of the auto band and write nothing", func(t *testing.T) {
		// Given a plan and its CRM
		f := newMergeFixture(t)
		before := f.crm.Stats()

		// When it is merged without Apply
		sum, err := Merge(t.Context(), f.crm, f.plan, f.options(false))
		if err != nil {
			t.Fatal(err)
		}

		// Then it reports the auto clusters: 3 merges and 1 value to write
		// (jobtitle; firstname is the master's already)
		if !sum.DryRun || sum.Clusters != 2 || sum.Merges != 3 || sum.ValueWrites != 1 || sum.Failed != 0 {
			t.Fatalf("summary %+v", sum)
		}
		want := []ValueChange{{Property: "jobtitle", Old: "", New: "CTO"}}
		if got := sum.Results[0].Values; !slices.Equal(got, want) {
			t.Errorf("values %+v, want %+v", got, want)
		}
		if m := sum.Results[0].Members; len(m) != 2 || m[0].Action != ActionMerge || m[1].Action != ActionMerge {
			t.Errorf("members %+v", m)
		}
		// And wrote nothing: no write call, no journal
		after := f.crm.Stats()
		for _, n := range []int{after.Create - before.Create, after.Update, after.Merge, after.Batch} {
			if n != 0 {
				t.Fatalf("stats after a dry run %+v", after)
			}
		}
		if after.Records != 7 {
			t.Errorf("records %d", after.Records)
		}
		if _, err := os.Stat(f.journal); !os.IsNotExist(err) {
			t.Errorf("journal written by a dry run: %v", err)
		}
	})

	t.Run("should include the review band when asked", func(t *testing.T) {
		f := newMergeFixture(t)
		o := f.options(false)
		o.Band = BandAll
		sum, err := Merge(t.Context(), f.crm, f.plan, o)
		if err != nil || sum.Clusters != 3 || sum.Merges != 4 || sum.ValueWrites != 2 {
			t.Fatalf("summary %+v, %v", sum, err)
		}
	})
}

func TestMergeApply(t *testing.T) {
	t.Run("should merge every auto cluster and leave the review ones", func(t *testing.T) {
		// Given a plan and its CRM
		f := newMergeFixture(t)

		// When it is applied
		sum, err := Merge(t.Context(), f.crm, f.plan, f.options(true))
		if err != nil {
			t.Fatal(err)
		}

		// Then the auto members are merged into their masters, once each
		if sum.Merges != 3 || sum.ValueWrites != 1 || sum.Failed != 0 || sum.DryRun {
			t.Fatalf("summary %+v", sum)
		}
		if st := f.crm.Stats(); st.Merge != 3 || st.Records != 4 {
			t.Fatalf("merges %d, records %d; want 3 and 4", st.Merge, st.Records)
		}
		for member, master := range map[string]string{"ann2": "ann", "ann3": "ann", "bob2": "bob"} {
			if got := f.get(t, member).ID; got != f.ids[master] {
				t.Errorf("%s reads as %s, want %s", member, got, f.ids[master])
			}
		}
		// And the review cluster is untouched
		if cat2 := f.get(t, "cat2"); cat2.ID != f.ids["cat2"] || f.get(t, "cat").Properties["jobtitle"] != "" {
			t.Errorf("review cluster changed: cat2 reads as %s", cat2.ID)
		}
	})

	t.Run("should write the values on the master before the first merge", func(t *testing.T) {
		// Given a plan whose master lacks the winning job title
		f := newMergeFixture(t)

		// When it is applied
		if _, err := Merge(t.Context(), f.crm, f.plan, f.options(true)); err != nil {
			t.Fatal(err)
		}

		// Then the master was updated before any merge
		var ops []emulator.Operation
		for _, r := range f.crm.Requests() {
			if r.Operation == emulator.OpUpdate || r.Operation == emulator.OpMerge {
				ops = append(ops, r.Operation)
			}
		}
		if len(ops) == 0 || ops[0] != emulator.OpUpdate || slices.Index(ops[1:], emulator.OpUpdate) >= 0 {
			t.Fatalf("writes in order %v, want one update first", ops)
		}
		// And journalled the master as it was, then its new state before the merge
		entries := f.readJournal(t)
		if e := entries[0]; e.Step != StepValues || e.MasterSnapshot.Properties["jobtitle"] != "" || e.Values["jobtitle"] != "CTO" {
			t.Fatalf("first entry %+v", e)
		}
		if e := entries[1]; e.Step != StepBefore || e.MasterSnapshot.Properties["jobtitle"] != "CTO" {
			t.Fatalf("second entry %+v", e)
		}
		// And the survivor keeps the plan's values
		if ann := f.get(t, "ann"); ann.Properties["jobtitle"] != "CTO" || ann.Properties["firstname"] != "Ann" {
			t.Errorf("survivor %v", ann.Properties)
		}
	})

	t.Run("should journal both whole records before every merge", func(t *testing.T) {
		// Given a plan
		f := newMergeFixture(t)
		originals := map[string]connectors.Contact{}
		for name := range f.ids {
			originals[f.ids[name]] = f.get(t, name)
		}

		// When it is applied
		if _, err := Merge(t.Context(), f.crm, f.plan, f.options(true)); err != nil {
			t.Fatal(err)
		}

		// Then every member has a before line with both snapshots, then a
		// merged line naming the survivor
		entries := f.readJournal(t)
		for _, c := range f.plan.Clusters[:2] {
			for _, m := range c.Members {
				before := slices.IndexFunc(entries, func(e JournalEntry) bool { return e.Step == StepBefore && e.Member == m.ID })
				merged := slices.IndexFunc(entries, func(e JournalEntry) bool { return e.Step == StepMerged && e.Member == m.ID })
				if before < 0 || merged < before {
					t.Fatalf("member %s: before at %d, merged at %d", m.ID, before, merged)
				}
				b := entries[before]
				if b.Cluster != c.ID || b.Master != c.Master || b.MasterSnapshot == nil || b.MasterSnapshot.ID != c.Master {
					t.Errorf("before %+v", b)
				}
				orig := originals[m.ID].Properties
				for k, v := range orig {
					if b.MemberSnapshot.Properties[k] != v {
						t.Errorf("member %s snapshot %s = %q, want %q", m.ID, k, b.MemberSnapshot.Properties[k], v)
					}
				}
				if e := entries[merged]; e.Survivor != c.Master || e.Verified || e.At.IsZero() {
					t.Errorf("merged %+v", e)
				}
			}
		}
	})

	t.Run("should do nothing more on a rerun of a finished plan", func(t *testing.T) {
		// Given an applied plan
		f := newMergeFixture(t)
		if _, err := Merge(t.Context(), f.crm, f.plan, f.options(true)); err != nil {
			t.Fatal(err)
		}
		requests := f.crm.Stats().Total

		// When it is applied again
		sum, err := Merge(t.Context(), f.crm, f.plan, f.options(true))

		// Then the journal answers without a CRM call
		if err != nil || sum.Merges != 0 || sum.AlreadyMerged != 3 {
			t.Fatalf("summary %+v, %v", sum, err)
		}
		if n := f.crm.Stats().Total - requests; n != 0 {
			t.Errorf("%d CRM requests on a rerun", n)
		}
	})

	t.Run("should skip a member that is gone and fail a cluster whose master is gone", func(t *testing.T) {
		// Given a plan naming records that do not exist
		f := newMergeFixture(t)
		f.plan.Clusters[0].Members = append(f.plan.Clusters[0].Members, Member{ID: "999001"})
		f.plan.Clusters[1].Master = "999002"

		// When it is applied
		sum, err := Merge(t.Context(), f.crm, f.plan, f.options(true))

		// Then the missing member is skipped, the orphan cluster failed, and the rest merged
		if err != nil {
			t.Fatal(err)
		}
		if sum.Merges != 2 || sum.Skipped != 1 || sum.Failed != 1 || sum.Results[1].Error == "" {
			t.Fatalf("summary %+v", sum)
		}
		if got := f.get(t, "bob2").ID; got != f.ids["bob2"] {
			t.Errorf("bob2 merged into %s", got)
		}
	})
}

func TestMergeOptionsValidate(t *testing.T) {
	for _, o := range []MergeOptions{{Band: "maybe"}, {Apply: true}} {
		if err := o.Validate(); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}
