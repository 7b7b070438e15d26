package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"strings"

	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/contactgate/contactgate/internal/logging"
	"github.com/contactgate/contactgate/purge"
	"github.com/urfave/cli/v2"
	"github.com/urfave/cli/v2/altsrc"
)

func mergeFlags() []cli.Flag {
	return append(salesforceFlags(),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "plan", EnvVars: env("MERGE_PLAN"), Usage: "the merge plan (JSON) written by scan"}),
		&cli.BoolFlag{Name: "apply", EnvVars: env("MERGE_APPLY"), Usage: "merge; without it, a dry run that reads the CRM and writes nothing"},
		altsrc.NewStringFlag(&cli.StringFlag{Name: "only-band", Value: purge.BandAuto, EnvVars: env("MERGE_ONLY_BAND"),
			Usage: "the clusters to act on: " + purge.BandAuto + ", " + purge.BandReview + " or " + purge.BandAll}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "journal", EnvVars: env("MERGE_JOURNAL"),
			Usage: "the undo journal (JSON lines): snapshots of every record before it is merged; a rerun resumes from it (default: the plan's path + " + purge.JournalSuffix + ")"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "decisions", EnvVars: env("MERGE_DECISIONS"),
			Usage: "the reviewer's decisions (review serve); when the file exists, only the clusters accepted in it are applied, with the reviewer's edits, whatever their band (default: the plan's path + " + purge.DecisionsSuffix + ")"}),
		altsrc.NewStringSliceFlag(&cli.StringSliceFlag{Name: "properties", EnvVars: env("MERGE_PROPERTIES"),
			Usage: "CRM properties to snapshot besides the standard ones and the plan's values (repeatable or comma-separated); list every property the account uses for complete snapshots"}),
		&cli.BoolFlag{Name: "json", Usage: "print the summary, with every cluster's report, as one JSON object"},
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm", Value: "hubspot", EnvVars: env("CRM"), Usage: "hubspot, salesforce (docs/salesforce.md: merge() takes two members per call), or emulator (in-process and empty: for trials only)"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm-url", Value: hubspot.DefaultBaseURL, EnvVars: env("CRM_URL"), Usage: "HubSpot API base URL, or the Salesforce org's My Domain URL (a crm-emulator's address for local runs)"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "crm-token-file", EnvVars: env("CRM_TOKEN_FILE"), Usage: "file holding the CRM token; else $" + hubspot.TokenEnv}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm-tier", Value: string(hubspot.TierFree), EnvVars: env("CRM_TIER"), Usage: "HubSpot account tier, sizing the rate limiter: free, starter, professional, enterprise, pack"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "log-level", Value: "warn", EnvVars: env("LOG_LEVEL"), Usage: "debug, info, warn or error (CRM retries and breaker transitions)"}),
		&cli.PathFlag{Name: "config", EnvVars: env("CONFIG"), Usage: "YAML file with any of these flags by name"},
	)
}

func mergeCommand() *cli.Command {
	flags := mergeFlags()
	return &cli.Command{
		Name:  "merge",
		Usage: "the purge, step 2: apply a merge plan through the CRM's merge API (dry run unless --apply)",
		Description: "For each cluster of the plan's band, in plan order: writes the plan's values on the master where they differ,\n" +
			"then merges each member into it. Merges are irreversible: every record is snapshotted to the journal, fsync'd,\n" +
			"before it is written or merged. A rerun with the same journal resumes after a crash without merging twice.\n" +
			"With a decisions file (written by review serve) only the clusters accepted in it are applied, with the\n" +
			"reviewer's master and values. Exits 1 when the CRM refused a cluster (the others are applied).",
		Flags:  flags,
		Before: configBefore(flags),
		Action: runMerge,
	}
}

