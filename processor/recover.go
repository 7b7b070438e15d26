package processor

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// recoverer turns a panic in the handler's Apply, or in the middleware
// inside it, into an internal dead letter: the panic and its stack go to the
// log, the record to the DLQ, and the pipeline goes on. It is the outermost
// middleware, so that a panic is never retried.
func (p *Processor) recoverer(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, m *Message) (out *schemas.Outcome, err error) {
		defer func() {
			if v := recover(); v != nil {
				out, err = nil, p.panicked("apply", m.Record, v)
			}
		}()
		return next(ctx, m)
	}
}

// prepare calls the handler's Prepare, with a panic turned into an internal
// dead letter as recoverer does for Apply.
func (p *Processor) prepare(ctx context.Context, r *kgo.Record) (j Job, err error) {
	defer func() {
		if v := recover(); v != nil {
			j, err = Job{}, p.panicked("prepare", r, v)
		}
	}()
	return p.h.Prepare(ctx, r)
}

// panicked logs a recovered panic with its stack and returns its dead
// letter.
func (p *Processor) panicked(stage string, r *kgo.Record, v any) error {
	p.stats.panics.Add(1)
	p.cfg.Logger.Error("processor: panic recovered; the record is dead-lettered as internal",
		"stage", stage, "topic", r.Topic, "partition", r.Partition, "offset", r.Offset,
		"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	return &DeadLetterError{Stage: stage, Class: schemas.ClassInternal, Err: fmt.Errorf("panic: %v", v)}
}
