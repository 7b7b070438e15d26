package processor

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Processor consumes the input topic in a consumer group, runs every record
// through a Handler on identity-keyed lanes, emits one outcome or dead letter
// per record, and commits only the contiguous offsets whose effects (CRM
// write, outcome or DLQ produce) are complete. See doc.go for the rules.
type Processor struct {
	cfg   Config
	h     Handler
	cl    *kgo.Client
	track *tracker
	gate  *gate
	stats stats

	lanes []chan laneJob
	// assigner gives jobs their lanes (assign.go).
	assigner *laneAssigner
	// inHand counts the jobs polled and not finished by their lanes
	// (Config.MaxInFlight); room is signalled when one finishes.
	inHand atomic.Int64
	room   chan struct{}
	parked parked
	// parkLog persists parked in the parked topic and follows it.
	parkLog *parkedLog
	wg      sync.WaitGroup

	// running ends when Run's context does, when Run fails, or when it
	// shuts down: it bounds the waits of the parked topic's follower.
	running     context.Context
	stopRunning context.CancelFunc
	// started is closed once Run has loaded the parked set.
	started chan struct{}

	// work is the context of handler calls: it outlives the Run context
	// for part of ShutdownTimeout, so that a shutdown finishes the work in
	// hand (shutdown.go).
	work       context.Context
	cancelWork context.CancelFunc
	// producing is the context of produces (produceCtx); closing holds
	// the shutdown's deadline once it began (drainTimeout).
	producing     context.Context
	stopProducing context.CancelFunc
	closing       atomic.Pointer[time.Time]
	// handle is the handler's Apply wrapped in the middleware chain.
	handle    HandlerFunc
	fatalOnce sync.Once
	fatal     chan error
}

type laneJob struct {
	rec *kgo.Record
	job Job
	// at is the job's lane and the earlier jobs of its keys it waits for
	// (laneAssigner).
	at placement
}

// recordKeyLane is the assigner's key of a record's Kafka key, apart from
// the identities (Job.LaneKey) that the handler names.
const recordKeyLane = "record-key:"

// errShutdown: a record abandoned at shutdown, neither emitted nor marked; it
// is replayed by whoever consumes the partition next.
var errShutdown = errors.New("processor shutting down")

// New returns a Processor; Run starts it.
func New(cfg Config, h Handler) (*Processor, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	p := &Processor{cfg: cfg, h: h, gate: newGate(), fatal: make(chan error, 1),
		started: make(chan struct{}), room: make(chan struct{}, 1)}
	p.parked.keys = make(map[string]parkEntry)
	p.running, p.stopRunning = context.WithCancel(context.Background())
	p.track = newTracker(p.running)
	p.work, p.cancelWork = context.WithCancel(context.Background())
	p.producing, p.stopProducing = context.WithCancel(context.Background())
	p.handle = p.chain()
	var self [8]byte
	_, _ = rand.Read(self[:])
	parkLog, err := newParkedLog(&p.cfg, &p.parked, hex.EncodeToString(self[:]))
	if err != nil {
		return nil, err
	}
	p.parkLog = parkLog
	opts := append([]kgo.Opt{
		kgo.SeedBrokers(cfg.Brokers...),
		kgo.ConsumerGroup(cfg.Group),
		kgo.ConsumeTopics(cfg.Topics.Events),
		kgo.Balancers(kgo.CooperativeStickyBalancer()),
		kgo.ConsumeStartOffset(kgo.NewOffset().AtStart()),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.BlockRebalanceOnPoll(),
		kgo.AutoCommitMarks(),
		kgo.AutoCommitInterval(cfg.CommitInterval),
		kgo.OnPartitionsAssigned(p.assigned),
		kgo.OnPartitionsRevoked(p.revoked),
		kgo.OnPartitionsLost(p.lost),
		kgo.SessionTimeout(cfg.SessionTimeout),
		kgo.RebalanceTimeout(cfg.RebalanceTimeout),
		kgo.HeartbeatInterval(heartbeatInterval),
		kgo.FetchMaxWait(fetchMaxWait),
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.ProducerBatchMaxBytes(MaxRecordBytes),
		// contactgate reprocess copies dead letters back in transactions:
		// an aborted copy must not be applied.
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
	}, cfg.ClientOpts...)
	if cfg.InstanceID != "" {
		opts = append(opts, kgo.InstanceID(cfg.InstanceID))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		parkLog.close()
		return nil, fmt.Errorf("processor: kafka client: %w", err)
	}
	p.cl = cl
	return p, nil
}

// heartbeatInterval is how often the processor tells its group it is alive,
// and learns of a rebalance: every second (franz-go's default is 3 s), so
// that partitions move about as soon as a silent member's session ends.
const heartbeatInterval = time.Second

// fetchMaxWait bounds how long the broker holds a fetch that has no data
// (Kafka's default is 5 s): a partition newly assigned joins the next fetch
// only, so this delays the first records of a take-over.
const fetchMaxWait = time.Second

