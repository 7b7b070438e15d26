package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/contactgate/contactgate/internal/logging"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/metrics"
	"github.com/contactgate/contactgate/precedence"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/purge"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/stages"
	"github.com/contactgate/contactgate/state"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/urfave/cli/v2"
	"github.com/urfave/cli/v2/altsrc"
)

func runFlags() []cli.Flag {
	flags := append(kafkaSecurityFlags(), baseRunFlags()...)
	flags = append(flags, inputFormatFlags()...)
	flags = append(flags, salesforceFlags()...)
	return append(flags, schemaRegistryFlags()...)
}

func baseRunFlags() []cli.Flag {
	return []cli.Flag{
		altsrc.NewStringFlag(&cli.StringFlag{Name: "brokers", Value: "127.0.0.1:9092", EnvVars: env("BROKERS"), Usage: "comma-separated seed brokers"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "events-topic", Value: schemas.TopicEvents, EnvVars: env("EVENTS_TOPIC")}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "outcomes-topic", Value: schemas.TopicOutcomes, EnvVars: env("OUTCOMES_TOPIC")}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "dlq-topic", Value: schemas.TopicDLQ, EnvVars: env("DLQ_TOPIC")}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "parked-topic", EnvVars: env("PARKED_TOPIC"), Usage: "compacted topic of the parked identities; default: the DLQ's name + " + processor.ParkedSuffix}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "group", Value: "contactgate", EnvVars: env("GROUP"), Usage: "consumer group"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "state-dir", Value: "./contactgate-state", EnvVars: env("STATE_DIR"), Usage: "the identity index's directory"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm", Value: "hubspot", EnvVars: env("CRM"), Usage: "hubspot, salesforce (docs/salesforce.md), or emulator (in-process, for trials; its data dies with the process)"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm-url", Value: hubspot.DefaultBaseURL, EnvVars: env("CRM_URL"), Usage: "HubSpot API base URL (a crm-emulator's address for local runs)"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "crm-token-file", EnvVars: env("CRM_TOKEN_FILE"), Usage: "file holding the CRM token; else $" + hubspot.TokenEnv}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm-tier", Value: string(hubspot.TierFree), EnvVars: env("CRM_TIER"), Usage: "HubSpot account tier, sizing the rate limiter: free, starter, professional, enterprise, pack"}),
		altsrc.NewFloat64Flag(&cli.Float64Flag{Name: "crm-quota-share", Value: 1, EnvVars: env("CRM_QUOTA_SHARE"),
			Usage: "fraction in (0, 1] of the account's rate limits this instance takes (1/N for N instances of one account), or 0 for 1/N of the consumer group's current members; it also slows down when HubSpot says the account runs low"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm-key-property", Value: connectors.PropContactgateKey, EnvVars: env("CRM_KEY_PROPERTY"),
			Usage: "unique-value contact property whose per-event value makes creates idempotent; created at startup when missing " +
				"(needs the crm.schemas.contacts.write scope); empty: plain creates, which a crash can duplicate for events without an e-mail"}),
		altsrc.NewIntFlag(&cli.IntFlag{Name: "crm-batch-size", EnvVars: env("CRM_BATCH_SIZE"), Usage: "most inputs of one CRM batch call (default the CRM's most: 100 HubSpot, 200 Salesforce; 1: one call per event)"}),
		altsrc.NewDurationFlag(&cli.DurationFlag{Name: "crm-batch-linger", Value: stages.DefaultBatchLinger, EnvVars: env("CRM_BATCH_LINGER"), Usage: "longest a CRM call waits for others to join its batch"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm-search", Value: string(stages.SearchAlways), EnvVars: env("CRM_SEARCH"),
			Usage: "always: an event without an e-mail that the index does not know is looked for in the CRM's (lagging) search; never: the index holds every contact (bootstrapped, no contacts made by hand), saving the searches (docs/operations.md)"}),
		altsrc.NewIntFlag(&cli.IntFlag{Name: "lanes", Value: processor.DefaultLanes, EnvVars: env("LANES"), Usage: "concurrent identities"}),
		altsrc.NewBoolFlag(&cli.BoolFlag{Name: "reconcile", Value: true, EnvVars: env("RECONCILE"), Usage: "merge a record another instance created in the same minutes into this index's record of the same person (match band, no guard)"}),
		altsrc.NewIntFlag(&cli.IntFlag{Name: "max-in-flight", EnvVars: env("MAX_IN_FLIGHT"), Usage: "events polled and not finished, at most (what a crash replays); default 4 per lane"}),
		altsrc.NewDurationFlag(&cli.DurationFlag{Name: "shutdown-timeout", Value: processor.DefaultShutdownTimeout, EnvVars: env("SHUTDOWN_TIMEOUT"),
			Usage: "longest a SIGTERM or SIGINT takes to exit: work in hand finishes or is left to be replayed, the done offsets are committed"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "instance-id", EnvVars: env("INSTANCE_ID"),
			Usage: "static group membership: a unique id that stays the same across restarts (e.g. a StatefulSet pod's name); a restart gets its partitions back at once"}),
		altsrc.NewDurationFlag(&cli.DurationFlag{Name: "session-timeout", Value: processor.DefaultSessionTimeout, EnvVars: env("SESSION_TIMEOUT"),
			Usage: "how long the group waits for a silent (crashed or restarting) member before moving its partitions"}),
		altsrc.NewDurationFlag(&cli.DurationFlag{Name: "rebalance-timeout", Value: processor.DefaultRebalanceTimeout, EnvVars: env("REBALANCE_TIMEOUT"),
			Usage: "how long members may take to rejoin once a rebalance began"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "match-model", EnvVars: env("MATCH_MODEL"), Usage: "scoring model (YAML: prior, match_weight, possible_weight, per-field m/u levels) for the evidence and possible duplicates of outcomes; default: the built-in one"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "precedence", EnvVars: env("PRECEDENCE"), Usage: "field precedence file (YAML); default: the built-in one"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "review-topic", Value: schemas.TopicReview, EnvVars: env("REVIEW_TOPIC"),
			Usage: "compacted topic where pairs in the possible band are proposed and verdicts (contactgate review) are read; empty: none"}),
		altsrc.NewBoolFlag(&cli.BoolFlag{Name: "auto-merge", Value: true, EnvVars: env("AUTO_MERGE"),
			Usage: "merge in the CRM the records an event links as one person (bridge merges); false: name them as possible duplicates instead"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "merge-journal", EnvVars: env("MERGE_JOURNAL"),
			Usage: "journal of the bridge merges (both records before each merge, JSON lines, fsync'd); default: merges.journal.jsonl in --state-dir"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "default-region", Value: "US", EnvVars: env("DEFAULT_REGION"), Usage: "region for phone numbers written without a country code"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "metrics-addr", EnvVars: env("METRICS_ADDR"), Usage: "serve /metrics, /healthz and /readyz here (e.g. 127.0.0.1:9464); off when empty"}),
		altsrc.NewDurationFlag(&cli.DurationFlag{Name: "status-interval", Value: 10 * time.Second, EnvVars: env("STATUS_INTERVAL"), Usage: "how often to log a status line"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "log-level", Value: "info", EnvVars: env("LOG_LEVEL"), Usage: "debug, info, warn or error; e-mails and phones are redacted from info up"}),
		&cli.BoolFlag{Name: "print-config", Usage: "print the effective configuration (secrets masked) and exit"},
		&cli.PathFlag{Name: "config", EnvVars: env("CONFIG"), Usage: "YAML file with any of these flags by name"},
	}
}

