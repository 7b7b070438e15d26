package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/contactgate/contactgate/dataset"
	"github.com/urfave/cli/v2"
	"github.com/urfave/cli/v2/altsrc"
)

// resolvers are the resolvers `contactgate evaluate --resolver NAME` can
// measure, each made afresh for a run. Others register from an init
// function of this package:
//
//	func init() { resolvers["scored"] = func() dataset.Resolver { return ... } }
var resolvers = map[string]func() dataset.Resolver{
	"exact": func() dataset.Resolver { return dataset.NewExactKeys("US") },
}

func evaluateFlags() []cli.Flag {
	return []cli.Flag{
		altsrc.NewStringFlag(&cli.StringFlag{Name: "preset", EnvVars: env("EVALUATE_PRESET"),
			Usage: "a labelled dataset of --datasets, with its files, mapping and truth: " + strings.Join(dataset.PresetNames(), ", ")}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "datasets", EnvVars: env("DATASETS"),
			Usage: "the folder of the labelled datasets (default: shared/datasets beside the module root)"}),
		&repeatedFlag{&cli.GenericFlag{Name: "input", Value: &repeated{}, EnvVars: env("EVALUATE_INPUT"),
			Usage: "CSV file with a header (repeatable: files are read in turn, each with its own header); replaces a preset's files"}},
		&repeatedFlag{&cli.GenericFlag{Name: "map", Value: &repeated{}, EnvVars: env("EVALUATE_MAP"),
			Usage: "kind=column (repeatable; repeat a kind for several columns, e.g. address lines); kinds: id, email, phone, first_name, last_name, full_name, company, address, city, postcode, state, country, dob, national_id, job_title, text; default: recognised from the header (HubSpot export names, snake_case, Senzing)"}},
		altsrc.NewStringFlag(&cli.StringFlag{Name: "truth", EnvVars: env("EVALUATE_TRUTH"), Usage: "the column holding each row's true cluster"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "truth-format", Value: dataset.TruthFormatColumn, EnvVars: env("EVALUATE_TRUTH_FORMAT"),
			Usage: dataset.TruthFormatColumn + " (the label as written) or " + dataset.TruthFormatFebrl + " (rec-N-org, rec-N-dup-K: N)"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "senzing-key", EnvVars: env("EVALUATE_SENZING_KEY"),
			Usage: "a Senzing truth-set key file (CLUSTER_ID by DATA_SOURCE, RECORD_ID), instead of --truth"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "resolver", Value: "exact", EnvVars: env("EVALUATE_RESOLVER"),
			Usage: "the resolver to measure: " + strings.Join(slices.Sorted(maps.Keys(resolvers)), ", ")}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "half", Value: string(dataset.HalfAll), EnvVars: env("EVALUATE_HALF"),
			Usage: "measure only the records of the true clusters in one half (split by a hash of the cluster label): tune (where rules are tuned), check (what is reported) or all"}),
		&cli.BoolFlag{Name: "json", Usage: "print the result as one JSON object"},
		&cli.PathFlag{Name: "config", EnvVars: env("CONFIG"), Usage: "YAML file with any of these flags by name"},
	}
}

func evaluateCommand() *cli.Command {
	flags := evaluateFlags()
	return &cli.Command{
		Name:  "evaluate",
		Usage: "measure a resolver on a labelled CSV file: pairwise and B-cubed precision, recall and F1",
		Description: "Streams the rows, in file order, through the resolver, then compares its clusters with the true ones.\n" +
			"Bad rows are counted and described on stderr, never fatal. Examples:\n" +
			"  contactgate evaluate --preset febrl1\n" +
			"  contactgate evaluate --preset splink --resolver gatekeeper --half check\n" +
			"  contactgate evaluate --input contacts.csv --map email=\"Email Address\" --truth person_id",
		Flags:  flags,
		Before: configBefore(flags),
		Action: runEvaluate,
	}
}