// pollWait bounds one poll, so that the loop notices pauses and shutdown.
const pollWait = 250 * time.Millisecond

// Run loads the parked set from the parked topic, then consumes until ctx
// ends or a produce fails for good, then shuts down within ShutdownTimeout:
// it finishes or abandons the work in hand, commits what is done and leaves
// the group (shutdown.go).
func (p *Processor) Run(ctx context.Context) error {
	defer p.cancelWork()
	defer context.AfterFunc(ctx, p.stopRunning)()
	following := make(chan struct{})
	go func() { defer close(following); p.parkLog.run(p.running) }()
	defer func() { p.stopRunning(); <-following; p.parkLog.close() }()
	loading := time.Now()
	if err := p.parkLog.catchUp(p.running); err != nil {
		if ctx.Err() != nil {
			err = nil // stopped before it started: not a failure
		}
		return errors.Join(err, p.shutdown())
	}
	p.cfg.Logger.Info("processor: parked keys loaded", "topic", p.cfg.Topics.Parked, "keys", p.parked.len(),
		"took", time.Since(loading).Round(time.Millisecond))
	close(p.started)
	p.startLanes()

	var runErr error
	paused := false
	// pending are polled records, prepared, that their lanes had no room
	// for yet: the loop polls again only once they are queued, and in the
	// meantime lets rebalances go on.
	var pending []laneJob
	for runErr == nil && ctx.Err() == nil {
		if closed := p.gate.isClosed(); closed != paused {
			if closed {
				p.cl.PauseFetchTopics(p.cfg.Topics.Events)
				p.cfg.Logger.Warn("processor: CRM unavailable, consumption paused")
			} else {
				p.cl.ResumeFetchTopics(p.cfg.Topics.Events)
				p.cfg.Logger.Info("processor: consumption resumed")
			}
			paused = closed
		}
		if room := min(p.cfg.MaxPollRecords, p.cfg.MaxInFlight-int(p.inHand.Load())); len(pending) == 0 && room <= 0 {
			// As many jobs in hand as allowed: wait for one to finish,
			// letting rebalances go on, rather than pile up records in the
			// lane queues while the CRM (a rate limit, a slow batch) holds
			// the lanes up. A crash replays what is in hand.
			p.waitRoom(ctx)
		} else if len(pending) == 0 {
			pollCtx, cancel := context.WithTimeout(ctx, pollWait)
			fetches := p.cl.PollRecords(pollCtx, room)
			cancel()
			if fetches.IsClientClosed() {
				break
			}
			fetches.EachError(func(topic string, partition int32, err error) {
				if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
					p.cfg.Logger.Warn("processor: fetch", "topic", topic, "partition", partition, "error", err)
				}
			})
			fetches.EachRecord(func(r *kgo.Record) { pending = p.prepareRecord(r, pending) })
		}
		pending = p.dispatch(pending, time.Now().Add(pollWait))
		p.cl.AllowRebalance()
		p.cl.MarkCommitOffsets(p.track.marks())
		select {
		case runErr = <-p.fatal:
		default:
		}
	}
	return errors.Join(runErr, p.shutdown())
}

// waitRoom waits until a lane finishes a job, Run's context ends, or
// pollWait passes.
func (p *Processor) waitRoom(ctx context.Context) {
	t := time.NewTimer(pollWait)
	defer t.Stop()
	select {
	case <-p.room:
	case <-ctx.Done():
	case <-t.C:
	}
}

// fail stops Run: a produce that failed after the client's retries means the
// broker cannot take our outcomes, and nothing after it may be committed.
func (p *Processor) fail(err error) {
	p.fatalOnce.Do(func() { p.fatal <- err })
	p.stopRunning()
}

func (p *Processor) startLanes() {
	p.lanes = make([]chan laneJob, p.cfg.Lanes)
	p.assigner = newLaneAssigner(p.cfg.Lanes)
	for i := range p.lanes {
		ch := make(chan laneJob, p.cfg.LaneQueue)
		p.lanes[i] = ch
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for lj := range ch {
				p.runJob(lj)
				p.assigner.done(lj.at)
				p.inHand.Add(-1)
				select {
				case p.room <- struct{}{}:
				default:
				}
			}
		}()
	}
}

// prepareRecord tracks a polled record and prepares it; it returns pending
// with the record's job appended, or dead-letters the record when Prepare
// refuses it. A record polled after the processor began to stop is left to
// be replayed: it is tracked, never begun, so no offset at or past it is
// committed.
func (p *Processor) prepareRecord(r *kgo.Record, pending []laneJob) []laneJob {
	p.track.add(r)
	if p.running.Err() != nil {
		return pending
	}
	p.stats.consumed.Add(1)
	job, err := p.prepare(p.work, r)
	if reason, ok := skipReason(err); ok {
		if _, ok := p.track.begin(r); ok {
			p.skip(r, reason)
		}
		return pending
	}
	if err != nil {
		if p.work.Err() != nil {
			return pending
		}
		if _, ok := p.track.begin(r); ok {
			p.deadLetter(r, asDeadLetter("decode", err), 1)
		}
		return pending
	}
	var recordKey string
	if len(r.Key) > 0 {
		recordKey = recordKeyLane + string(r.Key)
	}
	p.inHand.Add(1)
	return append(pending, laneJob{rec: r, job: job, at: p.assigner.assign(job.LaneKey, recordKey)})
}

