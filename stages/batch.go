package stages

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// batcher coalesces the CRM calls of concurrent attempts into the CRM's
// batch endpoints: reads by e-mail into one batch read, creates into one
// batch create, creates by key into one batch upsert by the key property,
// updates into one batch update, and searches by phone or by name and
// company into one search with an IN filter. Each caller gets its own
// answer, as if it had called alone.
//
// When to send: a kind's queue holding size inputs goes at once; otherwise
// everything queued goes as soon as every attempt in Apply is blocked on a
// call (queued or in flight) — no attempt can add to the batch then — or
// when linger has passed since the first call was queued, whichever comes
// first. Attempts tell the batcher when they start and end (enter, leave)
// and when they wait for a record lock (idle), so a lane that waits on
// another never holds a batch back. With a CRM that paces its requests
// (connectors.Pacer) a ready queue first waits for a permit and goes with
// what has queued by then (batch_pace.go).
//
// Writes are not abandoned half way: a caller whose context ends while its
// create or update is queued or in flight waits for the answer, since the
// write may be applied. The CRM calls run under their callers' context
// values without their cancellation; the CRM client's timeouts bound them.
type batcher struct {
	crm    connectors.CRM
	size   int
	linger time.Duration
	// keyProperty is Config.KeyProperty, the idProperty of creates by key.
	keyProperty string
	// uniqueEmail is the CRM's Capabilities.UniqueEmail: a batch create
	// refused for an e-mail is settled by a read (settleConflicts).
	uniqueEmail bool

	// logger receives the stacks of recovered panics; nil is slog.Default.
	logger *slog.Logger

	// pacer is crm when it paces its requests (batch_pace.go), else nil.
	pacer connectors.Pacer

	mu      sync.Mutex
	active  int // attempts in Apply, not waiting for a lock
	blocked int // calls queued or in flight
	queued  [numCallKinds][]*call
	timer   *time.Timer
	// Pacing (batch_pace.go). awaiting: a paced sender of the limiter
	// waits for a permit; toPace are the limiters whose sender is to
	// start; ready: the kind's queue is due to go; passed: permits the
	// ready queue was passed over for.
	awaiting [numLimiters]bool
	toPace   []int
	ready    [numCallKinds]bool
	passed   [numCallKinds]int
}

// callKind is the endpoint a call is coalesced into.
type callKind int

const (
	callRead callKind = iota
	callCreate
	callCreateByKey
	callUpdate
	callSearchPhone
	callSearchName
	numCallKinds
)

// call is one caller's request and, once done is closed, its answer.
type call struct {
	kind callKind
	ctx  context.Context

	emails        []string          // read: addresses, the preferred first
	id            string            // update: the record; create by key: the key
	props         map[string]string // create, update
	want          []string          // read, searches, create: properties to return
	phones        []string          // phone search: the forms to look for
	last, company string            // name search
	contact       connectors.Contact
	found         []connectors.Contact // searches
	err           error
	done          chan struct{}
	weight        int // inputs or filter values it adds to a batch
}

func newBatcher(crm connectors.CRM, size int, linger time.Duration, keyProperty string) *batcher {
	b := &batcher{crm: crm, size: max(size, 1), linger: linger, keyProperty: keyProperty,
		uniqueEmail: connectors.CapabilitiesOf(crm).UniqueEmail}
	b.pacer, _ = crm.(connectors.Pacer)
	return b
}

// enter and leave bracket an attempt.
func (b *batcher) enter() {
	b.mu.Lock()
	b.active++
	b.mu.Unlock()
}

func (b *batcher) leave() {
	b.mu.Lock()
	b.active--
	ready := b.readyLocked()
	b.mu.Unlock()
	b.send(ready)
}

// idle runs wait (a lock acquisition) as time in which the attempt cannot
// call.
func (b *batcher) idle(wait func()) {
	b.leave()
	wait()
	b.enter()
}

