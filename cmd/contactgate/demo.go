package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/contactgate/contactgate/demo"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/stages"
	"github.com/urfave/cli/v2"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "run the whole pipeline on this machine: embedded Kafka, the CRM emulator, a temporary index",
		Description: "With --events N it generates realistic contact events whose truth it knows, and reports the duplicate\n" +
			"records and false merges each strategy leaves; with --input FILE.jsonl it replays your events,\n" +
			"one Kafka record per line, bad lines included (they travel the dead-letter path).",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "events", Value: 1000, EnvVars: env("DEMO_EVENTS"), Usage: "generate this many events (ignored with --input)"},
			&cli.Int64Flag{Name: "seed", Value: 1, EnvVars: env("DEMO_SEED"), Usage: "seed of the event generator"},
			&cli.StringFlag{Name: "setting", Value: demo.SettingDefault, EnvVars: env("DEMO_SETTING"), Usage: "generator setting: " + strings.Join(demo.SettingNames(), ", ") + " (docs/demo.md: what each sets)"},
			&cli.IntFlag{Name: "persons", EnvVars: env("DEMO_PERSONS"), Usage: "distinct persons behind the generated events (default: --events over the setting's events per person)"},
			&cli.Float64Flag{Name: "events-per-person", EnvVars: env("DEMO_EVENTS_PER_PERSON"), Usage: "mean events per generated person (default: the setting's, 5 or 20)"},
			&cli.StringSliceFlag{Name: "rate", EnvVars: env("DEMO_RATES"), Usage: "set one generator rate, Name=value in [0, 1] (e.g. NameTypo=0.1; names as in demo.Rates, any case); repeatable, applied after --setting"},
			&cli.PathFlag{Name: "input", EnvVars: env("DEMO_INPUT"), Usage: "JSON-lines file of ContactEvents to replay"},
			&cli.PathFlag{Name: "outcomes", EnvVars: env("DEMO_OUTCOMES"), Usage: "write one JSON line per input line: line, event_id, record_id, action, matched_by, score, reason"},
			&cli.BoolFlag{Name: "explain", EnvVars: env("DEMO_EXPLAIN"), Usage: "add to each --outcomes line the evidence of its match (field, level, weight) and the record it may duplicate (possible_duplicate_of)"},
			&cli.StringFlag{Name: "strategy", Value: demo.StrategyGatekeeper, EnvVars: env("DEMO_STRATEGY"), Usage: "gatekeeper, search-then-create or create-first"},
			&cli.StringFlag{Name: "crm", Value: "hubspot", EnvVars: env("DEMO_CRM"), Usage: "hubspot, or salesforce: an emulated Salesforce org (e-mail not unique) through the Salesforce client over HTTP"},
			&cli.DurationFlag{Name: "crm-search-lag", EnvVars: env("DEMO_CRM_SEARCH_LAG"), Usage: "the emulated CRM's search-index lag (HubSpot: seconds)"},
			&cli.DurationFlag{Name: "crm-latency", EnvVars: env("DEMO_CRM_LATENCY"), Usage: "added to every emulated CRM call"},
			&cli.BoolFlag{Name: "crm-http", EnvVars: env("DEMO_CRM_HTTP"), Usage: "serve the emulator on 127.0.0.1 and reach it with the HubSpot client over HTTP, under a real account's rate limits (--crm-tier, --crm-rate-limit)"},
			&cli.StringFlag{Name: "crm-tier", Value: string(hubspot.TierFree), EnvVars: env("DEMO_CRM_TIER"), Usage: "with --crm-http: the account's tier, sizing its limit: free, starter (100 per 10 s), professional, enterprise (190), pack (250)"},
			&cli.StringFlag{Name: "crm-rate-limit", EnvVars: env("DEMO_CRM_RATE_LIMIT"), Usage: "with --crm-http: non-search requests per rolling window, N/WINDOW (default: the tier's per 10s)"},
			&cli.IntFlag{Name: "crm-search-rate-limit", Value: 5, EnvVars: env("DEMO_CRM_SEARCH_RATE_LIMIT"), Usage: "with --crm-http: searches per second"},
			&cli.Float64Flag{Name: "events-per-sec", EnvVars: env("DEMO_EVENTS_PER_SEC"), Usage: "produce the events as a steady stream of this many per second while the pipeline runs (default: a backlog produced first), and report the produce-to-outcome latency"},
			&cli.IntFlag{Name: "lanes", Value: processor.DefaultLanes, EnvVars: env("DEMO_LANES"), Usage: "processor lanes"},
			&cli.IntFlag{Name: "partitions", Value: 6, EnvVars: env("DEMO_PARTITIONS"), Usage: "partitions of the embedded input topic (events of one key keep their order; across partitions they interleave as fetched)"},
			&cli.PathFlag{Name: "precedence", EnvVars: env("PRECEDENCE"), Usage: "field precedence file (YAML); default: the built-in one"},
			&cli.BoolFlag{Name: "auto-merge", Value: true, EnvVars: env("DEMO_AUTO_MERGE"), Usage: "merge the records an event links as one person (bridge merges)"},
			&cli.PathFlag{Name: "match-model", EnvVars: env("MATCH_MODEL"), Usage: "scoring model (YAML, as run's --match-model; e.g. guards_off: [colleagues]); default: the built-in one"},
			&cli.StringFlag{Name: "crm-search", Value: string(stages.SearchAlways), EnvVars: env("DEMO_CRM_SEARCH"), Usage: "always or never: whether an event without an e-mail that the index does not know is looked for in the CRM's search (as run's --crm-search)"},
			&cli.BoolFlag{Name: "rules-only", EnvVars: env("DEMO_RULES_ONLY"), Usage: "resolve by the gatekeeper's rules alone: the scorer matches no event and links no bridge (to measure what it adds)"},
			&cli.BoolFlag{Name: "json", Usage: "print the summary as one JSON object"},
			&cli.PathFlag{Name: "cpuprofile", Usage: "write a CPU profile of the run (go tool pprof)"},
			&cli.PathFlag{Name: "write-events", Usage: "write the generated events to this file as JSON lines (what --input and run read) and exit without running"},
			&cli.PathFlag{Name: "write-labels", Usage: "with --write-events: write the truth to this file, one JSON line per event: event_id and person"},
		},
		Subcommands: []*cli.Command{demoProduceCommand(), demoScoreCommand()},
		Action:      runDemo,
	}
}

