package demo

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/precedence"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/stages"
	"github.com/contactgate/contactgate/state"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Options configure one demo run.
type Options struct {
	// Events generates this many events (with known truth) when Input is "".
	Events int
	// Seed of the generator.
	Seed int64
	// Persons behind the generated events; 0 for GenConfig's default
	// (Events/5).
	Persons int
	// Rates of the generator; nil for DefaultRates.
	Rates *Rates
	// Input is a JSON-lines file of ContactEvents; each line becomes one
	// Kafka record, valid or not.
	Input string
	// Strategy is StrategyGatekeeper (default), StrategySearchThenCreate or
	// StrategyCreateFirst.
	Strategy string
	// CRMSearchLag is the emulator's search-index lag.
	CRMSearchLag time.Duration
	// CRMLatency is added to every emulated CRM call.
	CRMLatency time.Duration
	// Partitions of the input topic. Default 6.
	Partitions int
	// Lanes of the processor. Default processor.DefaultLanes.
	Lanes int
	// Precedence file; "" for the default.
	Precedence string
	// Explain adds each outcome's evidence and possible duplicate to its
	// LineResult.
	Explain bool
	// NoAutoMerge turns the gatekeeper's bridge merges off
	// (stages.Config.NoAutoMerge).
	NoAutoMerge bool
	// CRMHTTP serves the emulator on 127.0.0.1 and talks to it with the
	// HubSpot client, over HTTP, under CRMLimits: rate limits, 429s and
	// batching as `contactgate run` meets them. Otherwise the pipeline
	// calls the emulator in-process, without limits.
	CRMHTTP bool
	// CRMLimits are the account's limits with CRMHTTP.
	CRMLimits CRMLimits
	// CRM is "" (HubSpot's emulator) or CRMSalesforce: a Salesforce org's
	// emulator over HTTP, through the Salesforce client, where e-mail is
	// not unique. CRMHTTP, CRMLimits and CRMLatency are HubSpot's.
	CRM string
	// Rate, when > 0, produces the events as a steady stream of Rate per
	// second while the pipeline runs, instead of a backlog before it
	// starts; the summary adds the produce-to-outcome latency.
	Rate float64
	// RulesOnly leaves resolution to the gatekeeper's rules: the scorer
	// decides no match and links no bridge (stages.Config.RulesOnly).
	RulesOnly bool
	// Model is the scorer's model (stages.Config.Model); nil: the default.
	Model *match.Model
	// CRMSearch is the gatekeeper's stages.Config.Search; "" its default.
	CRMSearch stages.CRMSearch
}

// lineHeader carries an input line number through Kafka to its outcome.
const lineHeader = "contactgate.demo.line"

