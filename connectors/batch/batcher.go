package batch

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// Batcher coalesces the calls of concurrent callers into a CRM's batch
// calls (see the package comment). Safe for concurrent use.
type Batcher struct {
	crm       connectors.CRM
	size      int
	linger    time.Duration
	searchCap int
	// keyProperty is the idProperty of creates by key.
	keyProperty string
	// patience and maxPatience: how long a paced queue short of a batch
	// waits for more calls, per entered caller and at most (pace.go), by
	// limiter.
	patience, maxPatience [numLimiters]time.Duration
	// uniqueEmail is the CRM's Capabilities.UniqueEmail: a batch create
	// refused for an e-mail is settled by a read (settleConflicts).
	uniqueEmail bool
	logger      *slog.Logger

	// pacer is crm when it paces its requests (pace.go), else nil.
	pacer connectors.Pacer

	mu      sync.Mutex
	active  int // entered callers, not idle
	blocked int // calls queued or in flight
	queued  [numCallKinds][]*call
	timer   *time.Timer
	// Pacing (pace.go). awaiting: a paced sender of the limiter waits for
	// a permit; toPace are the limiters whose sender is to start; ready:
	// the kind's queue is due to go; passed: permits the ready queue was
	// passed over for.
	awaiting [numLimiters]bool
	toPace   []int
	ready    [numCallKinds]bool
	passed   [numCallKinds]int
	// held: a timer makes the kind's queue ready when its patience ends.
	held [numCallKinds]*time.Timer
}

// New returns a Batcher sending crm's batch calls of at most the batch size
// crm declares (connectors.CapabilitiesOf), or WithSize's. Its error, for
// an option out of range, is ErrInvalidOption.
func New(crm connectors.CRM, opts ...Option) (*Batcher, error) {
	caps := connectors.CapabilitiesOf(crm)
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	o.setDefaults(caps.MaxBatch)

	if err := o.validate(caps.MaxBatch); err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	b := &Batcher{crm: crm, size: o.size, linger: o.linger, searchCap: o.searchCap,
		keyProperty: o.keyProperty, uniqueEmail: caps.UniqueEmail, logger: o.logger,
		patience:    [numLimiters]time.Duration{limiterOther: o.patience, limiterSearch: o.searchPatience},
		maxPatience: [numLimiters]time.Duration{limiterOther: o.maxPatience, limiterSearch: o.maxSearchPatience}}
	b.pacer, _ = crm.(connectors.Pacer)
	return b, nil
}

// Size is the most inputs one of the Batcher's CRM calls carries.
func (b *Batcher) Size() int { return b.size }

// Caller is one caller's presence in the Batcher, from Enter to Leave. Its
// methods are for the goroutine that entered.
type Caller struct {
	b *Batcher
}

// Enter counts a caller in: until it leaves or idles, a batch waits for its
// calls (or the linger).
func (b *Batcher) Enter() *Caller {
	b.mu.Lock()
	b.active++
	b.mu.Unlock()
	return &Caller{b: b}
}

// Leave counts the caller out; what its absence makes ready goes.
func (c *Caller) Leave() {
	b := c.b
	b.mu.Lock()
	b.active--
	ready := b.readyLocked()
	b.mu.Unlock()
	b.send(ready)
}

// Idle runs wait (a lock acquisition, say) as time in which the caller
// cannot call: no batch waits for it meanwhile.
func (c *Caller) Idle(wait func()) {
	c.Leave()
	wait()
	c.b.mu.Lock()
	c.b.active++
	c.b.mu.Unlock()
}

// do queues c, sends what is ready and waits for c's answer. The caller
// may read c's results only when do returns nil: a read whose context ends
// is answered later, by then to no one.
func (b *Batcher) do(c *call) error {
	c.done = make(chan struct{})
	b.mu.Lock()
	c.queued = time.Now()
	q := append(b.queued[c.kind], c)
	b.queued[c.kind] = q
	b.blocked++
	var ready [][]*call
	if weight(q) >= b.size {
		ready = append(ready, b.takeLocked(c.kind))
	}
	ready = append(ready, b.readyLocked()...)
	if b.pendingLocked() && b.timer == nil {
		b.timer = time.AfterFunc(b.linger, b.lingered)
	}
	b.mu.Unlock()
	b.send(ready)

	write := c.kind == callCreate || c.kind == callCreateByKey || c.kind == callUpdate
	select {
	case <-c.done:
		return c.err
	case <-c.ctx.Done():
		if write {
			<-c.done
			return c.err
		}
		return c.ctx.Err()
	}
}

