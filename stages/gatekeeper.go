package stages

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/batch"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Gatekeeper is the processor.Handler of contactgate run: it composes the
// stages in the order of doc.go. It is safe for concurrent use, as the
// processor's lanes require.
type Gatekeeper struct {
	cfg    Config
	caps   connectors.Capabilities // the CRM's, as it declares them
	ix     identityIndex
	match  match.Options
	scorer *match.Scorer
	// terms are the term frequencies the scorer weighs exact agreements
	// by (terms.go).
	terms *termCounts
	// recency are the stream's statistics of time between events
	// (recencyStats); nil when the model turns them off.
	recency *recencyStats
	// sourceIDs are the stream's statistics of sources that give one
	// person two ids (sourceIDStats); nil when the model turns them off.
	sourceIDs *sourceIDStats
	started   time.Time // when New made it (Config.Now)
	made      madeHere  // records this gatekeeper created lately (Reconcile)
	locks     recordLocks
	// batcher coalesces the CRM calls of concurrent attempts; each attempt
	// is a batch.Caller of it.
	batcher *batch.Batcher
	// props are the CRM's contact property definitions (properties.go).
	props *propertyCatalog

	// attempts are the attempts in Apply, for claim conflicts to wait on
	// (claimwait.go).
	attempts attemptRegistry

	// merges counts the bridge merges done in the CRM (Merges).
	merges    atomic.Int64
	journalMu sync.Mutex // serializes Config.MergeJournal's appends

	prepare []prepareStage
	apply   []applyStage

	// testHookBeforeHold, when set (by tests only), runs between resolve's
	// lookup and the lock of the record it found: where another lane's
	// attempt may change the record.
	testHookBeforeHold func(*attempt)
}

var _ processor.Handler = (*Gatekeeper)(nil)

// New returns a Gatekeeper. Call Recover before the processor runs.
func New(cfg Config) (*Gatekeeper, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	terms := newTermCounts()
	scorer, err := match.NewScorer(*cfg.Model, terms)
	if err != nil {
		return nil, fmt.Errorf("stages config: %w", err)
	}
	batcher, err := batch.New(cfg.CRM, batch.WithSize(cfg.BatchSize), batch.WithLinger(cfg.BatchLinger),
		batch.WithKeyProperty(cfg.KeyProperty), batch.WithSearchCap(maxCandidates), batch.WithLogger(cfg.Logger))
	if err != nil {
		return nil, fmt.Errorf("stages config: %w", err)
	}
	g := &Gatekeeper{cfg: cfg, caps: connectors.CapabilitiesOf(cfg.CRM), ix: cfg.Index, match: match.Options{DefaultRegion: cfg.DefaultRegion}, scorer: scorer,
		terms: terms, batcher: batcher}
	g.started = cfg.Now()
	if !cfg.Model.RecencyOff {
		g.recency = newRecencyStats(terms.records)
		g.scorer = scorer.WithRecency(g.recency)
	}
	if !cfg.Model.SourceIDsOff {
		g.sourceIDs = newSourceIDStats()
	}
	g.props = newPropertyCatalog(cfg.CRM, cfg.Now, cfg.Logger)
	g.prepare = []prepareStage{g.decode, g.validate, g.normalize}
	g.apply = []applyStage{
		withStage(stageResolve, g.resolve),
		withStage(stageResolve, g.bridge),
		withStage(stageMerge, g.merge),
		withStage(stageUpsert, g.upsert),
		withStage(stageUpsert, g.explain),
		withStage(stageUpsert, g.record),
	}
	return g, nil
}

// Prepare decodes, validates and normalizes a record; it never calls the CRM
// or the index. Its errors are *processor.DeadLetterError.
//
// A record that cannot be decoded now because the schema registry does not
// answer is not dead-lettered: Prepare cannot be retried, so it hands the
// record to Apply undecoded, on a lane of its Kafka key, and Apply decodes it
// again; until the registry answers, Apply's error is retryable. Such a
// record may be applied out of order with events of the same person on
// other lanes; precedence (an older value never replaces a newer one from
// an equal source) limits what that can change.
func (g *Gatekeeper) Prepare(ctx context.Context, r *kgo.Record) (processor.Job, error) {
	ev := &event{value: r.Value, timestamp: r.Timestamp, input: inputPosition{r.Topic, r.Partition, r.Offset}}
	err := g.runPrepare(ctx, ev)
	var dl *processor.DeadLetterError
	switch {
	case err == nil:
		return processor.Job{LaneKey: ev.lane, Value: ev}, nil
	case !errors.As(err, &dl) && errors.Is(err, schemas.ErrRegistryUnavailable):
		g.cfg.Logger.Warn("stages: schema registry unavailable, decoding deferred", "topic", r.Topic, "partition", r.Partition, "offset", r.Offset)
		return processor.Job{LaneKey: laneUndecoded + string(r.Key), Value: ev}, nil
	}
	return processor.Job{}, err
}

