package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/contactgate/contactgate/dataset"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/purge"
	"github.com/contactgate/contactgate/review"
	"github.com/contactgate/contactgate/schemas"
	"github.com/urfave/cli/v2"
)

// reviewServeCommand is `contactgate review serve`: the review page, of a
// plan (--plan) or of the review topic.
func reviewServeCommand(kafkaFlags []cli.Flag) *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "review in the browser: a plan's clusters (--plan), or the review topic's pairs, side by side",
		Description: "Serves a local page that shows each cluster's (or pair's) records side by side, the fields that\n" +
			"differ highlighted, the evidence as weight bars, and the merged record, editable. Keys: a accept, r reject,\n" +
			"s skip, u undo the last decision. With --plan, every decision is appended, fsync'd, to the decisions file\n" +
			"and `merge --plan` then applies the accepted clusters only, with the edits; without --plan, each is a\n" +
			"verdict written to the review topic, which run carries out.",
		Flags: append(slices.Clone(kafkaFlags),
			&cli.PathFlag{Name: "plan", Usage: "the merge plan (JSON) written by scan; without it, the review topic's queue"},
			&cli.PathFlag{Name: "input", Usage: "the export the plan was made from, for the records' fields (default: the plan's source)"},
			&cli.StringSliceFlag{Name: "map", Usage: "kind=column, as scan's --map"},
			&cli.StringFlag{Name: "source-column", Usage: "the export's column that says where a record came from, for the source filter (default: one named Source, Lead Source, Original Source or Data Source)"},
			&cli.PathFlag{Name: "decisions", Usage: "the decisions file (JSON lines; default: the plan's path + " + purge.DecisionsSuffix + ")"},
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:7480", Usage: "address of the page; a port of 0 picks a free one"},
			&cli.StringFlag{Name: "token", Usage: "token required in the page's URL (default: a random one when --listen is not a loopback address)"},
			&cli.StringFlag{Name: "by", Value: os.Getenv("USER"), Usage: "who decides (kept with every decision)"}),
		Action: serveReview,
	}
}

