package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/purge"
	"github.com/contactgate/contactgate/schemas"
)

// TestScanDecisions scans an export again with the decisions made on its
// first plan: the members of the rejected cluster are no longer clustered
// with its master; the other clusters are as before. --report writes
// the summary page beside.
func TestScanDecisions(t *testing.T) {
	dir := t.TempDir()
	export, first, second := filepath.Join(dir, "export.csv"), filepath.Join(dir, "plan.json"), filepath.Join(dir, "plan2.json")
	decisions := first + purge.DecisionsSuffix
	run := func(args ...string) {
		t.Helper()
		app := newApp()
		app.Writer, app.ErrWriter = io.Discard, io.Discard
		if err := app.Run(append([]string{"contactgate"}, args...)); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	run("gen", "--records", "1000", "--out", export)
	run("scan", "--input", export, "--plan", first)
	plan, err := purge.ReadPlan(first)
	if err != nil {
		t.Fatal(err)
	}
	rejected := plan.Clusters[0]
	log, err := purge.OpenDecisions(decisions)
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Record(purge.Decision{Cluster: rejected.ID, Records: purge.RecordsOf(rejected), Status: purge.DecisionRejected}); err != nil {
		t.Fatal(err)
	}
	_ = log.Close()
	report := filepath.Join(dir, "report.html")
	run("scan", "--input", export, "--plan", second, "--decisions", decisions, "--report", report)
	if page, err := os.ReadFile(report); err != nil || !strings.Contains(string(page), "<svg") || !strings.Contains(string(page), `<table id="largest">`) {
		t.Errorf("scan --report: %v\n%s", err, page)
	}
	again, err := purge.ReadPlan(second)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Clusters) != len(plan.Clusters)-1 {
		t.Errorf("%d clusters, want %d: all but the rejected one", len(again.Clusters), len(plan.Clusters)-1)
	}
	for _, c := range again.Clusters {
		if c.Master != rejected.Master {
			continue
		}
		for _, m := range c.Members {
			if slices.Contains(purge.RecordsOf(rejected), m.ID) {
				t.Errorf("rejected member %s is clustered with %s again", m.ID, c.Master)
			}
		}
	}

	// A scan that writes the reviewed plan again reads the decisions
	// beside it without --decisions, and says that file is now stale.
	var stderr bytes.Buffer
	app := newApp()
	app.Writer, app.ErrWriter = io.Discard, &stderr
	if err := app.Run([]string{"contactgate", "scan", "--input", export, "--plan", first}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), decisions+" holds a review of the plan this scan replaces") {
		t.Errorf("scan over the reviewed plan says:\n%s", stderr.String())
	}
	rescanned, err := purge.ReadPlan(first)
	if err != nil {
		t.Fatal(err)
	}
	if len(rescanned.Clusters) != len(again.Clusters) {
		t.Errorf("%d clusters over the reviewed plan, want %d as with --decisions", len(rescanned.Clusters), len(again.Clusters))
	}
}

// TestScanRejectedOnTheReviewTopic scans an export with the pairs rejected
// on the review topic (review list --status rejected): a rejected pair is
// not clustered again; an item rejected then accepted is.
func TestScanRejectedOnTheReviewTopic(t *testing.T) {
	dir := t.TempDir()
	export, first, second := filepath.Join(dir, "export.csv"), filepath.Join(dir, "plan.json"), filepath.Join(dir, "plan2.json")
	run := func(args ...string) {
		t.Helper()
		app := newApp()
		app.Writer, app.ErrWriter = io.Discard, io.Discard
		if err := app.Run(append([]string{"contactgate"}, args...)); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	run("gen", "--records", "1000", "--out", export)
	run("scan", "--input", export, "--plan", first)
	plan, err := purge.ReadPlan(first)
	if err != nil || len(plan.Clusters) < 2 {
		t.Fatalf("plan: %v, %d clusters", err, len(plan.Clusters))
	}
	item := func(c purge.Cluster, status string) string {
		ids, err := schemas.ParseReviewKey(schemas.ReviewKey(c.Master, c.Members[0].ID))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(schemas.ReviewItem{RecordIDs: ids, Status: status})
		return string(b) + "\n"
	}
	rejected, changed := plan.Clusters[0], plan.Clusters[1]
	items := filepath.Join(dir, "rejected.jsonl")
	lines := item(rejected, schemas.ReviewRejected) + item(changed, schemas.ReviewRejected) + item(changed, schemas.ReviewAccepted)
	if err := os.WriteFile(items, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	run("scan", "--input", export, "--plan", second, "--rejected", items)
	again, err := purge.ReadPlan(second)
	if err != nil {
		t.Fatal(err)
	}
	together := func(p *purge.Plan, a, b string) bool {
		for _, c := range p.Clusters {
			ids := purge.RecordsOf(c)
			if slices.Contains(ids, a) && slices.Contains(ids, b) {
				return true
			}
		}
		return false
	}
	if together(again, rejected.Master, rejected.Members[0].ID) {
		t.Errorf("the rejected pair %s, %s is clustered again", rejected.Master, rejected.Members[0].ID)
	}
	if !together(again, changed.Master, changed.Members[0].ID) {
		t.Errorf("the pair rejected then accepted, %s, %s, is no longer clustered", changed.Master, changed.Members[0].ID)
	}
}
