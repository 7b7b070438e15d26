package connectors

import "context"

// Pacer is a CRM client that paces its requests under the account's rate
// limits. A caller that coalesces calls into batches waits for a permit
// first and fills its batch with whatever is queued when the permit comes:
// while permits are scarce, batches grow instead of queueing small.
type Pacer interface {
	// AwaitPermit waits until the client's limiter for search requests
	// (search true) or for the other endpoints grants one request, and
	// returns ctx carrying the permit: the next request of that kind made
	// with the returned context (or one derived from it) spends it instead
	// of waiting again. Waiting is not failing: it ends only with ctx.
	AwaitPermit(ctx context.Context, search bool) (context.Context, error)
}

type abandonKey struct{}

// WithAbandon returns ctx carrying abandon: a CRM client waits for a
// rate-limit permit or a 429's Retry-After only while abandon is not done
// either, and then fails the request as a *TransientError that was not
// applied. For callers that run writes under a context without
// cancellation, so that a request already sent is not abandoned half way,
// while one not yet sent still is.
func WithAbandon(ctx, abandon context.Context) context.Context {
	return context.WithValue(ctx, abandonKey{}, abandon)
}

// Abandon is the context WithAbandon put in ctx, nil if none.
func Abandon(ctx context.Context) context.Context {
	a, _ := ctx.Value(abandonKey{}).(context.Context)
	return a
}
