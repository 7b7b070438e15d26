package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// HubSpot's JSON bodies, and the translation of typed errors into them.

// objectJSON is HubSpot's SimplePublicObject.
type objectJSON struct {
	ID         string             `json:"id"`
	Properties map[string]*string `json:"properties"`
	CreatedAt  string             `json:"createdAt"`
	UpdatedAt  string             `json:"updatedAt"`
	Archived   bool               `json:"archived"`
	ArchivedAt string             `json:"archivedAt,omitempty"`
	// PropertiesWithHistory answers a read's propertiesWithHistory.
	PropertiesWithHistory map[string][]versionJSON `json:"propertiesWithHistory,omitempty"`
	New                   *bool                    `json:"new,omitempty"` // batch upsert only
}

// toJSON renders c; properties asked for (want) that are unset are null,
// as in HubSpot.
func toJSON(c connectors.Contact, want []string) objectJSON {
	props := make(map[string]*string, len(c.Properties)+len(want))
	for _, k := range want {
		props[k] = nil
	}
	for k, v := range c.Properties {
		props[k] = &v
	}
	// The typed fields go back to HubSpot's names where a read of them, or
	// of every property (want nil), would have returned them; every read
	// returns the id.
	if c.ID != "" {
		props[PropObjectID] = &c.ID
	}
	for name, list := range map[string][]string{PropAdditionalEmails: c.AdditionalEmails, PropMergedObjectIDs: c.MergedIDs} {
		if len(list) > 0 && (want == nil || slices.Contains(want, name)) {
			v := strings.Join(list, ";")
			props[name] = &v
		}
	}
	o := objectJSON{
		ID: c.ID, Properties: props, CreatedAt: formatTime(c.CreatedAt), UpdatedAt: formatTime(c.UpdatedAt), Archived: c.Archived,
	}
	if c.Archived {
		o.ArchivedAt = formatTime(c.ArchivedAt)
	}
	o.PropertiesWithHistory = toVersionsJSON(c.History)
	return o
}

func toJSONs(cs []connectors.Contact, want []string, upsert bool) []objectJSON {
	out := make([]objectJSON, len(cs))
	for i, c := range cs {
		out[i] = toJSON(c, want)
		if upsert {
			out[i].New = &c.New
		}
	}
	return out
}

// pagingJSON is HubSpot's ForwardPaging: the next page's cursor and, on
// list answers, a link to it.
type pagingJSON struct {
	Next struct {
		After string `json:"after"`
		Link  string `json:"link,omitempty"`
	} `json:"next"`
}

func paging(after string) *pagingJSON {
	if after == "" {
		return nil
	}
	p := &pagingJSON{}
	p.Next.After = after
	return p
}

// pagingWithLink is paging with the link to the next page: r's URL, on the
// emulator's own scheme and host, with after set to the cursor and the
// other parameters (limit, properties) kept. HubSpot's documentation shows
// the link as a URL with ?after= (inferred; the notes are silent).
func pagingWithLink(r *http.Request, after string) *pagingJSON {
	p := paging(after)
	if p == nil {
		return nil
	}
	q := r.URL.Query()
	q.Set("after", after)
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	link := url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
	p.Next.Link = link.String()
	return p
}

type searchJSON struct {
	Total   int          `json:"total"`
	Results []objectJSON `json:"results"`
	Paging  *pagingJSON  `json:"paging,omitempty"`
}

type listJSON struct {
	Results []objectJSON `json:"results"`
	Paging  *pagingJSON  `json:"paging,omitempty"`
}

type batchJSON struct {
	Status      string          `json:"status"`
	Results     []objectJSON    `json:"results"`
	NumErrors   int             `json:"numErrors,omitempty"`
	Errors      []itemErrorJSON `json:"errors,omitempty"`
	StartedAt   string          `json:"startedAt"`
	CompletedAt string          `json:"completedAt"`
}

type itemErrorJSON struct {
	Status   string              `json:"status"`
	Category string              `json:"category"`
	Message  string              `json:"message"`
	Context  map[string][]string `json:"context,omitempty"`
}

func toBatchJSON(res connectors.BatchResult, want []string, upsert bool, at time.Time) batchJSON {
	b := batchJSON{
		Status: "COMPLETE", Results: toJSONs(res.Results, want, upsert), NumErrors: len(res.Errors),
		StartedAt: formatTime(at), CompletedAt: formatTime(at),
	}
	for _, e := range res.Errors {
		item := itemErrorJSON{Status: "error", Category: e.Category, Message: e.Message}
		if len(e.IDs) > 0 {
			item.Context = map[string][]string{"ids": e.IDs}
		}
		b.Errors = append(b.Errors, item)
	}
	return b
}