func serveReview(c *cli.Context) error {
	var (
		q     *review.Queue
		title string
	)
	if path := c.Path("plan"); path != "" {
		pq, closeLog, err := planQueue(c, path)
		if err != nil {
			return err
		}
		defer closeLog()
		q, title = pq, filepath.Base(path)
	} else {
		sq, closeClient, err := streamQueue(c)
		if err != nil {
			return err
		}
		defer closeClient()
		q, title = sq, "review topic "+c.String("review-topic")
	}

	ln, err := net.Listen("tcp", c.String("listen"))
	if err != nil {
		return errorf("--listen %s: %v", c.String("listen"), err)
	}
	token := c.String("token")
	if ip := ln.Addr().(*net.TCPAddr).IP; token == "" && !ip.IsLoopback() {
		token = review.NewToken()
	}
	opts := []review.Option{review.WithReviewer(c.String("by"))}
	url := "http://" + pageHost(ln.Addr().(*net.TCPAddr)) + "/"
	if token != "" {
		opts = append(opts, review.WithToken(token))
		url += "?token=" + token
	}
	srv := &http.Server{Handler: review.NewServer(q, title, opts...), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(c.App.Writer, "review page: %s\n", url)
	counts := q.Counts()
	fmt.Fprintf(c.App.Writer, "%d open, %d accepted, %d rejected; Ctrl-C stops\n", counts.Open, counts.Accepted, counts.Rejected)
	// Returns once the decisions in flight are written: the decisions file
	// and the Kafka client close after it.
	if err := serveUntilDone(c.Context, srv, ln, 5*time.Second); err != nil {
		return fmt.Errorf("review page: %w", err)
	}
	return nil
}

// pageHost is the host and port of the page's URL: the address bound, or,
// bound to every address (0.0.0.0, ::), this machine's name, which [::]
// in a URL would not be to the reviewers on other machines.
func pageHost(addr *net.TCPAddr) string {
	if addr.IP.IsUnspecified() {
		if name, err := os.Hostname(); err == nil && name != "" {
			return net.JoinHostPort(name, strconv.Itoa(addr.Port))
		}
	}
	return addr.String()
}

// planQueue is the queue of a plan's clusters, with the records' fields
// from the export and the decisions file's decisions.
func planQueue(c *cli.Context, path string) (*review.Queue, func(), error) {
	plan, err := purge.ReadPlan(path)
	if err != nil {
		return nil, nil, errorf("%v", err)
	}
	input := c.Path("input")
	if input == "" && plan.Source != "" {
		input = plan.Source
		if _, err := os.Stat(input); err != nil && !filepath.IsAbs(input) {
			input = filepath.Join(filepath.Dir(path), input) // beside the plan
		}
	}
	fields, sourceColumn, err := planFields(plan, input, c.StringSlice("map"), c.String("source-column"))
	if err != nil {
		return nil, nil, err
	}
	decisions := c.Path("decisions")
	if decisions == "" {
		decisions = path + purge.DecisionsSuffix
	}
	log, err := purge.OpenDecisions(decisions)
	if err != nil {
		return nil, nil, errorf("%v", err)
	}
	// Decisions on another plan (scan wrote this one again, numbering its
	// clusters afresh) would show on the clusters of their ids: refused,
	// as merge refuses them.
	if _, _, err := purge.ApplyDecisions(plan, log.Latest()); err != nil {
		_ = log.Close()
		if errors.Is(err, purge.ErrStaleDecision) {
			return nil, nil, errorf("%s: %v; move the file away to review this plan afresh, or give --decisions", decisions, err)
		}
		return nil, nil, errorf("%s: %v", decisions, err)
	}
	record := func(_ context.Context, _ *review.Item, d purge.Decision) error { return log.Record(d) }
	fmt.Fprintf(c.App.Writer, "decisions: %s\n", decisions)
	return review.NewQueue(review.PlanItems(plan, fields, sourceColumn), log.Latest(), record), func() { _ = log.Close() }, nil
}

// planFields reads the fields of the plan's records from the export, every
// column (the kinds' fields by kind, the others by column name), and
// names the column of the records' sources: sourceColumn, or else one
// named like a source (sourceColumnOf); none, with a warning, when the
// export cannot be read.
func planFields(plan *purge.Plan, input string, mapping []string, sourceColumn string) (map[string]map[string]string, string, error) {
	want := map[string]bool{}
	for _, cl := range plan.Clusters {
		for _, id := range purge.RecordsOf(cl) {
			want[id] = true
		}
	}
	out := map[string]map[string]string{}
	if input == "" {
		return out, "", nil
	}
	f, err := os.Open(input)
	if err != nil {
		fmt.Fprintf(os.Stderr, "review: the records' fields are not shown: %v (give the export with --input)\n", err)
		return out, "", nil
	}
	defer f.Close()
	opts := []dataset.Option{dataset.WithName(input), dataset.WithOtherColumns()}
	if len(mapping) > 0 {
		m, err := dataset.ParseMapping(mapping)
		if err != nil {
			return nil, "", err
		}
		opts = append(opts, dataset.WithMapping(m))
	}
	rd, err := dataset.NewReader(bufio.NewReaderSize(f, 1<<20), opts...)
	if err != nil {
		return nil, "", err
	}
	if sourceColumn == "" {
		sourceColumn = sourceColumnOf(rd.Header())
	} else if !slices.Contains(rd.Header(), sourceColumn) {
		return nil, "", errorf("--source-column %q: not a column of %s (%s)", sourceColumn, input, strings.Join(rd.Header(), ", "))
	}
	for row, err := range rd.Rows() {
		var rowErr *dataset.RowError
		if errors.As(err, &rowErr) {
			continue
		} else if err != nil {
			return nil, "", err
		}
		if want[row.ID] {
			fields := make(map[string]string, len(row.Fields)+len(row.Other))
			for k, v := range row.Fields {
				fields[string(k)] = v
			}
			for k, v := range row.Other {
				if _, ok := fields[k]; !ok { // a column named like a kind does not hide it
					fields[k] = v
				}
			}
			out[row.ID] = fields
		}
	}
	return out, sourceColumn, nil
}

// sourceColumnOf is the first column of header named like the source of a
// record (HubSpot's Original Source, a Lead Source, a Data Source); ""
// when none is. A column a kind takes holds no source of the page.
func sourceColumnOf(header []string) string {
	for _, name := range header {
		var b strings.Builder
		for _, r := range strings.ToLower(name) {
			if r >= 'a' && r <= 'z' {
				b.WriteRune(r)
			}
		}
		switch b.String() {
		case "source", "leadsource", "originalsource", "datasource", "recordsource":
			return name
		}
	}
	return ""
}

// streamQueue is the queue of the review topic's pairs; a decision is a
// verdict written back to the topic.
func streamQueue(c *cli.Context) (*review.Queue, func(), error) {
	topic := c.String("review-topic")
	cl, err := reviewClient(c)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(c.Context, time.Minute)
	defer cancel()
	pairs, err := readReview(ctx, cl, topic)
	if err != nil {
		cl.Close()
		return nil, nil, err
	}
	items := make([]review.Item, 0, len(pairs))
	decided := map[string]purge.Decision{}
	for key, p := range pairs {
		items = append(items, streamItem(p))
		if p.Status != schemas.ReviewOpen {
			decided[key] = purge.Decision{Cluster: key, Status: p.Status, By: p.DecidedBy, Note: p.Note, At: p.At}
		}
	}
	slices.SortFunc(items, func(a, b review.Item) int { return strings.Compare(a.ID, b.ID) })
	review.Order(items)
	var mu sync.Mutex // pairs: the latest item of each pair, as written
	record := func(ctx context.Context, it *review.Item, d purge.Decision) error {
		mu.Lock()
		item := pairs[it.ID]
		mu.Unlock()
		if d.Status == purge.DecisionOpen && item.Status == schemas.ReviewAccepted {
			return fmt.Errorf("pair %s: %w", it.ID, errAcceptWritten)
		}
		item.Status, item.DecidedBy, item.Note, item.At = d.Status, d.By, d.Note, d.At
		item.Reopened = d.Status == purge.DecisionOpen
		if item.At.IsZero() {
			item.At = time.Now().UTC()
		}
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := produceVerdict(ctx, cl, topic, item); err != nil {
			return err
		}
		mu.Lock()
		pairs[it.ID] = item
		mu.Unlock()
		return nil
	}
	return review.NewQueue(items, decided, record), cl.Close, nil
}

// errAcceptWritten refuses to take back an accept on the review topic: run
// merges the pair once it reads the accept, and a merge cannot be undone.
var errAcceptWritten = fmt.Errorf("%w: the accept is on the review topic, and run merges the pair", review.ErrFinal)

// streamItem is a pair of the review topic as an item of the page, the
// record an accept keeps first.
func streamItem(p schemas.ReviewItem) review.Item {
	ids := p.RecordIDs
	if olderRecord(ids[1], ids[0]) {
		ids[0], ids[1] = ids[1], ids[0]
	}
	it := review.Item{ID: p.Key(), Band: string(match.BandPossible), Weight: p.Weight, Master: ids[0],
		Members: p.RecordIDs[:]}
	if p.Source != "" {
		it.Sources = []string{p.Source}
	}
	for _, id := range ids {
		it.Records = append(it.Records, review.Record{ID: id, Fields: p.Profiles[id]})
	}
	link := review.Link{ID: ids[1], Weight: p.Weight, Band: string(match.BandPossible)}
	for _, e := range p.Evidence {
		link.Evidence = append(link.Evidence, match.Evidence{Kind: match.Kind(e.Field), Level: e.Level, Weight: e.Weight})
	}
	it.Links = []review.Link{link}
	it.Compare()
	return it
}

// olderRecord reports whether CRM id a was created before b, as the
// gatekeeper tells which record of an accepted pair survives (the older,
// stages' byAge): the shorter id, then the lower.
func olderRecord(a, b string) bool {
	return len(a) < len(b) || len(a) == len(b) && a < b
}