func runMerge(c *cli.Context) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.String("log-level"))); err != nil {
		return errorf("--log-level %q: want debug, info, warn or error", c.String("log-level"))
	}
	if c.Path("plan") == "" {
		return errorf("--plan is required")
	}
	plan, err := purge.ReadPlan(c.Path("plan"))
	if err != nil {
		return errorf("%v", err)
	}
	band, err := applyDecisions(c, &plan)
	if err != nil {
		return err
	}
	journal := c.Path("journal")
	if journal == "" {
		journal = c.Path("plan") + purge.JournalSuffix
	}
	crm, err := newCRM(c, logging.New(c.App.ErrWriter, level))
	if err != nil {
		return err
	}
	asJSON, out := c.Bool("json"), c.App.Writer
	opts := purge.MergeOptions{
		Apply:      c.Bool("apply"),
		Band:       band,
		Journal:    journal,
		Properties: propertyList(c.StringSlice("properties")),
	}
	if err := opts.Validate(); err != nil {
		return errorf("%v", err)
	}
	if !asJSON {
		opts.OnCluster = func(r purge.ClusterReport) { printClusterReport(out, r, opts.Apply) }
	}
	sum, mergeErr := purge.Merge(c.Context, crm, plan, opts)
	if asJSON {
		enc := json.NewEncoder(out)
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		printMergeSummary(out, sum)
	}
	switch {
	case mergeErr != nil:
		return fmt.Errorf("%w (rerun with the same --journal to resume)", mergeErr)
	case sum.Failed > 0:
		return cli.Exit(fmt.Sprintf("merge: the CRM refused %d cluster(s); see their errors above", sum.Failed), 1)
	}
	return nil
}

// propertyList flattens repeated and comma-separated values.
func propertyList(values []string) []string {
	var out []string
	for _, v := range values {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func printClusterReport(w io.Writer, r purge.ClusterReport, applied bool) {
	fmt.Fprintf(w, "cluster %s (%s): master %s", r.ID, r.Band, r.Master)
	if r.Survivor != "" && r.Survivor != r.Master {
		fmt.Fprintf(w, ", survivor %s", r.Survivor)
	}
	fmt.Fprintln(w)
	verb := "set"
	if !applied {
		verb = "would set"
	}
	for _, v := range r.Values {
		fmt.Fprintf(w, "  %s %s: %q → %q\n", verb, v.Property, v.Old, v.New)
	}
	for _, m := range r.Members {
		switch m.Action {
		case purge.ActionMerge:
			fmt.Fprintf(w, "  would merge %s\n", m.ID)
		case purge.ActionMerged:
			fmt.Fprintf(w, "  merged %s into %s\n", m.ID, m.Survivor)
		default:
			fmt.Fprintf(w, "  %s %s (%s)\n", strings.ReplaceAll(string(m.Action), "_", " "), m.ID, m.Reason)
		}
	}
	if r.Error != "" {
		fmt.Fprintf(w, "  FAILED: %s\n", r.Error)
	}
}

func printMergeSummary(w io.Writer, s purge.MergeSummary) {
	mode, merges, writes := "applied", "merges", "value writes"
	if s.DryRun {
		mode, merges, writes = "dry run", "merges to do", "value writes to do"
	}
	fmt.Fprintf(w, "%s: %d clusters, %d %s, %d %s (%d already merged, %d skipped, %d clusters failed; %d merge requests)\n",
		mode, s.Clusters, s.Merges, merges, s.ValueWrites, writes, s.AlreadyMerged, s.Skipped, s.Failed, s.MergeCalls)
	if s.DryRun {
		fmt.Fprintln(w, "nothing was written; --apply to merge")
	} else {
		fmt.Fprintf(w, "journal: %s\n", s.Journal)
	}
}

// applyDecisions narrows plan to the clusters a reviewer accepted, when
// the decisions file exists, and returns the band to apply: every band of
// the accepted clusters unless --only-band says otherwise.
func applyDecisions(c *cli.Context, plan **purge.Plan) (string, error) {
	path := c.Path("decisions")
	if path == "" {
		path = c.Path("plan") + purge.DecisionsSuffix
	}
	ds, err := purge.ReadDecisions(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !c.IsSet("decisions"):
		return c.String("only-band"), nil
	case err != nil:
		return "", errorf("%v", err)
	}
	reviewed, n, err := purge.ApplyDecisions(*plan, ds)
	if err != nil {
		return "", errorf("%s: %v", path, err)
	}
	*plan = reviewed
	fmt.Fprintf(c.App.ErrWriter, "decisions %s: %d accepted clusters applied, %d rejected and %d undecided left out\n",
		path, n.Accepted, n.Rejected, n.Undecided)
	if c.IsSet("only-band") {
		return c.String("only-band"), nil
	}
	return purge.BandAll, nil
}
