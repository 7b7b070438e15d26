package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/purge"
)

// purgeFixture is an emulator served over HTTP on 127.0.0.1, holding
// clusters of duplicates, and the plan that merges them: auto clusters of
// a master and two members, and one review cluster.
type purgeFixture struct {
	crm     *emulator.Emulator
	srv     *httptest.Server
	plan    string
	journal string
	auto    []purge.Cluster
	review  purge.Cluster
	// originals are the records as created, by id.
	originals map[string]connectors.Contact
}

func newPurgeFixture(t *testing.T, autoClusters int, wrap func(http.Handler) http.Handler) *purgeFixture {
	t.Helper()
	f := &purgeFixture{crm: emulator.New(emulator.Config{}), originals: map[string]connectors.Contact{}}
	if wrap == nil {
		wrap = func(h http.Handler) http.Handler { return h }
	}
	f.srv = httptest.NewServer(wrap(f.crm.Handler()))
	t.Cleanup(f.srv.Close)
	t.Setenv(envPrefix+"CRM_TOKEN", "test-token")

	create := func(props map[string]string) string {
		c, err := f.crm.Create(context.Background(), props)
		if err != nil {
			t.Fatal(err)
		}
		f.originals[c.ID] = c
		return c.ID
	}
	cluster := func(i int, band string) purge.Cluster {
		c := purge.Cluster{ID: fmt.Sprintf("c%02d", i), Band: band,
			Master: create(map[string]string{"email": fmt.Sprintf("p%d@acme.com", i), "firstname": "Pat", "lastname": fmt.Sprintf("Doe%d", i)}),
			Values: map[string]string{"jobtitle": fmt.Sprintf("Director %d", i)}}
		for k := range 2 {
			id := create(map[string]string{"email": fmt.Sprintf("p%d.%d@gmail.com", i, k), "firstname": "Patricia",
				"lastname": fmt.Sprintf("Doe%d", i), "phone": fmt.Sprintf("+1555000%02d%d", i, k)})
			c.Members = append(c.Members, purge.Member{ID: id, Weight: 18, Band: "match"})
		}
		return c
	}
	for i := range autoClusters {
		f.auto = append(f.auto, cluster(i, purge.BandAuto))
	}
	f.review = cluster(autoClusters, purge.BandReview)
	dir := t.TempDir()
	f.plan = filepath.Join(dir, "plan.json")
	f.journal = f.plan + purge.JournalSuffix
	p := &purge.Plan{Version: purge.PlanVersion, Source: "export.csv", Clusters: append(append([]purge.Cluster{}, f.auto...), f.review)}
	if err := purge.WritePlan(f.plan, p); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *purgeFixture) args(extra ...string) []string {
	return append([]string{"merge", "--plan", f.plan, "--crm", "hubspot", "--crm-url", f.srv.URL, "--crm-tier", "pack"}, extra...)
}

func (f *purgeFixture) autoMembers() int {
	n := 0
	for _, c := range f.auto {
		n += len(c.Members)
	}
	return n
}

// checkMerged checks that every auto member was merged into its master,
// once, and that the review cluster is untouched.
func (f *purgeFixture) checkMerged(t *testing.T) {
	t.Helper()
	st := f.crm.Stats()
	if st.Merge != f.autoMembers() || st.ByOperation[emulator.OpMerge] != f.autoMembers() {
		t.Errorf("emulator counted %d merges, want %d: one per member", st.Merge, f.autoMembers())
	}
	for _, r := range f.crm.Requests() {
		if r.Operation == emulator.OpMerge && r.Status != http.StatusOK {
			t.Errorf("merge answered %d: a merge was tried twice", r.Status)
		}
	}
	if want := len(f.originals) - f.autoMembers(); st.Records != want {
		t.Errorf("%d records, want %d", st.Records, want)
	}
	for _, c := range f.auto {
		master, err := f.crm.Get(context.Background(), c.Master, nil)
		if err != nil || master.Properties["jobtitle"] != c.Values["jobtitle"] {
			t.Errorf("master %s: %v, %v", c.Master, master.Properties, err)
		}
		for _, m := range c.Members {
			if got, err := f.crm.Get(context.Background(), m.ID, nil); err != nil || got.ID != c.Master {
				t.Errorf("member %s reads as %s (%v), want its master %s", m.ID, got.ID, err, c.Master)
			}
		}
	}
	for _, m := range f.review.Members {
		if got, _ := f.crm.Get(context.Background(), m.ID, nil); got.ID != m.ID {
			t.Errorf("review member %s was merged into %s", m.ID, got.ID)
		}
	}
}