// Run runs the whole pipeline on an embedded Kafka broker, the emulator and
// a temporary index, and returns the summary and one result per input line.
func Run(ctx context.Context, o Options) (*Summary, []LineResult, error) {
	if o.Strategy == "" {
		o.Strategy = StrategyGatekeeper
	}
	if o.Partitions <= 0 {
		o.Partitions = 6
	}
	var (
		values [][]byte
		keys   [][]byte
		truth  []int
		err    error
	)
	if o.Input != "" {
		values, keys, err = readInput(o.Input)
	} else {
		cfg := GenConfig{Events: o.Events, Persons: o.Persons, Seed: o.Seed, Rates: o.Rates}
		if err := cfg.Validate(); err != nil {
			return nil, nil, fmt.Errorf("generator: %w", err)
		}
		gen := Generate(cfg)
		truth = gen.Person
		values, keys, err = encodeEvents(gen.Events)
	}
	if err != nil {
		return nil, nil, err
	}

	cluster, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		return nil, nil, fmt.Errorf("start embedded kafka: %w", err)
	}
	defer cluster.Close()
	ecfg := emulator.Config{SearchLag: o.CRMSearchLag, Latency: o.CRMLatency, Properties: CustomProperties}
	var crm connectors.CRM
	if o.CRMHTTP {
		o.CRMLimits.setDefaults()
		ecfg.RateLimit, ecfg.RateWindow = o.CRMLimits.RateLimit, o.CRMLimits.RateWindow
		ecfg.SearchRateLimit, ecfg.Token = o.CRMLimits.SearchRateLimit, crmToken
	}
	emu := emulator.New(ecfg)
	crm = emu
	stats := emu.Stats
	if o.CRM == CRMSalesforce {
		if o.CRMHTTP || o.CRMLatency > 0 {
			return nil, nil, fmt.Errorf("demo: --crm salesforce is always over HTTP, without the HubSpot emulator's latency")
		}
		sf, err := startSalesforceCRM(o.CRMSearchLag)
		if err != nil {
			return nil, nil, err
		}
		defer sf.close()
		crm, stats = sf.client, sf.stats
	} else if o.CRM != "" && o.CRM != "hubspot" {
		return nil, nil, fmt.Errorf("demo: CRM %q: want hubspot or salesforce", o.CRM)
	}
	if o.CRMHTTP {
		h, err := startHTTPCRM(emu, o.CRMLimits)
		if err != nil {
			return nil, nil, err
		}
		defer h.close()
		crm = h.client
	}
	topics := processor.Topics{Partitions: int32(o.Partitions), ReplicationFactor: 1}
	handler, closeHandler, err := newHandler(ctx, o, crm)
	if err != nil {
		return nil, nil, err
	}
	defer closeHandler()

	cl, err := kgo.NewClient(kgo.SeedBrokers(cluster.ListenAddrs()...), kgo.DefaultProduceTopic(schemas.TopicEvents))
	if err != nil {
		return nil, nil, err
	}
	defer cl.Close()
	if err := processor.EnsureTopics(ctx, kadm.NewClient(cl), topics); err != nil {
		return nil, nil, err
	}
	recs := make([]*kgo.Record, len(values))
	for i := range values {
		recs[i] = &kgo.Record{Key: keys[i], Value: values[i],
			Headers: []kgo.RecordHeader{{Key: lineHeader, Value: []byte(strconv.Itoa(i + 1))}}}
	}
	if o.Rate <= 0 {
		if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
			return nil, nil, fmt.Errorf("produce input: %w", err)
		}
	}
	sent, doneAt := make([]time.Time, len(recs)), make([]time.Time, len(recs))

	results := make([]LineResult, len(values))
	result := lineResult
	if o.Explain {
		result = explainedLineResult
	}
	var mu sync.Mutex
	remaining, rateLimitDLs := len(values), 0
	all := make(chan struct{})
	if remaining == 0 {
		close(all)
	}
	onDone := func(r *kgo.Record, out *schemas.Outcome, dl *processor.DeadLetterError) {
		line := lineOf(r)
		mu.Lock()
		defer mu.Unlock()
		if line < 1 || line > len(results) || results[line-1].Line != 0 {
			return
		}
		results[line-1] = result(line, out, dl)
		doneAt[line-1] = time.Now()
		if rateLimited(dl) {
			rateLimitDLs++
		}
		if remaining--; remaining == 0 {
			close(all)
		}
	}
	p, err := processor.New(processor.Config{Brokers: cluster.ListenAddrs(), Topics: topics, Group: "contactgate-demo",
		Lanes: o.Lanes, OnDone: onDone, RetryBackoff: 20 * time.Millisecond}, handler)
	if err != nil {
		return nil, nil, err
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	started := time.Now()
	errc := make(chan error, 1)
	go func() { errc <- p.Run(runCtx) }()
	produced := make(chan error, 1)
	if o.Rate > 0 {
		go func() { produced <- produceAt(runCtx, cl, recs, o.Rate, sent) }()
	} else {
		produced <- nil
	}
	select {
	case <-all:
	case err := <-errc:
		return nil, nil, fmt.Errorf("processor stopped: %w", err)
	case <-ctx.Done():
		stop()
		<-errc
		return nil, nil, ctx.Err()
	}
	elapsed := time.Since(started)
	if err := <-produced; err != nil { // every outcome is in: every record was produced
		return nil, nil, err
	}
	stop()
	if err := <-errc; err != nil && !errors.Is(err, context.Canceled) {
		return nil, nil, err
	}
	s := summarize(results, stats(), truth, elapsed)
	if o.Rate > 0 {
		s.Latency = latencyOf(sent, doneAt)
	}
	s.RateLimitDeadLetters = rateLimitDLs
	if o.CRMHTTP {
		s.CRM = "hubspot client over HTTP, " + o.CRMLimits.String()
	}
	if o.CRM == CRMSalesforce {
		s.CRM = "salesforce client over HTTP (SOQL, SOSL, collections, SOAP merge); e-mail not unique, no duplicate rule"
	}
	return s, results, nil
}

