package main

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/contactgate/contactgate/purge"
)

// TestReviewFromScan follows the README from an export to the review
// page: scan --plan, then review serve --plan shows the first cluster of
// the review band with its records' fields and its evidence as bars. The
// scan's --report page opens from the file, charts drawn, nothing fetched.
func TestReviewFromScan(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	export, plan, report := filepath.Join(dir, "export.csv"), filepath.Join(dir, "plan.json"), filepath.Join(dir, "report.html")
	for _, args := range [][]string{{"gen", "--records", "2000", "--out", export}, {"scan", "--input", export, "--plan", plan, "--report", report}} {
		app := newApp()
		app.Writer, app.ErrWriter = io.Discard, io.Discard
		if err := app.Run(append([]string{"contactgate"}, args...)); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if args[0] == "gen" {
			dropTruth(t, export) // a CRM's export has none; the page would show it
		}
	}
	// The report, from the file: three charts, the blocks listed, and no
	// resource fetched.
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+report)); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the report", func() bool {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete"`))
		return err == nil && ok
	})
	counts, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.querySelectorAll("svg").length,
		document.querySelectorAll("svg rect.blocks").length, document.querySelectorAll("#blocks tr").length,
		document.querySelectorAll("#largest tr").length, performance.getEntriesByType("resource").length]`))
	if err != nil || len(counts) != 5 || counts[0] != 3 || counts[1] == 0 || counts[2] < 2 || counts[3] < 2 || counts[4] != 0 {
		t.Errorf("report: charts, block bars, block rows, largest rows, resources fetched: %v (%v)", counts, err)
	}
	screenshot(t, ctx, "scan-report.png")

	url, stop := startReviewServer(t, "--plan", plan)
	defer stop()
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/")); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the first cluster", func() bool {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete" && document.getElementById("decide") !== null`))
		return err == nil && ok
	})
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.querySelectorAll(".bar .fill").length,
		document.querySelectorAll("tr.differs").length, document.querySelectorAll("table.records tbody td:not(.result)").length]`))
	if err != nil || len(got) != 3 || got[0] == 0 || got[1] == 0 || got[2] == 0 {
		t.Errorf("evidence bars, differing rows, record cells: %v (%v)", got, err)
	}
	if band := text(t, ctx, "#item-title .band"); band != purge.BandReview {
		t.Errorf("the page opens on band %q, want %s", band, purge.BandReview)
	}
	screenshot(t, ctx, "review-page.png")
}

// dropTruth rewrites gen's export without its last column, the truth.
func dropTruth(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil || len(rows) == 0 || rows[0][len(rows[0])-1] != "truth" {
		t.Fatalf("gen's export: %v, header %v", err, rows[:min(1, len(rows))])
	}
	var out strings.Builder
	w := csv.NewWriter(&out)
	for _, r := range rows {
		_ = w.Write(r[:len(r)-1])
	}
	w.Flush()
	if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