// readyLocked takes every queue when every active caller is blocked on a
// call.
func (b *Batcher) readyLocked() [][]*call {
	if !b.pendingLocked() || b.blocked < b.active {
		return nil
	}
	return b.takeAllLocked()
}

func (b *Batcher) lingered() {
	b.mu.Lock()
	b.timer = nil
	ready := b.takeAllLocked()
	b.mu.Unlock()
	b.send(ready)
}

func (b *Batcher) pendingLocked() bool {
	for _, q := range b.queued {
		if len(q) > 0 {
			return true
		}
	}
	return false
}

func (b *Batcher) takeAllLocked() [][]*call {
	var out [][]*call
	for k := range b.queued {
		if len(b.queued[k]) > 0 {
			out = append(out, b.takeLocked(callKind(k)))
		}
	}
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	return out
}

// takeLocked takes kind k's queue to send; with a pacer it schedules a
// sender instead, which takes the queue when its permit comes, once the
// queue's patience has ended (holdLocked).
func (b *Batcher) takeLocked(k callKind) []*call {
	if b.pacer != nil {
		if !b.holdLocked(k) {
			b.paceLocked(k)
		}
		return nil
	}
	q := b.queued[k]
	b.queued[k] = nil
	return q
}

func weight(q []*call) int {
	n := 0
	for _, c := range q {
		n += c.weight
	}
	return n
}

// send runs each batch on its own goroutine, and starts the paced senders
// that are due.
func (b *Batcher) send(batches [][]*call) {
	for _, batch := range batches {
		if len(batch) > 0 {
			go b.run(batch)
		}
	}
	if b.pacer != nil {
		b.startPacers()
	}
}

// run sends one kind's queue, in chunks of at most size inputs, and answers
// every call.
func (b *Batcher) run(q []*call) {
	for len(q) > 0 {
		n, w := 0, 0
		for n < len(q) && (n == 0 || w+q[n].weight <= b.size) {
			w += q[n].weight
			n++
		}
		chunk := q[:n]
		q = q[n:]
		b.runChunk(chunk[0].ctx, chunk)
	}
}

// runChunk sends one batch's calls to the CRM under ctx (see callContext)
// and answers them.
//
// A panic in it is recovered: the chunk's calls are answered with a
// *PanicError and the stack goes to the log, since a panic on the
// batcher's own goroutine would otherwise end the process.
func (b *Batcher) runChunk(ctx context.Context, chunk []*call) {
	defer func() {
		if v := recover(); v != nil {
			failAll(chunk, b.panicked(chunk, v))
			b.answer(chunk)
		}
	}()
	ctx = callContext(ctx)
	switch chunk[0].kind {
	case callRead:
		b.read(ctx, chunk)
	case callCreate:
		b.createAll(ctx, chunk)
	case callCreateByKey:
		b.createAllByKey(ctx, chunk)
	case callUpdate:
		b.updateAll(ctx, chunk)
	case callSearchPhone, callSearchName:
		b.searchAll(ctx, chunk)
	}
	b.answer(chunk)
}

// answer releases calls whose answer (or error) is set.
func (b *Batcher) answer(calls []*call) {
	b.mu.Lock()
	b.blocked -= len(calls)
	b.mu.Unlock()
	for _, c := range calls {
		close(c.done)
	}
}

// failAll answers every call with err.
func failAll(calls []*call, err error) {
	for _, c := range calls {
		c.err = err
	}
}

// callContext is the context a batch's CRM calls run under: the caller's
// values without its cancellation, so a write in flight is never abandoned
// half way, but with connectors.WithAbandon, so a request still waiting for
// a rate-limit permit is given up when the caller's context ends.
func callContext(ctx context.Context) context.Context {
	return connectors.WithAbandon(context.WithoutCancel(ctx), ctx)
}