func newHandler(ctx context.Context, o Options, crm connectors.CRM) (processor.Handler, func(), error) {
	dec := schemas.NewDecoder(nil)
	switch o.Strategy {
	case StrategyCreateFirst, StrategySearchThenCreate:
		return &naive{dec: dec, crm: crm, search: o.Strategy == StrategySearchThenCreate}, func() {}, nil
	case StrategyGatekeeper:
	default:
		return nil, nil, unknownStrategy(o.Strategy)
	}
	prec := precedence.Default()
	if o.Precedence != "" {
		var err error
		if prec, err = precedence.Load(o.Precedence); err != nil {
			return nil, nil, err
		}
	}
	ix, err := state.Open("", state.Options{InMemory: true})
	if err != nil {
		return nil, nil, err
	}
	gk, err := stages.New(stages.Config{Decoder: dec, Index: ix, CRM: crm, BatchSize: connectors.CapabilitiesOf(crm).MaxBatch, Precedence: prec, DefaultRegion: "US", NoAutoMerge: o.NoAutoMerge, RulesOnly: o.RulesOnly, Model: o.Model, Search: o.CRMSearch})
	if err != nil {
		_ = ix.Close()
		return nil, nil, err
	}
	return gk, func() { _ = ix.Close() }, nil
}

// utf8BOM is the UTF-8 byte-order mark.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// InputLine is a line of a JSON-lines input without what Windows tools add
// to it: the CRLF at its end, and a byte-order mark at the start of a file
// (or of each file of a concatenation).
func InputLine(line []byte) []byte {
	return bytes.TrimPrefix(bytes.TrimRight(line, "\r\n"), utf8BOM)
}

// readInput reads one record per line: a valid ContactEvent JSON line is
// encoded as Avro in the wire format, anything else is sent as its raw bytes
// for the pipeline to dead-letter.
func readInput(path string) (values, keys [][]byte, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read input: %w", err)
	}
	defer f.Close()
	dec := schemas.NewDecoder(nil, schemas.WithFormat(schemas.FormatJSON))
	r := bufio.NewReaderSize(f, 1<<20)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 || err == nil {
			line = InputLine(line)
			if e, derr := dec.ContactEvent(context.Background(), line); derr == nil {
				v, eerr := schemas.AppendContactEventWire(nil, schemas.EmbeddedContactEventID, &e)
				if eerr != nil {
					return nil, nil, eerr
				}
				values, keys = append(values, v), append(keys, recordKey(&e))
			} else {
				values, keys = append(values, bytes.Clone(line)), append(keys, nil)
			}
		}
		if errors.Is(err, io.EOF) {
			return values, keys, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read input: %w", err)
		}
	}
}

func encodeEvents(events []schemas.ContactEvent) (values, keys [][]byte, err error) {
	values, keys = make([][]byte, len(events)), make([][]byte, len(events))
	for i := range events {
		if values[i], err = schemas.AppendContactEventWire(nil, schemas.EmbeddedContactEventID, &events[i]); err != nil {
			return nil, nil, err
		}
		keys[i] = recordKey(&events[i])
	}
	return values, keys, nil
}

// recordKey is what a producer following DESIGN.md would key by: the
// e-mail, trimmed and lower-cased, else the event id.
func recordKey(e *schemas.ContactEvent) []byte {
	if k := strings.ToLower(strings.TrimSpace(e.Email)); k != "" {
		return []byte(k)
	}
	return []byte(e.EventID)
}

func lineOf(r *kgo.Record) int {
	for _, h := range r.Headers {
		if h.Key == lineHeader {
			n, _ := strconv.Atoi(string(h.Value))
			return n
		}
	}
	return 0
}
