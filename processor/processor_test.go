package processor

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// fakeHandler decodes JSON events, keys lanes by e-mail, and "applies" an
// event by returning an outcome whose record id is the e-mail. fail decides,
// per event and attempt, an error to return instead.
type fakeHandler struct {
	dec  *schemas.Decoder
	fail func(ctx context.Context, e schemas.ContactEvent, attempt int) error

	mu       sync.Mutex
	attempts map[string]int
	applied  map[string][]int64 // offsets applied per e-mail, in order
}

var (
	errFakePause     = errors.New("fake: CRM unavailable")
	errFakeTransient = errors.New("fake: 503")
)

func newFakeHandler() *fakeHandler {
	return &fakeHandler{dec: schemas.NewDecoder(nil), attempts: map[string]int{}, applied: map[string][]int64{}}
}

type fakeJob struct {
	e      schemas.ContactEvent
	offset int64
}

func (h *fakeHandler) Prepare(ctx context.Context, r *kgo.Record) (Job, error) {
	e, err := h.dec.ContactEvent(ctx, r.Value)
	if err != nil {
		return Job{}, DeadLetter("decode", schemas.ClassDecode, err)
	}
	if e.Email == "" {
		return Job{}, DeadLetter("validate", schemas.ClassValidation, errors.New("no identifier"))
	}
	return Job{LaneKey: e.Email, Value: fakeJob{e, r.Offset}}, nil
}

func (h *fakeHandler) Apply(ctx context.Context, j Job) (*schemas.Outcome, error) {
	fj := j.Value.(fakeJob)
	h.mu.Lock()
	h.attempts[fj.e.EventID]++
	attempt := h.attempts[fj.e.EventID]
	h.mu.Unlock()
	if h.fail != nil {
		if err := h.fail(ctx, fj.e, attempt); err != nil {
			return nil, err
		}
	}
	h.mu.Lock()
	h.applied[fj.e.Email] = append(h.applied[fj.e.Email], fj.offset)
	h.mu.Unlock()
	return &schemas.Outcome{RecordID: fj.e.Email, EventID: fj.e.EventID, Source: fj.e.Source,
		Action: schemas.ActionCreated, MatchedBy: schemas.MatchedByNone}, nil
}

func (h *fakeHandler) Retryable(err error) bool { return errors.Is(err, errFakeTransient) }
func (h *fakeHandler) Pause(err error) bool     { return errors.Is(err, errFakePause) }

// done collects OnDone calls by event offset.
type done struct {
	mu       sync.Mutex
	outcomes map[int64]*schemas.Outcome
	dead     map[int64]*DeadLetterError
	count    map[int64]int
	total    chan struct{}
	want     int
}

func newDone(want int) *done {
	return &done{outcomes: map[int64]*schemas.Outcome{}, dead: map[int64]*DeadLetterError{},
		count: map[int64]int{}, total: make(chan struct{}), want: want}
}

func (d *done) on(r *kgo.Record, out *schemas.Outcome, dl *DeadLetterError) {
	d.mu.Lock()
	defer d.mu.Unlock()
	key := int64(r.Partition)<<40 | r.Offset
	if out != nil {
		d.outcomes[key] = out
	} else {
		d.dead[key] = dl
	}
	d.count[key]++
	if len(d.count) == d.want {
		close(d.total)
	}
}

func event(i int, email string) []byte {
	e := schemas.ContactEvent{EventID: "evt-" + strconv.Itoa(i), Source: "web_form",
		OccurredAt: time.Date(2026, 3, 1, 0, 0, i, 0, time.UTC), Email: email}
	b, err := schemas.AppendContactEventWire(nil, schemas.EmbeddedContactEventID, &e)
	if err != nil {
		panic(err)
	}
	return b
}

func produce(t *testing.T, c *kafkatest.Cluster, topic string, recs ...*kgo.Record) {
	t.Helper()
	cl := c.Client(t, kgo.DefaultProduceTopic(topic))
	if err := cl.ProduceSync(t.Context(), recs...).FirstErr(); err != nil {
		t.Fatalf("produce: %v", err)
	}
}

// start runs a processor until the test ends or stop is called.
func start(t *testing.T, c *kafkatest.Cluster, cfg Config, h Handler) (p *Processor, stop func() error) {
	t.Helper()
	cfg.Brokers = c.Brokers
	if cfg.RetryBackoff == 0 {
		cfg.RetryBackoff = 5 * time.Millisecond
	}
	p, err := New(cfg, h)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- p.Run(ctx) }()
	var once sync.Once
	var runErr error
	stop = func() error {
		once.Do(func() { cancel(); runErr = <-errc })
		return runErr
	}
	t.Cleanup(func() { _ = stop() })
	return p, stop
}

func waitDone(t *testing.T, d *done, within time.Duration) {
	t.Helper()
	select {
	case <-d.total:
	case <-time.After(within):
		d.mu.Lock()
		defer d.mu.Unlock()
		t.Fatalf("%d of %d records done after %s", len(d.count), d.want, within)
	}
}

func committedAtEnd(t *testing.T, c *kafkatest.Cluster, group, topic string) {
	t.Helper()
	ctx := kafkatest.Context(t, 30*time.Second)
	adm := c.Admin(t)
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		offsets, err := adm.FetchOffsets(ctx, group)
		if err != nil {
			t.Fatal(err)
		}
		behind := ""
		ends.Each(func(end kadm.ListedOffset) {
			got, _ := offsets.Lookup(end.Topic, end.Partition)
			if end.Offset > 0 && got.At != end.Offset {
				behind += fmt.Sprintf(" p%d: committed %d, end %d;", end.Partition, got.At, end.Offset)
			}
		})
		if behind == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("commits behind:%s", behind)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
