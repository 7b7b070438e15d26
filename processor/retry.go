package processor

import (
	"context"
	"errors"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/retrypolicy"
)

// maxRetryBackoff caps the exponential backoff between attempts.
const maxRetryBackoff = 30 * time.Second

// retryJitter spreads the retries of lanes that failed together (a CRM
// hiccup fails many at once) by up to a quarter of their delay.
const retryJitter = 0.25

// retrier calls next again on an error the handler calls retryable, with
// exponential backoff and jitter, up to Config.MaxAttempts, then returns a
// retries_exhausted dead letter. Pauses are the pause middleware's, outside
// this one: a pause starts the attempts afresh. The waits between attempts
// end when the processor stops or the record's partition is revoked
// (Message.waits), and the record is then abandoned, not dead-lettered.
func (p *Processor) retrier() HandlerMiddleware {
	policy := retrypolicy.NewBuilder[*schemas.Outcome]().
		HandleIf(func(_ *schemas.Outcome, err error) bool { return p.retryable(err) }).
		WithMaxAttempts(p.cfg.MaxAttempts).
		WithBackoff(p.cfg.RetryBackoff, max(p.cfg.RetryBackoff, maxRetryBackoff)).
		WithJitterFactor(retryJitter).
		ReturnLastFailure().
		Build()
	return func(next HandlerFunc) HandlerFunc {
		return func(ctx context.Context, m *Message) (*schemas.Outcome, error) {
			waits := p.waits(m)
			var (
				last    *schemas.Outcome
				lastErr error
				ran     bool
			)
			out, err := failsafe.With(policy).WithContext(waits).Get(func() (*schemas.Outcome, error) {
				last, lastErr = next(ctx, m)
				ran = true
				return last, lastErr
			})
			if waits.Err() != nil && ran {
				// failsafe answers a stopped context with its error, even
				// when the attempt in hand finished: keep what it did (an
				// outcome, a dead letter) so that a shutdown finishes the
				// work in hand.
				out, err = last, lastErr
			}
			switch {
			case err == nil:
				return out, nil
			case p.retryable(err) && waits.Err() == nil:
				return nil, &DeadLetterError{Stage: "upsert", Class: schemas.ClassRetriesExhausted, Err: err}
			case waits.Err() != nil && !isDeadLetter(err) && !p.h.Pause(err):
				// Stopped between attempts, or before the first.
				return nil, errShutdown
			default:
				return out, err
			}
		}
	}
}

// retryable reports an error worth another attempt: the handler says so,
// and it is neither a pause, a dead letter, nor the processor stopping.
func (p *Processor) retryable(err error) bool {
	return err != nil && !errors.Is(err, errShutdown) && !isDeadLetter(err) && !p.h.Pause(err) && p.h.Retryable(err)
}

func isDeadLetter(err error) bool {
	var dl *DeadLetterError
	return errors.As(err, &dl)
}
