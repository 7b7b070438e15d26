package processor

import (
	"context"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Message is one job on its way through the middleware chain to the
// handler's Apply.
type Message struct {
	// Record is the consumed record, Job what Prepare made of it.
	Record *kgo.Record
	Job    Job
	// Attempts counts the handler's Apply calls so far: the dead letter's
	// attempts header.
	Attempts int
	// waits ends when the processor stops or the record's partition is
	// revoked: the waits between attempts and in pauses end with it (the
	// record is then abandoned and replayed), the handler's call does not.
	// Nil: the processor's running context.
	waits context.Context
}

// waits is the context of m's waits between attempts and in pauses.
func (p *Processor) waits(m *Message) context.Context {
	if m.waits != nil {
		return m.waits
	}
	return p.running
}

// HandlerFunc applies a message: an outcome, or an error that the processor
// dead-letters (a *DeadLetterError) or abandons (errShutdown: the record is
// replayed by the partition's next owner).
type HandlerFunc func(ctx context.Context, m *Message) (*schemas.Outcome, error)

// HandlerMiddleware wraps a HandlerFunc, in the manner of watermill's
// middleware.
type HandlerMiddleware func(HandlerFunc) HandlerFunc

// namedMiddleware is one link of the chain, named for logs and tests.
type namedMiddleware struct {
	name string
	mw   HandlerMiddleware
}

// middlewares is the fixed chain, outermost first (doc.go says why this
// order): recover, metrics, pause, retry, dead-letter.
func (p *Processor) middlewares() []namedMiddleware {
	return []namedMiddleware{
		{"recover", p.recoverer},
		{"metrics", p.measure},
		{"pause", p.pauser},
		{"retry", p.retrier()},
		{"dead-letter", p.classifier},
	}
}

// chain wraps the handler's Apply in the middlewares.
func (p *Processor) chain() HandlerFunc {
	h := p.applyOnce
	mws := p.middlewares()
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i].mw(h)
	}
	return h
}

// applyOnce is one call of the handler's Apply: the end of the chain.
func (p *Processor) applyOnce(ctx context.Context, m *Message) (*schemas.Outcome, error) {
	m.Attempts++
	return p.h.Apply(ctx, m.Job)
}

// measure counts the jobs applied and the time they took, pauses and
// retries included, and hands each to Config.ObserveApply.
func (p *Processor) measure(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, m *Message) (*schemas.Outcome, error) {
		start := time.Now()
		out, err := next(ctx, m)
		took := time.Since(start)
		p.stats.applies.Add(1)
		p.stats.applyNanos.Add(int64(took))
		if p.cfg.ObserveApply != nil {
			p.cfg.ObserveApply(took, m.Attempts, err)
		}
		return out, err
	}
}
