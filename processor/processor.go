package processor

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
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

	lanes  []chan laneJob
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

	// work is the context of handler calls and produces: it outlives the
	// Run context by up to DrainTimeout, so that a shutdown finishes what
	// it started.
	work       context.Context
	cancelWork context.CancelFunc
	fatalOnce  sync.Once
	fatal      chan error
}

type laneJob struct {
	rec *kgo.Record
	job Job
}

// errShutdown: a record abandoned at shutdown, neither emitted nor marked; it
// is replayed by whoever consumes the partition next.
var errShutdown = errors.New("processor shutting down")

// New returns a Processor; Run starts it.
func New(cfg Config, h Handler) (*Processor, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	p := &Processor{cfg: cfg, h: h, track: newTracker(), gate: newGate(), fatal: make(chan error, 1),
		started: make(chan struct{})}
	p.parked.keys = make(map[string]parkEntry)
	p.running, p.stopRunning = context.WithCancel(context.Background())
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
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.ProducerBatchMaxBytes(MaxRecordBytes),
		// contactgate reprocess copies dead letters back in transactions:
		// an aborted copy must not be applied.
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
	}, cfg.ClientOpts...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		parkLog.close()
		return nil, fmt.Errorf("processor: kafka client: %w", err)
	}
	p.cl = cl
	return p, nil
}

// pollWait bounds one poll, so that the loop notices pauses and shutdown.
const pollWait = 250 * time.Millisecond

// Run loads the parked set from the parked topic, then consumes until ctx
// ends or a produce fails for good, then drains the lanes (up to
// DrainTimeout), commits what is done and leaves the group.
func (p *Processor) Run(ctx context.Context) error {
	p.work, p.cancelWork = context.WithCancel(context.WithoutCancel(ctx))
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
		pollCtx, cancel := context.WithTimeout(ctx, pollWait)
		fetches := p.cl.PollRecords(pollCtx, p.cfg.MaxPollRecords)
		cancel()
		if fetches.IsClientClosed() {
			break
		}
		fetches.EachError(func(topic string, partition int32, err error) {
			if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
				p.cfg.Logger.Warn("processor: fetch", "topic", topic, "partition", partition, "error", err)
			}
		})
		fetches.EachRecord(p.dispatch)
		p.cl.AllowRebalance()
		p.cl.MarkCommitOffsets(p.track.marks())
		select {
		case runErr = <-p.fatal:
		default:
		}
	}
	return errors.Join(runErr, p.shutdown())
}

// shutdown drains the lanes, flushes produces, commits and closes the client.
func (p *Processor) shutdown() error {
	// Release a rebalance callback that waits on the parked topic: closing
	// the client waits for it.
	p.stopRunning()
	for _, ch := range p.lanes {
		close(ch)
	}
	drained := make(chan struct{})
	go func() { p.wg.Wait(); close(drained) }()
	select {
	case <-drained:
	case <-time.After(p.cfg.DrainTimeout):
		p.cfg.Logger.Warn("processor: drain timed out; unfinished records will be replayed", "inflight", p.track.inflight())
		p.cancelWork()
		select {
		case <-drained:
		case <-time.After(p.cfg.DrainTimeout):
			// A handler that ignores its context: leave it behind rather
			// than hang the shutdown. Its record is not marked.
			p.cfg.Logger.Error("processor: lanes did not stop after cancellation")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), p.cfg.DrainTimeout)
	defer cancel()
	var errs []error
	if err := p.cl.Flush(ctx); err != nil {
		errs = append(errs, fmt.Errorf("flush produces: %w", err))
	}
	p.cl.MarkCommitOffsets(p.track.marks())
	if err := p.cl.CommitMarkedOffsets(ctx); err != nil {
		errs = append(errs, fmt.Errorf("commit: %w", err))
	}
	p.cl.Close()
	return errors.Join(errs...)
}

// fail stops Run: a produce that failed after the client's retries means the
// broker cannot take our outcomes, and nothing after it may be committed.
func (p *Processor) fail(err error) {
	p.fatalOnce.Do(func() { p.fatal <- err })
	p.stopRunning()
}

