package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/purge"
	"github.com/urfave/cli/v2"
)

// TestMergeDecisions runs merge --plan with a decisions file beside the
// plan, without a browser: only the accepted cluster, of the review band,
// is merged, into the master the reviewer chose, with the edited value.
func TestMergeDecisions(t *testing.T) {
	f := newPurgeFixture(t, 2, nil)
	log, err := purge.OpenDecisions(f.plan + purge.DecisionsSuffix)
	if err != nil {
		t.Fatal(err)
	}
	chosen := f.review.Members[1].ID
	for _, d := range []purge.Decision{
		{Cluster: f.review.ID, Records: purge.RecordsOf(f.review), Status: purge.DecisionAccepted, Master: chosen, Values: map[string]string{"jobtitle": "VP Sales"}},
		{Cluster: f.auto[0].ID, Records: purge.RecordsOf(f.auto[0]), Status: purge.DecisionRejected},
	} {
		if err := log.Record(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := log.Close(); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	app := newApp()
	app.Writer, app.ErrWriter = io.Discard, &stderr
	if err := app.Run(append([]string{"contactgate"}, f.args("--apply")...)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "1 accepted clusters applied, 1 rejected and 1 undecided left out") {
		t.Errorf("stderr: %s", stderr.String())
	}
	if st := f.crm.Stats(); st.Merge != 2 {
		t.Errorf("%d merges, want the accepted cluster's 2", st.Merge)
	}
	survivor, err := f.crm.Get(context.Background(), chosen, nil)
	if err != nil || survivor.ID != chosen || survivor.Properties["jobtitle"] != "VP Sales" {
		t.Errorf("the reviewer's master: %+v %v", survivor, err)
	}
	for _, id := range []string{f.review.Master, f.review.Members[0].ID} {
		if got, err := f.crm.Get(context.Background(), id, nil); err != nil || got.ID != chosen {
			t.Errorf("%s reads as %s (%v), want merged into %s", id, got.ID, err, chosen)
		}
	}
	for _, c := range f.auto {
		for _, m := range c.Members {
			if got, _ := f.crm.Get(context.Background(), m.ID, nil); got.ID != m.ID {
				t.Errorf("member %s of cluster %s (not accepted) was merged", m.ID, c.ID)
			}
		}
	}
}

// TestMergeStaleDecisions refuses decisions made on another plan.
func TestMergeStaleDecisions(t *testing.T) {
	f := newPurgeFixture(t, 1, nil)
	log, err := purge.OpenDecisions(f.plan + purge.DecisionsSuffix)
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Record(purge.Decision{Cluster: f.review.ID, Records: []string{"1", "2"}, Status: purge.DecisionAccepted}); err != nil {
		t.Fatal(err)
	}
	_ = log.Close()
	app := newApp()
	app.Writer, app.ErrWriter = io.Discard, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}
	if err := app.Run(append([]string{"contactgate"}, f.args("--apply")...)); err == nil || !strings.Contains(err.Error(), "another plan") {
		t.Errorf("err = %v, want a decision made on another plan", err)
	}
	if st := f.crm.Stats(); st.Merge != 0 {
		t.Errorf("%d merges after a refusal", st.Merge)
	}
}
