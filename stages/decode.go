package stages

import (
	"context"
	"errors"
	"fmt"

	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
)

// decode turns the record's bytes into a ContactEvent. A record with no event
// in it (*schemas.SkippedError) is skipped, except a Debezium delete that
// carries its row: that goes on as ev.ignore (see ignored). A record that cannot
// be decoded is permanent: a *schemas.DecodeError is dead-lettered with
// class decode. A schema registry that does not answer is transient, and
// Prepare cannot retry: the error (wrapping schemas.ErrRegistryUnavailable)
// goes back to Prepare, which defers the record to Apply (see
// Gatekeeper.Prepare), whose errors the processor retries.
func (g *Gatekeeper) decode(ctx context.Context, ev *event) error {
	ce, err := g.cfg.Decoder.ContactEvent(ctx, ev.value)
	var (
		de *schemas.DecodeError
		sk *schemas.SkippedError
	)
	switch {
	case err == nil:
		ev.ce, ev.decoded = ce, true
		return nil
	case errors.As(err, &sk) && sk.Row != nil:
		// A delete: the row goes on for its keys, to name the record left
		// alone.
		ev.ce, ev.decoded, ev.ignore = *sk.Row, true, sk
		return nil
	case errors.As(err, &sk):
		// Nothing to apply (a tombstone, a Debezium delete): the processor
		// commits past it and counts it.
		return sk
	case errors.As(err, &de):
		return processor.DeadLetter(stageDecode, schemas.ClassDecode, err)
	case errors.Is(err, schemas.ErrRegistryUnavailable):
		return fmt.Errorf("decode: %w", err)
	default:
		// The decoder promises one of the two; anything else is a bug.
		return processor.DeadLetter(stageDecode, schemas.ClassInternal, err)
	}
}
