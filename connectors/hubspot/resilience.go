package hubspot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/circuitbreaker"
	"github.com/failsafe-go/failsafe-go/ratelimiter"
	"github.com/failsafe-go/failsafe-go/retrypolicy"
	"github.com/failsafe-go/failsafe-go/timeout"

	"github.com/contactgate/contactgate/connectors"
)

// policies are the client's failsafe policies, composed in two layers (see
// the package comment): call runs an operation under retry and circuit
// breaker; send runs each HTTP request under a rate limiter and the request
// timeout.
type policies struct {
	cfg     *Config
	breaker circuitbreaker.CircuitBreaker[any]
	call    failsafe.Executor[any]
	request failsafe.Executor[httpResult]
	search  failsafe.Executor[httpResult]
}

// httpResult is the outcome of one HTTP request under the per-request policies.
type httpResult struct {
	status int
	body   []byte
}

func newPolicies(cfg *Config) *policies {
	p := &policies{cfg: cfg}
	p.breaker = circuitbreaker.NewBuilder[any]().
		HandleIf(func(_ any, err error) bool { return isCRMFailure(err) }).
		WithFailureThresholdRatio(cfg.BreakerFailures, cfg.BreakerWindow).
		WithSuccessThreshold(1).
		WithDelay(cfg.BreakerDelay).
		OnStateChanged(p.breakerChanged).
		Build()
	retry := retrypolicy.NewBuilder[any]().
		HandleIf(func(_ any, err error) bool { return p.shouldRetry(err) }).
		WithMaxAttempts(cfg.MaxAttempts).
		WithDelayFunc(p.retryDelay).
		ReturnLastFailure().
		OnRetryScheduled(func(e failsafe.ExecutionScheduledEvent[any]) {
			// The error's text can hold an e-mail (in a URL or a message):
			// only its class goes out at warn level.
			cfg.Logger.Warn("hubspot: retrying", "attempt", e.Attempts(), "delay", e.Delay, "error_class", errorClass(e.LastError()))
			cfg.Logger.Debug("hubspot: retry cause", "error", e.LastError())
		}).
		Build()
	p.call = failsafe.With[any](retry, p.breaker)

	to := timeout.New[httpResult](cfg.RequestTimeout)
	limiter := ratelimiter.NewBurstyBuilder[httpResult](uint(cfg.RateLimit), cfg.RateWindow).
		WithMaxWaitTime(cfg.RateLimitMaxWait).Build()
	searchLimiter := ratelimiter.NewBurstyBuilder[httpResult](uint(cfg.SearchRateLimit), cfg.SearchRateWindow).
		WithMaxWaitTime(cfg.RateLimitMaxWait).Build()
	p.request = failsafe.With[httpResult](limiter, to)
	p.search = failsafe.With[httpResult](searchLimiter, to)
	return p
}

// call runs one operation's attempts under retry and circuit breaker; op
// names it in the error.
func call[T any](ctx context.Context, c *Client, op string, attempt func(context.Context) (T, error)) (T, error) {
	var zero T
	if c.pol == nil {
		v, err := attempt(ctx)
		if f, ok := err.(final); ok {
			err = f.error
		}
		if err != nil {
			return zero, fmt.Errorf("hubspot: %s: %w", op, err)
		}
		return v, nil
	}
	var last error // the last attempt's own error; outlives a breaker rejection
	v, err := c.pol.call.WithContext(ctx).Get(func() (any, error) {
		v, err := attempt(ctx)
		last = err
		return v, err
	})
	if err != nil {
		return zero, fmt.Errorf("hubspot: %s: %w", op, c.pol.callError(err, last))
	}
	return v.(T), nil
}

// send runs one HTTP request under its limiter and the request timeout.
func (p *policies) send(ctx context.Context, req *request, do func(context.Context, *request) (int, []byte, error)) (int, []byte, error) {
	ex := p.request
	if req.search {
		ex = p.search
	}
	reportWait := p.waitObserver(req)
	r, err := ex.WithContext(ctx).GetWithExecution(func(exec failsafe.Execution[httpResult]) (httpResult, error) {
		reportWait()
		status, body, err := do(exec.Context(), req)
		return httpResult{status, body}, err
	})
	reportWait()
	if err != nil {
		return r.status, nil, p.requestError(ctx, req, err)
	}
	return r.status, r.body, nil
}

// waitObserver starts timing req's wait for a permit. The returned function
// reports it to Config.OnRateLimitWait the first time it is called: as the
// request starts (the limiter gave a permit), or after the policies return
// without starting it (no permit in time, or the caller gave up).
func (p *policies) waitObserver(req *request) func() {
	if p.cfg.OnRateLimitWait == nil {
		return func() {}
	}
	start := time.Now()
	var reported atomic.Bool
	return func() {
		if reported.CompareAndSwap(false, true) {
			p.cfg.OnRateLimitWait(req.op, time.Since(start))
		}
	}
}

