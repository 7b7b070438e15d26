package processor

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// scriptedHandler answers Apply from a script, one entry per call; past
// its end it succeeds. It panics where the script says "panic".
type scriptedHandler struct {
	mu     sync.Mutex
	script []any // error, "panic", or nil
	calls  int
}

func (h *scriptedHandler) Prepare(context.Context, *kgo.Record) (Job, error) { return Job{}, nil }

func (h *scriptedHandler) Apply(ctx context.Context, _ Job) (*schemas.Outcome, error) {
	h.mu.Lock()
	i := h.calls
	h.calls++
	h.mu.Unlock()
	if i < len(h.script) {
		switch v := h.script[i].(type) {
		case string:
			panic(v)
		case error:
			return nil, v
		}
	}
	return &schemas.Outcome{RecordID: "r1"}, ctx.Err()
}

func (h *scriptedHandler) Retryable(err error) bool { return errors.Is(err, errFakeTransient) }
func (h *scriptedHandler) Pause(err error) bool     { return errors.Is(err, errFakePause) }

// chainFor returns a processor that is never run, for its middleware chain,
// and its log.
func chainFor(t *testing.T, h Handler, cfg Config) (*Processor, *syncBuffer) {
	t.Helper()
	log := &syncBuffer{}
	cfg.Brokers = []string{"127.0.0.1:1"} // never dialled
	cfg.Logger = slog.New(slog.NewTextHandler(log, nil))
	if cfg.RetryBackoff == 0 {
		cfg.RetryBackoff = time.Millisecond
	}
	if cfg.PauseFor == 0 {
		cfg.PauseFor = time.Millisecond
	}
	p, err := New(cfg, h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.cl.Close(); p.parkLog.close() })
	return p, log
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestTheMiddlewareOrderIsFixed(t *testing.T) {
	p, _ := chainFor(t, &scriptedHandler{}, Config{})
	var got []string
	for _, m := range p.middlewares() {
		got = append(got, m.name)
	}
	if want := []string{"recover", "metrics", "pause", "retry", "dead-letter"}; !slices.Equal(got, want) {
		t.Fatalf("middleware order %v, want %v", got, want)
	}
}

// TestTheMiddlewareChain: what each link does, and what its place in the
// chain means for the others.
func TestTheMiddlewareChain(t *testing.T) {
	for _, tc := range []struct {
		name         string
		script       []any
		wantClass    string // "" for an outcome
		wantAttempts int
		wantPanics   int64
	}{
		// recover outside retry: a panic is not retried
		{"a panic is an internal dead letter, not retried", []any{"boom"}, schemas.ClassInternal, 1, 1},
		// retry: transient errors up to MaxAttempts (3)
		{"transient errors are retried", []any{errFakeTransient, errFakeTransient}, "", 3, 0},
		{"retries run out", []any{errFakeTransient, errFakeTransient, errFakeTransient}, schemas.ClassRetriesExhausted, 3, 0},
		// pause outside retry: pauses do not spend the attempts
		{"pauses spend no attempts", []any{errFakeTransient, errFakePause, errFakeTransient, errFakePause, errFakeTransient, errFakePause},
			"", 7, 0},
		// dead-letter inside retry: what the handler does not classify is
		// permanent, and not retried
		{"an unclassified error is an internal dead letter", []any{errors.New("nil map")}, schemas.ClassInternal, 1, 0},
		{"a dead letter is not retried", []any{DeadLetter("upsert", schemas.ClassCRMRejected, errors.New("400"))},
			schemas.ClassCRMRejected, 1, 0},
		{"a panic after retries", []any{errFakeTransient, "boom"}, schemas.ClassInternal, 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &scriptedHandler{script: tc.script}
			var observed []int
			p, log := chainFor(t, h, Config{MaxAttempts: 3, ObserveApply: func(_ time.Duration, attempts int, _ error) {
				observed = append(observed, attempts)
			}})
			m := &Message{Record: &kgo.Record{Topic: "events", Offset: 7}}
			out, err := p.handle(p.work, m)
			var dl *DeadLetterError
			switch {
			case tc.wantClass == "" && (err != nil || out == nil):
				t.Fatalf("got %v, %v; want an outcome", out, err)
			case tc.wantClass != "" && (!errors.As(err, &dl) || dl.Class != tc.wantClass):
				t.Fatalf("got %v, %v; want a %s dead letter", out, err, tc.wantClass)
			}
			if m.Attempts != tc.wantAttempts {
				t.Errorf("attempts %d, want %d", m.Attempts, tc.wantAttempts)
			}
			st := p.Stats()
			if st.Panics != tc.wantPanics {
				t.Errorf("%d panics counted, want %d", st.Panics, tc.wantPanics)
			}
			if tc.wantPanics > 0 {
				// recover outside metrics: the panic is counted as a panic,
				// its stack logged
				if !strings.Contains(log.String(), "panic recovered") || !strings.Contains(log.String(), "middleware_test.go") {
					t.Errorf("the log has no panic with its stack:\n%s", log.String())
				}
				if len(observed) != 0 {
					t.Errorf("metrics observed a panicking job: %v", observed)
				}
			} else if len(observed) != 1 || observed[0] != tc.wantAttempts {
				t.Errorf("metrics observed %v, want one job of %d attempts", observed, tc.wantAttempts)
			}
		})
	}
}

