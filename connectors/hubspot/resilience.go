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
	"github.com/failsafe-go/failsafe-go/retrypolicy"
	"github.com/failsafe-go/failsafe-go/timeout"

	"github.com/contactgate/contactgate/connectors"
)

// policies are the client's resilience policies, composed in two layers
// (see the package comment): call runs an operation under retry and circuit
// breaker; send runs each HTTP request under a rolling-window rate limiter
// and the request timeout, and waits out 429s.
type policies struct {
	cfg     *Config
	breaker circuitbreaker.CircuitBreaker[any]
	call    failsafe.Executor[any]
	request failsafe.Executor[httpResult]
	limiter *rollingLimiter // every endpoint but search
	search  *rollingLimiter
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

	p.request = failsafe.With[httpResult](timeout.New[httpResult](cfg.RequestTimeout))
	p.limiter = newRollingLimiter(cfg.RateLimit, cfg.RateWindow, cfg.QuotaShare, cfg.RateBurst, cfg.Now)
	// The search limit is the account's too (5 per second): shared alike.
	p.search = newRollingLimiter(cfg.SearchRateLimit, cfg.SearchRateWindow, cfg.QuotaShare, cfg.RateBurst, cfg.Now)
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

// send runs one HTTP request: it waits for a permit of its limiter (or
// spends the one ctx carries, AwaitPermit), then sends under the request
// timeout. A 429 of the TEN_SECONDLY_ROLLING or SECONDLY policy is
// back-pressure, not a failure: the limiter holds every request for its
// Retry-After and the request goes again, as often as it takes, bounded
// only by ctx (and connectors.Abandon). It never spends the call's
// attempts. A DAILY 429 is returned: the caller pauses on it.
func (p *policies) send(ctx context.Context, req *request, do func(context.Context, *request) (int, []byte, error)) (int, []byte, error) {
	lim := p.limiterFor(req.search)
	for {
		g, err := p.permit(ctx, req, lim)
		if err != nil {
			return 0, nil, err
		}
		r, err := p.request.WithContext(ctx).GetWithExecution(func(exec failsafe.Execution[httpResult]) (httpResult, error) {
			status, body, err := do(exec.Context(), req)
			return httpResult{status, body}, err
		})
		g.done()
		var rl *connectors.RateLimitError
		if errors.As(err, &rl) && rl.Policy != connectors.PolicyDaily {
			wait := max(rl.RetryAfter, p.minRetryAfter(req.search))
			lim.refused(wait + jitter(wait/10))
			p.cfg.Logger.Debug("hubspot: rate limited, waiting", "policy", rl.Policy, "retry_after", wait, "operation", req.op)
			if p.cfg.OnRateLimited != nil {
				p.cfg.OnRateLimited(rl.Policy)
			}
			continue
		}
		if err != nil {
			return r.status, nil, p.requestError(ctx, req, err)
		}
		return r.status, r.body, nil
	}
}

// limiterFor is the limiter of search requests or of the other endpoints.
func (p *policies) limiterFor(search bool) *rollingLimiter {
	if search {
		return p.search
	}
	return p.limiter
}

// minRetryAfter is the least a 429 holds the limiter: a 429 without
// Retry-After still means the window is full.
func (p *policies) minRetryAfter(search bool) time.Duration {
	if search {
		return p.cfg.SearchRateWindow / max(time.Duration(p.cfg.SearchRateLimit), 1)
	}
	return p.cfg.RateWindow / max(time.Duration(p.cfg.RateLimit), 1)
}

// heldPermit is a permit AwaitPermit took for the next request of its kind.
type heldPermit struct {
	g      *grant
	search bool
	used   atomic.Bool
}

type permitKey struct{}

// AwaitPermit implements connectors.Pacer: it waits for a permit of the
// search limiter or of the other endpoints' and returns ctx carrying it.
// A raw client has no limiter: it returns ctx at once.
func (c *Client) AwaitPermit(ctx context.Context, search bool) (context.Context, error) {
	if c.pol == nil {
		return ctx, nil
	}
	op := OperationCoalesced
	if search {
		op = OperationSearch
	}
	start := time.Now()
	g, err := c.pol.limiterFor(search).wait(ctx)
	if c.cfg.OnRateLimitWait != nil {
		c.cfg.OnRateLimitWait(op, time.Since(start))
	}
	if err != nil {
		return ctx, fmt.Errorf("hubspot: waiting for a rate-limit permit: %w", err)
	}
	return context.WithValue(ctx, permitKey{}, &heldPermit{g: g, search: search}), nil
}

// SetQuotaShare changes the fraction of the account's limits this client
// takes (Config.QuotaShare), e.g. to 1/N when the consumer group has N
// members. A share outside (0, 1] is ignored.
func (c *Client) SetQuotaShare(share float64) {
	if c.pol == nil || !(share > 0 && share <= 1) {
		return
	}
	c.pol.limiter.setShare(share)
	c.pol.search.setShare(share)
}

// RateLimitQueue is the number of requests waiting for a permit of the
// client's limiters, search included: how far the account's quota is
// behind the work.
func (c *Client) RateLimitQueue() int {
	if c.pol == nil {
		return 0
	}
	return c.pol.limiter.queued() + c.pol.search.queued()
}

// permit spends the permit ctx carries for req's kind, else waits for one
// under ctx and connectors.Abandon. Its wait is reported to
// Config.OnRateLimitWait.
func (p *policies) permit(ctx context.Context, req *request, lim *rollingLimiter) (*grant, error) {
	if hp, ok := ctx.Value(permitKey{}).(*heldPermit); ok && hp.search == req.search && hp.used.CompareAndSwap(false, true) {
		return hp.g, nil
	}
	wctx := ctx
	if abandon := connectors.Abandon(ctx); abandon != nil {
		var cancel context.CancelFunc
		wctx, cancel = context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(abandon, cancel)()
	}
	start := time.Now()
	g, err := lim.wait(wctx)
	if p.cfg.OnRateLimitWait != nil {
		p.cfg.OnRateLimitWait(req.op, time.Since(start))
	}
	if err != nil {
		// Nothing was sent: not applied, and not for the retries to try again.
		return nil, final{&connectors.TransientError{Err: fmt.Errorf("gave up waiting for a rate-limit permit: %w", err)}}
	}
	return g, nil
}

// observeRateStatus lets HubSpot's rate-limit headers steer the limiter of
// the other endpoints (search responses carry none).
func (p *policies) observeRateStatus(s RateLimitStatus) {
	p.limiter.observe(s.Max, s.Remaining, s.Interval)
}

// requestError maps the per-request policies' own errors to typed ones.
func (p *policies) requestError(ctx context.Context, req *request, err error) error {
	switch {
	case errors.Is(err, timeout.ErrExceeded):
		return &connectors.TransientError{MaybeApplied: req.write,
			Err: fmt.Errorf("no response within %s: %w", p.cfg.RequestTimeout, err)}
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
