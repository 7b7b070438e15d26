package processor

import (
	"context"
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
	wg     sync.WaitGroup

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
	p := &Processor{cfg: cfg, h: h, track: newTracker(), gate: newGate(), fatal: make(chan error, 1)}
	p.parked.keys = make(map[string]int)
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
		return nil, fmt.Errorf("processor: kafka client: %w", err)
	}
	p.cl = cl
	return p, nil
}

// pollWait bounds one poll, so that the loop notices pauses and shutdown.
const pollWait = 250 * time.Millisecond

// Run consumes until ctx ends or a produce fails for good, then drains the
// lanes (up to DrainTimeout), commits what is done and leaves the group.
func (p *Processor) Run(ctx context.Context) error {
	p.work, p.cancelWork = context.WithCancel(context.WithoutCancel(ctx))
	defer p.cancelWork()
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

// runJob applies one job and emits its outcome or dead letter.
func (p *Processor) runJob(lj laneJob) {
	if !p.track.begin(lj.rec) {
		return // revoked or lost: the next owner replays it
	}
	round := reprocessRound(lj.rec)
	if round > 0 {
		// An operator sent this identity's dead letters back: its events
		// flow again, in order behind this one on the lane, unless a copy
		// of this same round failed again and parked it.
		p.parked.unpark(lj.job.LaneKey, round)
	}
	if p.parked.has(lj.job.LaneKey) {
		p.deadLetter(lj.rec, &DeadLetterError{Stage: "resolve", Class: schemas.ClassParked,
			Err: errors.New("an earlier event of this identity is in the dead-letter topic; reprocess it first")}, 0)
		return
	}
	out, attempts, err := p.apply(lj.job)
	switch {
	case errors.Is(err, errShutdown):
		p.track.abandon(lj.rec)
	case err != nil:
		p.parked.park(lj.job.LaneKey, round)
		p.deadLetter(lj.rec, asDeadLetter("upsert", err), attempts)
	default:
		p.emit(lj.rec, out)
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
