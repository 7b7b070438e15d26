package batch

import "time"

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
// The kinds that draw on one limiter (searches; every other endpoint) share
// one sender, and a permit goes to the fullest of their queues, not to the
// kind that asked first: a permit is one request whatever it carries, so it
// carries the most it can. A ready queue passed over gains a tenth of a
// batch of priority per permit it misses, so it waits at most ten (about
// half a second at HubSpot's Professional limits).
//
// Patience: a permit spent on a short batch is a request that a little
// waiting would have saved. A ready queue short of a batch waits before it
// asks for a permit, for a while that grows with the callers in flight:
// Batcher.patience for each caller entered and not idle, at most
// maxPatience (WithPatience; searches, which wait on a limiter of their
// own, WithSearchPatience). In a backlog (every lane busy) calls wait up to
// maxPatience and batches fill; with a few events in flight the wait is a
// few milliseconds, and latency stays low. A queue that holds a batch goes
// at once, and the fullest queue of a limiter may ride a permit before its
// patience ends (pickLocked).
//
// One sender per limiter waits at a time; calls queued meanwhile count as
// blocked (readyLocked), as a call in flight does.

// The limiters a call draws on (connectors.Pacer).
const (
	limiterOther = iota
	limiterSearch
	numLimiters
)

// limiterOf is the limiter kind k's requests draw on.
func limiterOf(k callKind) int {
	if k == callSearchPhone || k == callSearchName {
		return limiterSearch
	}
	return limiterOther
}

// paceLocked marks kind k's queue ready and schedules a sender for its
// limiter unless one is waiting for a permit already; startPacers starts
// the scheduled ones.
func (b *Batcher) paceLocked(k callKind) {
	if len(b.queued[k]) == 0 {
		return
	}
	b.ready[k] = true
	if l := limiterOf(k); !b.awaiting[l] {
		b.awaiting[l] = true
		b.toPace = append(b.toPace, l)
	}
}

// startPacers starts the senders paceLocked scheduled. Called without the
// lock.
func (b *Batcher) startPacers() {
	b.mu.Lock()
	limiters := b.toPace
	b.toPace = nil
	b.mu.Unlock()
	for _, l := range limiters {
		go b.paced(l)
	}
}

// paced waits for a permit of limiter l under the context of the first
// call of a ready queue, then sends a batch of the fullest queue of the
// limiter's kinds (pickLocked). Nothing was sent when the wait ends with
// that context: the limiter's calls whose context ended, writes too, are
// answered with their context's error, and the others wait on.
func (b *Batcher) paced(l int) {
	b.mu.Lock()
	first := b.firstReadyLocked(l)
	if first == nil { // cannot happen: only paced takes a paced queue
		b.awaiting[l] = false
		b.mu.Unlock()
		return
	}
	ctx := first.ctx
	b.mu.Unlock()
	pctx, err := b.pacer.AwaitPermit(ctx, l == limiterSearch)

	b.mu.Lock()
	b.awaiting[l] = false
	var chunk []*call
	if err != nil {
		chunk = b.dropEndedLocked(l)
	} else if l == limiterSearch {
		// Both kinds of search go in one request, a filter group each
		// (searchAll).
		chunk = append(b.takeBatchLocked(callSearchPhone), b.takeBatchLocked(callSearchName)...)
	} else {
		chunk = b.takeBatchLocked(b.pickLocked(l))
	}
	// The rest of the ready queues wait for the next permit.
	for k := range callKind(numCallKinds) {
		switch {
		case len(b.queued[k]) == 0:
			b.ready[k], b.passed[k] = false, 0
		case b.ready[k]:
			b.paceLocked(k)
		}
	}
	b.mu.Unlock()
	b.startPacers()

	if err != nil || len(chunk) == 0 {
		b.answer(chunk)
		return
	}
	b.runChunk(pctx, chunk)
}

// firstReadyLocked is the first call of the first ready queue of limiter
// l's kinds; nil if none is ready.
func (b *Batcher) firstReadyLocked(l int) *call {
	for k := range callKind(numCallKinds) {
		if limiterOf(k) == l && b.ready[k] && len(b.queued[k]) > 0 {
			return b.queued[k][0]
		}
	}
	return nil
}

// pickLocked chooses the kind of limiter l whose queue a permit carries:
// the one with the most inputs (up to a batch), plus a tenth of a batch
// for each permit a ready queue was passed over for. The ready queues not
// chosen count one more pass.
func (b *Batcher) pickLocked(l int) callKind {
	best, bestScore := callKind(-1), -1
	for k := range callKind(numCallKinds) {
		if limiterOf(k) != l || len(b.queued[k]) == 0 {
			continue
		}
		score := min(weight(b.queued[k]), b.size) + b.passed[k]*max(b.size/10, 1)
		if score > bestScore {
			best, bestScore = k, score
		}
	}
	for k := range callKind(numCallKinds) {
		if k != best && limiterOf(k) == l && b.ready[k] && len(b.queued[k]) > 0 {
			b.passed[k]++
		}
	}
	b.passed[best] = 0
	return best
}

// takeBatchLocked takes the first calls of kind k that fit in one batch
// (at least one unless its queue is empty); none when k is -1.
func (b *Batcher) takeBatchLocked(k callKind) []*call {
	if k < 0 {
		return nil
	}
	q := b.queued[k]
	n, w := 0, 0
	for n < len(q) && (n == 0 || w+q[n].weight <= b.size) {
		w += q[n].weight
		n++
	}
	b.queued[k] = q[n:]
	return q[:n:n]
}

// dropEndedLocked takes the queued calls of limiter l's kinds whose
// context ended, with its error: they were never sent.
func (b *Batcher) dropEndedLocked(l int) []*call {
	var ended []*call
	for k := range callKind(numCallKinds) {
		if limiterOf(k) != l {
			continue
		}
		var rest []*call
		for _, c := range b.queued[k] {
			if err := c.ctx.Err(); err != nil {
				c.err = err
				ended = append(ended, c)
			} else {
				rest = append(rest, c)
			}
		}
		b.queued[k] = rest
	}
	return ended
}

// holdLocked reports whether kind k's queue, short of a batch, is to wait
// for more calls before it asks for a permit (see Patience above); if so,
// a timer makes it ready when its patience ends.
func (b *Batcher) holdLocked(k callKind) bool {
	q := b.queued[k]
	if b.ready[k] || len(q) == 0 || weight(q) >= b.size {
		return false
	}
	l := limiterOf(k)
	patience := min(b.patience[l]*time.Duration(max(b.active, 1)), b.maxPatience[l])
	wait := time.Until(q[0].queued.Add(patience))
	if wait <= 0 {
		return false
	}
	if b.held[k] == nil {
		b.held[k] = time.AfterFunc(wait, func() { b.patienceEnded(k) })
	}
	return true
}

// patienceEnded makes kind k's queue ready if its patience has ended (the
// first call may have gone since, and the next have some left).
func (b *Batcher) patienceEnded(k callKind) {
	b.mu.Lock()
	b.held[k] = nil
	if !b.holdLocked(k) {
		b.paceLocked(k)
	}
	b.mu.Unlock()
	b.startPacers()
}