// TestAStoppingProcessorAbandonsInsteadOfDeadLettering: a shutdown never
// dead-letters a record, whether it ends a wait between attempts, a pause,
// or cancels the handler's call.
func TestAStoppingProcessorAbandonsInsteadOfDeadLettering(t *testing.T) {
	for _, tc := range []struct {
		name   string
		script []any
		stop   func(p *Processor)
	}{
		{"between attempts", []any{errFakeTransient}, func(p *Processor) { p.stopRunning() }},
		{"in a pause", []any{errFakePause}, func(p *Processor) { p.stopRunning() }},
		{"in the handler's call", []any{errors.New("context canceled, in the CRM client's words")}, func(p *Processor) { p.cancelWork() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &scriptedHandler{script: tc.script}
			p, _ := chainFor(t, h, Config{RetryBackoff: time.Hour, PauseFor: time.Hour})
			tc.stop(p)
			_, err := p.handle(p.work, &Message{Record: &kgo.Record{}})
			if !errors.Is(err, errShutdown) {
				t.Fatalf("got %v, want errShutdown", err)
			}
		})
	}
}

// panicky panics in Prepare on the event "evt-3" and in Apply on "evt-5".
type panicky struct{ *fakeHandler }

func (h panicky) Prepare(ctx context.Context, r *kgo.Record) (Job, error) {
	j, err := h.fakeHandler.Prepare(ctx, r)
	if err == nil && j.Value.(fakeJob).e.EventID == "evt-3" {
		var m map[string]int
		m["x"]++ // a nil map: the kind of bug that panics
	}
	return j, err
}

func (h panicky) Apply(ctx context.Context, j Job) (*schemas.Outcome, error) {
	if j.Value.(fakeJob).e.EventID == "evt-5" {
		panic(fmt.Sprintf("bug applying %s", j.LaneKey))
	}
	return h.fakeHandler.Apply(ctx, j)
}

// TestAPanicIsADeadLetterAndThePipelineGoesOn: a panic in Prepare or Apply
// dead-letters its record as internal; every other record ends as an
// outcome, and the group commits to the end.
func TestAPanicIsADeadLetterAndThePipelineGoesOn(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		topics := setupTopics(t, c)
		group := kafkatest.Name(t, "g")
		var recs []*kgo.Record
		for i := range 40 {
			email := fmt.Sprintf("p%d@example.com", i)
			recs = append(recs, &kgo.Record{Key: []byte(email), Value: event(i, email)})
		}
		produce(t, c, topics.Events, recs...)
		d := newDone(len(recs))
		p, _ := start(t, c, Config{Topics: topics, Group: group, OnDone: d.on, Lanes: 4}, panicky{newFakeHandler()})
		waitDone(t, d, time.Minute)
		committedAtEnd(t, c, group, topics.Events)
		d.mu.Lock()
		defer d.mu.Unlock()
		want := map[int]string{3: "prepare", 5: "apply"}
		for i, r := range recs {
			dl := d.dead[at(r)]
			if stage, ok := want[i]; ok {
				if dl == nil || dl.Class != schemas.ClassInternal || dl.Stage != stage {
					t.Errorf("evt-%d: dead letter %v, want internal at %s", i, dl, stage)
				}
			} else if d.outcomes[at(r)] == nil {
				t.Errorf("evt-%d: no outcome (dead letter %v)", i, dl)
			}
		}
		if n := p.Stats().Panics; n != 2 {
			t.Errorf("%d panics counted, want 2", n)
		}
	})
}

// stopsMidCall is a handler whose call stops the processor, as a SIGTERM
// that arrives during a CRM call does, and then succeeds.
type stopsMidCall struct {
	scriptedHandler
	p *Processor
}

func (h *stopsMidCall) Apply(ctx context.Context, j Job) (*schemas.Outcome, error) {
	h.p.stopRunning()
	return h.scriptedHandler.Apply(ctx, j)
}

// TestACallThatFinishesDuringAShutdownKeepsItsOutcome: a shutdown lets the
// calls in hand finish, and what they did counts: an outcome is emitted, not
// thrown away for a replay (regression: the retry policy answered a stopped
// context with its error, discarding the attempt's result).
func TestACallThatFinishesDuringAShutdownKeepsItsOutcome(t *testing.T) {
	for _, tc := range []struct {
		name      string
		script    []any
		wantClass string
	}{
		{"a success", nil, ""},
		{"a permanent failure", []any{DeadLetter("upsert", schemas.ClassCRMRejected, errors.New("400"))}, schemas.ClassCRMRejected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &stopsMidCall{scriptedHandler: scriptedHandler{script: tc.script}}
			p, _ := chainFor(t, h, Config{})
			h.p = p
			out, err := p.handle(p.work, &Message{Record: &kgo.Record{}})
			var dl *DeadLetterError
			switch {
			case tc.wantClass == "" && (err != nil || out == nil):
				t.Fatalf("got %v, %v; want the outcome", out, err)
			case tc.wantClass != "" && (!errors.As(err, &dl) || dl.Class != tc.wantClass):
				t.Fatalf("got %v, %v; want a %s dead letter", out, err, tc.wantClass)
			}
		})
	}
}