// readByEmail reads the contact holding the first of addrs that one holds;
// connectors.ErrNotFound when none does.
func (b *batcher) readByEmail(ctx context.Context, addrs, want []string) (connectors.Contact, error) {
	c := &call{kind: callRead, ctx: ctx, emails: addrs, want: want, weight: len(addrs)}
	if err := b.do(c); err != nil {
		return connectors.Contact{}, err
	}
	return c.contact, nil
}

// create creates a contact of props. A create refused because a contact
// holds its e-mail returns, beside the *connectors.ConflictError, that
// contact's want properties when the batcher read it (batch_conflict.go).
func (b *batcher) create(ctx context.Context, props map[string]string, want []string) (connectors.Contact, error) {
	c := &call{kind: callCreate, ctx: ctx, props: props, want: want, weight: 1}
	err := b.do(c)
	return c.contact, err
}

// createByKey creates a contact holding key as its keyProperty (props hold
// it too), or finds the one that holds it: the contact's New says which.
func (b *batcher) createByKey(ctx context.Context, key string, props map[string]string) (connectors.Contact, error) {
	c := &call{kind: callCreateByKey, ctx: ctx, id: key, props: props, weight: 1}
	if err := b.do(c); err != nil {
		return connectors.Contact{}, err
	}
	return c.contact, nil
}

func (b *batcher) update(ctx context.Context, id string, props map[string]string) (connectors.Contact, error) {
	c := &call{kind: callUpdate, ctx: ctx, id: id, props: props, weight: 1}
	if err := b.do(c); err != nil {
		return connectors.Contact{}, err
	}
	return c.contact, nil
}

// searchPhone returns the contacts whose phone property is one of forms, as
// the CRM's search index holds them; none when more than maxCandidates do.
func (b *batcher) searchPhone(ctx context.Context, forms, want []string) ([]connectors.Contact, error) {
	c := &call{kind: callSearchPhone, ctx: ctx, phones: forms, want: want, weight: len(forms)}
	if err := b.do(c); err != nil {
		return nil, err
	}
	return c.found, nil
}

// searchName returns the contacts with this last name and company (case
// and surrounding space aside), as the CRM's search index holds them; none
// when more than maxCandidates do. First names are the caller's to weigh.
func (b *batcher) searchName(ctx context.Context, last, company string, want []string) ([]connectors.Contact, error) {
	c := &call{kind: callSearchName, ctx: ctx, last: last, company: company, want: want, weight: 1}
	if err := b.do(c); err != nil {
		return nil, err
	}
	return c.found, nil
}

