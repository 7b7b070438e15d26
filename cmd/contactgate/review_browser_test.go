package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/urfave/cli/v2"
)

// browser starts a headless chromium for the test, or skips the test when
// none is installed (fails it in CI, where scripts/test.sh installs one).
func browser(t testing.TB) context.Context {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no chromium: scripts/test.sh installs it (apt-get install chromium)")
		}
		t.Skip("no chromium on PATH: the browser test is skipped (apt-get install chromium, or run scripts/test.sh as root)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.WindowSize(1400, 900))
	alloc, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

// serveReview starts `contactgate review serve` on a free port and returns
// the page's URL and a func that stops it.
func startReviewServer(t testing.TB, args ...string) (string, func()) {
	t.Helper()
	out := &lockedBuffer{}
	ctx, cancel := context.WithCancel(t.Context())
	app := newApp()
	app.Writer, app.ErrWriter = out, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}
	done := make(chan error, 1)
	go func() {
		done <- app.RunContext(ctx, append([]string{"contactgate", "review", "serve", "--listen", "127.0.0.1:0", "--by", "tester"}, args...))
	}()
	page := regexp.MustCompile(`review page: (\S+)`)
	var url string
	waitUntil(t, "the review page's address", func() bool {
		select {
		case err := <-done:
			t.Fatalf("review serve ended: %v\n%s", err, out.String())
		default:
		}
		if m := page.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		}
		return url != ""
	})
	stop := func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("review serve: %v", err)
		}
	}
	return strings.TrimSuffix(url, "/"), stop
}