func runCommand() *cli.Command {
	flags := runFlags()
	return &cli.Command{
		Name:  "run",
		Usage: "the processor: consume contact events, resolve, upsert, emit outcomes and dead letters",
		Description: "Reads the events topic in any of these forms (--input-format auto tells them apart per record):\n" +
			"  ContactEvent as Avro in the Confluent wire format (through --schema-registry-url, else the embedded schema, id 1),\n" +
			"  as bare Avro with the embedded schema, or as JSON with the same field names (occurred_at in RFC 3339);\n" +
			"  Debezium change events (JSON, with or without schema/payload, or Avro) and Kafka Connect JSON rows,\n" +
			"  their columns mapped with --mapping or --field-map.",
		Flags:  flags,
		Before: configBefore(flags),
		Action: func(c *cli.Context) error {
			if c.Bool("print-config") {
				return printConfig(c, flags)
			}
			return runProcessor(c)
		},
	}
}

func runProcessor(c *cli.Context) error {
	ctx := c.Context
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.String("log-level"))); err != nil {
		return errorf("--log-level %q: want debug, info, warn or error", c.String("log-level"))
	}
	log := logging.New(os.Stderr, level)
	inputOpts, err := inputDecoderOpts(c)
	if err != nil {
		return err
	}
	codecs, err := newRecordCodecs(ctx, c, log, c.String("outcomes-topic"), inputOpts...)
	if err != nil {
		return err
	}
	m := metrics.New()
	crm, err := newCRMObserved(c, log, func(open bool) {
		m.BreakerOpen.Set(map[bool]float64{true: 1, false: 0}[open])
	}, m.ObserveRateLimitWait, m.ObserveCRMResponse)
	if err != nil {
		return err
	}
	keyProperty := c.String("crm-key-property")
	if err := ensureKeyProperty(ctx, crm, keyProperty, log); err != nil {
		return err
	}
	sharer, _ := crm.(quotaSharer)
	crm = m.InstrumentCRM(crm)
	if addr := c.String("metrics-addr"); addr != "" {
		at, err := m.Serve(ctx, addr)
		if err != nil {
			return errorf("--metrics-addr %s: %v", addr, err)
		}
		log.Info("contactgate run: metrics", "addr", at.String())
	}
	prec := precedence.Default()
	if path := c.Path("precedence"); path != "" {
		if prec, err = precedence.Load(path); err != nil {
			return err
		}
	}
	ix, err := state.Open(c.Path("state-dir"), state.Options{Logger: log})
	if err != nil {
		return err
	}
	defer ix.Close()

	brokers := strings.Split(c.String("brokers"), ",")
	security, err := kafkaOpts(c)
	if err != nil {
		return err
	}
	topics := processor.Topics{Events: c.String("events-topic"), Outcomes: c.String("outcomes-topic"), DLQ: c.String("dlq-topic"),
		Parked: c.String("parked-topic")}
	admin, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(brokers...)}, security...)...)
	if err != nil {
		return errorf("kafka client: %v", err)
	}
	defer admin.Close()
	adm := kadm.NewClient(admin)
	if err := processor.EnsureTopics(ctx, adm, topics); err != nil {
		return err
	}
	model, err := loadModel(c.Path("match-model"))
	if err != nil {
		return err
	}
	journalPath := c.Path("merge-journal")
	if journalPath == "" {
		journalPath = filepath.Join(c.Path("state-dir"), "merges.journal.jsonl")
	}
	journal, err := purge.OpenJournal(journalPath)
	if err != nil {
		return err
	}
	defer journal.Close()
	review, err := openReview(ctx, c, brokers, security, adm, log)
	if err != nil {
		return err
	}
	defer review.Close()
	gk, err := stages.New(stages.Config{Model: model, Decoder: codecs.decoder, Index: ix, CRM: crm, Precedence: prec, Review: review.sink(),
		DefaultRegion: c.String("default-region"), BatchSize: c.Int("crm-batch-size"), BatchLinger: c.Duration("crm-batch-linger"),
		KeyProperty: keyProperty, NoKeyProperty: keyProperty == "", Logger: log,
		NoAutoMerge: !c.Bool("auto-merge"), MergeJournal: streamJournal{journal}, Search: stages.CRMSearch(c.String("crm-search"))})
	if err != nil {
		return err
	}
	defer gk.Close() // before the index closes (deferred earlier)
	if err := gk.Recover(ctx); err != nil {
		return fmt.Errorf("recover in-flight creates: %w", err)
	}
	// Every instance holds every contact: follow the whole outcome topic,
	// and catch up with it before consuming (a new instance rebuilds its
	// index here, a restarted one reads what it missed).
	// Records of one person that another instance created in the same
	// seconds are merged as the follower reads them (reconcile.go).
	// The records other instances create count in the term frequencies
	// the scorer weighs names by (Gatekeeper.Followed).
	var rec *reconciler
	onApplied := gk.Followed
	if c.Bool("reconcile") {
		rec = newReconciler(gk, admin, topics.Outcomes, codecs.outcomeID, log) // run's admin client produces its merges
		onApplied = func(o *schemas.Outcome) {
			gk.Followed(o)
			rec.applied(o)
		}
	}
	follower, err := processor.NewFollower(ctx, processor.FollowConfig{Brokers: brokers, Topic: topics.Outcomes,
		ClientOpts: security, Logger: log, Decoder: codecs.decoder, OnApplied: onApplied}, ix)
	if err != nil {
		return err
	}
	defer follower.Close()
	// The processor stops when the follower fails: an index that no longer
	// follows would resolve against a stale view.
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	followCtx, stopFollowing := context.WithCancel(ctx)
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		if err := follower.Run(followCtx); err != nil {
			stop(err)
		}
	}()
	defer func() { stopFollowing(); <-followed }()
	caughtUp := time.Now()
	if err := follower.CatchUp(ctx); err != nil {
		return err
	}
	if st, err := ix.Stats(); err == nil {
		m.IndexRecords.Set(float64(st.Records))
		log.Info("contactgate run: index caught up with the outcome topic", "records", st.Records,
			"took", time.Since(caughtUp).Round(time.Millisecond))
	}
	go review.follow(ctx, ix, gk, topics.Outcomes, codecs.outcomeID, m.ReviewVerdicts)
	if rec != nil {
		// Joined before the index and the journal close.
		recCtx, stopRec := context.WithCancel(ctx)
		var reconciling sync.WaitGroup
		reconciling.Add(1)
		go func() { defer reconciling.Done(); rec.Run(recCtx) }()
		defer reconciling.Wait()
		defer stopRec()
	}
	p, err := processor.New(processor.Config{Brokers: brokers, Topics: topics, Group: c.String("group"),
		Lanes: c.Int("lanes"), MaxInFlight: c.Int("max-in-flight"), Logger: log, OnDone: countOutcome(m), ClientOpts: security, CatchUp: follower.CatchUp,
		OutcomeSchemaID: codecs.outcomeID, OnSkip: func(_ *kgo.Record, reason string) { m.InputSkipped.WithLabelValues(reason).Inc() },
		ShutdownTimeout: c.Duration("shutdown-timeout"), InstanceID: c.String("instance-id"),
		SessionTimeout: c.Duration("session-timeout"), RebalanceTimeout: c.Duration("rebalance-timeout")}, gk)
	if err != nil {
		return err
	}
	m.SetReady(true)
	defer m.SetReady(false)
	go reportStatus(ctx, log, m, p, adm, c.String("group"), topics.Events, c.Duration("status-interval"))
	if c.Float64("crm-quota-share") == 0 && sharer != nil {
		go shareByGroup(ctx, log, adm, c.String("group"), sharer, quotaShareInterval)
	}
	log.Info("contactgate run: consuming", "topic", topics.Events, "group", c.String("group"), "crm", c.String("crm"))
	if err := p.Run(ctx); err != nil && !errors.Is(err, ctx.Err()) {
		return err
	}
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	log.Info("contactgate run: stopped", "stats", p.Stats())
	return nil
}

