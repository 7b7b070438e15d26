package purge

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	sfemulator "github.com/contactgate/contactgate/connectors/emulator/salesforce"
	"github.com/contactgate/contactgate/connectors/salesforce"
)

// soapMerges is the emulator's route of merge() calls.
const soapMerges = "POST soap merge"

// sfFixture is an emulated Salesforce org reached by the Salesforce client
// over HTTP, holding three clusters: ann (a master and four members: two
// merge() calls), bob (one member) and cy (two members: one call).
type sfFixture struct {
	org     *sfemulator.Emulator
	crm     *salesforce.Client
	plan    *Plan
	ids     map[string]string
	journal string
}

func newSFFixture(t *testing.T) *sfFixture {
	t.Helper()
	org := sfemulator.New(sfemulator.Config{ClientID: "purge", ClientSecret: "purge-secret"})
	srv := httptest.NewServer(org.Handler())
	t.Cleanup(srv.Close)
	crm, err := salesforce.New(salesforce.Config{InstanceURL: srv.URL, ClientID: "purge", ClientSecret: "purge-secret",
		MaxAttempts: 3, BaseBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	f := &sfFixture{org: org, crm: crm, ids: map[string]string{}, journal: filepath.Join(t.TempDir(), "plan.json"+JournalSuffix)}
	for _, r := range []struct{ name, email, first, city string }{
		{"ann", "ann@acme.com", "Ann", ""}, {"ann2", "ann.lee@gmail.com", "Anne", "Leeds"}, {"ann3", "a.lee@old.com", "", ""},
		{"ann4", "annie@home.net", "Annie", ""}, {"ann5", "al@work.com", "A.", "York"},
		{"bob", "bob@acme.com", "Bob", ""}, {"bob2", "bobby@gmail.com", "Robert", ""},
		{"cy", "cy@acme.com", "Cy", ""}, {"cy2", "cyrus@gmail.com", "Cyrus", ""}, {"cy3", "c.young@old.com", "", ""},
	} {
		props := map[string]string{"email": r.email, "lastname": "Lee", "firstname": r.first, "city": r.city}
		c, err := crm.Create(context.Background(), props)
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
		{ID: "c-ann", Band: BandAuto, Master: f.ids["ann"], Members: members("ann2", "ann3", "ann4", "ann5"),
			Values: map[string]string{connectors.PropCity: "Leeds", connectors.PropPostcode: "LS1 4DY"}},
		{ID: "c-bob", Band: BandAuto, Master: f.ids["bob"], Members: members("bob2")},
		{ID: "c-cy", Band: BandAuto, Master: f.ids["cy"], Members: members("cy2", "cy3"), Values: map[string]string{connectors.PropJobTitle: "CFO"}},
	}}
	return f
}

func (f *sfFixture) merges() int { return f.org.Stats().Routes[soapMerges] }

// crashBefore journals the named members of ann's cluster as a run does
// just before their merge() call, and nothing after: a crash.
func (f *sfFixture) crashBefore(t *testing.T, members ...string) {
	t.Helper()
	j, err := OpenJournal(f.journal)
	if err != nil {
		t.Fatal(err)
	}
	master, err := f.crm.Get(t.Context(), f.ids["ann"], nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range members {
		mem, err := f.crm.Get(t.Context(), f.ids[name], nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := j.Append(JournalEntry{Step: StepBefore, Cluster: "c-ann", Master: master.ID, Member: mem.ID,
			MasterSnapshot: snapshotOf(master), MemberSnapshot: snapshotOf(mem)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
}

// readsAs is the id the named record reads as: its own, or its survivor's.
func (f *sfFixture) readsAs(t *testing.T, name string) string {
	t.Helper()
	c, err := f.crm.Get(context.Background(), f.ids[name], nil)
	if err != nil {
		t.Fatalf("get %s: %v", name, err)
	}
	return c.ID
}

func TestMergeSalesforce(t *testing.T) {
	t.Run("should merge two members per merge() call, and write the plan's values by Salesforce's fields", func(t *testing.T) {
		f := newSFFixture(t)

		// When the plan is applied
		sum, err := Merge(t.Context(), f.crm, f.plan, MergeOptions{Apply: true, Journal: f.journal})
		if err != nil {
			t.Fatal(err)
		}

		// Then ann's four members took two calls, bob's and cy's one each
		if sum.Merges != 7 || sum.MergeCalls != 4 || sum.Failed != 0 || f.merges() != 4 {
			t.Fatalf("summary %+v; merge() calls %d, want 4", sum, f.merges())
		}
		// And every member reads as its master
		for _, name := range []string{"ann2", "ann3", "ann4", "ann5", "bob2", "cy2", "cy3"} {
			master := map[byte]string{'a': "ann", 'b': "bob", 'c': "cy"}[name[0]]
			if got := f.readsAs(t, name); got != f.ids[master] {
				t.Errorf("%s reads as %s, want %s (%s)", name, got, f.ids[master], master)
			}
		}
		for _, name := range []string{"ann", "bob", "cy"} {
			if got := f.readsAs(t, name); got != f.ids[name] {
				t.Errorf("master %s reads as %s", name, got)
			}
		}
		// And the masters hold the plan's values and keep their own
		ann, err := f.crm.Get(t.Context(), f.ids["ann"], []string{"firstname", "city", "zip"})
		if err != nil {
			t.Fatal(err)
		}
		if p := ann.Properties; p["firstname"] != "Ann" || p["city"] != "Leeds" || p["zip"] != "LS1 4DY" {
			t.Errorf("ann after the merge %v", p)
		}
		if cy, err := f.crm.Get(t.Context(), f.ids["cy"], []string{"jobtitle"}); err != nil || cy.Properties["jobtitle"] != "CFO" {
			t.Errorf("cy after the merge %v, %v", cy.Properties, err)
		}
		// And the journal holds one before and one merged line per member,
		// snapshots of Salesforce's standard fields
		entries, err := ReadJournal(f.journal)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"ann2", "ann3", "ann4", "ann5", "bob2", "cy2", "cy3"} {
			before, merged := entriesFor(entries, StepBefore, f.ids[name]), entriesFor(entries, StepMerged, f.ids[name])
			if len(before) != 1 || len(merged) != 1 || merged[0].Verified {
				t.Fatalf("%s: before %+v, merged %+v", name, before, merged)
			}
			snap := before[0].MemberSnapshot.Properties
			if _, ok := snap["LeadSource"]; !ok || snap[connectors.PropEmail] == "" {
				t.Errorf("%s's snapshot %v: want Salesforce's standard fields", name, snap)
			}
			for _, hubspotOnly := range []string{"lifecyclestage", "website"} {
				if _, ok := snap[hubspotOnly]; ok {
					t.Errorf("%s's snapshot asks HubSpot's %s of Salesforce", name, hubspotOnly)
				}
			}
		}
	})

	t.Run("should count a dry run's merge() calls and make none", func(t *testing.T) {
		f := newSFFixture(t)
		sum, err := Merge(t.Context(), f.crm, f.plan, MergeOptions{Journal: f.journal})
		if err != nil || sum.Merges != 7 || sum.MergeCalls != 4 || f.merges() != 0 {
			t.Fatalf("dry run %+v, %v; merge() calls %d", sum, err, f.merges())
		}
		if got := f.readsAs(t, "ann2"); got != f.ids["ann2"] {
			t.Errorf("a dry run merged ann2 into %s", got)
		}
	})

	t.Run("should merge again, two per call, the members of a call that crashed before merge()", func(t *testing.T) {
		// Given a run that journalled ann2 and ann3 and crashed before
		// merge()
		f := newSFFixture(t)
		f.crashBefore(t, "ann2", "ann3")

		// When the plan is applied again
		sum, err := Merge(t.Context(), f.crm, f.plan, MergeOptions{Apply: true, Journal: f.journal})
		if err != nil {
			t.Fatal(err)
		}

		// Then ann's four members take two calls, as in a first run, and
		// ann2 and ann3 have a second before line
		if sum.AlreadyMerged != 0 || sum.Merges != 7 || sum.MergeCalls != 4 || f.merges() != 4 {
			t.Fatalf("summary %+v; merge() calls %d, want 4", sum, f.merges())
		}
		entries, err := ReadJournal(f.journal)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"ann2", "ann3"} {
			before, merged := entriesFor(entries, StepBefore, f.ids[name]), entriesFor(entries, StepMerged, f.ids[name])
			if len(before) != 2 || len(merged) != 1 || merged[0].Verified {
				t.Errorf("%s: before %d lines, merged %+v", name, len(before), merged)
			}
			if got := f.readsAs(t, name); got != f.ids["ann"] {
				t.Errorf("%s reads as %s", name, got)
			}
		}
	})

	t.Run("should find a crashed call's two members merged, and merge the rest in one call", func(t *testing.T) {
		// Given a run that journalled ann2 and ann3 and crashed once
		// merge() had merged them
		f := newSFFixture(t)
		f.crashBefore(t, "ann2", "ann3")
		if _, err := f.crm.MergeMany(t.Context(), f.ids["ann"], []string{f.ids["ann2"], f.ids["ann3"]}); err != nil {
			t.Fatal(err)
		}
		calls := f.merges()

		// When the plan is applied again
		sum, err := Merge(t.Context(), f.crm, f.plan, MergeOptions{Apply: true, Journal: f.journal})
		if err != nil {
			t.Fatal(err)
		}

		// Then ann2 and ann3 are journalled merged, verified, and ann4 and
		// ann5 take one call: three calls in all
		if sum.AlreadyMerged != 2 || sum.Merges != 5 || sum.MergeCalls != 3 || f.merges()-calls != 3 {
			t.Fatalf("summary %+v; merge() calls %d, want 3", sum, f.merges()-calls)
		}
		entries, err := ReadJournal(f.journal)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"ann2", "ann3"} {
			if merged := entriesFor(entries, StepMerged, f.ids[name]); len(merged) != 1 || !merged[0].Verified {
				t.Errorf("%s merged lines %+v", name, merged)
			}
		}
		for _, name := range []string{"ann4", "ann5"} {
			if got := f.readsAs(t, name); got != f.ids["ann"] {
				t.Errorf("%s reads as %s", name, got)
			}
		}
	})
}

func TestMergeWidth(t *testing.T) {
	f := newSFFixture(t)
	// Salesforce's merge() takes the master and two others; a CRM that
	// merges one at a time (the connectors.CRM interface alone) takes one.
	if w := mergeWidth(f.crm); w != 2 {
		t.Errorf("Salesforce's width %d, want 2", w)
	}
	if w := mergeWidth(struct{ connectors.CRM }{f.crm}); w != 1 {
		t.Errorf("a decorator's width %d, want 1", w)
	}
}
