package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/stages"
	"github.com/twmb/franz-go/pkg/kgo"
)

// reconcileWindow: only creates this recent are reconciled. Two instances
// race on one person's events in the same seconds (a backlog read at full
// speed); an index rebuilt from the outcome topic at start-up replays every
// old create, and those were reconciled when they were new.
const reconcileWindow = 5 * time.Minute

// reconciler joins the records other instances create to this index's
// records of the same person (stages.Gatekeeper.Reconcile), as the
// follower reads them, and writes each merge's outcome. Best effort: a
// create dropped from a full queue is left to bridges and the purge.
type reconciler struct {
	gk        *stages.Gatekeeper
	cl        *kgo.Client // produces outcomes
	topic     string
	outcomeID int
	log       *slog.Logger
	queue     chan string
	now       func() time.Time
}

func newReconciler(gk *stages.Gatekeeper, cl *kgo.Client, topic string, outcomeID int, log *slog.Logger) *reconciler {
	return &reconciler{gk: gk, cl: cl, topic: topic, outcomeID: outcomeID, log: log, queue: make(chan string, 4096), now: time.Now}
}

// applied is the follower's OnApplied: it queues recent creates.
func (r *reconciler) applied(o *schemas.Outcome) {
	if o.Action != schemas.ActionCreated || r.now().Sub(o.ProcessedAt) > reconcileWindow || r.gk.MadeHere(o.RecordID) {
		return
	}
	select {
	case r.queue <- o.RecordID:
	default:
		r.log.Debug("contactgate run: reconcile queue full; a create left to bridges", "record_id", o.RecordID)
	}
}

// Run reconciles the queued records until ctx ends.
func (r *reconciler) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-r.queue:
			r.reconcile(ctx, id)
		}
	}
}

// reconcileAttempts bounds the tries of one record, as the processor's
// MaxAttempts does an event's: a record that keeps failing must not hold
// the queue up.
const reconcileAttempts = 8

// reconcile merges record id into its person's older record, retrying
// while the CRM or the index fail transiently.
func (r *reconciler) reconcile(ctx context.Context, id string) {
	backoff := time.Second
	for attempt := 1; ; attempt++ {
		out, err := r.gk.Reconcile(ctx, id)
		if err == nil {
			if out != nil {
				r.log.Info("contactgate run: records of one person made by two instances merged",
					"record_id", out.RecordID, "merged_ids", out.MergedIDs)
				r.emit(ctx, out)
			}
			return
		}
		if attempt == reconcileAttempts || errors.Is(err, stages.ErrNotInIndex) || !(r.gk.Retryable(err) || r.gk.Pause(err)) || ctx.Err() != nil {
			r.log.Warn("contactgate run: reconcile", "record_id", id, "attempts", attempt, "error", err)
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Minute)
	}
}

// emit writes the merge's outcome: the CRM and this index hold the merge
// already, so it is written even when a shutdown began, within a bound,
// and tried again on a transient failure; other instances learn of the
// merge from it.
func (r *reconciler) emit(ctx context.Context, out *schemas.Outcome) {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	var err error
	for attempt := range 3 {
		if err = emitMerge(wctx, r.cl, r.topic, r.outcomeID, out); err == nil || wctx.Err() != nil {
			break
		}
		select {
		case <-wctx.Done():
		case <-time.After(time.Duration(attempt+1) * time.Second):
		}
	}
	if err != nil {
		r.log.Warn("contactgate run: reconcile merge outcome not written", "record_id", out.RecordID, "error", err)
	}
}
