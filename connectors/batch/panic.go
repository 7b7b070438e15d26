package batch

import (
	"fmt"
	"runtime/debug"
)

// PanicError answers the calls of a batch whose sending panicked (a bug in
// the CRM client or here): whether the CRM applied the writes is unknown,
// and sending them again would likely panic again.
type PanicError struct {
	// Kind names the calls of the batch ("create", "update", ...).
	Kind string
	// Value is what the panic carried.
	Value any
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("panic while sending a batch of CRM calls (%s): %v", e.Kind, e.Value)
}

// panicked logs a panic recovered while sending chunk, with its stack, and
// returns the error its calls are answered with.
func (b *Batcher) panicked(chunk []*call, v any) error {
	b.logger.Error("batch: panic recovered while sending CRM calls; they fail",
		"kind", chunk[0].kind.String(), "calls", len(chunk), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	return &PanicError{Kind: chunk[0].kind.String(), Value: v}
}
