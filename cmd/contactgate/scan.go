package main

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/contactgate/contactgate/dataset"
	"github.com/contactgate/contactgate/purge"
	"github.com/contactgate/contactgate/review"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
)

func scanCommand() *cli.Command {
	return &cli.Command{
		Name:  "scan",
		Usage: "the purge, step 1: find the duplicates in a CRM export (CSV) and write clusters, pairs and a merge plan",
		Description: "Columns are mapped to field kinds with --map kind=column (id, email, phone, first_name, last_name,\n" +
			"full_name, company, address, city, postcode, state, country, dob, national_id, job_title, text); HubSpot's export\n" +
			"column names and common ones are recognised without it. Nothing is written to the CRM: review the plan,\n" +
			"then apply it with contactgate merge.",
		Flags: []cli.Flag{
			&cli.PathFlag{Name: "input", Required: true, Usage: "the export (CSV, RFC 4180, with a header)"},
			&cli.StringSliceFlag{Name: "map", Usage: "kind=column, repeatable (default: detected from the header)"},
			&cli.PathFlag{Name: "clusters", Usage: "write id,cluster_id for every row"},
			&cli.PathFlag{Name: "pairs", Usage: "write id_l,id_r,score,reasons for the pairs in the match or possible band"},
			&cli.PathFlag{Name: "plan", Usage: "write the merge plan (JSON) for contactgate merge"},
			&cli.PathFlag{Name: "report", Usage: "write a self-contained summary page (HTML): counts by band, the blocks' sizes, the pairs' weights and the clusters' sizes as charts, the largest clusters"},
			&cli.PathFlag{Name: "decisions", Usage: "a reviewer's decisions file (review serve): the plan leaves out the pairs rejected in it (default: the one beside --plan, when it exists)"},
			&cli.PathFlag{Name: "rejected", Usage: "review items, JSON lines as `review list --status rejected` prints them: the plan leaves out the pairs rejected on the review topic"},
			&cli.PathFlag{Name: "match-model", Usage: "scoring model (YAML); default: the built-in one"},
			&cli.BoolFlag{Name: "estimate", Usage: "fit the model's m and u to the export first (EM, no labels)"},
			&cli.BoolFlag{Name: "estimate-u", Usage: "set the model's u from up to 1,000,000 random pairs of the export first (m stays the model's; see docs/purge.md)"},
			&cli.BoolFlag{Name: "estimate-key-m", Value: true, Usage: "set the model's m of every field but e-mail, phone and national id from the pairs sharing one of those first, the model's m as a prior (after --estimate-u; --estimate-key-m=false keeps the model's m; see docs/purge.md)"},
			&cli.IntFlag{Name: "name-window", Value: purge.DefaultNameWindow, Usage: "also compare each record with those up to 2*N-1 places from it in the order of the names (a sorted neighbourhood); 0 turns it off"},
			&cli.IntFlag{Name: "max-block", Value: 500, Usage: "split blocks larger than this by a second key (and skip, with a warning, what stays larger)"},
			&cli.BoolFlag{Name: "allow-duplicate-ids", Usage: "scan even when an id is on several rows (the clusters file then repeats it; a merge plan built on it is unsafe)"},
			&cli.IntFlag{Name: "max-cluster", Value: 20, Usage: "clusters larger than this go to review"},
			&cli.StringFlag{Name: "clustering", Value: purge.ClusterComponents, Usage: "components (connected components of the strong pairs, guarded against chains) or star (clusters around anchors)"},
			&cli.BoolFlag{Name: "json", Usage: "print the summary as one JSON object"},
			&cli.PathFlag{Name: "cpuprofile", Usage: "write a CPU profile of the run (go tool pprof)"},
			&cli.PathFlag{Name: "memprofile", Usage: "write a heap profile once the scan is done (go tool pprof)"},
		},
		Action: runScan,
	}
}

// scanGCPercent is the garbage collector's target while scanning, unless
// GOGC says otherwise: the scan's live heap (profiles, blocks, pairs) is
// most of its memory, and at the default 100 the heap grows to twice it.
// On a synthetic export of 1,000,000 records: peak RSS 2.93 -> 2.41 GB,
// CPU time unchanged (41.4 s and 41.3 s).
const scanGCPercent = 60