// checkJournal checks that the journal holds, for every auto member, a
// before line with both whole records and exactly one merged line.
func (f *purgeFixture) checkJournal(t *testing.T) []purge.JournalEntry {
	t.Helper()
	entries, err := purge.ReadJournal(f.journal)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range f.auto {
		for _, m := range c.Members {
			befores, merged := 0, 0
			for _, e := range entries {
				if e.Member != m.ID {
					continue
				}
				switch e.Step {
				case purge.StepBefore:
					befores++
					if e.MasterSnapshot == nil || e.MemberSnapshot == nil || e.MasterSnapshot.ID != c.Master {
						t.Errorf("before line of %s without both snapshots: %+v", m.ID, e)
						continue
					}
					for k, v := range f.originals[m.ID].Properties {
						if got := e.MemberSnapshot.Properties[k]; got != v {
							t.Errorf("snapshot of %s: %s = %q, want %q", m.ID, k, got, v)
						}
					}
				case purge.StepMerged:
					merged++
					if e.Survivor != c.Master {
						t.Errorf("merged line of %s names survivor %s, want %s", m.ID, e.Survivor, c.Master)
					}
				}
			}
			if befores == 0 || merged != 1 {
				t.Errorf("member %s: %d before lines and %d merged lines, want ≥1 and 1", m.ID, befores, merged)
			}
		}
	}
	return entries
}

func TestMergeCommand(t *testing.T) {
	t.Run("should dry-run by default and write nothing", func(t *testing.T) {
		// Given a plan and its CRM over HTTP
		f := newPurgeFixture(t, 3, nil)

		// When merge runs without --apply
		out, err := run(t, f.args()...)

		// Then it shows the values and merges of the auto band
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		for _, want := range []string{
			"cluster c00 (auto): master " + f.auto[0].Master,
			`would set jobtitle: "" → "Director 0"`,
			"would merge " + f.auto[0].Members[1].ID,
			"dry run: 3 clusters, 6 merges to do, 3 value writes to do",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "c03") {
			t.Errorf("review cluster in a default run:\n%s", out)
		}
		// And changes nothing
		if st := f.crm.Stats(); st.Update != 0 || st.Merge != 0 || st.Batch != 0 || st.Records != len(f.originals) {
			t.Errorf("stats after a dry run %+v", st)
		}
		if _, err := os.Stat(f.journal); !os.IsNotExist(err) {
			t.Errorf("journal after a dry run: %v", err)
		}
	})

	t.Run("should print the summary as JSON", func(t *testing.T) {
		f := newPurgeFixture(t, 2, nil)
		out, err := run(t, f.args("--json", "--only-band", "all")...)
		if err != nil {
			t.Fatal(err)
		}
		var sum purge.MergeSummary
		if err := json.Unmarshal([]byte(out), &sum); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if !sum.DryRun || sum.Clusters != 3 || sum.Merges != 6 || sum.ValueWrites != 3 || len(sum.Results) != 3 {
			t.Errorf("summary %+v", sum)
		}
	})

	t.Run("should apply the auto clusters with --apply and journal every merge", func(t *testing.T) {
		// Given a plan and its CRM over HTTP
		f := newPurgeFixture(t, 3, nil)

		// When merge runs with --apply
		out, err := run(t, f.args("--apply")...)

		// Then every auto member is merged once and journalled
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if !strings.Contains(out, "applied: 3 clusters, 6 merges, 3 value writes") || !strings.Contains(out, "journal: "+f.journal) {
			t.Errorf("output:\n%s", out)
		}
		f.checkMerged(t)
		f.checkJournal(t)
	})

	t.Run("should refuse an unknown band", func(t *testing.T) {
		f := newPurgeFixture(t, 1, nil)
		if _, err := run(t, f.args("--only-band", "some")...); err == nil || !strings.Contains(err.Error(), "band") {
			t.Errorf("err = %v", err)
		}
	})
}
