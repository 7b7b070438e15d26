package processor

import (
	"context"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// parkedCatchUpTimeout bounds the wait, before newly assigned partitions are
// fetched, for the parked topic to be read to its end; past it the partitions
// stay paused and Run fails, rather than consume them without their parks or
// hold the group's rebalance for ever.
const parkedCatchUpTimeout = 30 * time.Second

// assigned holds newly assigned partitions back until the parked set holds
// every park written before, and Config.CatchUp (the index's follower) has
// returned: the partitions' previous owners wrote their parks and outcomes
// before they gave the partitions up (revoked). kgo calls it before it
// fetches the partitions, and polls wait for it (BlockRebalanceOnPoll).
func (p *Processor) assigned(_ context.Context, cl *kgo.Client, parts map[string][]int32) {
	if len(parts) == 0 {
		return
	}
	select {
	case <-p.started:
	case <-p.running.Done():
		cl.PauseFetchPartitions(parts)
		return
	}
	ctx, cancel := context.WithTimeout(p.running, parkedCatchUpTimeout)
	defer cancel()
	for backoff := 100 * time.Millisecond; ; backoff = min(2*backoff, 2*time.Second) {
		err := p.parkLog.catchUp(ctx)
		if err == nil && p.cfg.CatchUp != nil {
			err = p.cfg.CatchUp(ctx)
		}
		if err == nil {
			return
		}
		if ctx.Err() != nil {
			cl.PauseFetchPartitions(parts)
			if p.running.Err() == nil {
				p.fail(fmt.Errorf("processor: assigned partitions %v: %w", parts, err))
			}
			return
		}
		p.cfg.Logger.Warn("processor: assigned partitions wait for the parked topic and the index", "error", err)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
		}
	}
}

// revoked drains the revoked partitions' in-flight records and commits
// them before another member takes over. During a shutdown, which waited
// for the lanes already, it does not wait, and its commit keeps to the
// shutdown's deadline.
func (p *Processor) revoked(ctx context.Context, cl *kgo.Client, parts map[string][]int32) {
	if !p.track.revoke(parts, p.cfg.DrainTimeout) {
		p.cfg.Logger.Warn("processor: revoked partitions did not drain; their unfinished records will be replayed")
	}
	cl.MarkCommitOffsets(p.track.marks())
	if d := p.closing.Load(); d != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, *d)
		defer cancel()
	}
	if err := cl.CommitMarkedOffsets(ctx); err != nil {
		p.cfg.Logger.Warn("processor: commit on revoke", "error", err)
	}
	p.track.forget(parts)
}

// lost forgets partitions taken away without a chance to commit.
func (p *Processor) lost(_ context.Context, _ *kgo.Client, parts map[string][]int32) {
	p.track.forget(parts)
}