func runScan(c *cli.Context) error {
	start := time.Now()
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(scanGCPercent))
	}
	if path := c.Path("cpuprofile"); path != "" {
		stop, err := startCPUProfile(path)
		if err != nil {
			return err
		}
		defer stop()
	}
	f, err := os.Open(c.Path("input"))
	if err != nil {
		return fmt.Errorf("scan: %w", err)
	}
	defer f.Close()
	var opts []dataset.Option
	if specs := c.StringSlice("map"); len(specs) > 0 {
		m, err := dataset.ParseMapping(specs)
		if err != nil {
			return err
		}
		opts = append(opts, dataset.WithMapping(m))
	}
	rd, err := dataset.NewReader(bufio.NewReaderSize(f, 1<<20), append(opts, dataset.WithName(c.Path("input")))...)
	if err != nil {
		return err
	}
	for _, note := range rd.Notes() {
		fmt.Fprintln(c.App.ErrWriter, "scan: warning:", note)
	}
	var recs []purge.Record
	bad := 0
	ids := newIDCheck()
	for row, err := range rd.Rows() {
		var rowErr *dataset.RowError
		switch {
		case errors.As(err, &rowErr):
			bad++
			if bad <= 20 {
				fmt.Fprintln(c.App.ErrWriter, "scan: skipped:", rowErr)
			}
			continue
		case err != nil:
			return err
		}
		ids.add(row.ID, row.Line)
		recs = append(recs, purge.Record{ID: row.ID, Fields: row.Fields})
	}
	if ids.repeated > 0 {
		if !c.Bool("allow-duplicate-ids") {
			return errorf("scan: %s; the id column must be unique: map another with --map id=COLUMN, or give --allow-duplicate-ids", ids)
		}
		fmt.Fprintf(c.App.ErrWriter, "scan: warning: %s; scanning anyway (--allow-duplicate-ids): do not merge by this plan's ids\n", ids)
	}
	progress := scanProgress(c.App.ErrWriter, start)
	progress("read", len(recs), len(recs))
	model, err := loadModel(c.Path("match-model"))
	if err != nil {
		return err
	}
	res, err := purge.Scan(recs, purge.ScanOptions{Model: model, Estimate: c.Bool("estimate"), EstimateU: c.Bool("estimate-u"),
		KeepM: !c.Bool("estimate-key-m"), MaxBlock: c.Int("max-block"), NameWindow: cmp.Or(c.Int("name-window"), -1),
		MaxCluster: c.Int("max-cluster"), Clustering: c.String("clustering"), Progress: progress})
	if err != nil {
		return err
	}
	for _, w := range blockWarnings(res.Stats, c.Int("max-block")) {
		fmt.Fprintln(c.App.ErrWriter, "scan: warning:", w)
	}
	if path := c.Path("memprofile"); path != "" {
		if err := writeHeapProfile(path); err != nil {
			return err
		}
	}
	if path := c.Path("clusters"); path != "" {
		if err := writeRowsCSV(path, []string{"id", "cluster_id"}, len(recs), func(i int) []string {
			return []string{recs[i].ID, recs[res.Cluster[i]].ID}
		}); err != nil {
			return err
		}
	}
	if path := c.Path("pairs"); path != "" {
		if err := writeRowsCSV(path, []string{"id_l", "id_r", "score", "reasons"}, len(res.Pairs), func(i int) []string {
			p := res.Pairs[i]
			c := res.Explain(p)
			return []string{recs[p.L].ID, recs[p.R].ID, strconv.FormatFloat(c.Probability(), 'f', 4, 64), c.Explain()}
		}); err != nil {
			return err
		}
	}
	decisions := c.Path("decisions")
	if beside := c.Path("plan") + purge.DecisionsSuffix; decisions == "" && c.Path("plan") != "" {
		// The reviewer's decisions on the plan this scan replaces: its
		// rejected pairs stay apart; the file itself no longer fits the
		// new plan (review serve and merge refuse it).
		if _, err := os.Stat(beside); err == nil {
			decisions = beside
			fmt.Fprintf(c.App.ErrWriter, "scan: %s holds a review of the plan this scan replaces: its rejected pairs stay apart; move it away before reviewing the new plan\n", beside)
		}
	}
	if path := decisions; path != "" {
		ds, err := purge.ReadDecisions(path)
		if err != nil {
			return errorf("--decisions: %v", err)
		}
		var dropped int
		res.Clusters, dropped = purge.DropRejected(res.Clusters, purge.RejectedPairs(ds))
		fmt.Fprintf(c.App.ErrWriter, "scan: %d records left out of their clusters: a reviewer rejected them (%s)\n", dropped, path)
	}
	if path := c.Path("rejected"); path != "" {
		pairs, err := readRejected(path)
		if err != nil {
			return errorf("--rejected: %v", err)
		}
		var dropped int
		res.Clusters, dropped = purge.DropRejected(res.Clusters, pairs)
		fmt.Fprintf(c.App.ErrWriter, "scan: %d records left out of their clusters: rejected on the review topic (%s)\n", dropped, path)
	}
	if path := c.Path("plan"); path != "" {
		plan := &purge.Plan{Version: purge.PlanVersion, Source: c.Path("input"), CreatedAt: time.Now().UTC(), Clusters: res.Clusters}
		if err := purge.WritePlan(path, plan); err != nil {
			return err
		}
	}
	if path := c.Path("report"); path != "" {
		if err := writeReport(path, c.Path("input"), res); err != nil {
			return err
		}
	}
	summary := struct {
		purge.ScanStats
		BadRows  int   `json:"bad_rows"`
		TotalMS  int64 `json:"total_ms"`
		ReadRows int   `json:"rows"`
	}{res.Stats, bad, time.Since(start).Milliseconds(), len(recs)}
	if c.Bool("json") {
		return json.NewEncoder(c.App.Writer).Encode(summary)
	}
	s := res.Stats
	fmt.Fprintf(c.App.Writer, "records %d (bad rows %d)\ncandidate pairs %d (match %d, possible %d; %d blocks split, %d parts of %d records skipped)\n"+
		"blocking recall %.3f (estimated from the pairs found; it runs high)\n"+
		"clusters %d: auto %d (%d merges), review %d (%d merges)\nelapsed %s (scan %s)\n",
		len(recs), bad, s.CandidatePairs, s.MatchPairs, s.PossiblePairs, s.SplitBlocks, s.SkippedBlocks, s.SkippedRecords, s.EstimatedBlockingRecall,
		s.Clusters, s.AutoClusters, s.AutoMerges, s.ReviewClusters, s.ReviewMerges,
		time.Since(start).Round(time.Millisecond), s.Elapsed.Round(time.Millisecond))
	return nil
}