func (p *Processor) startLanes() {
	p.lanes = make([]chan laneJob, p.cfg.Lanes)
	for i := range p.lanes {
		ch := make(chan laneJob, p.cfg.LaneQueue)
		p.lanes[i] = ch
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for lj := range ch {
				p.runJob(lj)
			}
		}()
	}
}

// dispatch prepares a polled record and queues it on its identity's lane;
// a full lane blocks polling (back-pressure).
func (p *Processor) dispatch(r *kgo.Record) {
	p.track.add(r)
	p.stats.consumed.Add(1)
	job, err := p.h.Prepare(p.work, r)
	if reason, ok := skipReason(err); ok {
		if p.track.begin(r) {
			p.skip(r, reason)
		}
		return
	}
	if err != nil {
		if p.track.begin(r) {
			p.deadLetter(r, asDeadLetter("decode", err), 1)
		}
		return
	}
	h := fnv.New32a()
	h.Write([]byte(job.LaneKey))
	p.lanes[h.Sum32()%uint32(len(p.lanes))] <- laneJob{rec: r, job: job}
}

// runJob applies one job and emits its outcome or dead letter, with the
// parked-topic records of what it parked or unparked (side): the record is
// done only once they are acknowledged too.
func (p *Processor) runJob(lj laneJob) {
	if !p.track.begin(lj.rec) {
		return // revoked or lost: the next owner replays it
	}
	key, round, at := lj.job.LaneKey, reprocessRound(lj.rec), position(lj.rec)
	var side []*kgo.Record
	if round > 0 && p.parked.unpark(key, round) {
		// An operator sent this identity's dead letters back: its events
		// flow again, in order behind this one on the lane, unless a copy
		// of this same round failed again and parked it.
		side = append(side, p.parkLog.record(key, nil))
	}
	// A record that parked its key and is replayed (its offset was not
	// committed before a crash or a lost partition) is applied again, not
	// parked behind itself.
	if e, ok := p.parked.get(key); ok && e.From != at {
		p.deadLetter(lj.rec, &DeadLetterError{Stage: "resolve", Class: schemas.ClassParked,
			Err: errors.New("an earlier event of this identity is in the dead-letter topic; reprocess it first")}, 0, side...)
		return
	}
	out, attempts, err := p.apply(lj.job)
	switch {
	case errors.Is(err, errShutdown):
		// Not even an unpark is written: the next owner replays the record
		// and unparks the key itself.
		p.track.abandon(lj.rec)
	case isSkip(err):
		// A record decoded late (the registry was down in Prepare) that
		// holds nothing to apply.
		reason, _ := skipReason(err)
		p.skip(lj.rec, reason, side...)
	case err != nil:
		if e, parks := p.parked.park(key, round, at); parks {
			side = append(side, p.parkLog.record(key, &e))
		}
		p.deadLetter(lj.rec, asDeadLetter("upsert", err), attempts, side...)
	default:
		p.emit(lj.rec, out, side...)
	}
}

// apply calls the handler with the retry and pause rules of doc.go.
func (p *Processor) apply(job Job) (*schemas.Outcome, int, error) {
	attempts, backoff := 0, p.cfg.RetryBackoff
	for {
		if err := p.gate.wait(p.work); err != nil {
			return nil, attempts, errShutdown
		}
		attempts++
		out, err := p.h.Apply(p.work, job)
		switch {
		case err == nil:
			p.gate.open()
			return out, attempts, nil
		case p.work.Err() != nil:
			return nil, attempts, errShutdown
		case p.h.Pause(err):
			attempts--
			p.gate.close(p.cfg.PauseFor)
		case p.h.Retryable(err):
			if attempts >= p.cfg.MaxAttempts {
				return nil, attempts, &DeadLetterError{Stage: "upsert", Class: schemas.ClassRetriesExhausted, Err: err}
			}
			select {
			case <-time.After(backoff):
			case <-p.work.Done():
				return nil, attempts, errShutdown
			}
			backoff = min(2*backoff, 30*time.Second)
		default:
			return nil, attempts, err
		}
	}
}
