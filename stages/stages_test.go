package stages

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
	"github.com/twmb/franz-go/pkg/kgo"
)

// testEnv is a Gatekeeper on the in-process CRM emulator and an in-memory
// identity index.
type testEnv struct {
	t    testing.TB
	crm  *emulator.Emulator
	ix   *state.Index
	g    *Gatekeeper
	base time.Time
	seq  atomic.Int64
}

// envConfig shapes a testEnv.
type envConfig struct {
	emulator emulator.Config
	// wrap, when set, puts a CRM with a behaviour the emulator lacks in
	// front of it.
	wrap func(*emulator.Emulator) connectors.CRM
	// model replaces the default scoring model.
	model *match.Model
	// config changes the Gatekeeper's config last.
	config func(*Config)
}

type envOpt func(*envConfig)

func withEmulator(f func(*emulator.Config)) envOpt { return func(c *envConfig) { f(&c.emulator) } }

func withCRM(wrap func(*emulator.Emulator) connectors.CRM) envOpt {
	return func(c *envConfig) { c.wrap = wrap }
}

func withModel(m match.Model) envOpt { return func(c *envConfig) { c.model = &m } }

func withConfig(f func(*Config)) envOpt { return func(c *envConfig) { c.config = f } }

func newEnv(t testing.TB, opts ...envOpt) *testEnv {
	t.Helper()
	var ec envConfig
	for _, o := range opts {
		o(&ec)
	}
	crm := emulator.New(ec.emulator)
	cfg := Config{Decoder: schemas.NewDecoder(nil), CRM: crm, DefaultRegion: "US", Model: ec.model}
	if ec.wrap != nil {
		cfg.CRM = ec.wrap(crm)
	}
	ix, err := state.Open("", state.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	cfg.Index = ix
	if ec.config != nil {
		ec.config(&cfg)
	}
	g, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close) // before the index closes: cleanups run last first
	return &testEnv{t: t, crm: crm, ix: ix, g: g, base: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
}

// event returns a ContactEvent with a fresh id, from source, a minute after
// the previous one.
func (e *testEnv) event(source string) schemas.ContactEvent {
	n := e.seq.Add(1)
	return schemas.ContactEvent{
		EventID:    source + "-" + strconv.FormatInt(n, 10),
		Source:     source,
		OccurredAt: e.base.Add(time.Duration(n) * time.Minute),
	}
}

// kafkaRecord encodes ev as the producers do: Avro in the wire format.
func kafkaRecord(t testing.TB, ev schemas.ContactEvent) *kgo.Record {
	t.Helper()
	v, err := schemas.AppendContactEventWire(nil, schemas.EmbeddedContactEventID, &ev)
	if err != nil {
		t.Fatal(err)
	}
	return &kgo.Record{Topic: schemas.TopicEvents, Value: v, Timestamp: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}
}

// process runs ev through Prepare and Apply as the processor does,
// retrying what Retryable accepts.
func (e *testEnv) process(ev schemas.ContactEvent) (*schemas.Outcome, error) {
	return e.processRecord(context.Background(), kafkaRecord(e.t, ev))
}

func (e *testEnv) processRecord(ctx context.Context, r *kgo.Record) (*schemas.Outcome, error) {
	job, err := e.g.Prepare(ctx, r)
	if err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		out, err := e.g.Apply(ctx, job)
		if err == nil || !e.g.Retryable(err) || attempt == 50 {
			return out, err
		}
		time.Sleep(time.Duration(attempt) * time.Millisecond)
	}
}

func (e *testEnv) mustProcess(ev schemas.ContactEvent) *schemas.Outcome {
	e.t.Helper()
	out, err := e.process(ev)
	if err != nil {
		e.t.Fatalf("process %s: %v", ev.EventID, err)
	}
	return out
}

// records is the number of contacts in the CRM.
func (e *testEnv) records() int { return e.crm.Stats().Records }

// contact reads a CRM contact, all properties.
func (e *testEnv) contact(id string) connectors.Contact {
	e.t.Helper()
	c, err := e.crm.Get(context.Background(), id, nil)
	if err != nil {
		e.t.Fatalf("get contact %s: %v", id, err)
	}
	return c
}

// deadLetter asserts err is a *processor.DeadLetterError and returns it.
func deadLetter(t *testing.T, err error) *processor.DeadLetterError {
	t.Helper()
	var dl *processor.DeadLetterError
	if !errors.As(err, &dl) {
		t.Fatalf("error %v (%T) is not a dead letter", err, err)
	}
	return dl
}

func expect(t *testing.T, out *schemas.Outcome, action schemas.Action, by schemas.MatchedBy) {
	t.Helper()
	if out.Action != action || out.MatchedBy != by {
		t.Fatalf("outcome %s matched by %s (score %.1f), want %s matched by %s", out.Action, out.MatchedBy, out.Score, action, by)
	}
}
