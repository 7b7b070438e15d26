package salesforce

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/retrypolicy"
	"github.com/failsafe-go/failsafe-go/timeout"

	"github.com/contactgate/contactgate/connectors"
)

// dataPath is the root of the REST API; soapPath of the SOAP API.
const (
	dataPath = "/services/data/" + APIVersion
	soapPath = "/services/Soap/u/60.0"
)

// maxResponseBody bounds what the client reads of one response.
const maxResponseBody = 32 << 20

// Client is the Salesforce Contact connector: a connectors.CRM over the
// REST API (SOQL, SOSL, sObject collections, upsert by External ID) and the
// SOAP API's merge(). Safe for concurrent use.
type Client struct {
	cfg    Config
	fields fieldMap
	call   failsafe.Executor[any] // nil when Raw

	mu    sync.Mutex // guards token
	token string

	usage atomic.Pointer[APIUsage]
}

// APIUsage is the org's API requests in the rolling 24 hours, as the last
// answer's Sforce-Limit-Info header said.
type APIUsage struct {
	Used, Max int
}

// Usage returns the org's API usage of the last answer that reported it;
// ok is false before one did.
func (c *Client) Usage() (u APIUsage, ok bool) {
	if p := c.usage.Load(); p != nil {
		return *p, true
	}
	return APIUsage{}, false
}

// observeUsage reads "api-usage=USED/MAX" of the Sforce-Limit-Info header.
func (c *Client) observeUsage(h http.Header) {
	v := h.Get("Sforce-Limit-Info")
	for part := range strings.SplitSeq(v, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || k != "api-usage" {
			continue
		}
		var u APIUsage
		if _, err := fmt.Sscanf(val, "%d/%d", &u.Used, &u.Max); err == nil {
			c.usage.Store(&u)
		}
	}
}

var (
	_ connectors.CRM            = (*Client)(nil)
	_ connectors.Capable        = (*Client)(nil)
	_ connectors.PropertySchema = (*Client)(nil)
)

// New returns a client for cfg after applying its defaults and validating
// it. It asks for no token until the first call.
func New(cfg Config) (*Client, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, fields: newFieldMap(cfg.KeyField), token: cfg.AccessToken}
	if !cfg.Raw {
		retry := retrypolicy.NewBuilder[any]().
			HandleIf(func(_ any, err error) bool { return retryable(err) }).
			WithMaxAttempts(cfg.MaxAttempts).
			WithDelayFunc(func(e failsafe.ExecutionAttempt[any]) time.Duration {
				d := min(cfg.BaseBackoff<<min(e.Attempts()-1, 16), cfg.MaxBackoff)
				return d/2 + rand.N(d/2+1)
			}).
			ReturnLastFailure().
			OnRetryScheduled(func(e failsafe.ExecutionScheduledEvent[any]) {
				cfg.Logger.Warn("salesforce: retrying", "attempt", e.Attempts(), "delay", e.Delay, "error_class", fmt.Sprintf("%T", e.LastError()))
			}).
			Build()
		c.call = failsafe.With[any](retry, timeout.New[any](cfg.RequestTimeout))
	}
	return c, nil
}

// retryable: the same call may succeed later and is safe to repeat: a
// rate limit other than the daily quota, or a transient failure that left
// nothing applied (UNABLE_TO_LOCK_ROW, a refused connection, a 5xx of a
// read).
func retryable(err error) bool {
	var te *connectors.TransientError
	if errors.As(err, &te) && te.MaybeApplied {
		return false
	}
	return connectors.Retryable(err)
}

// Capabilities declares Salesforce's.
func (c *Client) Capabilities() connectors.Capabilities {
	return connectors.Capabilities{CRM: "salesforce", MaxBatch: MaxCollection, DuplicateRule: c.cfg.DuplicateRule,
		SearchLags: true, MergeArity: 3, Properties: snapshotProperties}
}

// MaxCollection is the most records one sObject collection call takes.
const MaxCollection = 200

// request is one HTTP exchange.
type request struct {
	method string
	path   string // after the instance URL
	query  url.Values
	body   []byte
	ctype  string
	write  bool
	// soap, when set, makes this a SOAP call whose envelope, carrying the
	// session token, soapBody writes.
	soap     bool
	soapBody func(token string) []byte
}

// run runs one call's attempts under the retry policy (unless Raw); op
// names it in the error.
func run[T any](ctx context.Context, c *Client, op string, attempt func(context.Context) (T, error)) (T, error) {
	attempt = learning(c, attempt)
	var v T
	var err error
	if c.call == nil {
		v, err = attempt(ctx)
	} else {
		var out any
		out, err = c.call.WithContext(ctx).GetWithExecution(func(e failsafe.Execution[any]) (any, error) {
			return attempt(e.Context())
		})
		if err == nil {
			v = out.(T)
		}
		if errors.Is(err, timeout.ErrExceeded) {
			err = &connectors.TransientError{MaybeApplied: true, Err: err}
		}
	}
	if err != nil {
		var zero T
		return zero, fmt.Errorf("salesforce: %s: %w", op, err)
	}
	return v, nil
}

// jsonRequest builds a REST request with a JSON body (nil for none).
func jsonRequest(method, path string, query url.Values, body any) (*request, error) {
	r := &request{method: method, path: dataPath + path, query: query, write: method != http.MethodGet}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encoding the request: %w", err)
		}
		r.body, r.ctype = b, "application/json"
	}
	return r, nil
}

