package processor

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// emit produces the outcome of r, keyed by record id on the compacted
// outcome topic, and marks r done once the broker acknowledged it.
func (p *Processor) emit(r *kgo.Record, out *schemas.Outcome) {
	out.Input = schemas.InputPosition{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset}
	if out.ProcessedAt.IsZero() {
		out.ProcessedAt = p.cfg.Now().UTC()
	}
	value, err := schemas.AppendOutcomeWire(nil, p.cfg.OutcomeSchemaID, out)
	if err != nil {
		p.deadLetter(r, &DeadLetterError{Stage: "emit", Class: schemas.ClassInternal, Err: err}, 1)
		return
	}
	rec := &kgo.Record{Topic: p.cfg.Topics.Outcomes, Key: []byte(out.RecordID), Value: value}
	p.cl.Produce(p.work, rec, func(_ *kgo.Record, err error) {
		if err != nil {
			p.track.abandon(r)
			p.fail(err)
			return
		}
		if p.track.done(r) {
			p.stats.outcomes.Add(1)
			p.notify(r, out, nil)
		}
	})
}

// deadLetter produces r to the DLQ with its error headers and marks it done
// once acknowledged.
func (p *Processor) deadLetter(r *kgo.Record, dl *DeadLetterError, attempts int) {
	p.cfg.Logger.Info("processor: dead letter", "topic", r.Topic, "partition", r.Partition,
		"offset", r.Offset, "stage", dl.Stage, "class", dl.Class)
	rec := deadLetterRecord(r, dl, attempts, p.cfg.Group, p.cfg.Topics.DLQ, p.cfg.Now())
	p.produceDeadLetter(r, dl, rec)
}

// produceDeadLetter writes rec, the dead letter of r. A dead letter the
// client or the broker refuses as too large (an input topic that takes
// larger records than the DLQ) is written again without its value, with
// contactgate.error.value_dropped giving the value's size: the pipeline
// goes on, and the dead letter still says where the record is.
func (p *Processor) produceDeadLetter(r *kgo.Record, dl *DeadLetterError, rec *kgo.Record) {
	p.cl.Produce(p.work, rec, func(rec *kgo.Record, err error) {
		if errors.Is(err, kerr.MessageTooLarge) && rec.Value != nil {
			p.cfg.Logger.Warn("processor: dead letter too large for the DLQ, written without its value",
				"topic", r.Topic, "partition", r.Partition, "offset", r.Offset, "value_bytes", len(rec.Value))
			rec.Headers = append(rec.Headers, kgo.RecordHeader{Key: schemas.HeaderErrorValueDropped, Value: []byte(strconv.Itoa(len(rec.Value)))})
			rec.Value = nil
			p.produceDeadLetter(r, dl, rec)
			return
		}
		if err != nil {
			p.track.abandon(r)
			p.fail(err)
			return
		}
		if p.track.done(r) {
			p.stats.deadLetter(dl.Class)
			p.notify(r, nil, dl)
		}
	})
}

func (p *Processor) notify(r *kgo.Record, out *schemas.Outcome, dl *DeadLetterError) {
	if p.cfg.OnDone != nil {
		p.cfg.OnDone(r, out, dl)
	}
}

// revoked drains the revoked partitions' in-flight records and commits
// them before another member takes over.
func (p *Processor) revoked(ctx context.Context, cl *kgo.Client, parts map[string][]int32) {
	if !p.track.revoke(parts, p.cfg.DrainTimeout) {
		p.cfg.Logger.Warn("processor: revoked partitions did not drain; their unfinished records will be replayed")
	}
	cl.MarkCommitOffsets(p.track.marks())
	if err := cl.CommitMarkedOffsets(ctx); err != nil {
		p.cfg.Logger.Warn("processor: commit on revoke", "error", err)
	}
	p.track.forget(parts)
}

// lost forgets partitions taken away without a chance to commit.
func (p *Processor) lost(_ context.Context, _ *kgo.Client, parts map[string][]int32) {
	p.track.forget(parts)
}

// Stats are the processor's counters since it started.
type Stats struct {
	Consumed     int64
	Outcomes     int64
	DeadLettered map[string]int64 // by error class
	Pauses       int
	// Paused is true while consumption is paused for the CRM.
	Paused bool
}

type stats struct {
	consumed, outcomes atomic.Int64
	mu                 sync.Mutex
	dead               map[string]int64
}

func (s *stats) deadLetter(class string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dead == nil {
		s.dead = make(map[string]int64)
	}
	s.dead[class]++
}

// Stats returns a snapshot of the counters.
func (p *Processor) Stats() Stats {
	p.stats.mu.Lock()
	dead := make(map[string]int64, len(p.stats.dead))
	for k, v := range p.stats.dead {
		dead[k] = v
	}
	p.stats.mu.Unlock()
	p.gate.mu.Lock()
	pauses, paused := p.gate.pauses, !p.gate.until.IsZero()
	p.gate.mu.Unlock()
	return Stats{Consumed: p.stats.consumed.Load(), Outcomes: p.stats.outcomes.Load(), DeadLettered: dead, Pauses: pauses, Paused: paused}
}

// parked holds the identities with an event in the DLQ: their later events
// follow it there, so that order per identity survives until an operator
// reprocesses them. Each key keeps the reprocess round (reprocessRound) of
// the record whose failure parked it: a reprocessed record of a later round
// unparks it (runJob), one of the same round does not, because it follows a
// copy that failed again. It lives in memory (a restart forgets it).
type parked struct {
	mu   sync.Mutex
	keys map[string]int // lane key → round of the record that parked it
}

// park parks key by a failed record of round.
func (s *parked) park(key string, round int) {
	if key == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := s.keys[key]; !ok || round > prev {
		s.keys[key] = round
	}
}

// unpark unparks key for a reprocessed record of round, unless a record of
// that round or a later one parked it.
func (s *parked) unpark(key string, round int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := s.keys[key]; ok && prev < round {
		delete(s.keys, key)
	}
}

func (s *parked) has(key string) bool {
	if key == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.keys[key]
	return ok
}

// reprocessRound is 0 for an original record, else the copy count that
// `contactgate reprocess` wrote in HeaderReprocessAttempts (1 for the first
// copy of a dead letter; a dead letter of a copy keeps the count, so its
// own copy is of the next round). A header that is not a positive count
// reads as 1.
func reprocessRound(r *kgo.Record) int {
	for _, h := range r.Headers {
		if h.Key == schemas.HeaderReprocessAttempts {
			if n, err := strconv.Atoi(string(h.Value)); err == nil && n > 0 {
				return n
			}
			return 1
		}
	}
	return 0
}