// do queues c, sends what is ready and waits for c's answer. The caller
// may read c's results only when do returns nil: a read whose context ends
// is answered later, by then to no one.
func (b *batcher) do(c *call) error {
	c.done = make(chan struct{})
	b.mu.Lock()
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

// readyLocked takes every queue when every active attempt is blocked on a
// call.
func (b *batcher) readyLocked() [][]*call {
	if !b.pendingLocked() || b.blocked < b.active {
		return nil
	}
	return b.takeAllLocked()
}

func (b *batcher) lingered() {
	b.mu.Lock()
	b.timer = nil
	ready := b.takeAllLocked()
	b.mu.Unlock()
	b.send(ready)
}

func (b *batcher) pendingLocked() bool {
	for _, q := range b.queued {
		if len(q) > 0 {
			return true
		}
	}
	return false
}

func (b *batcher) takeAllLocked() [][]*call {
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
// sender instead, which takes the queue when its permit comes.
func (b *batcher) takeLocked(k callKind) []*call {
	if b.pacer != nil {
		b.paceLocked(k)
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
func (b *batcher) send(batches [][]*call) {
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
func (b *batcher) run(q []*call) {
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
// *batchPanicError (an internal dead letter, see withStage) and the stack
// goes to the log, since a panic on the batcher's own goroutine would
// otherwise end the process.
func (b *batcher) runChunk(ctx context.Context, chunk []*call) {
	defer func() {
		if v := recover(); v != nil {
			err := b.panicked(chunk, v)
			failAll(chunk, err)
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

// failAll answers every call with err.
func failAll(calls []*call, err error) {
	for _, c := range calls {
		c.err = err
	}
}

// read answers reads by e-mail with one batch read by the "email" id
// property (a single read for a single address).
func (b *batcher) read(ctx context.Context, calls []*call) {
	if len(calls) == 1 && len(calls[0].emails) == 1 {
		c := calls[0]
		c.contact, c.err = b.crm.GetByEmail(ctx, c.emails[0], c.want)
		return
	}
	var ids []string
	want := union(nil, connectors.PropEmail, connectors.PropAdditionalEmails)
	for _, c := range calls {
		for _, e := range c.emails {
			if !slices.ContainsFunc(ids, func(x string) bool { return strings.EqualFold(x, e) }) {
				ids = append(ids, e)
			}
		}
		want = union(want, c.want...)
	}
	res, err := b.crm.BatchRead(ctx, ids, connectors.PropEmail, want)
	if err != nil {
		failAll(calls, err)
		return
	}
	holder := map[string]*connectors.Contact{} // folded e-mail → contact
	for i := range res.Results {
		r := &res.Results[i]
		for _, e := range contactEmails(r) {
			holder[strings.ToLower(e)] = r
		}
	}
	for _, c := range calls {
		c.err = fmt.Errorf("read by e-mail: %w", connectors.ErrNotFound)
		for _, e := range c.emails {
			if r, ok := holder[strings.ToLower(strings.TrimSpace(e))]; ok {
				c.contact, c.err = project(r, c.want), nil
				break
			}
		}
	}
}

// contactEmails are a contact's primary and additional e-mails.
func contactEmails(c *connectors.Contact) []string {
	out := []string{strings.TrimSpace(c.Properties[connectors.PropEmail])}
	for _, e := range strings.Split(c.Properties[connectors.PropAdditionalEmails], ";") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// project keeps only the properties a caller asked for: the others were
// asked for by the calls it shared a batch with.
func project(c *connectors.Contact, want []string) connectors.Contact {
	out := *c
	out.Properties = make(map[string]string, len(want))
	for _, p := range want {
		if v, ok := c.Properties[p]; ok {
			out.Properties[p] = v
		}
	}
	return out
}

// createAll answers creates with one batch create. A batch create fails
// whole when one input is refused (an existing e-mail, an invalid value);
// then it is split in halves until the refused input is alone and gets the
// error of its own.
func (b *batcher) createAll(ctx context.Context, calls []*call) {
	if len(calls) == 1 {
		c := calls[0]
		c.contact, c.err = b.crm.Create(ctx, c.props)
		return
	}
	inputs := make([]map[string]string, len(calls))
	for i, c := range calls {
		inputs[i] = c.props
	}
	res, err := b.crm.BatchCreate(ctx, inputs)
	if err != nil {
		if b.settleConflicts(ctx, calls, err) {
			return
		}
		if splittable(err) {
			b.createAll(ctx, calls[:len(calls)/2])
			b.createAll(ctx, calls[len(calls)/2:])
			return
		}
		failAll(calls, err)
		return
	}
	for i, r := range assignCreated(inputs, res.Results) {
		if r == nil {
			calls[i].err = &connectors.TransientError{MaybeApplied: true,
				Err: errors.New("batch create: the CRM's answer does not name this input's contact")}
			continue
		}
		calls[i].contact = *r
	}
}

// splittable: a whole-batch refusal that one input may have caused. A
// refusal for properties the CRM does not define is not split: the answer
// names them, and each caller writes again without its own (upsert.go).
func splittable(err error) bool {
	var up *connectors.UnknownPropertyError
	if errors.As(err, &up) {
		return false
	}
	return errors.Is(err, connectors.ErrConflict) || errors.Is(err, connectors.ErrValidation)
}

// assignCreated pairs the contacts a batch create returned with its inputs:
// by position when every one agrees with its input (the emulator, and
// HubSpot in practice), else by agreement alone, since HubSpot does not
// promise the order.
func assignCreated(inputs []map[string]string, results []connectors.Contact) []*connectors.Contact {
	out := make([]*connectors.Contact, len(inputs))
	if len(results) == len(inputs) {
		ok := true
		for i := range inputs {
			ok = ok && agrees(inputs[i], &results[i])
		}
		if ok {
			for i := range results {
				out[i] = &results[i]
			}
			return out
		}
	}
	used := make([]bool, len(results))
	for i, in := range inputs {
		for j := range results {
			if !used[j] && agrees(in, &results[j]) {
				used[j], out[i] = true, &results[j]
				break
			}
		}
	}
	return out
}

// agrees: the contact holds every value of the input (case and surrounding
// space aside).
func agrees(in map[string]string, c *connectors.Contact) bool {
	for k, v := range in {
		if got, ok := c.Properties[k]; ok && !strings.EqualFold(strings.TrimSpace(got), strings.TrimSpace(v)) {
			return false
		}
	}
	return true
}

// updateAll answers updates with one batch update; per-item errors (a 207)
// go to their callers; a whole-batch refusal is split like a create's.
func (b *batcher) updateAll(ctx context.Context, calls []*call) {
	if len(calls) == 1 {
		c := calls[0]
		c.contact, c.err = b.crm.Update(ctx, c.id, c.props)
		return
	}
	seen := map[string]bool{}
	for i, c := range calls {
		if seen[c.id] {
			// The same id twice in one batch is refused: the second goes
			// after the first.
			rest := slices.Clone(calls[i:])
			b.updateAll(ctx, calls[:i])
			b.updateAll(ctx, rest)
			return
		}
		seen[c.id] = true
	}
	inputs := make([]connectors.UpdateInput, len(calls))
	for i, c := range calls {
		inputs[i] = connectors.UpdateInput{ID: c.id, Properties: c.props}
	}
	res, err := b.crm.BatchUpdate(ctx, inputs)
	if err != nil {
		if splittable(err) {
			b.updateAll(ctx, calls[:len(calls)/2])
			b.updateAll(ctx, calls[len(calls)/2:])
			return
		}
		failAll(calls, err)
		return
	}
	byID := map[string]*call{}
	for _, c := range calls {
		byID[c.id] = c
		c.err = &connectors.TransientError{MaybeApplied: true,
			Err: fmt.Errorf("batch update: the CRM's answer does not name contact %s", c.id)}
	}
	for i := range res.Results {
		if c := byID[res.Results[i].ID]; c != nil {
			c.contact, c.err = res.Results[i], nil
		}
	}
	for _, e := range res.Errors {
		for _, id := range e.IDs {
			if c := byID[id]; c != nil {
				c.err = itemError(e)
			}
		}
	}
}

// itemError is the typed error of one failed item of a batch: a conflict
// (an e-mail's CONFLICT, or a unique value another contact holds, read from
// the message as a single call's (?: HubSpot's batch wording is not
// documented)), a missing contact, else a rejection.
func itemError(e connectors.ItemError) error {
	if e.Err != nil { // classified by the connector (Salesforce's)
		return e.Err
	}
	switch e.Category {
	case "CONFLICT":
		return &connectors.ConflictError{ExistingID: connectors.ExistingIDIn(e.Message), Message: e.Message}
	case "OBJECT_NOT_FOUND":
		return fmt.Errorf("%s: %w", e.Message, connectors.ErrNotFound)
	}
	if holder, prop, ok := connectors.UniqueValueIn(e.Message); ok {
		return &connectors.UniqueValueError{Property: prop, ExistingID: holder, Message: e.Message}
	}
	return &connectors.ValidationError{Status: 400, Category: e.Category, Message: e.Message}
}