func runDemo(c *cli.Context) error {
	o := demo.Options{
		Events: c.Int("events"), Seed: c.Int64("seed"), Input: c.Path("input"), Strategy: c.String("strategy"),
		CRM: c.String("crm"), CRMSearchLag: c.Duration("crm-search-lag"), CRMLatency: c.Duration("crm-latency"), Lanes: c.Int("lanes"), Partitions: c.Int("partitions"),
		Precedence: c.Path("precedence"), Explain: c.Bool("explain"), NoAutoMerge: !c.Bool("auto-merge"), RulesOnly: c.Bool("rules-only"),
		Rate: c.Float64("events-per-sec"), CRMSearch: stages.CRMSearch(c.String("crm-search")),
	}
	if o.Rate < 0 {
		return errorf("--events-per-sec must not be negative")
	}
	if err := crmLimits(c, &o); err != nil {
		return err
	}
	model, err := loadModel(c.Path("match-model"))
	if err != nil {
		return err
	}
	o.Model = model
	if o.Input == "" && o.Events <= 0 {
		return errorf("--events must be positive, or give --input")
	}
	if err := generatorOptions(c, &o); o.Input == "" && err != nil {
		return err
	}
	if path := c.Path("write-events"); path != "" {
		if o.Input != "" {
			return errorf("--write-events writes generated events: not with --input")
		}
		return writeGenerated(o, path, c.Path("write-labels"))
	}
	if c.IsSet("write-labels") {
		return errorf("--write-labels needs --write-events")
	}
	if path := c.Path("cpuprofile"); path != "" {
		stop, err := startCPUProfile(path)
		if err != nil {
			return err
		}
		defer stop()
	}
	summary, results, err := demo.Run(c.Context, o)
	if err != nil {
		return err
	}
	if path := c.Path("outcomes"); path != "" {
		if err := writeOutcomes(path, results); err != nil {
			return err
		}
	}
	if c.Bool("json") {
		enc := json.NewEncoder(c.App.Writer)
		return enc.Encode(summary)
	}
	return summary.WriteTable(c.App.Writer, o.Strategy)
}

// crmLimits sets o's CRM over HTTP and its limits from --crm-http,
// --crm-tier, --crm-rate-limit and --crm-search-rate-limit.
func crmLimits(c *cli.Context, o *demo.Options) error {
	o.CRMHTTP = c.Bool("crm-http")
	if !o.CRMHTTP {
		for _, f := range []string{"crm-tier", "crm-rate-limit", "crm-search-rate-limit"} {
			if c.IsSet(f) {
				return errorf("--%s needs --crm-http (in-process, the emulator has no limits)", f)
			}
		}
		return nil
	}
	tier := hubspot.Tier(c.String("crm-tier"))
	if tier.RequestsPerWindow() == 0 {
		return errorf("--crm-tier %q: want free, starter, professional, enterprise or pack", tier)
	}
	o.CRMLimits = demo.CRMLimits{Tier: tier, SearchRateLimit: c.Int("crm-search-rate-limit")}
	if o.CRMLimits.SearchRateLimit <= 0 {
		return errorf("--crm-search-rate-limit must be positive")
	}
	if s := c.String("crm-rate-limit"); s != "" {
		limit, window, err := demo.ParseCRMRateLimit(s)
		if err != nil {
			return errorf("--crm-rate-limit: %v", err)
		}
		o.CRMLimits.RateLimit, o.CRMLimits.RateWindow = limit, window
	}
	return nil
}

// generatorOptions sets o's persons and rates from --setting, then
// --events-per-person or --persons, then each --rate.
func generatorOptions(c *cli.Context, o *demo.Options) error {
	s, err := demo.LookupSetting(c.String("setting"))
	if err != nil {
		return errorf("--setting: %v", err)
	}
	if epp := c.Float64("events-per-person"); c.IsSet("events-per-person") {
		if !(epp >= 1) {
			return errorf("--events-per-person must be at least 1")
		}
		s.EventsPerPerson = epp
	}
	o.Persons = s.Persons(o.Events)
	if c.IsSet("persons") {
		if c.IsSet("events-per-person") {
			return errorf("give --persons or --events-per-person, not both")
		}
		o.Persons = c.Int("persons")
		if o.Persons <= 0 || o.Persons > o.Events {
			return errorf("--persons must be in [1, --events]")
		}
	}
	for _, kv := range c.StringSlice("rate") {
		if err := s.Rates.SetString(kv); err != nil {
			return errorf("--rate: %v", err)
		}
	}
	o.Rates = &s.Rates
	return nil
}

func writeOutcomes(path string, results []demo.LineResult) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write outcomes: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for i := range results {
		if err := enc.Encode(&results[i]); err != nil {
			f.Close()
			return fmt.Errorf("write outcomes: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write outcomes: %w", err)
	}
	return f.Close()
}

// startCPUProfile profiles the process into path until stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// writeHeapProfile writes the live heap, as of the last garbage
// collection, to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("heap profile: %w", err)
	}
	return f.Close()
}
