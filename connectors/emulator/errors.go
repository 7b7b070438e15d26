package emulator

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/contactgate/contactgate/connectors"
)

// ErrInjectedFault is what a TransientError of an injected fault wraps.
var ErrInjectedFault = errors.New("emulator: injected fault")

// HubSpot's error categories, as they appear in error bodies.
const (
	CategoryValidation     = "VALIDATION_ERROR"
	CategoryConflict       = "CONFLICT"
	CategoryNotFound       = "OBJECT_NOT_FOUND"
	CategoryAuthentication = "INVALID_AUTHENTICATION"
	CategoryInternal       = "INTERNAL_ERROR"
)

// Error codes HubSpot puts inside the message of a validation error.
const (
	CodeInvalidEmail        = "INVALID_EMAIL"
	CodePropertyDoesntExist = "PROPERTY_DOESNT_EXIST"
	CodeReadOnlyValue       = "READ_ONLY_VALUE"
	// CodeInvalidOption: a value that is not one of an enumeration
	// property's options (the emulator's Config.Reject).
	CodeInvalidOption = "INVALID_OPTION"
)

// newCorrelationID returns a random UUID (version 4), like HubSpot's.
func newCorrelationID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand contract)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// invalid is a 400 VALIDATION_ERROR.
func invalid(format string, args ...any) *connectors.ValidationError {
	return &connectors.ValidationError{
		Status:        http.StatusBadRequest,
		Category:      CategoryValidation,
		Message:       fmt.Sprintf(format, args...),
		CorrelationID: newCorrelationID(),
	}
}

// propertyProblem is one entry of the JSON list HubSpot embeds in the message
// of a property validation error.
type propertyProblem struct {
	IsValid bool   `json:"isValid"`
	Message string `json:"message"`
	Error   string `json:"error"`
	Name    string `json:"name"`
}

// invalidProperties is HubSpot's 400 for property values: the details are
// JSON inside the message string.
func invalidProperties(problems []propertyProblem) *connectors.ValidationError {
	details, err := json.Marshal(problems)
	if err != nil {
		panic(fmt.Sprintf("emulator: marshal property problems: %v", err)) // plain strings cannot fail
	}
	return invalid("Property values were not valid: %s", details)
}

// conflictMessage is HubSpot's 409 message; clients parse the id out of it.
func conflictMessage(existingID string) string {
	return "Contact already exists. Existing ID: " + existingID
}

func conflict(existingID string) *connectors.ConflictError {
	return &connectors.ConflictError{
		ExistingID:    existingID,
		Message:       conflictMessage(existingID),
		CorrelationID: newCorrelationID(),
	}
}

// notFoundError is a 404; it wraps connectors.ErrNotFound.
type notFoundError struct {
	message       string
	correlationID string
}

func notFound(format string, args ...any) *notFoundError {
	return &notFoundError{message: fmt.Sprintf(format, args...), correlationID: newCorrelationID()}
}

func (e *notFoundError) Error() string { return "emulator: " + e.message }
func (e *notFoundError) Unwrap() error { return connectors.ErrNotFound }

// statusOf is the HTTP status an error answers with.
func statusOf(err error) int {
	var (
		rl *connectors.RateLimitError
		cf *connectors.ConflictError
		uv *connectors.UniqueValueError
		up *connectors.UnknownPropertyError
		va *connectors.ValidationError
		tr *connectors.TransientError
	)
	switch {
	case errors.As(err, &rl):
		return http.StatusTooManyRequests
	case errors.As(err, &cf):
		return http.StatusConflict
	case errors.As(err, &uv), errors.As(err, &up):
		return http.StatusBadRequest
	case errors.As(err, &va):
		return va.Status
	case errors.As(err, &tr):
		return tr.Status
	case errors.Is(err, connectors.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, connectors.ErrUnauthorized):
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}
