package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/contactgate/contactgate/connectors"
)

// contactsPath is the base of the contact endpoints, propertiesPath of the
// contact property definitions.
const (
	contactsPath   = "/crm/v3/objects/contacts"
	propertiesPath = "/crm/v3/properties/contacts"
)

// maxResponseBody bounds what the client reads of one response.
const maxResponseBody = 32 << 20

// Client is the HubSpot CRM v3 contacts client. It is safe for concurrent use;
// its rate limiters and circuit breaker are shared by all calls.
type Client struct {
	cfg        Config
	auth       string
	pol        *policies // nil when cfg.Raw
	rateStatus atomic.Pointer[RateLimitStatus]
}

var _ connectors.CRM = (*Client)(nil)

// New returns a client for cfg after applying its defaults and validating it.
func New(cfg Config) (*Client, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, auth: "Bearer " + cfg.Token}
	if !cfg.Raw {
		c.pol = newPolicies(&c.cfg)
	}
	return c, nil
}

// request is one HTTP exchange with the contacts API.
type request struct {
	method string
	// api is contactsPath, or propertiesPath for property definitions.
	api string
	// path follows api: "", "/123", "/search", "/batch/read"...
	path  string
	query url.Values
	body  []byte
	// search selects the search rate limiter and the SECONDLY default policy.
	search bool
	// write marks requests that change data: a 5xx or timeout leaves their
	// outcome unknown (TransientError.MaybeApplied).
	write bool
	// op names the request's operation (Operation*) for OnRateLimitWait.
	op string
	// named are the properties a read names (readNames), nil for a write:
	// the key property stays in the answer's properties only when named.
	named []string
}

// The operations of HTTP requests, as Config.OnRateLimitWait names them;
// the same names as the metrics of connectors.CRM calls. A create's
// reconciling read is a request of its own: OperationGetByEmail.
const (
	OperationGet        = "get"
	OperationGetByEmail = "get_by_email"
	OperationSearch     = "search"
	OperationCreate     = "create"
	OperationUpdate     = "update"
	OperationMerge      = "merge"
	// OperationArchive archives a contact (DELETE /{id}).
	OperationArchive     = "archive"
	OperationList        = "list"
	OperationBatchRead   = "batch_read"
	OperationBatchCreate = "batch_create"
	OperationBatchUpdate = "batch_update"
	OperationBatchUpsert = "batch_upsert"
	// OperationCoalesced is a permit awaited for a batch still being
	// filled (AwaitPermit), before its endpoint is known.
	OperationCoalesced = "coalesced"
	// OperationGetProperty and OperationCreateProperty read and create a
	// contact property definition (EnsureUniqueProperty).
	OperationGetProperty = "get_property"
	// OperationListProperties lists every contact property definition.
	OperationListProperties = "list_properties"
	OperationCreateProperty = "create_property"
)

// operationOf names the request to method path?query.
func operationOf(method, path string, query url.Values) string {
	switch {
	case method == http.MethodGet && path == "":
		return OperationList
	case method == http.MethodGet && query.Get("idProperty") == connectors.PropEmail:
		return OperationGetByEmail
	case method == http.MethodGet:
		return OperationGet
	case method == http.MethodPatch:
		return OperationUpdate
	case path == "":
		return OperationCreate
	case path == "/search":
		return OperationSearch
	case path == "/merge":
		return OperationMerge
	}
	return "batch_" + strings.TrimPrefix(path, "/batch/")
}

// newRequest encodes body (nil for none) once, so retries resend the bytes.
func newRequest(method, path string, query url.Values, body any) (*request, error) {
	r := &request{method: method, api: contactsPath, path: path, query: query}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encoding the request: %w", err)
		}
		r.body = b
	}
	r.write = method == http.MethodPatch ||
		(method == http.MethodPost && path != "/search" && path != "/batch/read")
	r.search = path == "/search"
	r.op = operationOf(method, path, query)
	return r, nil
}

// exchange sends req through the per-request policies and decodes a 2xx
// body into out (nil to discard it).
func (c *Client) exchange(ctx context.Context, req *request, out any) error {
	status, body, err := c.send(ctx, req)
	if err != nil {
		return err
	}
	if out == nil || len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		// The request was answered with success, so a write was applied.
		return &connectors.TransientError{Status: status, MaybeApplied: req.write,
			Err: fmt.Errorf("decoding the response: %w", err)}
	}
	return nil
}

// send performs one request: through the rate limiter and the request
// timeout unless the client is raw.
func (c *Client) send(ctx context.Context, req *request) (int, []byte, error) {
	if c.pol == nil {
		return c.do(ctx, req)
	}
	return c.pol.send(ctx, req, c.do)
}

// do is the bare HTTP exchange. Non-2xx answers become typed errors.
func (c *Client) do(ctx context.Context, req *request) (int, []byte, error) {
	u := c.cfg.BaseURL + req.api + req.path
	if len(req.query) > 0 {
		u += "?" + req.query.Encode()
	}
	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.method, u, body)
	if err != nil {
		return 0, nil, fmt.Errorf("building the request: %w", err)
	}
	hr.Header.Set("Authorization", c.auth)
	hr.Header.Set("Accept", "application/json")
	if req.body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.cfg.HTTPClient.Do(hr)
	if err != nil {
		return 0, nil, transportError(req, err)
	}
	defer resp.Body.Close()
	if c.cfg.OnResponse != nil {
		c.cfg.OnResponse(req.op, resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if err != nil {
		return 0, nil, &connectors.TransientError{Status: resp.StatusCode, MaybeApplied: req.write,
			Err: fmt.Errorf("reading the response: %w", err)}
	}
	if s, ok := parseRateLimitStatus(resp.Header, c.cfg.Now()); ok {
		c.rateStatus.Store(&s)
		if c.pol != nil {
			c.pol.observeRateStatus(s)
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, nil, c.responseError(req, resp.StatusCode, resp.Header, b)
	}
	return resp.StatusCode, b, nil
}

// propertiesQuery asks for properties (HubSpot's default set when empty),
// the lists Contact types and the key (withTyped).
func (c *Client) propertiesQuery(properties []string) url.Values {
	q := url.Values{}
	q.Set("properties", strings.Join(c.withTyped(properties), ","))
	return q
}

// readRequest is newRequest for a read naming properties.
func readRequest(method, path string, query url.Values, body any, properties []string) (*request, error) {
	req, err := newRequest(method, path, query, body)
	if err == nil {
		req.named = readNames(properties)
	}
	return req, err
}

// objectPath is the path of one contact; ids and e-mails are escaped.
func objectPath(id string) string { return "/" + url.PathEscape(id) }

// invalid is a request the client refuses before sending: a
// *connectors.ValidationError with Status 0.
func invalid(category, format string, args ...any) error {
	return &connectors.ValidationError{Category: category, Message: fmt.Sprintf(format, args...)}
}

// Capabilities declares HubSpot's (the package's Capabilities).
func (c *Client) Capabilities() connectors.Capabilities { return Capabilities }
