package processor

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Shutdown is bounded by Config.ShutdownTimeout, counted from the moment
// Run's context ends (or a produce fails for good), in phases:
//
//  1. Stop: no more polls; records queued on the lanes and not begun are
//     left, waits between attempts and pauses end, and their records are
//     abandoned. All of them are replayed by the partitions' next owner.
//  2. Finish: the handler calls in hand go on, for up to half the timeout.
//  3. Abandon: the handler's context is cancelled, and the calls still in
//     hand get up to a quarter of the timeout to return; their records are
//     abandoned, never dead-lettered. A handler that ignores its context is
//     left behind.
//  4. Commit: produces are flushed, the contiguous done offsets committed,
//     and the client leaves the group, within what is left.
//
// Nothing is dead-lettered because of a shutdown: an error of a cancelled
// call is errShutdown (classifier), and so is a wait that the stop ended.
const (
	finishShare  = 0.5
	abandonShare = 0.25
	closeReserve = time.Second
)

// shutdown runs the phases above and closes the client. It reports a flush
// or commit that failed.
func (p *Processor) shutdown() error {
	start := time.Now()
	// Closing the client after the leave takes up to a second of its own
	// (it ends its fetch sessions): keep it inside the timeout.
	deadline := start.Add(p.cfg.ShutdownTimeout - min(closeReserve, p.cfg.ShutdownTimeout/5))
	// Stopping also releases a rebalance callback that waits on the parked
	// topic: leaving the group waits for it.
	p.stopRunning()
	for _, ch := range p.lanes {
		close(ch)
	}
	drained := make(chan struct{})
	go func() { p.wg.Wait(); close(drained) }()
	if !waitUntil(drained, start.Add(share(p.cfg.ShutdownTimeout, finishShare))) {
		p.cfg.Logger.Warn("processor: shutting down: cancelling the work in hand; unfinished records will be replayed",
			"inflight", p.track.inflight())
		p.cancelWork()
		if !waitUntil(drained, start.Add(share(p.cfg.ShutdownTimeout, finishShare+abandonShare))) {
			// A handler that ignores its context: leave it behind rather
			// than overrun the shutdown. Its record is not marked.
			p.cfg.Logger.Error("processor: shutting down: lanes did not stop after cancellation; leaving them behind")
		}
	}
	// The lanes had their time: neither the revoke that leaving the group
	// triggers nor one of a rebalance under way waits for them again.
	p.closing.Store(&deadline)
	p.track.stopWaiting()
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	var errs []error
	if err := p.cl.Flush(ctx); err != nil {
		errs = append(errs, fmt.Errorf("flush produces: %w", err))
	}
	p.cl.MarkCommitOffsets(p.track.marks())
	if err := p.cl.CommitMarkedOffsets(ctx); err != nil {
		errs = append(errs, fmt.Errorf("commit: %w", err))
	}
	// Leave within the deadline (the revoke it triggers does not wait for
	// the lanes), then close what is left.
	_ = p.cl.LeaveGroupContext(ctx)
	p.cl.Close()
	p.stopProducing()
	p.cfg.Logger.Info("processor: shut down", "took", time.Since(start).Round(time.Millisecond),
		"left_for_replay", p.track.inflight())
	return errors.Join(errs...)
}

// produceCtx is the context of every produce: it outlives the handler's
// context, so that work finished in a shutdown is acknowledged, and ends
// when the client is closed.
func (p *Processor) produceCtx() context.Context { return p.producing }

func share(d time.Duration, f float64) time.Duration { return time.Duration(float64(d) * f) }

// waitUntil waits for done until deadline; it reports whether done closed.
func waitUntil(done <-chan struct{}, deadline time.Time) bool {
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}