// evaluation is the result of `contactgate evaluate`, as --json prints it.
type evaluation struct {
	Preset   string            `json:"preset,omitempty"`
	Inputs   []string          `json:"inputs"`
	Resolver string            `json:"resolver"`
	Half     dataset.Half      `json:"half"`
	Mappings map[string]string `json:"mappings"`
	Quality  dataset.Quality   `json:"quality"`
	Report   dataset.Report    `json:"report"`
	mapping  []string          // per input, in order, for the table
	newRes   func() dataset.Resolver
	opts     []dataset.Option
}

func runEvaluate(c *cli.Context) error {
	ev, err := evaluationOf(c)
	if err != nil {
		return err
	}
	rows := dataset.Files{Paths: ev.Inputs, Options: ev.opts, Opened: func(path string, r *dataset.Reader) {
		m := r.Mapping().String()
		for _, note := range r.Notes() {
			fmt.Fprintf(c.App.ErrWriter, "evaluate: %s: warning: %s\n", filepath.Base(path), note)
		}
		ev.Mappings[path] = m
		ev.mapping = append(ev.mapping, m)
	}}.Rows()
	ev.Quality, ev.Report, err = dataset.Evaluate(c.Context, ev.Half.Rows(rows), ev.newRes())
	if err != nil {
		return cli.Exit(err.Error(), 1)
	}
	for _, e := range ev.Report.Errors {
		fmt.Fprintln(c.App.ErrWriter, "bad row:", e)
	}
	if more := ev.Report.BadRows - int64(len(ev.Report.Errors)); more > 0 {
		fmt.Fprintf(c.App.ErrWriter, "bad rows: %d more not shown\n", more)
	}
	if ev.Report.Resolved == 0 {
		return errorf("evaluate: no row could be resolved (%d bad rows)", ev.Report.BadRows)
	}
	if c.Bool("json") {
		return json.NewEncoder(c.App.Writer).Encode(ev)
	}
	return ev.writeTable(c.App.Writer)
}

// evaluationOf reads the flags: a preset's files, mapping and truth, each
// replaced by the flags given.
func evaluationOf(c *cli.Context) (*evaluation, error) {
	ev := &evaluation{Preset: c.String("preset"), Resolver: c.String("resolver"), Mappings: map[string]string{}}
	newRes, ok := resolvers[ev.Resolver]
	if !ok {
		return nil, errorf("--resolver %q: want one of %s", ev.Resolver, strings.Join(slices.Sorted(maps.Keys(resolvers)), ", "))
	}
	ev.newRes = newRes
	half, err := dataset.ParseHalf(c.String("half"))
	if err != nil {
		return nil, errorf("--half: %v", err)
	}
	ev.Half = half
	var (
		mapping dataset.Mapping
		truth   dataset.Truth
	)
	if ev.Preset != "" {
		p, err := dataset.LookupPreset(ev.Preset)
		if err != nil {
			return nil, errorf("--preset: %v", err)
		}
		dir := c.Path("datasets")
		if dir == "" {
			var found bool
			if dir, found = dataset.FindDatasets(); !found {
				return nil, errorf("--preset %s: no datasets folder at %s; give --datasets", p.Name, dir)
			}
		}
		ev.Inputs, mapping = p.Paths(dir), p.Mapping
		if c.String("truth") == "" && c.Path("senzing-key") == "" {
			if truth, err = p.Truth(dir); err != nil {
				return nil, errorf("--preset %s: %v", p.Name, err)
			}
		}
	}
	if in := values(c, "input"); len(in) > 0 {
		ev.Inputs = in
	}
	if len(ev.Inputs) == 0 {
		return nil, errorf("give --input FILE.csv or --preset (%s)", strings.Join(dataset.PresetNames(), ", "))
	}
	if specs := values(c, "map"); len(specs) > 0 {
		m, err := dataset.ParseMapping(specs)
		if err != nil {
			return nil, errorf("--map: %v", err)
		}
		mapping = m
	}
	switch column, key := c.String("truth"), c.Path("senzing-key"); {
	case column != "" && key != "":
		return nil, errorf("give --truth or --senzing-key, not both")
	case column != "":
		t, err := dataset.ParseTruth(c.String("truth-format"), column)
		if err != nil {
			return nil, errorf("--truth-format: %v", err)
		}
		truth = t
	case key != "":
		k, err := dataset.ReadSenzingKeyFile(key)
		if err != nil {
			return nil, errorf("--senzing-key: %v", err)
		}
		truth = k
	}
	if truth == nil {
		return nil, errorf("give the true clusters: --truth COLUMN, --senzing-key FILE or --preset")
	}
	ev.opts = []dataset.Option{dataset.WithTruth(truth)}
	if mapping != nil {
		ev.opts = append(ev.opts, dataset.WithMapping(mapping))
	}
	return ev, nil
}