// dispatch queues the pending jobs on their lanes, in order, and returns
// those it could not queue before deadline because a lane was full
// (back-pressure): the poll loop then lets a rebalance go on and tries
// again, instead of holding the group up for as long as a slow CRM keeps
// the lane full. It returns nothing once the processor stops: the jobs not
// queued are left to be replayed. A job queued after its partition was
// revoked or lost is dropped by its lane (tracker.begin).
func (p *Processor) dispatch(pending []laneJob, deadline time.Time) []laneJob {
	var timeout <-chan time.Time
	for i, lj := range pending {
		select {
		case p.lanes[lj.at.lane] <- lj:
			continue
		default:
		}
		if timeout == nil {
			t := time.NewTimer(time.Until(deadline))
			defer t.Stop()
			timeout = t.C
		}
		select {
		case p.lanes[lj.at.lane] <- lj:
		case <-timeout:
			return pending[i:]
		case <-p.running.Done():
			return nil
		}
	}
	return pending[:0]
}

// runJob applies one job and emits its outcome or dead letter, with the
// parked-topic records of what it parked or unparked (side): the record is
// done only once they are acknowledged too. A job dequeued after the
// processor began to stop is left to be replayed.
func (p *Processor) runJob(lj laneJob) {
	for _, earlier := range lj.at.after {
		select {
		case <-earlier: // an earlier job of one of its keys, on another lane
		case <-p.running.Done():
		}
	}
	if p.running.Err() != nil {
		return // stopping: replayed by the partition's next owner
	}
	waits, ok := p.track.begin(lj.rec)
	if !ok {
		return // revoked or lost: the next owner replays it
	}
	key, round, at := lj.job.LaneKey, reprocessRound(lj.rec), position(lj.rec)
	if e, ok := p.parked.get(key); ok && e.From == at {
		// This very record parked its key and is replayed (its offset was
		// not committed before a crash, a shutdown or a lost partition).
		// Its park is written only once its dead letter is acknowledged
		// (deadLetter), so the dead letter is in the DLQ: applying it
		// again would end it as an outcome too, and leave its identity
		// parked behind a dead letter whose cause is gone.
		p.cfg.Logger.Info("processor: replayed record already dead-lettered", "topic", lj.rec.Topic,
			"partition", lj.rec.Partition, "offset", lj.rec.Offset)
		p.track.done(lj.rec)
		return
	}
	var side []*kgo.Record
	parkedBy, _ := p.parked.get(key)
	unparked := round > 0 && p.parked.unpark(key, round)
	if unparked {
		// An operator sent this identity's dead letters back: its events
		// flow again, in order behind this one on the lane, unless a copy
		// of this same round failed again and parked it.
		side = append(side, p.parkLog.record(key, nil))
	}
	if _, ok := p.parked.get(key); ok {
		p.deadLetter(lj.rec, &DeadLetterError{Stage: "resolve", Class: schemas.ClassParked,
			Err: errors.New("an earlier event of this identity is in the dead-letter topic; reprocess it first")}, 0, side...)
		return
	}
	m := &Message{Record: lj.rec, Job: lj.job, waits: waits}
	out, err := p.handle(p.work, m)
	switch {
	case errors.Is(err, errShutdown) || err != nil && p.work.Err() != nil:
		// Stopping, or the partition was revoked: not even an unpark is
		// written, and the key is parked again here as it still is on the
		// parked topic; the next owner replays the record and unparks the
		// key itself.
		if unparked {
			p.parked.restore(key, parkedBy)
		}
		p.track.abandon(lj.rec)
	case isSkip(err):
		// A record decoded late (the registry was down in Prepare) that
		// holds nothing to apply.
		reason, _ := skipReason(err)
		p.skip(lj.rec, reason, side...)
	case err != nil:
		dl := asDeadLetter("upsert", err)
		if dl.Class != schemas.ClassValidation {
			// A record invalid in itself parks nothing, as none does
			// that Prepare finds invalid: it cannot be applied as it is
			// (or, as a full name alone, found nothing to apply to), and
			// the identity's later events do not depend on it.
			if e, parks := p.parked.park(key, round, at); parks {
				side = append(side, p.parkLog.record(key, &e))
			}
		}
		p.deadLetter(lj.rec, dl, m.Attempts, side...)
	default:
		p.emit(lj.rec, out, side...)
	}
}