// writeExport writes the fixture's records as a HubSpot-like export beside
// the plan (the plan's source); the review cluster's master came from a
// webinar, every other record from an import (Original Source).
func (f *purgeFixture) writeExport(t *testing.T) {
	t.Helper()
	file, err := os.Create(filepath.Join(filepath.Dir(f.plan), "export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(file)
	_ = w.Write([]string{"Record ID", "First Name", "Last Name", "Email", "Phone Number", "Original Source"})
	for id, c := range f.originals {
		p := c.Properties
		source := "import"
		if id == f.review.Master {
			source = "webinar"
		}
		_ = w.Write([]string{id, p["firstname"], p["lastname"], p["email"], p["phone"], source})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := file.Close(); err != nil {
		t.Fatal(err)
	}
}

// screenshot writes the page as png to $CONTACTGATE_SCREENSHOTS/name (the
// README's images: CONTACTGATE_SCREENSHOTS=$PWD/docs), else to the test's
// temporary directory.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("CONTACTGATE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// onItem waits until the browser shows the page of item id.
func onItem(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	js := fmt.Sprintf(`location.pathname === "/item/%s" && document.readyState === "complete" && document.getElementById("decide") !== null`, id)
	waitUntil(t, "the page of item "+id, func() bool {
		// A page being replaced fails the evaluation: asked again.
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		return err == nil && ok
	})
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// TestReviewInBrowser reviews a plan in chromium from the keyboard:
// accepts the review cluster with another master and an edited value,
// rejects an auto
// cluster (after an undo), finds the decisions kept by a new server, then
// merge --plan applies exactly the accepted cluster, with the edit, to the
// emulator.
func TestReviewInBrowser(t *testing.T) {
	ctx := browser(t)
	f := newPurgeFixture(t, 2, nil)
	f.writeExport(t)
	url, stop := startReviewServer(t, "--plan", f.plan)

	// Given the plan's page, which opens on the review band.
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/")); err != nil {
		t.Fatal(err)
	}
	onItem(t, ctx, f.review.ID)
	if got := text(t, ctx, `tr[data-field="phone"] th`); !strings.Contains(got, "phone") {
		t.Errorf("phone row: %q", got)
	}
	if cls, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('tr[data-field="phone"]').className`)); err != nil || cls != "differs" {
		t.Errorf("the differing phone is not highlighted: %q %v", cls, err)
	}
	// The page's assets are the server's own (embedded): no CDN.
	if res, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource").map(e => e.name)`)); err != nil ||
		!slices.Contains(res, url+"/assets/keys.js") || !slices.Contains(res, url+"/assets/page.css") ||
		slices.ContainsFunc(res, func(n string) bool { return !strings.HasPrefix(n, url+"/") }) {
		t.Errorf("resources of the page: %q (%v), want its own script and style, nothing from elsewhere", res, err)
	}
	// Every column of the export is shown, a column no kind takes too.
	if cls, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('tr[data-field="Original Source"]').className`)); err != nil || cls != "differs" {
		t.Errorf("the export's Original Source is not shown as differing: %q %v", cls, err)
	}
	screenshot(t, ctx, "review-cluster.png")

	// When the reviewer chooses another master, edits the job title,
	// leaves the field and accepts with a.
	chosen := f.review.Members[1].ID
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name="master"][value="`+chosen+`"]`)),
		chromedp.KeyEvent("\x1b"), // the radio keeps the keys the page's: Escape changes nothing
		chromedp.Clear(chromedp.CSS(`input[name="v.jobtitle"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="v.jobtitle"]`), "VP Sales"),
		chromedp.KeyEvent("\x1b"), // Escape: the keys are the page's again
		chromedp.KeyEvent("a"),
	); err != nil {
		t.Fatal(err)
	}
	first, second := f.auto[0].ID, f.auto[1].ID
	onItem(t, ctx, first)
	if got := text(t, ctx, "#flash"); !strings.Contains(got, f.review.ID+" accepted") {
		t.Errorf("flash after accept: %q", got)
	}
	// Then r rejects the first auto cluster, u takes it back, r again.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("r")); err != nil {
		t.Fatal(err)
	}
	onItem(t, ctx, second)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("u")); err != nil {
		t.Fatal(err)
	}
	onItem(t, ctx, first)
	if got := text(t, ctx, "#count-rejected"); got != "0" {
		t.Errorf("rejected after undo: %s", got)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("r")); err != nil {
		t.Fatal(err)
	}
	onItem(t, ctx, second)
	screenshot(t, ctx, "review-queue.png")

	// And a new server, from the decisions file, shows the same decisions.
	stop()
	url, stop = startReviewServer(t, "--plan", f.plan)
	defer stop()
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/item/"+f.review.ID+"?status=all")); err != nil {
		t.Fatal(err)
	}
	onItem(t, ctx, f.review.ID)
	if got := text(t, ctx, "#item-status"); got != "accepted" {
		t.Errorf("status of %s after a restart: %q", f.review.ID, got)
	}
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`input[name="v.jobtitle"]`))); err != nil || v != "VP Sales" {
		t.Errorf("edited job title after a restart: %q %v", v, err)
	}
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('input[name="master"][value="`+chosen+`"]').checked`)); err != nil || !ok {
		t.Errorf("the chosen master %s is not checked after a restart (%v)", chosen, err)
	}
	if a, r, o := text(t, ctx, "#count-accepted"), text(t, ctx, "#count-rejected"), text(t, ctx, "#count-open"); a != "1" || r != "1" || o != "1" {
		t.Errorf("counts after a restart: %s accepted, %s rejected, %s open", a, r, o)
	}
	screenshot(t, ctx, "review-decided.png")

	// The source filter, chosen on the page: only the review cluster has a
	// record from the webinar.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#filter-source"), "webinar"),
		chromedp.SetValue(chromedp.CSS("#filter-status"), "all"),
		chromedp.Click(chromedp.CSS("form.filters button")),
	); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the page of the filter source=webinar", func() bool {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`location.pathname === "/item/`+f.review.ID+
			`" && new URLSearchParams(location.search).get("source") === "webinar" && document.readyState === "complete"`))
		return err == nil && ok
	})
	if got := text(t, ctx, ".queue p"); got != "1 in the queue" {
		t.Errorf("the queue of source webinar: %q, want the review cluster alone", got)
	}

	// merge --plan applies exactly the accepted cluster, with the edit.
	var merged lockedBuffer
	app := newApp()
	app.Writer, app.ErrWriter = &merged, &merged
	app.ExitErrHandler = func(*cli.Context, error) {}
	if err := app.Run(append([]string{"contactgate"}, f.args("--apply")...)); err != nil {
		t.Fatalf("merge: %v\n%s", err, merged.String())
	}
	if st := f.crm.Stats(); st.Merge != len(f.review.Members) || st.ByOperation[emulator.OpMerge] != len(f.review.Members) {
		t.Errorf("%d merges, want the accepted cluster's %d", st.Merge, len(f.review.Members))
	}
	survivor, err := f.crm.Get(context.Background(), chosen, nil)
	if err != nil || survivor.ID != chosen || survivor.Properties["jobtitle"] != "VP Sales" {
		t.Errorf("the chosen master: %+v %v, want it surviving with the edited job title", survivor, err)
	}
	for _, id := range []string{f.review.Master, f.review.Members[0].ID} {
		if got, err := f.crm.Get(context.Background(), id, nil); err != nil || got.ID != chosen {
			t.Errorf("accepted record %s reads as %s (%v), want merged into %s", id, got.ID, err, chosen)
		}
	}
	for _, c := range f.auto {
		for _, id := range append([]string{c.Master}, c.Members[0].ID, c.Members[1].ID) {
			if got, err := f.crm.Get(context.Background(), id, nil); err != nil || got.ID != id || got.Properties["jobtitle"] != "" {
				t.Errorf("record %s of cluster %s (not accepted) changed: %v %v", id, c.ID, got, err)
			}
		}
	}
}