func (g *Gatekeeper) runPrepare(ctx context.Context, ev *event) error {
	for _, s := range g.prepare {
		if err := s(ctx, ev); err != nil {
			if ev.ignore != nil {
				// A deleted row that makes no valid event names no record
				// either: nothing to apply, and no dead letter.
				return ev.ignore
			}
			return err
		}
	}
	return nil
}

// Apply resolves, merges and upserts a prepared event and records it in the
// identity index; see doc.go for the order and the errors.
func (g *Gatekeeper) Apply(ctx context.Context, job processor.Job) (*schemas.Outcome, error) {
	ev, ok := job.Value.(*event)
	if !ok {
		return nil, processor.DeadLetter(stageResolve, schemas.ClassInternal, fmt.Errorf("job value is %T, not a prepared event", job.Value))
	}
	if !ev.decoded {
		if err := g.runPrepare(ctx, ev); err != nil {
			return nil, redact(ev, err)
		}
	}
	if ev.ignore != nil {
		return g.ignored(ev)
	}
	var out *schemas.Outcome
	err := g.attempts.untilClaimReleased(ctx, ev.ce.EventID, func() (err error) {
		if p := ev.pending; p != nil {
			// The CRM holds the event's write: only the index write is left.
			if err := g.ix.Apply(p.write); err != nil {
				return fmt.Errorf("%s: %w", stageUpsert, indexError("write record "+p.write.Record.ID, err))
			}
			if p.outcome.Action == schemas.ActionCreated {
				g.countWrite(state.Record{}, false, p.write) // an update's earlier values are not known here
			}
			o := p.outcome
			out = &o
			return nil
		}
		out, err = g.applyOnce(ctx, ev)
		return err
	})
	if err != nil {
		return nil, redact(ev, err)
	}
	return out, nil
}

// applyOnce is one attempt of Apply's stages; its error is not redacted.
func (g *Gatekeeper) applyOnce(ctx context.Context, ev *event) (*schemas.Outcome, error) {
	a := &attempt{ev: ev, caller: g.batcher.Enter()}
	defer a.caller.Leave()
	defer a.release()
	for _, s := range g.apply {
		if err := s(ctx, a); err != nil {
			g.abandon(a)
			return nil, err
		}
	}
	rec := a.base // a replay: the record as the index holds it
	if a.write != nil {
		rec = a.write.Record
	}
	rec.ID = a.recordID
	out := g.outcome(a, &rec)
	g.cfg.Logger.Debug("stages: applied", "event_id", ev.ce.EventID, "record_id", out.RecordID,
		"action", out.Action, "matched_by", out.MatchedBy, "score", out.Score)
	return &out, nil
}

// recordLocks serialize the attempts that work on one record, from the index
// read that merge weighs the event against to the index write, so that two
// lanes never lose each other's update. Striped: records that share a
// stripe wait for each other, which costs little. An attempt holds at most
// one stripe at a time, so they cannot deadlock.
//
// A bridge merge takes its second record's stripe without waiting
// (tryLock) and leaves the two records apart when it is held: with
// hundreds of attempts in flight, 1,024 stripes made a quarter of them
// busy with other records, and a bridge found its record's stripe taken
// about 30 times in a 10,000-event backlog (the demo's messy seed 1), 6
// pairs of them never linked again. 65,536 stripes (512 KiB) leave a
// bridge waiting only on its own record's attempts.
type recordLocks struct {
	stripes [1 << 16]sync.Mutex
}

// idler is what lock tells when it waits: an attempt's batch.Caller, which
// holds no batch back meanwhile.
type idler interface {
	// Idle runs wait as time in which the caller cannot call the CRM.
	Idle(wait func())
}

var _ idler = (*batch.Caller)(nil)

// lock locks record id's stripe; when it has to wait, it waits through
// w.Idle (nil: a caller outside an attempt, which no batch waits for).
func (l *recordLocks) lock(id string, w idler) func() {
	m := l.stripe(id)
	if !m.TryLock() {
		if w != nil {
			w.Idle(m.Lock)
		} else {
			m.Lock()
		}
	}
	return m.Unlock
}

// tryLock locks record id's stripe without waiting, for an attempt that
// holds record held's stripe already (a bridge merge): it never waits while
// holding a stripe, so attempts cannot deadlock. When both share a stripe,
// the attempt holds it already and the unlock does nothing.
func (l *recordLocks) tryLock(id, held string) (unlock func(), ok bool) {
	m := l.stripe(id)
	if m == l.stripe(held) {
		return func() {}, true
	}
	if !m.TryLock() {
		return nil, false
	}
	return m.Unlock, true
}

func (l *recordLocks) stripe(id string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(id))
	return &l.stripes[h.Sum32()%uint32(len(l.stripes))]
}

// Merges returns how many bridge merges the Gatekeeper has done in the CRM.
func (g *Gatekeeper) Merges() int64 { return g.merges.Load() }
