package connectors

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Sentinels that the typed errors wrap; classify with errors.Is.
var (
	// ErrNotFound: no contact with that id or e-mail.
	ErrNotFound = errors.New("contact not found")
	// ErrConflict: a unique property (the e-mail, or a unique custom
	// property) is held by another contact: *ConflictError or
	// *UniqueValueError.
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

// UniqueValueError is HubSpot's answer to a write that gives a unique custom
// property (hasUniqueValue) a value another contact holds: a 400
// VALIDATION_ERROR, not a 409, whose message reads "Cannot set
// PropertyValueCoordinates{..., propertyName=P, value=V} on N. M already has
// that value." (N is the contact being written, M the holder). Its text names
// the property and the holder, never the value, which may be an e-mail.
type UniqueValueError struct {
	// Property is the unique property, "" when the answer does not say.
	Property string
	// ExistingID is the contact holding the value, "" when the answer does
	// not say.
	ExistingID    string
	Message       string
	CorrelationID string
}

func (e *UniqueValueError) Error() string {
	prop := e.Property
	if prop == "" {
		prop = "(unnamed)"
	}
	if e.ExistingID == "" {
		return fmt.Sprintf("conflict: another contact already holds this value of unique property %s", prop)
	}
	return fmt.Sprintf("conflict: contact %s already holds this value of unique property %s", e.ExistingID, prop)
}
func (e *UniqueValueError) Unwrap() error { return ErrConflict }

// uniqueHeldPhrase ends HubSpot's unique-value message (see
// UniqueValueError).
const uniqueHeldPhrase = "already has that value"

// Patterns of HubSpot's unique-value message.
var (
	uniqueHolderPattern   = regexp.MustCompile(`\b(\d+) ` + uniqueHeldPhrase)
	uniquePropertyPattern = regexp.MustCompile(`propertyName=([A-Za-z0-9_]+)`)
)

// UniqueValueIn reads HubSpot's unique-value message (see UniqueValueError):
// ok reports whether message is one; existingID and property are "" when it
// does not name them. HubSpot puts them only in the message (and, in some
// answers, in errorTokens), of a single call and of a batch item alike.
func UniqueValueIn(message string) (existingID, property string, ok bool) {
	if !strings.Contains(message, uniqueHeldPhrase) {
		return "", "", false
	}
	if m := uniqueHolderPattern.FindStringSubmatch(message); m != nil {
		existingID = m[1]
	}
	if m := uniquePropertyPattern.FindStringSubmatch(message); m != nil {
		property = m[1]
	}
	return existingID, property, true
}

// ConflictingID returns the contact that holds what err says is taken: the
// ExistingID of a *ConflictError or a *UniqueValueError; "" for other errors
// and for conflicts that do not name the holder.
func ConflictingID(err error) string {
	var (
		cf *ConflictError
		uv *UniqueValueError
	)
	switch {
	case errors.As(err, &cf):
		return cf.ExistingID
	case errors.As(err, &uv):
		return uv.ExistingID
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

// UnknownPropertyError is HubSpot's 400 for a write that names contact
// properties the portal does not define: VALIDATION_ERROR with
// PROPERTY_DOESNT_EXIST details, for the whole call (a batch included:
// nothing is written). It wraps ErrValidation; retrying without the
// properties, or after an admin defines them, can succeed.
type UnknownPropertyError struct {
	// Properties are the undefined properties the answer names, sorted.
	Properties    []string
	Message       string
	CorrelationID string
}

func (e *UnknownPropertyError) Error() string {
	return fmt.Sprintf("rejected (400 VALIDATION_ERROR): the CRM does not define contact properties %s", strings.Join(e.Properties, ", "))
}
func (e *UnknownPropertyError) Unwrap() error { return ErrValidation }

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