func (ev *evaluation) writeTable(w io.Writer) error {
	q, r := ev.Quality, ev.Report
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k string, v any) { fmt.Fprintf(tw, "%s\t%v\n", k, v) }
	if ev.Preset != "" {
		row("preset", ev.Preset)
	}
	for i, in := range ev.Inputs {
		row("input", filepath.Base(in))
		if i < len(ev.mapping) {
			row("  mapping", ev.mapping[i])
		}
	}
	row("resolver", ev.Resolver)
	row("half", ev.Half)
	row("rows", fmt.Sprintf("%d (%d resolved, %d bad)", r.Rows, r.Resolved, r.BadRows))
	row("clusters true / predicted", fmt.Sprintf("%d / %d", q.TrueClusters, q.PredictedClusters))
	row("pairs true / predicted / correct", fmt.Sprintf("%d / %d / %d", q.TruePairs, q.PredictedPairs, q.CorrectPairs))
	row("pair precision / recall / F1", fmt.Sprintf("%.3f / %.3f / %.3f", q.PairPrecision, q.PairRecall, q.PairF1))
	row("B-cubed precision / recall / F1", fmt.Sprintf("%.3f / %.3f / %.3f", q.BCubedPrecision, q.BCubedRecall, q.BCubedF1))
	row("predicted clusters merging people", q.MergedClusters)
	row("strong-identifier groups found", fmt.Sprintf("%d of %d", r.StrongGroupsFound, r.StrongGroups))
	if r.BlockingRecall > 0 {
		row("true pairs compared (blocking recall)", fmt.Sprintf("%d of %d (%.3f)", r.CandidateTruePairs, q.TruePairs, r.BlockingRecall))
	}
	if r.Unplaced > 0 {
		row("unplaced (dead-lettered), each a cluster of its own", r.Unplaced)
	}
	if r.Reassigned > 0 {
		row("reassigned after their add", r.Reassigned)
	}
	row("elapsed", fmt.Sprintf("%.1f ms (%.0f rows/s)", r.ElapsedMS, r.RowsPerSec))
	return tw.Flush()
}

// repeated is the value of a repeatable flag. Unlike cli.StringSliceFlag
// it never splits a value at commas, which file and column names may hold.
type repeated []string

func (r *repeated) Set(v string) error {
	*r = append(*r, v)
	return nil
}

func (r *repeated) String() string { return strings.Join(*r, " ") }

// values returns the values of a repeatable flag.
func values(c *cli.Context, name string) []string {
	if r, ok := c.Generic(name).(*repeated); ok {
		return *r
	}
	return nil
}

// repeatedFlag is a repeatable flag that a YAML config file may set as a
// list of strings.
type repeatedFlag struct{ *cli.GenericFlag }

var _ altsrc.FlagInputSourceExtension = (*repeatedFlag)(nil)

// ApplyInputSourceValue sets the flag from the config file, unless the
// command line or the environment did.
func (f *repeatedFlag) ApplyInputSourceValue(c *cli.Context, isc altsrc.InputSourceContext) error {
	if c.IsSet(f.Name) {
		return nil
	}
	vs, err := isc.StringSlice(f.Name)
	if err != nil {
		return fmt.Errorf("config %s: %w", f.Name, err)
	}
	for _, v := range vs {
		if err := c.Set(f.Name, v); err != nil {
			return fmt.Errorf("config %s: %w", f.Name, err)
		}
	}
	return nil
}
