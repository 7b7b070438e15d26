package stages

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/batch"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// Stage names, as the dead letters' contactgate.error.stage header carries
// them (processor.DeadLetterError lists them). The index write that follows
// the CRM write is part of upsert.
const (
	stageDecode   = "decode"
	stageValidate = "validate"
	stageResolve  = "resolve"
	stageMerge    = "merge"
	stageUpsert   = "upsert"
)

var (
	// ErrClaimed is wrapped by every *ClaimConflictError.
	ErrClaimed = errors.New("identifier claimed by an in-flight create")
	// ErrIndex wraps failures of the identity index. Retryable: its
	// transactions can conflict.
	ErrIndex = errors.New("identity index failure")
)

// ClaimConflictError: another event holds a claim on one of the event's
// keys, because it is creating the record they identify. Retryable: once it
// lands in the index, the retry finds it.
type ClaimConflictError struct {
	// HeldBy is the event id of the claim's owner.
	HeldBy string
}

func (e *ClaimConflictError) Error() string {
	return fmt.Sprintf("an identifier of the event is claimed by event %q, which is creating its record", e.HeldBy)
}

// Unwrap returns ErrClaimed.
func (e *ClaimConflictError) Unwrap() error { return ErrClaimed }

// RedirectCycleError: the identity index's redirects from a merged record
// (state.Index.MergedInto) come back to a record on the way, so no record
// is the survivor. The index is corrupt: the error wraps state.ErrCorrupt
// and is not retryable, since reading again finds the same cycle.
type RedirectCycleError struct {
	// Chain is the redirects followed, from the record asked about to the
	// first one seen twice.
	Chain []string
}

func (e *RedirectCycleError) Error() string {
	return fmt.Sprintf("the identity index's merge redirects run in a cycle: %s", strings.Join(e.Chain, " -> "))
}

// Unwrap returns state.ErrCorrupt.
func (e *RedirectCycleError) Unwrap() error { return state.ErrCorrupt }

// Retryable reports whether Apply may succeed if called again: a transient
// CRM failure (rate limits pause instead, see Pause), a schema registry that did
// not answer, a claim held by another event, an identity index failure, or
// a conflict that upsert could not resolve at once (a 409 without the
// existing id: the retry reads the contact by e-mail).
func (g *Gatekeeper) Retryable(err error) bool {
	var rl *connectors.RateLimitError
	if permanent(err) || errors.As(err, &rl) {
		return false
	}
	return connectors.Retryable(err) ||
		errors.Is(err, schemas.ErrRegistryUnavailable) ||
		errors.Is(err, ErrClaimed) ||
		errors.Is(err, ErrIndex) ||
		errors.Is(err, connectors.ErrConflict)
}

// Pause reports whether the CRM cannot take work now: its circuit breaker is
// open, a rate limit stopped the call (the daily quota is spent, or a CRM
// client that does not wait out 429s itself returned one), or it refuses
// our credentials. None of these is the record's fault, and each would fail
// every record alike: a pause waits without spending the record's attempts,
// so a rate limit never dead-letters it.
func (g *Gatekeeper) Pause(err error) bool {
	if permanent(err) {
		return false
	}
	var rl *connectors.RateLimitError
	return errors.Is(err, connectors.ErrCircuitOpen) ||
		errors.As(err, &rl) ||
		errors.Is(err, connectors.ErrUnauthorized)
}

// permanent reports a dead letter: whatever its cause, neither retried nor
// paused for (the processor asks Pause and Retryable before it looks).
func permanent(err error) bool {
	var dl *processor.DeadLetterError
	return errors.As(err, &dl)
}

// withStage names a stage's errors. A CRM rejection (*connectors.ValidationError,
// a 4xx other than 401/403/404/409/429) is permanent for the record: a
// *processor.DeadLetterError of class crm_rejected carrying the CRM's
// correlation id. A panic while the batcher sent the call (*batch.PanicError) is
// an internal dead letter. Other errors are wrapped with the stage's name for the
// processor's Retryable and Pause.
func withStage(name string, s applyStage) applyStage {
	return func(ctx context.Context, a *attempt) error {
		err := s(ctx, a)
		var (
			dl *processor.DeadLetterError
			ve *connectors.ValidationError
			bp *batch.PanicError
		)
		switch {
		case err == nil || errors.As(err, &dl):
			return err
		case errors.As(err, &bp):
			return &processor.DeadLetterError{Stage: name, Class: schemas.ClassInternal, Err: err}
		case errors.As(err, &ve):
			return &processor.DeadLetterError{Stage: name, Class: schemas.ClassCRMRejected,
				CorrelationID: ve.CorrelationID, Err: &rejectedError{err: err, ve: ve}}
		}
		return fmt.Errorf("%s: %w", name, err)
	}
}

// rejectedError is a CRM rejection told without the CRM's message, which
// quotes values ("Email address x@y is invalid"): only the status, the
// category and, when the message holds HubSpot's JSON details, the error
// code and property of each problem. Unwrap gives the whole error.
type rejectedError struct {
	err error
	ve  *connectors.ValidationError
}

func (e *rejectedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "rejected by the CRM (HTTP %d %s)", e.ve.Status, e.ve.Category)
	if problems := propertyProblems(e.ve.Message); len(problems) > 0 {
		b.WriteString(": " + strings.Join(problems, ", "))
	}
	return b.String()
}

func (e *rejectedError) Unwrap() error { return e.err }

// propertyProblems reads the "CODE (property)" pairs of the JSON list that
// HubSpot embeds in a validation message; nil if there is none.
func propertyProblems(msg string) []string {
	i := strings.IndexByte(msg, '[')
	if i < 0 {
		return nil
	}
	var details []struct {
		Error string `json:"error"`
		Name  string `json:"name"`
	}
	if json.NewDecoder(strings.NewReader(msg[i:])).Decode(&details) != nil {
		return nil
	}
	out := make([]string, 0, len(details))
	for _, d := range details {
		if d.Error != "" {
			out = append(out, d.Error+" ("+d.Name+")")
		}
	}
	return out
}
