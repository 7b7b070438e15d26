package processor

import (
	"context"
	"errors"
	"fmt"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Handler is the per-record work of the pipeline; package stages provides
// the gatekeeper's. The processor calls Prepare for every record in offset
// order from one goroutine, then Apply from the lane that LaneKey selects, so
// that records of one identity are applied in order while different
// identities run concurrently.
type Handler interface {
	// Prepare decodes, validates and normalizes a record without calling the
	// CRM. An error is permanent for the record: it is dead-lettered.
	Prepare(ctx context.Context, r *kgo.Record) (Job, error)
	// Apply resolves, merges and upserts. Its errors are classified: a
	// *DeadLetterError is permanent; ErrPause (wrapped) pauses consumption
	// and retries later; a retryable error (Retryable) is retried with
	// backoff up to the configured attempts; anything else is an internal
	// error and is dead-lettered.
	Apply(ctx context.Context, j Job) (*schemas.Outcome, error)
	// Retryable reports whether Apply may succeed if called again.
	Retryable(err error) bool
	// Pause reports whether err means the CRM cannot take work now (circuit
	// open, daily quota spent): consumption pauses instead of dead-lettering.
	Pause(err error) bool
}

// Job is a prepared record on its way to a lane.
type Job struct {
	// LaneKey names the identity, e.g. the normalized e-mail. Jobs with one
	// LaneKey run in offset order on one lane.
	LaneKey string
	// Value is the handler's prepared state, opaque to the processor.
	Value any
}

// DeadLetterError marks a failure as permanent for one record, with the stage
// and class that the dead letter's headers carry.
type DeadLetterError struct {
	Stage string // decode, validate, normalize, resolve, merge, upsert
	Class string // one of the schemas.Class* values
	// CorrelationID is the CRM's, when it answered.
	CorrelationID string
	Err           error
}

func (e *DeadLetterError) Error() string {
	return fmt.Sprintf("%s failed (%s): %v", e.Stage, e.Class, e.Err)
}

func (e *DeadLetterError) Unwrap() error { return e.Err }

// DeadLetter wraps err as permanent for its record.
func DeadLetter(stage, class string, err error) error {
	return &DeadLetterError{Stage: stage, Class: class, Err: err}
}

// asDeadLetter returns err as a *DeadLetterError, classifying what is not one
// as internal.
func asDeadLetter(stage string, err error) *DeadLetterError {
	var dl *DeadLetterError
	if errors.As(err, &dl) {
		return dl
	}
	return &DeadLetterError{Stage: stage, Class: schemas.ClassInternal, Err: err}
}