// uniquePropertyEnsurer is a CRM that can define a unique-value contact
// property: the HubSpot client and the emulator.
type uniquePropertyEnsurer interface {
	EnsureUniqueProperty(ctx context.Context, name string) error
}

// ensureKeyProperty makes sure the CRM has the key property (--crm-key-property)
// as a unique-value contact property, before any create relies on it; an
// empty name turns keyed creates off.
func ensureKeyProperty(ctx context.Context, crm connectors.CRM, name string, log *slog.Logger) error {
	if name == "" {
		log.Warn("contactgate run: --crm-key-property is empty: creates are plain, and a crash can duplicate those without an e-mail")
		return nil
	}
	e, ok := crm.(uniquePropertyEnsurer)
	if !ok {
		return errorf("--crm-key-property %s: this CRM cannot define unique properties; set it empty to create without a key", name)
	}
	err := e.EnsureUniqueProperty(ctx, name)
	if errors.Is(err, connectors.ErrUnauthorized) {
		return fmt.Errorf("--crm-key-property: %w (creating the property needs the crm.schemas.contacts.write scope: "+
			"grant it, or create %s as a single-line text property with unique values yourself)", err, name)
	}
	if err != nil {
		return fmt.Errorf("--crm-key-property: %w", err)
	}
	return nil
}