// errorJSON is the body of every HubSpot error; rate-limit errors carry
// errorType, policyName and groupName instead of a category, and unique-value
// conflicts errorType and errorTokens beside theirs.
type errorJSON struct {
	Status        string              `json:"status"`
	Message       string              `json:"message"`
	CorrelationID string              `json:"correlationId"`
	Category      string              `json:"category,omitempty"`
	ErrorType     string              `json:"errorType,omitempty"`
	ErrorTokens   map[string][]string `json:"errorTokens,omitempty"`
	PolicyName    string              `json:"policyName,omitempty"`
	GroupName     string              `json:"groupName,omitempty"`
}

// errorTypeUniqueValue is the errorType of a unique-value conflict, as
// reported of HubSpot's marketing-event API; its contact answers are
// reported with category VALIDATION_ERROR (?: the emulator sends both).
const errorTypeUniqueValue = "UNIQUE_VALUE_CONFLICT"

// rateLimitGroup is the groupName of 429 bodies.
const rateLimitGroup = "publicapi:app-id:emulator"

// errorBody translates a typed error into HubSpot's status and body.
func errorBody(err error) (int, errorJSON) {
	body := errorJSON{Status: "error", Message: err.Error(), CorrelationID: newCorrelationID(), Category: CategoryInternal}
	var (
		rl *connectors.RateLimitError
		cf *connectors.ConflictError
		uv *connectors.UniqueValueError
		va *connectors.ValidationError
		up *connectors.UnknownPropertyError
		nf *notFoundError
		tr *connectors.TransientError
	)
	switch {
	case errors.As(err, &rl):
		body.Message, body.CorrelationID, body.Category = rl.Message, rl.CorrelationID, ""
		body.ErrorType, body.PolicyName, body.GroupName = "RATE_LIMIT", rl.Policy, rateLimitGroup
	case errors.As(err, &cf):
		body.Message, body.CorrelationID, body.Category = cf.Message, cf.CorrelationID, CategoryConflict
	case errors.As(err, &uv):
		body.Message, body.CorrelationID, body.Category = uv.Message, uv.CorrelationID, CategoryValidation
		body.ErrorType, body.ErrorTokens = errorTypeUniqueValue, map[string][]string{"propertyName": {uv.Property}}
		if uv.ExistingID != "" {
			body.ErrorTokens["existingObjectId"] = []string{uv.ExistingID}
		}
	case errors.As(err, &va):
		body.Message, body.CorrelationID, body.Category = va.Message, va.CorrelationID, va.Category
	case errors.As(err, &up):
		body.Message, body.CorrelationID, body.Category = up.Message, up.CorrelationID, CategoryValidation
	case errors.As(err, &nf):
		body.Message, body.CorrelationID, body.Category = nf.message, nf.correlationID, CategoryNotFound
	case errors.As(err, &tr):
		body.Message, body.CorrelationID = "internal error", tr.CorrelationID
	case errors.Is(err, connectors.ErrUnauthorized):
		body.Category = CategoryAuthentication
	}
	return statusOf(err), body
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"status":"error","message":"encode response","category":"INTERNAL_ERROR"}`)
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n')) // the caller may be gone; nothing to do about it
}

// setRateHeaders writes HubSpot's X-HubSpot-RateLimit-* headers.
func setRateHeaders(h http.Header, r rateHeaders) {
	if r.Max > 0 {
		h.Set("X-HubSpot-RateLimit-Max", strconv.Itoa(r.Max))
		h.Set("X-HubSpot-RateLimit-Remaining", strconv.Itoa(r.Remaining))
		h.Set("X-HubSpot-RateLimit-Interval-Milliseconds", strconv.Itoa(r.IntervalMillis))
	}
	if r.Daily > 0 {
		h.Set("X-HubSpot-RateLimit-Daily", strconv.Itoa(r.Daily))
		h.Set("X-HubSpot-RateLimit-Daily-Remaining", strconv.Itoa(r.DailyRemaining))
	}
}

// propertyValues decodes HubSpot's properties object, accepting numbers,
// booleans and null (which clears, like "") as HubSpot does.
type propertyValues map[string]string

func (p *propertyValues) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*p = make(propertyValues, len(raw))
	for k, v := range raw {
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			(*p)[k] = s
			continue
		}
		switch t := string(bytes.TrimSpace(v)); {
		case t == "null":
			(*p)[k] = ""
		case t == "true" || t == "false" || json.Valid(v) && t[0] != '{' && t[0] != '[':
			(*p)[k] = t
		default:
			return fmt.Errorf("property %s: want a string, number or boolean, got %s", k, t)
		}
	}
	return nil
}

// maxBody caps request bodies; a full batch is far smaller.
const maxBody = 8 << 20

// decode reads a JSON request body into v, as a HubSpot 400 when it cannot.
func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return invalid("Invalid input JSON: %v", err)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return invalid("Invalid input JSON: %v", err)
	}
	return nil
}
