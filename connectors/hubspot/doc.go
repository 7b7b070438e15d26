// Package hubspot implements connectors.CRM over HubSpot's CRM v3 contacts
// API (notes/hubspot.md), with resilience policies from failsafe-go.
//
//	cl, err := hubspot.New(hubspot.Config{Token: token, Tier: hubspot.TierProfessional})
//
// # Errors
//
// Answers are classified by status and body, never by the caller:
//
//   - 409: *connectors.ConflictError; ExistingID is parsed from the message's
//     "Existing ID: N" ("" when absent).
//   - 429: *connectors.RateLimitError. Policy is the body's policyName
//     (SECONDLY for search when absent). RetryAfter is the Retry-After header
//     (seconds or an HTTP date) when present, else the policy's window:
//     X-HubSpot-RateLimit-Interval-Milliseconds or 10 s for
//     TEN_SECONDLY_ROLLING, 1 s for SECONDLY, 0 for DAILY.
//   - 400 for a value of a unique property (hasUniqueValue, or the e-mail)
//     that another contact holds — errorType UNIQUE_VALUE_CONFLICT, or a
//     message ending "N already has that value." —:
//     *connectors.UniqueValueError, which wraps connectors.ErrConflict like
//     a 409; the holder and the property come from errorTokens or the
//     message.
//   - 404: wraps connectors.ErrNotFound; 401 and 403 wrap
//     connectors.ErrUnauthorized; any other 4xx is a
//     *connectors.ValidationError. The client's own refusals (an empty id, a
//     batch create over MaxBatch) are ValidationErrors with Status 0.
//   - 5xx, timeouts and network failures: *connectors.TransientError, with
//     MaybeApplied for writes unless the connection was never made.
//
// The token never appears in an error or a log line: Config masks it, and a
// server message echoing it is redacted.
//
// # Policies
//
// Unless Config.Raw, each call runs under these policies, outermost first:
//
//  1. Retry: exponential backoff with jitter for TransientErrors, up to
//     MaxAttempts. 429s never reach it but DAILY ones, which are returned
//     at once for the caller to pause on: the per-request layer waits the
//     others out (4). Conflicts, validation errors, not found,
//     unauthorized and breaker rejections are never retried.
//  2. Circuit breaker: opens after BreakerFailures transient failures among
//     the last BreakerWindow attempts; while open every call fails fast with
//     an error wrapping connectors.ErrCircuitOpen; after BreakerDelay one
//     trial call decides between closing and reopening.
//  3. The attempt itself, which makes one or more HTTP requests (a create's
//     reconciling read, then its POST), each under:
//  4. Rate limiter: a rolling window of RateLimit per RateWindow (the
//     tier's 10-second limit, times QuotaShare) for every endpoint but
//     search, and one of SearchRateLimit per SearchRateWindow for search,
//     counted as HubSpot counts them (limiter.go). A request waits for a
//     permit as long as its context lets it: waiting is back-pressure, not
//     failure. HubSpot's X-HubSpot-RateLimit-Max and -Remaining headers
//     steer the window (other clients of the account spend it too), and a
//     429 other than DAILY holds every request for its Retry-After (at
//     least one permit's share of the window) and sends the request again,
//     without spending an attempt. Each wait is reported to
//     Config.OnRateLimitWait, each 429 to Config.OnRateLimited. A caller
//     that batches waits for the permit first (AwaitPermit,
//     connectors.Pacer) and fills its batch when the permit comes.
//  5. Request timeout: RequestTimeout per HTTP request.
//
// Why this order, not the limiter or breaker outside the retries:
//
//   - Every HTTP request spends HubSpot quota, so every attempt — retries and
//     reconciling reads included — takes its own permit. A limiter outside the
//     retries would let retries burst past the tier's limit.
//   - The breaker judges attempts, not calls: five failing requests open it
//     even when they are the retries of one call, and a call whose retries
//     find the breaker open stops at once instead of hammering an unhealthy
//     CRM. It sits outside the limiter so that a rejected call does not wait
//     for, or spend, a permit, and it counts neither 429s nor the caller's
//     cancellations: only HubSpot's own failures.
//   - The timeout is per request and inside the limiter: waiting for a permit
//     is not HubSpot being slow, and a hung request is cut and retried rather
//     than eating the whole call's budget.
//
// RateLimitStatus exposes HubSpot's own counters for metrics.
//
// # Ambiguous writes
//
// A retry never creates a second contact: after a create attempt that may
// have been applied, the next attempt reads by e-mail first (see create.go
// for the exact rule, including 409s on such a retry). Update and the batch
// update and upsert are idempotent and simply retried — which is why a create
// without an e-mail is best made an upsert by a unique property
// (connectors.PropContactgateKey, EnsureUniqueProperty); a retried Merge
// first checks whether the merge happened.
//
// # Batches
//
// Batch inputs are de-duplicated by key before sending (HubSpot rejects the
// same id twice in one batch) and split into requests of MaxBatch, except
// BatchCreate, which refuses more than MaxBatch; see batch.go.
package hubspot