// countOutcome counts each finished event in m.
func countOutcome(m *metrics.Metrics) func(*kgo.Record, *schemas.Outcome, *processor.DeadLetterError) {
	return func(_ *kgo.Record, out *schemas.Outcome, dl *processor.DeadLetterError) {
		switch {
		case dl != nil:
			m.Events.WithLabelValues("dead_lettered").Inc()
			m.DeadLetters.WithLabelValues(dl.Class).Inc()
		case out != nil:
			m.Events.WithLabelValues(string(out.Action)).Inc()
			if out.Action == schemas.ActionCreated {
				m.IndexRecords.Inc()
			}
		}
	}
}

// newCRM builds the CRM client; the token comes from the environment or a
// file, never from a flag.
func newCRM(c *cli.Context, log *slog.Logger) (connectors.CRM, error) {
	return newCRMObserved(c, log, nil, nil, nil)
}

// newCRMObserved is newCRM with hooks on the HubSpot client's circuit
// breaker, on its requests' waits for a rate-limit permit and on its HTTP
// responses.
func newCRMObserved(c *cli.Context, log *slog.Logger, onBreaker func(open bool),
	onWait func(operation string, wait time.Duration), onResponse func(operation string, status int)) (connectors.CRM, error) {
	switch c.String("crm") {
	case "emulator":
		return emulator.New(emulator.Config{}), nil
	case "salesforce":
		return newSalesforce(c.String("crm-url"), c.String("crm-client-id"), c.Path("crm-secret-file"),
			c.String("crm-jwt-user"), c.Path("crm-jwt-key-file"), log)
	case "hubspot":
		token, err := hubspot.TokenFromEnvOrFile(hubspot.TokenEnv, c.Path("crm-token-file"))
		if err != nil {
			return nil, err
		}
		// KeyProperty: --crm-key-property where the command has it (Contact.Key), else the default.
		return hubspot.New(hubspot.Config{BaseURL: c.String("crm-url"), Token: token, KeyProperty: c.String("crm-key-property"),
			Tier: hubspot.Tier(c.String("crm-tier")), QuotaShare: c.Float64("crm-quota-share"),
			Logger: log, OnBreakerStateChange: onBreaker, OnRateLimitWait: onWait, OnResponse: onResponse})
	default:
		return nil, errorf("--crm %q: want hubspot, salesforce or emulator", c.String("crm"))
	}
}

// loadModel reads --match-model; nil (the default model) when unset.
func loadModel(path string) (*match.Model, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--match-model: %w", err)
	}
	m, err := match.ParseModel(b, path)
	if err != nil {
		return nil, err
	}
	return &m, nil
}
