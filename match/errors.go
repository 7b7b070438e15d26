package match

import (
	"errors"
	"fmt"
)

// Sentinels that the typed errors wrap; classify with errors.Is.
var (
	// ErrInvalidEmail is wrapped by every *EmailError.
	ErrInvalidEmail = errors.New("invalid e-mail address")
	// ErrInvalidPhone is wrapped by every *PhoneError.
	ErrInvalidPhone = errors.New("invalid phone number")
	// ErrUnknownRegion: Options.DefaultRegion is not a region phone numbers
	// can be parsed for. A configuration error, reported by Options.Validate.
	ErrUnknownRegion = errors.New("unknown phone region")
)

// EmailProblem says why an address makes no key.
type EmailProblem uint8

// Reasons for an *EmailError.
const (
	EmailEmpty         EmailProblem = iota + 1 // nothing but white space
	EmailNoAt                                  // no '@'
	EmailEmptyLocal                            // nothing before the '@'
	EmailEmptyDomain                           // nothing after the '@'
	EmailSpace                                 // white space inside the address
	EmailInvalidLocal                          // a character or dot placement RFC 5322's dot-atom forbids
	EmailInvalidDomain                         // not a host name with at least two labels
	EmailTooLong                               // over 254 bytes, or a local part over 64
	EmailPlaceholder                           // an address written where there is none (placeholderAddress)
)

var emailProblems = [...]string{
	EmailEmpty:         "empty",
	EmailNoAt:          "no @",
	EmailEmptyLocal:    "empty local part",
	EmailEmptyDomain:   "empty domain",
	EmailSpace:         "white space inside",
	EmailInvalidLocal:  "invalid local part",
	EmailInvalidDomain: "invalid domain",
	EmailTooLong:       "too long",
	EmailPlaceholder:   "a placeholder, not an address",
}

func (p EmailProblem) String() string {
	if int(p) < len(emailProblems) && emailProblems[p] != "" {
		return emailProblems[p]
	}
	return fmt.Sprintf("EmailProblem(%d)", uint8(p))
}

// EmailError reports an address that makes no key. It is permanent.
//
// Error() leaves the address out: it is personal data, and error texts end
// up in logs. Input holds it for callers that need it.
type EmailError struct {
	Input   string // the value as given
	Problem EmailProblem
}

func (e *EmailError) Error() string {
	return "invalid e-mail address: " + e.Problem.String()
}

// Unwrap returns ErrInvalidEmail.
func (e *EmailError) Unwrap() error { return ErrInvalidEmail }

// PhoneProblem says why a phone number makes no key.
type PhoneProblem uint8

// Reasons for a *PhoneError.
const (
	PhoneEmpty         PhoneProblem = iota + 1 // nothing but white space
	PhoneNotANumber                            // no digits, or not shaped like a phone number
	PhoneNoCountryCode                         // no '+' or international prefix, and no usable default region
	PhoneTooShort                              // too few digits for its country
	PhoneTooLong                               // too many digits, or over 250 bytes
	PhoneInvalid                               // the right length but not a number range in use
)

var phoneProblems = [...]string{
	PhoneEmpty:         "empty",
	PhoneNotANumber:    "not a phone number",
	PhoneNoCountryCode: "no country code and no default region",
	PhoneTooShort:      "too short",
	PhoneTooLong:       "too long",
	PhoneInvalid:       "not a valid number for its region",
}

func (p PhoneProblem) String() string {
	if int(p) < len(phoneProblems) && phoneProblems[p] != "" {
		return phoneProblems[p]
	}
	return fmt.Sprintf("PhoneProblem(%d)", uint8(p))
}

// PhoneError reports a phone number that makes no key. It is permanent.
//
// Error() leaves the number out, as EmailError does; Input holds it.
type PhoneError struct {
	Input   string // the value as given
	Region  string // the default region it was parsed with, upper-case
	Problem PhoneProblem
}

func (e *PhoneError) Error() string {
	if e.Region == "" {
		return "invalid phone number: " + e.Problem.String()
	}
	return "invalid phone number (default region " + e.Region + "): " + e.Problem.String()
}

// Unwrap returns ErrInvalidPhone.
func (e *PhoneError) Unwrap() error { return ErrInvalidPhone }