// exchange sends req and decodes a 2xx JSON body into out (nil to discard).
func (c *Client) exchange(ctx context.Context, req *request, out any) error {
	body, err := c.send(ctx, req)
	if err != nil || out == nil || len(body) == 0 {
		return err
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &connectors.TransientError{MaybeApplied: req.write, Err: fmt.Errorf("decoding the response: %w", err)}
	}
	return nil
}

// send performs req with the current token; on 401 INVALID_SESSION_ID it
// gets a new token (client credentials) and sends once more.
func (c *Client) send(ctx context.Context, req *request) ([]byte, error) {
	for try := 0; ; try++ {
		tok, err := c.currentToken(ctx)
		if err != nil {
			return nil, err
		}
		status, body, err := c.do(ctx, req, tok)
		if status == http.StatusUnauthorized && try == 0 && (c.cfg.ClientSecret != "" || c.cfg.JWT != nil) {
			c.dropToken(tok)
			continue
		}
		return body, err
	}
}

// do is the bare HTTP exchange; non-2xx answers become typed errors.
func (c *Client) do(ctx context.Context, req *request, tok string) (int, []byte, error) {
	u := c.cfg.InstanceURL + req.path
	if len(req.query) > 0 {
		u += "?" + strings.ReplaceAll(req.query.Encode(), "+", "%20")
	}
	var body io.Reader
	switch {
	case req.soap:
		body = bytes.NewReader(req.soapBody(tok))
	case req.body != nil:
		body = bytes.NewReader(req.body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.method, u, body)
	if err != nil {
		return 0, nil, fmt.Errorf("building the request: %w", err)
	}
	if req.soap {
		hr.Header.Set("SOAPAction", `""`)
	} else {
		hr.Header.Set("Authorization", "Bearer "+tok)
		hr.Header.Set("Accept", "application/json")
	}
	if req.ctype != "" {
		hr.Header.Set("Content-Type", req.ctype)
	}
	resp, err := c.cfg.HTTPClient.Do(hr)
	if err != nil {
		return 0, nil, &connectors.TransientError{MaybeApplied: req.write, Err: err}
	}
	defer resp.Body.Close()
	c.observeUsage(resp.Header)
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if err != nil {
		return resp.StatusCode, nil, &connectors.TransientError{Status: resp.StatusCode, MaybeApplied: req.write, Err: fmt.Errorf("reading the response: %w", err)}
	}
	if req.soap {
		return c.soapError(req, resp.StatusCode, b)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, nil, c.responseError(req, resp.StatusCode, b)
	}
	return resp.StatusCode, b, nil
}

// currentToken returns the token, asking for one when there is none.
func (c *Client) currentToken(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != "" {
		return c.token, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.cfg.ClientID}, "client_secret": {c.cfg.ClientSecret}}
	if c.cfg.JWT != nil {
		a, err := c.cfg.JWT.assertion(c.cfg.ClientID, time.Now())
		if err != nil {
			return "", err
		}
		form = url.Values{"grant_type": {GrantJWTBearer}, "assertion": {a}}
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.InstanceURL+"/services/oauth2/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("building the token request: %w", err)
	}
	hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.cfg.HTTPClient.Do(hr)
	if err != nil {
		return "", &connectors.TransientError{Err: fmt.Errorf("token request: %w", err)}
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&out); err != nil {
		return "", &connectors.TransientError{Status: resp.StatusCode, Err: fmt.Errorf("decoding the token response: %w", err)}
	}
	switch {
	case resp.StatusCode >= 500:
		return "", &connectors.TransientError{Status: resp.StatusCode, Err: errors.New("token endpoint failed")}
	case resp.StatusCode != http.StatusOK || out.AccessToken == "":
		return "", fmt.Errorf("%w: token request refused (HTTP %d %s): %s", connectors.ErrUnauthorized, resp.StatusCode, out.Error, out.Description)
	}
	c.token = out.AccessToken
	return c.token, nil
}

// dropToken forgets tok, unless another call has replaced it already.
func (c *Client) dropToken(tok string) {
	c.mu.Lock()
	if c.token == tok {
		c.token = ""
	}
	c.mu.Unlock()
}

// learning runs attempt again each time the org answers INVALID_FIELD for
// a field it lacks (other than the identifying ones), without that field:
// the org's schema is learnt from its answers, at no cost when every field
// exists. The first time, it logs the field's name (never a value).
func learning[T any](c *Client, attempt func(context.Context) (T, error)) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		for try := 0; ; try++ {
			v, err := attempt(ctx)
			f := missingFieldIn(err)
			if f == "" || try == maxLearnt {
				return v, err
			}
			if strings.EqualFold(f, c.cfg.KeyField) && c.fields.missing.keyUnselected.CompareAndSwap(false, true) {
				c.cfg.Logger.Warn("salesforce: Contact has no key field; reads leave Contact.Key empty", "field", f)
				continue
			}
			if c.fields.missing.forget(f) {
				c.cfg.Logger.Warn("salesforce: Contact has no such field; contactgate reads it as blank and drops its values", "field", f)
			} else if !c.fields.missing.has(f) { // essential
				return v, err
			}
			// else a concurrent call learnt it first: go again without it
		}
	}
}

// maxLearnt bounds the fields one call learns are missing.
const maxLearnt = 32

// MissingFields are the Contact fields the org turned out not to have,
// with the number of values the client dropped from writes for each.
func (c *Client) MissingFields() map[string]int64 {
	c.fields.missing.mu.Lock()
	defer c.fields.missing.mu.Unlock()
	out := make(map[string]int64, len(c.fields.missing.dropped))
	for k, v := range c.fields.missing.dropped {
		out[k] = v
	}
	return out
}
