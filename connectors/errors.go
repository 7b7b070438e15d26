package connectors

import (
	"errors"
	"fmt"
	"regexp"
	"time"
)

// Sentinels that the typed errors wrap; classify with errors.Is.
var (
	// ErrNotFound: no contact with that id or e-mail.
	ErrNotFound = errors.New("contact not found")
	// ErrConflict: a unique property (e-mail) is held by another contact.
	ErrConflict = errors.New("conflict")
	// ErrRateLimited: a rate limit was hit; see RateLimitError.Policy.
	ErrRateLimited = errors.New("rate limited")
	// ErrValidation: the CRM rejected the request itself; retrying the same
	// request cannot succeed.
	ErrValidation = errors.New("rejected by the CRM")
	// ErrTransient: 5xx, timeout or network failure; retry.
	ErrTransient = errors.New("transient CRM failure")
	// ErrUnauthorized: the token is missing, invalid or lacks a scope.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrCircuitOpen: the client's circuit breaker is open after repeated
	// failures; calls fail fast until it half-opens. The processor pauses
	// consumption on it rather than dead-lettering.
	ErrCircuitOpen = errors.New("CRM circuit breaker open")
)

// Rate-limit policies HubSpot names in 429 bodies.
const (
	PolicyTenSecondly = "TEN_SECONDLY_ROLLING"
	PolicySecondly    = "SECONDLY"
	PolicyDaily       = "DAILY"
)

// ConflictError is a 409: the e-mail belongs to ExistingID.
type ConflictError struct {
	ExistingID    string
	Message       string
	CorrelationID string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("conflict: contact %s already exists: %s", e.ExistingID, e.Message)
}
func (e *ConflictError) Unwrap() error { return ErrConflict }

// existingIDPattern finds the id in "Contact already exists. Existing ID: 12345".
var existingIDPattern = regexp.MustCompile(`(?i)existing\s*(?:object\s*)?id\s*[:=#]?\s*"?(\d+)`)

// ExistingIDIn returns the contact id a 409 message names ("Contact already
// exists. Existing ID: 12345"), "" if none. HubSpot puts the id only in the
// message, of a single call's 409 and of a batch item's error alike.
func ExistingIDIn(message string) string {
	if m := existingIDPattern.FindStringSubmatch(message); m != nil {
		return m[1]
	}
	return ""
}

// RateLimitError is a 429.
type RateLimitError struct {
	// Policy is PolicyTenSecondly, PolicySecondly or PolicyDaily.
	Policy string
	// RetryAfter is how long to wait: the Retry-After header when present,
	// else the policy's window. Zero for DAILY: the caller pauses instead.
	RetryAfter    time.Duration
	Message       string
	CorrelationID string
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("rate limited by policy %s (retry after %s): %s", e.Policy, e.RetryAfter, e.Message)
}
func (e *RateLimitError) Unwrap() error { return ErrRateLimited }

// ValidationError is a 4xx other than 401/403/404/409/429: permanent.
type ValidationError struct {
	Status        int
	Category      string
	Message       string
	CorrelationID string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("rejected (%d %s): %s", e.Status, e.Category, e.Message)
}
func (e *ValidationError) Unwrap() error { return ErrValidation }

// TransientError is a 5xx, a timeout or a network failure.
type TransientError struct {
	// Status is the HTTP status, 0 for a timeout or network failure.
	Status        int
	CorrelationID string
	// MaybeApplied is true when a write may have been applied before the
	// failure (5xx or timeout after the request was sent). Before retrying a
	// create, read by e-mail.
	MaybeApplied bool
	Err          error
}

func (e *TransientError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("transient CRM failure (HTTP %d): %v", e.Status, e.Err)
	}
	return fmt.Sprintf("transient CRM failure: %v", e.Err)
}
func (e *TransientError) Unwrap() []error { return []error{ErrTransient, e.Err} }

// Retryable reports whether the same call may succeed later: rate limits
// (other than DAILY, which pauses instead) and transient failures.
func Retryable(err error) bool {
	var rl *RateLimitError
	if errors.As(err, &rl) {
		return rl.Policy != PolicyDaily
	}
	return errors.Is(err, ErrTransient)
}
