package emulator

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/contactgate/contactgate/connectors"
)

// BasePath is the root of HubSpot's contact endpoints.
const BasePath = "/crm/v3/objects/contacts"

// Emulator is a HubSpot-compatible CRM held in memory. Use it in-process as
// a connectors.CRM, or over HTTP through Handler; both go through the same
// latency, rate limits, faults, store and request log. Safe for concurrent
// use.
type Emulator struct {
	cfg Config

	mu    sync.Mutex // guards store and its search index
	store *store

	front  sync.Mutex // guards limits, faults and log; never held with mu
	limits *limiter
	faults *faultInjector
	log    *requestLog
}

var _ connectors.CRM = (*Emulator)(nil)

// New returns an empty emulator. It panics if cfg is invalid (see
// Config.Validate): a programming error, which the CLI checks first.
func New(cfg Config) *Emulator {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	s := newStore(cfg.Now, cfg.SearchLag, cfg.UniqueProperties, cfg.Properties)
	s.reject = cfg.Reject
	return &Emulator{
		cfg:    cfg,
		store:  s,
		limits: newLimiter(cfg),
		faults: newFaultInjector(cfg.Seed, cfg.FaultRate, cfg.FaultKinds),
		log:    newRequestLog(cfg.LogSize),
	}
}

// SetFaults changes fault injection from the next request on: a test can
// start an outage and end it. No kinds means the default kinds (see
// Config.FaultKinds). It panics on a rate outside [0,1] or an unknown kind.
func (e *Emulator) SetFaults(rate float64, kinds ...FaultKind) {
	if err := (Config{FaultRate: rate, FaultKinds: kinds}).Validate(); err != nil {
		panic(err)
	}
	e.front.Lock()
	defer e.front.Unlock()
	e.faults.set(rate, kinds)
}

// SetReject replaces Config.Reject from the next write on: a test can make
// the CRM refuse a value, then accept it again (nil), as when an admin adds
// the missing option to a property.
func (e *Emulator) SetReject(reject func(property, value string) bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.store.reject = reject
}

// Stats returns the counters.
func (e *Emulator) Stats() Stats {
	e.front.Lock()
	s := e.log.stats.clone()
	e.front.Unlock()
	e.mu.Lock()
	s.Records, s.UpsertsFound = len(e.store.records), e.store.upsertsFound
	e.mu.Unlock()
	return s
}

// Requests returns the request log, oldest first (the latest
// Config.LogSize requests).
func (e *Emulator) Requests() []Request {
	e.front.Lock()
	defer e.front.Unlock()
	return e.log.requests()
}

func (e *Emulator) record(r Request) {
	e.front.Lock()
	defer e.front.Unlock()
	e.log.add(r)
}

// endpoint is one request as the log names it.
type endpoint struct {
	op     Operation
	method string
	path   string
}

// writes reports whether the endpoint changes the store.
func (ep endpoint) writes() bool {
	switch ep.op {
	case OpCreate, OpUpdate, OpBatchCreate, OpBatchUpdate, OpBatchUpsert, OpMerge, OpCreateProperty, OpArchive:
		return true
	}
	return false
}

// answer is what the HTTP layer needs besides the result.
type answer struct {
	status  int
	headers rateHeaders
}

// op is the work of one endpoint on the store, returning its result and
// success status.
type op[T any] func(s *store) (T, int, error)

// serve runs one request through what stands between a caller and the store,
// in this order: latency, rate limits, fault injection, then the op under
// the store's lock. Every request that got past ctx is logged.
func serve[T any](ctx context.Context, e *Emulator, ep endpoint, work op[T]) (T, answer, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, answer{}, &connectors.TransientError{Err: fmt.Errorf("emulator %s: not sent: %w", ep.op, err)}
	}
	req := Request{Operation: ep.op, Method: ep.method, Path: ep.path}
	if err := sleep(ctx, e.cfg.Latency); err != nil {
		req.Time = e.cfg.Now()
		e.record(req)
		return zero, answer{}, gaveUp(ep, false, err)
	}

	e.front.Lock()
	req.Time = e.cfg.Now()
	headers, limited := e.limits.admit(ep.op == OpSearch, req.Time)
	var faultStatus int
	if limited == nil {
		req.Fault, faultStatus = e.faults.draw()
	}
	e.front.Unlock()

	if limited != nil {
		req.Status, req.Policy = http.StatusTooManyRequests, limited.Policy
		e.record(req)
		return zero, answer{status: req.Status, headers: headers}, limited
	}
	switch req.Fault {
	case FaultBeforeWrite:
		req.Status = faultStatus
		e.record(req)
		return zero, answer{status: req.Status, headers: headers}, injected(ep, faultStatus, req.Fault)
	case FaultHang:
		if ep.writes() {
			_, _, _ = apply(e, work)
		}
		<-ctx.Done()
		e.record(req)
		return zero, answer{}, gaveUp(ep, ep.writes(), ctx.Err())
	}
	v, status, err := apply(e, work)
	if req.Fault == FaultAfterWrite {
		req.Status = faultStatus
		e.record(req)
		return zero, answer{status: req.Status, headers: headers}, injected(ep, faultStatus, req.Fault)
	}
	if err != nil {
		status = statusOf(err)
	}
	req.Status = status
	e.record(req)
	return v, answer{status: status, headers: headers}, err
}

// apply runs work under the store's lock.
func apply[T any](e *Emulator, work op[T]) (T, int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return work(e.store)
}

// injected is the error of an injected 5xx; only a write answered with
// FaultAfterWrite may have been applied.
func injected(ep endpoint, status int, kind FaultKind) error {
	return &connectors.TransientError{
		Status:        status,
		CorrelationID: newCorrelationID(),
		MaybeApplied:  kind == FaultAfterWrite && ep.writes(),
		Err:           fmt.Errorf("emulator %s: %s: %w", ep.op, kind, ErrInjectedFault),
	}
}

// gaveUp is the error of a request whose caller stopped waiting.
func gaveUp(ep endpoint, maybeApplied bool, cause error) error {
	return &connectors.TransientError{
		MaybeApplied: maybeApplied,
		Err:          fmt.Errorf("emulator %s: no answer: %w", ep.op, cause),
	}
}
