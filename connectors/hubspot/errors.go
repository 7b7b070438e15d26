package hubspot

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// Default waits of a 429 without Retry-After, by policy.
const (
	defaultTenSecondlyWait = 10 * time.Second
	defaultSecondlyWait    = time.Second
)

// existingID returns the contact id a 409 message names, "" if none.
func existingID(message string) string { return connectors.ExistingIDIn(message) }

// responseError classifies a non-2xx response by status and body; see the
// package comment for the mapping. Server messages are redacted of the token.
func (c *Client) responseError(req *request, status int, header http.Header, body []byte) error {
	var we wireError
	if json.Unmarshal(body, &we) != nil || we.Message == "" {
		we.Message = strings.TrimSpace(string(body))
		if len(we.Message) > 512 {
			we.Message = we.Message[:512] + "…"
		}
	}
	msg := c.redact(we.Message)
	if msg == "" {
		msg = http.StatusText(status)
	}
	switch {
	case status == http.StatusConflict:
		return &connectors.ConflictError{ExistingID: existingID(msg), Message: msg, CorrelationID: we.CorrelationID}
	case status == http.StatusTooManyRequests:
		policy := ratePolicy(we, req.search)
		return &connectors.RateLimitError{
			Policy:        policy,
			RetryAfter:    retryAfter(header, policy, c.cfg.Now()),
			Message:       msg,
			CorrelationID: we.CorrelationID,
		}
	case status == http.StatusNotFound:
		return fmt.Errorf("%w (HTTP 404 %s, correlation %q): %s", connectors.ErrNotFound, we.Category, we.CorrelationID, msg)
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return fmt.Errorf("%w (HTTP %d %s, correlation %q): %s", connectors.ErrUnauthorized, status, we.Category, we.CorrelationID, msg)
	case status == http.StatusBadRequest:
		if uv := uniqueValueError(we, msg); uv != nil {
			return uv
		}
		if up := unknownPropertyError(we, msg); up != nil {
			return up
		}
		return &connectors.ValidationError{Status: status, Category: we.Category, Message: msg, CorrelationID: we.CorrelationID}
	case status >= 400 && status < 500:
		return &connectors.ValidationError{Status: status, Category: we.Category, Message: msg, CorrelationID: we.CorrelationID}
	default: // 5xx, or a status HubSpot does not document: the outcome is unknown
		return &connectors.TransientError{
			Status:        status,
			CorrelationID: we.CorrelationID,
			MaybeApplied:  req.write,
			Err:           errors.New(msg),
		}
	}
}

// errorTypeUniqueValue is the errorType HubSpot gives a unique-value
// conflict, where it gives one.
const errorTypeUniqueValue = "UNIQUE_VALUE_CONFLICT"

// uniqueValueError reads HubSpot's 400 for a value of a unique property that
// another contact holds (see connectors.UniqueValueError): by its errorType
// or its message, the holder and the property from errorTokens or the
// message. nil when the 400 is another refusal.
func uniqueValueError(we wireError, msg string) *connectors.UniqueValueError {
	existing, prop, ok := connectors.UniqueValueIn(msg)
	if !ok && we.ErrorType != errorTypeUniqueValue {
		return nil
	}
	if ids := we.ErrorTokens["existingObjectId"]; len(ids) > 0 {
		existing = ids[0]
	}
	if props := we.ErrorTokens["propertyName"]; len(props) > 0 {
		prop = props[0]
	}
	return &connectors.UniqueValueError{Property: prop, ExistingID: existing, Message: msg, CorrelationID: we.CorrelationID}
}

// codePropertyDoesntExist is the error code of a property detail that names
// a property the portal does not define.
const codePropertyDoesntExist = "PROPERTY_DOESNT_EXIST"

// unknownPropertyError reads HubSpot's 400 for a write naming properties the
// portal does not define: VALIDATION_ERROR whose message embeds the
// per-property details as JSON ("Property values were not valid:
// [{...,"error":"PROPERTY_DOESNT_EXIST","name":"p"}]", notes/hubspot.md,
// Errors). nil unless every detail is PROPERTY_DOESNT_EXIST: a refusal
// that has other causes too stays a *connectors.ValidationError.
func unknownPropertyError(we wireError, msg string) *connectors.UnknownPropertyError {
	i := strings.IndexByte(msg, '[')
	if i < 0 || !strings.Contains(msg, codePropertyDoesntExist) {
		return nil
	}
	var details []struct {
		Error string `json:"error"`
		Name  string `json:"name"`
	}
	if json.Unmarshal([]byte(msg[i:]), &details) != nil || len(details) == 0 {
		return nil
	}
	names := make([]string, 0, len(details))
	for _, d := range details {
		if d.Error != codePropertyDoesntExist || d.Name == "" {
			return nil
		}
		names = append(names, d.Name)
	}
	slices.Sort(names)
	return &connectors.UnknownPropertyError{Properties: slices.Compact(names), Message: msg, CorrelationID: we.CorrelationID}
}

// ratePolicy names the 429's policy: policyName, else the message, else
// SECONDLY for search and TEN_SECONDLY_ROLLING for the rest.
func ratePolicy(we wireError, search bool) string {
	switch p := strings.ToUpper(we.PolicyName); p {
	case connectors.PolicyTenSecondly, connectors.PolicySecondly, connectors.PolicyDaily:
		return p
	}
	m := strings.ToLower(we.Message)
	switch {
	case strings.Contains(m, "daily"):
		return connectors.PolicyDaily
	case strings.Contains(m, "ten_secondly") || strings.Contains(m, "ten secondly"):
		return connectors.PolicyTenSecondly
	case search || strings.Contains(m, "secondly"):
		return connectors.PolicySecondly
	}
	return connectors.PolicyTenSecondly
}

// retryAfter is the Retry-After header (seconds or an HTTP date) when present,
// else the policy's window: the interval header or 10 s for
// TEN_SECONDLY_ROLLING, 1 s for SECONDLY, 0 for DAILY.
func retryAfter(h http.Header, policy string, now time.Time) time.Duration {
	if v := strings.TrimSpace(h.Get(HeaderRetryAfter)); v != "" {
		if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
			return time.Duration(secs * float64(time.Second))
		}
		if at, err := http.ParseTime(v); err == nil {
			return max(0, at.Sub(now))
		}
	}
	switch policy {
	case connectors.PolicyDaily:
		return 0
	case connectors.PolicySecondly:
		return defaultSecondlyWait
	}
	if ms, err := strconv.Atoi(h.Get(HeaderRateLimitInterval)); err == nil && ms > 0 {
		return time.Duration(ms) * time.Millisecond
	}
	return defaultTenSecondlyWait
}

// transportError classifies a failure to get a response. A write may have
// been applied unless the connection was never made.
func transportError(req *request, err error) error {
	return &connectors.TransientError{MaybeApplied: req.write && mayHaveBeenSent(err), Err: err}
}

// mayHaveBeenSent is false only for failures before a byte could reach
// HubSpot: dialing and name resolution.
func mayHaveBeenSent(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return false
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return false
	}
	return true
}

// redact removes the token from a server message, in case one echoes it.
func (c *Client) redact(s string) string {
	if c.cfg.Token == "" || !strings.Contains(s, c.cfg.Token) {
		return s
	}
	return strings.ReplaceAll(s, c.cfg.Token, "<redacted>")
}