// writeRowsCSV writes a header and n rows to path.
func writeRowsCSV(path string, header []string, n int, row func(i int) []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	_ = w.Write(header)
	for i := range n {
		_ = w.Write(row(i))
	}
	w.Flush()
	err = errors.Join(w.Error(), bw.Flush(), f.Close())
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// scanProgress reports the phases of a scan: a line when each ends, and
// while scoring a progress bar on a terminal, a line every 10 s otherwise.
// Safe for the scoring goroutines' concurrent calls.
func scanProgress(w io.Writer, start time.Time) func(phase string, done, total int) {
	var mu sync.Mutex
	var bar *progressbar.ProgressBar
	last := time.Now()
	terminal := isTerminal(w)
	return func(phase string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if phase == "score" && done < total {
			switch {
			case terminal && bar == nil:
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("scoring"),
					progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("records"),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
				fallthrough
			case terminal:
				_ = bar.Set(done)
			case time.Since(last) >= 10*time.Second:
				last = time.Now()
				fmt.Fprintf(w, "scan: scoring  %d of %d records after %s\n", done, total, time.Since(start).Round(time.Second))
			}
			return
		}
		if bar != nil {
			_ = bar.Finish()
			bar = nil
		}
		fmt.Fprintf(w, "scan: %-8s done after %s\n", phase, time.Since(start).Round(time.Millisecond))
	}
}

// writeReport writes the scan's summary page.
func writeReport(path, source string, res *purge.ScanResult) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("scan --report: %w", err)
	}
	bw := bufio.NewWriter(f)
	err = review.WriteReport(bw, review.Report{Source: source, CreatedAt: time.Now().UTC(), Stats: res.Stats, Pairs: res.Pairs, Clusters: res.Clusters})
	if err = errors.Join(err, bw.Flush(), f.Close()); err != nil {
		return fmt.Errorf("scan --report %s: %w", path, err)
	}
	return nil
}