// requestError maps the per-request policies' own errors to typed ones.
func (p *policies) requestError(ctx context.Context, req *request, err error) error {
	switch {
	case errors.Is(err, timeout.ErrExceeded):
		return &connectors.TransientError{MaybeApplied: req.write,
			Err: fmt.Errorf("no response within %s: %w", p.cfg.RequestTimeout, err)}
	case errors.Is(err, ratelimiter.ErrExceeded):
		policy, limit, window := connectors.PolicyTenSecondly, p.cfg.RateLimit, p.cfg.RateWindow
		if req.search {
			policy, limit, window = connectors.PolicySecondly, p.cfg.SearchRateLimit, p.cfg.SearchRateWindow
		}
		// Final: the limiter already waited RateLimitMaxWait; the caller backs off.
		return final{&connectors.RateLimitError{Policy: policy, RetryAfter: window,
			Message: fmt.Sprintf("client-side limit of %d per %s: no permit within %s", limit, window, p.cfg.RateLimitMaxWait)}}
	case ctx.Err() != nil && isContextError(err) && !errors.Is(err, connectors.ErrTransient):
		return &connectors.TransientError{Err: fmt.Errorf("canceled before sending: %w", err)}
	}
	return err
}

// callError is the error a call returns: breaker rejections wrap
// connectors.ErrCircuitOpen, and a call whose earlier attempt may have
// applied a write still says so when it ends on a rejection or cancellation.
func (p *policies) callError(err, last error) error {
	if f, ok := err.(final); ok {
		err = f.error
	}
	if errors.Is(err, circuitbreaker.ErrOpen) {
		err = fmt.Errorf("%w (half-opens in %s): %w", connectors.ErrCircuitOpen,
			p.breaker.RemainingDelay().Round(time.Millisecond), err)
	}
	if !maybeApplied(err) && maybeApplied(last) && (errors.Is(err, connectors.ErrCircuitOpen) || isContextError(err)) {
		err = &connectors.TransientError{MaybeApplied: true, Err: err}
	}
	return err
}

// shouldRetry: transient failures, and 429s other than DAILY whose wait is
// at most MaxRetryAfter. Conflicts, validation, not found, unauthorized,
// breaker rejections and final errors are returned at once.
func (p *policies) shouldRetry(err error) bool {
	var f final
	if err == nil || errors.As(err, &f) {
		return false
	}
	var rl *connectors.RateLimitError
	if errors.As(err, &rl) {
		return rl.Policy != connectors.PolicyDaily && rl.RetryAfter <= p.cfg.MaxRetryAfter
	}
	return errors.Is(err, connectors.ErrTransient)
}

// retryDelay waits a 429's RetryAfter (never less, plus up to 10 % jitter);
// after a transient failure, exponential backoff from BaseBackoff to
// MaxBackoff with equal jitter (half fixed, half random).
func (p *policies) retryDelay(exec failsafe.ExecutionAttempt[any]) time.Duration {
	var rl *connectors.RateLimitError
	if errors.As(exec.LastError(), &rl) {
		return rl.RetryAfter + jitter(rl.RetryAfter/10)
	}
	d := p.cfg.MaxBackoff
	if n := exec.Retries(); n < 30 {
		d = min(p.cfg.BaseBackoff<<n, p.cfg.MaxBackoff)
	}
	return d/2 + jitter(d/2)
}

// jitter is uniform in [0, d].
func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d + 1)
}

func (p *policies) breakerChanged(e circuitbreaker.StateChangedEvent) {
	p.cfg.Logger.Warn("hubspot: circuit breaker "+e.NewState.String(), "from", e.OldState.String())
	if p.cfg.OnBreakerStateChange == nil {
		return
	}
	switch e.NewState {
	case circuitbreaker.OpenState:
		p.cfg.OnBreakerStateChange(true)
	case circuitbreaker.ClosedState:
		p.cfg.OnBreakerStateChange(false)
	}
}

// BreakerOpen reports whether the circuit breaker is open: calls fail fast
// with connectors.ErrCircuitOpen. It stays true past BreakerDelay until a
// call tries again (that call is the half-open trial); see
// BreakerRemainingDelay. Always false for a raw client.
func (c *Client) BreakerOpen() bool { return c.pol != nil && c.pol.breaker.IsOpen() }

// BreakerState is "closed", "open" or "half-open"; "disabled" for a raw client.
func (c *Client) BreakerState() string {
	if c.pol == nil {
		return "disabled"
	}
	return c.pol.breaker.State().String()
}

// BreakerRemainingDelay is how long an open breaker still rejects calls.
func (c *Client) BreakerRemainingDelay() time.Duration {
	if c.pol == nil {
		return 0
	}
	return c.pol.breaker.RemainingDelay()
}

// final marks an error the retry policy must return at once whatever its
// class; callError unwraps it.
type final struct{ error }

func (f final) Unwrap() error { return f.error }

// isCRMFailure is what the breaker counts: transient failures of HubSpot,
// not the caller's cancellations.
func isCRMFailure(err error) bool {
	return errors.Is(err, connectors.ErrTransient) && !isContextError(err)
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// maybeApplied reports a TransientError whose write may have been applied.
func maybeApplied(err error) bool {
	var te *connectors.TransientError
	return errors.As(err, &te) && te.MaybeApplied
}

// errorClass names an error's kind without its text, which may carry PII.
func errorClass(err error) string {
	var (
		te *connectors.TransientError
		rl *connectors.RateLimitError
	)
	switch {
	case errors.As(err, &rl):
		return "rate_limited:" + rl.Policy
	case errors.As(err, &te) && te.Status != 0:
		return "transient:http_" + strconv.Itoa(te.Status)
	case errors.As(err, &te):
		return "transient:timeout_or_network"
	case errors.Is(err, connectors.ErrCircuitOpen):
		return "circuit_open"
	default:
		return fmt.Sprintf("%T", err)
	}
}
