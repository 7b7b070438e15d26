package stages

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/contactgate/contactgate/connectors"
)

// Pacing: when the CRM client paces its requests under the account's rate
// limits (connectors.Pacer, the HubSpot client), a kind's queue that is
// ready to go does not take its calls at once. A sender waits for the
// client's permit first, and only when the permit comes takes what is
// queued by then, up to a batch: while permits are scarce, the calls that
// arrive during the wait join the batch instead of queueing behind it in
// batches of their own. One batch per permit, so batches grow with the
// pressure on the quota and requests per event fall as load rises; at low
// load a permit comes at once and a call waits no longer than before.
//
// One sender per kind waits at a time; calls queued meanwhile count as
// blocked (readyLocked), as a call in flight does.

// paceLocked schedules a sender for kind k unless one is waiting for a
// permit already; startPacers starts the scheduled ones.
func (b *batcher) paceLocked(k callKind) {
	if !b.awaiting[k] && len(b.queued[k]) > 0 {
		b.awaiting[k] = true
		b.toPace = append(b.toPace, k)
	}
}

// startPacers starts the senders paceLocked scheduled. Called without the
// lock.
func (b *batcher) startPacers() {
	b.mu.Lock()
	kinds := b.toPace
	b.toPace = nil
	b.mu.Unlock()
	for _, k := range kinds {
		go b.paced(k)
	}
}

// paced waits for a permit for kind k under the context of the queue's
// first call, then sends what is queued, up to a batch. Nothing was sent
// when the wait ends with that context: its calls, writes too, are
// answered with the context's error, and the others wait on.
func (b *batcher) paced(k callKind) {
	b.mu.Lock()
	if len(b.queued[k]) == 0 { // cannot happen: only paced takes a paced queue
		b.awaiting[k] = false
		b.mu.Unlock()
		return
	}
	ctx := b.queued[k][0].ctx
	b.mu.Unlock()
	search := k == callSearchPhone || k == callSearchName
	pctx, err := b.pacer.AwaitPermit(ctx, search)

	b.mu.Lock()
	b.awaiting[k] = false
	var chunk []*call
	if err != nil {
		chunk = b.dropEndedLocked(k)
	} else {
		chunk = b.takeBatchLocked(k)
	}
	// The rest was ready too: it waits for the next permit.
	b.paceLocked(k)
	b.mu.Unlock()
	b.startPacers()

	if err != nil || len(chunk) == 0 {
		b.answer(chunk)
		return
	}
	b.runChunk(pctx, chunk)
}

// takeBatchLocked takes the first calls of kind k that fit in one batch
// (at least one).
func (b *batcher) takeBatchLocked(k callKind) []*call {
	q := b.queued[k]
	n, w := 0, 0
	for n < len(q) && (n == 0 || w+q[n].weight <= b.size) {
		w += q[n].weight
		n++
	}
	b.queued[k] = q[n:]
	return q[:n:n]
}

// dropEndedLocked takes the queued calls of kind k whose context ended,
// with its error: they were never sent.
func (b *batcher) dropEndedLocked(k callKind) []*call {
	var ended, rest []*call
	for _, c := range b.queued[k] {
		if err := c.ctx.Err(); err != nil {
			c.err = err
			ended = append(ended, c)
		} else {
			rest = append(rest, c)
		}
	}
	b.queued[k] = rest
	return ended
}

// answer releases calls whose answer (or error) is set.
func (b *batcher) answer(calls []*call) {
	b.mu.Lock()
	b.blocked -= len(calls)
	b.mu.Unlock()
	for _, c := range calls {
		close(c.done)
	}
}

// callContext is the context a batch's CRM calls run under: the caller's
// values without its cancellation, so a write in flight is never abandoned
// half way, but with connectors.WithAbandon, so a request still waiting for
// a rate-limit permit is given up when the caller's context ends.
func callContext(ctx context.Context) context.Context {
	return connectors.WithAbandon(context.WithoutCancel(ctx), ctx)
}

// batchPanicError answers the calls of a batch whose sending panicked:
// permanent for their records, an internal dead letter (withStage).
type batchPanicError struct {
	kind  callKind
	value any
}

func (e *batchPanicError) Error() string {
	return fmt.Sprintf("panic while sending a batch of CRM calls (kind %d): %v", e.kind, e.value)
}

// panicked logs a panic recovered while sending chunk, with its stack, and
// returns the error its calls are answered with.
func (b *batcher) panicked(chunk []*call, v any) error {
	logger := b.logger
	if logger == nil {
		logger = slog.Default()
	}
	err := &batchPanicError{kind: chunk[0].kind, value: v}
	logger.Error("stages: panic recovered in the CRM batcher; its calls fail as internal",
		"calls", len(chunk), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	return err
}
