package processor

import (
	"errors"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// emit produces the outcome of r, keyed by record id on the compacted
// outcome topic, a tombstone for each record it merged away (their keys
// leave the compacted topic; the survivor's identifiers.merged_ids keep
// the redirects), and the parked-topic records of its job (side), and
// marks r done once the broker acknowledged them all.
func (p *Processor) emit(r *kgo.Record, out *schemas.Outcome, side ...*kgo.Record) {
	out.Input = schemas.InputPosition{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset}
	if out.ProcessedAt.IsZero() {
		out.ProcessedAt = p.cfg.Now().UTC()
	}
	value, err := schemas.AppendOutcomeWire(nil, p.cfg.OutcomeSchemaID, out)
	if err != nil {
		p.deadLetter(r, &DeadLetterError{Stage: "emit", Class: schemas.ClassInternal, Err: err}, 1, side...)
		return
	}
	merged := MergedAway(out)
	c := p.complete(r, 1+len(merged)+len(side), func() {
		p.stats.outcomes.Add(1)
		p.notify(r, out, nil)
	})
	p.produceSide(c, side)
	rec := &kgo.Record{Topic: p.cfg.Topics.Outcomes, Key: []byte(out.RecordID), Value: value}
	p.cl.Produce(p.produceCtx(), rec, func(_ *kgo.Record, err error) { c.ack(err) })
	for _, id := range merged {
		tomb := &kgo.Record{Topic: p.cfg.Topics.Outcomes, Key: []byte(id)}
		p.cl.Produce(p.produceCtx(), tomb, func(_ *kgo.Record, err error) { c.ack(err) })
	}
}

// MergedAway are the records an outcome's merge removed, each to get a
// tombstone on the compacted outcome topic: out.MergedIDs without empty
// ids and without the survivor's own (whose tombstone would delete it).
func MergedAway(out *schemas.Outcome) []string {
	return slices.DeleteFunc(slices.Clone(out.MergedIDs), func(id string) bool { return id == "" || id == out.RecordID })
}

// deadLetter produces r to the DLQ with its error headers, and the
// parked-topic records of its job (side), and marks r done once the broker
// acknowledged them all. When the job parks its key, the side records are
// written only after the dead letter is acknowledged, so that a park on the
// parked topic proves its record's dead letter is in the DLQ (runJob skips
// a replay of that record): the lane waits for that acknowledgement.
func (p *Processor) deadLetter(r *kgo.Record, dl *DeadLetterError, attempts int, side ...*kgo.Record) {
	p.cfg.Logger.Info("processor: dead letter", "topic", r.Topic, "partition", r.Partition,
		"offset", r.Offset, "stage", dl.Stage, "class", dl.Class)
	c := p.complete(r, 1+len(side), func() {
		p.stats.deadLetter(dl.Class)
		p.notify(r, nil, dl)
	})
	rec := deadLetterRecord(r, dl, attempts, p.cfg.Group, p.cfg.Topics.DLQ, p.cfg.Now())
	if !parks(side) {
		p.produceSide(c, side)
		p.produceDeadLetter(c, r, rec, nil)
		return
	}
	acked := make(chan error, 1)
	p.produceDeadLetter(c, r, rec, func(err error) { acked <- err })
	if <-acked == nil {
		p.produceSide(c, side)
	}
}

// parks reports whether side holds a park (not only unparks).
func parks(side []*kgo.Record) bool {
	for _, rec := range side {
		if rec.Value != nil {
			return true
		}
	}
	return false
}

// produceDeadLetter writes rec, the dead letter of r, and calls then, when
// set, with the produce's final result. A dead letter the client or the
// broker refuses as too large (an input topic that takes larger records
// than the DLQ) is written again without its value, with
// contactgate.error.value_dropped giving the value's size: the pipeline
// goes on, and the dead letter still says where the record is.
func (p *Processor) produceDeadLetter(c *completion, r *kgo.Record, rec *kgo.Record, then func(error)) {
	p.cl.Produce(p.produceCtx(), rec, func(rec *kgo.Record, err error) {
		if errors.Is(err, kerr.MessageTooLarge) && rec.Value != nil {
			p.cfg.Logger.Warn("processor: dead letter too large for the DLQ, written without its value",
				"topic", r.Topic, "partition", r.Partition, "offset", r.Offset, "value_bytes", len(rec.Value))
			rec.Headers = append(rec.Headers, kgo.RecordHeader{Key: schemas.HeaderErrorValueDropped, Value: []byte(strconv.Itoa(len(rec.Value)))})
			rec.Value = nil
			p.produceDeadLetter(c, r, rec, then)
			return
		}
		c.ack(err)
		if then != nil {
			then(err)
		}
	})
}

// produceSide writes the parked-topic records of a job, in order: records
// of one key go to one partition, so the topic keeps their order.
func (p *Processor) produceSide(c *completion, side []*kgo.Record) {
	for _, rec := range side {
		p.cl.Produce(p.produceCtx(), rec, func(_ *kgo.Record, err error) { c.ack(err) })
	}
}

// completion marks a consumed record done once all the records produced for
// it are acknowledged (its outcome or dead letter, and its parked-topic
// records), or abandons it at the first that fails: a record is never
// committed ahead of its effects, a park in particular, so that a restart
// replays it rather than forget that its key is parked.
type completion struct {
	p       *Processor
	r       *kgo.Record
	pending atomic.Int32
	settled atomic.Bool
	// onDone runs once, after r is marked done.
	onDone func()
}

// complete returns the completion of r after n acknowledgements.
func (p *Processor) complete(r *kgo.Record, n int, onDone func()) *completion {
	c := &completion{p: p, r: r, onDone: onDone}
	c.pending.Store(int32(n))
	return c
}

// ack records the result of one produce; it is called from producer
// goroutines.
func (c *completion) ack(err error) {
	if err != nil {
		if c.settled.CompareAndSwap(false, true) {
			c.p.track.abandon(c.r)
			c.p.fail(err)
		}
		return
	}
	if c.pending.Add(-1) == 0 && c.settled.CompareAndSwap(false, true) && c.p.track.done(c.r) {
		c.onDone()
	}
}

func (p *Processor) notify(r *kgo.Record, out *schemas.Outcome, dl *DeadLetterError) {
	if p.cfg.OnDone != nil {
		p.cfg.OnDone(r, out, dl)
	}
}

// Stats are the processor's counters since it started.
type Stats struct {
	Consumed     int64
	Outcomes     int64
	DeadLettered map[string]int64 // by error class
	Pauses       int
	// Paused is true while consumption is paused for the CRM.
	Paused bool
	// Parked counts the lane keys parked now, by this instance or others.
	Parked int
	// Skipped counts records with nothing to apply (tombstones, CDC deletes).
	Skipped int64
	// Applied counts the jobs through the middleware chain; ApplyTime is
	// the time they took, pauses and retries included.
	Applied   int64
	ApplyTime time.Duration
	// Panics counts the panics of the handler recovered as internal dead
	// letters.
	Panics int64
}

type stats struct {
	consumed, outcomes          atomic.Int64
	applies, applyNanos, panics atomic.Int64
	skipped                     atomic.Int64
	mu                          sync.Mutex
	dead                        map[string]int64
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
	return Stats{Consumed: p.stats.consumed.Load(), Outcomes: p.stats.outcomes.Load(), DeadLettered: dead, Pauses: pauses, Paused: paused,
		Parked: p.parked.len(), Skipped: p.stats.skipped.Load(), Applied: p.stats.applies.Load(),
		ApplyTime: time.Duration(p.stats.applyNanos.Load()), Panics: p.stats.panics.Load()}
}
