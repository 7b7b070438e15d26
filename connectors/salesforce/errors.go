package salesforce

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// Salesforce's error codes the client classifies.
const (
	codeRequestLimit     = "REQUEST_LIMIT_EXCEEDED"
	codeLockRow          = "UNABLE_TO_LOCK_ROW"
	codeDuplicates       = "DUPLICATES_DETECTED"
	codeDuplicateValue   = "DUPLICATE_VALUE"
	codeCustomValidation = "FIELD_CUSTOM_VALIDATION_EXCEPTION"
	codeInvalidSession   = "INVALID_SESSION_ID"
	codeNotFound         = "NOT_FOUND"
	codeDeleted          = "ENTITY_IS_DELETED"
	codeRolledBack       = "ALL_OR_NONE_OPERATION_ROLLED_BACK"
)

// PolicyConcurrent is the RateLimitError.Policy of a REQUEST_LIMIT_EXCEEDED
// other than the daily quota (the concurrent long-running request limit):
// retryable after ConcurrentRetryAfter. The daily quota is
// connectors.PolicyDaily: the caller pauses.
const PolicyConcurrent = "CONCURRENT"

// ConcurrentRetryAfter is how long a concurrency limit is waited out.
const ConcurrentRetryAfter = time.Second

// apiError is one error of Salesforce's REST answers: errorCode in single
// calls, statusCode in collections.
type apiError struct {
	Message         string   `json:"message"`
	ErrorCode       string   `json:"errorCode"`
	StatusCode      string   `json:"statusCode"`
	Fields          []string `json:"fields"`
	DuplicateResult *struct {
		MatchResults []struct {
			MatchRecords []struct {
				Record struct {
					ID string `json:"Id"`
				} `json:"record"`
			} `json:"matchRecords"`
		} `json:"matchResults"`
	} `json:"duplicateResult"`
}

func (e apiError) code() string {
	if e.ErrorCode != "" {
		return e.ErrorCode
	}
	return e.StatusCode
}

// firstMatch is the first record a DUPLICATES_DETECTED names, "" if none.
func (e apiError) firstMatch() string {
	if e.DuplicateResult == nil {
		return ""
	}
	for _, mr := range e.DuplicateResult.MatchResults {
		for _, r := range mr.MatchRecords {
			if r.Record.ID != "" {
				return r.Record.ID
			}
		}
	}
	return ""
}

// duplicateHolder finds the holder in "duplicate value found: F
// duplicates value on record with id: 003...".
var duplicateHolder = regexp.MustCompile(`record with id:\s*([A-Za-z0-9]{15,18})`)

// classify turns one Salesforce error into the connectors' typed errors;
// status is the HTTP status (400 for a collection's record).
func (c *Client) classify(e apiError, status int, write bool) error {
	msg := e.Message
	switch code := e.code(); {
	case code == codeRequestLimit:
		if strings.Contains(msg, "TotalRequests") {
			return &connectors.RateLimitError{Policy: connectors.PolicyDaily, Message: msg}
		}
		return &connectors.RateLimitError{Policy: PolicyConcurrent, RetryAfter: ConcurrentRetryAfter, Message: msg}
	case code == codeLockRow:
		// The write was refused whole: nothing applied, safe to retry.
		return &connectors.TransientError{Status: status, Err: fmt.Errorf("%s: %s", code, msg)}
	case code == codeDuplicates:
		return &connectors.ConflictError{ExistingID: e.firstMatch(), Message: "duplicate rule: " + msg}
	case code == codeDuplicateValue:
		var holder string
		if m := duplicateHolder.FindStringSubmatch(msg); m != nil {
			holder = m[1]
		}
		return &connectors.UniqueValueError{Property: connectors.PropContactgateKey, ExistingID: holder, Message: msg}
	case code == codeNotFound || code == codeDeleted:
		return fmt.Errorf("%w (HTTP %d %s): %s", connectors.ErrNotFound, status, code, msg)
	case code == codeInvalidSession || status == http.StatusUnauthorized:
		return fmt.Errorf("%w (HTTP %d %s): %s", connectors.ErrUnauthorized, status, code, msg)
	case status >= 500:
		return &connectors.TransientError{Status: status, MaybeApplied: write, Err: fmt.Errorf("%s: %s", code, msg)}
	}
	return &connectors.ValidationError{Status: status, Category: e.code(), Message: msg}
}

// responseError reads a non-2xx REST answer: a list of errors.
func (c *Client) responseError(req *request, status int, body []byte) error {
	var errs []apiError
	if json.Unmarshal(body, &errs) != nil || len(errs) == 0 {
		msg := strings.TrimSpace(string(body))
		if len(msg) > 512 {
			msg = msg[:512] + "…"
		}
		errs = []apiError{{Message: msg, ErrorCode: http.StatusText(status)}}
	}
	if status >= 500 {
		return &connectors.TransientError{Status: status, MaybeApplied: req.write, Err: errors.New(errs[0].Message)}
	}
	return c.classify(errs[0], status, req.write)
}

// itemError is one failed record of a collection as a connectors.ItemError
// carrying its classified error.
func (c *Client) itemError(e apiError, id string) connectors.ItemError {
	ie := connectors.ItemError{Category: e.code(), Message: e.Message, Err: c.classify(e, http.StatusBadRequest, true)}
	if ie.Category == codeNotFound || ie.Category == codeDeleted {
		ie.Category = "OBJECT_NOT_FOUND" // the core's name for it
	}
	if id != "" {
		ie.IDs = []string{id}
	}
	return ie
}

// soapFault is the body of a SOAP fault.
type soapFault struct {
	Code   string `xml:"Body>Fault>faultcode"`
	String string `xml:"Body>Fault>faultstring"`
}

// soapError classifies a SOAP answer's fault, if any; an invalid session
// reports status 401 so that send refreshes the token.
func (c *Client) soapError(req *request, status int, body []byte) (int, []byte, error) {
	if status >= 200 && status < 300 {
		return status, body, nil
	}
	var f soapFault
	if xml.Unmarshal(body, &f) != nil || f.Code == "" {
		return status, nil, &connectors.TransientError{Status: status, MaybeApplied: req.write, Err: fmt.Errorf("SOAP answer HTTP %d without a fault", status)}
	}
	code := f.Code[strings.IndexByte(f.Code, ':')+1:]
	if code == codeInvalidSession {
		status = http.StatusUnauthorized
	}
	fs := status
	if fs == http.StatusInternalServerError {
		fs = http.StatusBadRequest // a fault is Salesforce refusing, not failing
	}
	return status, nil, c.classify(apiError{ErrorCode: code, Message: f.String}, fs, req.write)
}
