package hubspot

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// DefaultBaseURL is HubSpot's API host.
const DefaultBaseURL = "https://api.hubapi.com"

// Tier is a HubSpot account tier; it sizes the client's rate limiter.
type Tier string

// Account tiers and their per-app limit per 10-second window (notes/hubspot.md).
const (
	TierFree         Tier = "free"         // 100 per 10 s
	TierStarter      Tier = "starter"      // 100 per 10 s
	TierProfessional Tier = "professional" // 190 per 10 s
	TierEnterprise   Tier = "enterprise"   // 190 per 10 s
	TierPack         Tier = "pack"         // 250 per 10 s, with the limit-increase pack
)

// RequestsPerWindow is the tier's limit per 10-second window, 0 for an
// unknown tier.
func (t Tier) RequestsPerWindow() int {
	switch t {
	case TierFree, TierStarter:
		return 100
	case TierProfessional, TierEnterprise:
		return 190
	case TierPack:
		return 250
	}
	return 0
}

// Config configures a Client. The zero value of every field but Token means
// its documented default; New applies the defaults and validates.
type Config struct {
	// BaseURL is the API host, without a path. Default DefaultBaseURL; tests
	// point it at an httptest server or the emulator.
	BaseURL string
	// Token is the private-app access token, sent as "Authorization: Bearer".
	// Required. It is never logged and never part of an error: String and
	// LogValue mask it, and server messages that echo it are redacted.
	Token string
	// HTTPClient sends the requests. Default: a client with its own transport
	// (64 idle connections per host) and no overall timeout; RequestTimeout
	// bounds each request instead.
	HTTPClient *http.Client

	// Tier sizes the rate limiter. Default TierFree, the most conservative.
	Tier Tier
	// RateLimit overrides the tier's requests per RateWindow for every
	// endpoint but search.
	RateLimit int
	// RateWindow is the window of RateLimit. Default 10 s.
	RateWindow time.Duration
	// SearchRateLimit is the requests per SearchRateWindow for search.
	// Default 5.
	SearchRateLimit int
	// SearchRateWindow is the window of SearchRateLimit. Default 1 s.
	SearchRateWindow time.Duration
	// RateBurst is how many requests may go back to back; beyond it the
	// limiters space them evenly, RateBurst per RateBurst×RateWindow/
	// RateLimit (search alike), so that under a backlog a batching caller
	// (AwaitPermit) fills its batches instead of spending the window's
	// permits at once on small ones. Default 1: one request per
	// RateWindow/RateLimit, 53 ms at 190 per 10 s. RateLimit or more makes
	// the limiters plain rolling windows.
	RateBurst int
	// QuotaShare is the fraction of the account's RateLimit and
	// SearchRateLimit this client takes (at least one request per window),
	// in (0, 1]: 1/3 for each of three instances of one account. Default 1.
	// Whatever the share, the client slows down when HubSpot's
	// X-HubSpot-RateLimit-Remaining says the account runs low.
	QuotaShare float64
	// OnRateLimitWait, when set, is called once per HTTP request after its
	// wait for a permit of the client's own limiter, and once per
	// AwaitPermit: with the request's operation (see Operation*) and how
	// long it waited, also when its context ended first. Waiting is not
	// failing: a request waits as long as its context lets it. It tells a
	// throttled client from a slow HubSpot; it must not block.
	OnRateLimitWait func(operation string, wait time.Duration)
	// OnRateLimited, when set, is called with the policy of each 429 the
	// client waited out. It must not block.
	OnRateLimited func(policy string)
	// OnResponse, when set, is called once per HTTP response, retried
	// attempts included, with the request's operation and HTTP status: a
	// 429 that a retry later got past still shows. It must not block.
	OnResponse func(operation string, status int)

	// MaxAttempts is the most attempts of one call, retries included.
	// Default 5; 1 disables retries.
	MaxAttempts int
	// BaseBackoff is the first retry delay after a transient failure; it
	// doubles with each retry, with jitter. Default 200 ms.
	BaseBackoff time.Duration
	// MaxBackoff caps the backoff of transient failures. Default 10 s.
	MaxBackoff time.Duration
	// MaxRetryAfter is the longest wait the retry policy sleeps through for
	// a 429 that reaches it. Only DAILY 429s do (and are not retried): the
	// per-request layer waits out the others, however long. Default 30 s.
	MaxRetryAfter time.Duration

	// RequestTimeout bounds each HTTP request (one attempt), waiting for a
	// rate-limit permit excluded. Default 10 s.
	RequestTimeout time.Duration

	// BreakerFailures is how many transient failures among the last
	// BreakerWindow attempts open the circuit breaker. Default 5.
	BreakerFailures uint
	// BreakerWindow is the number of recent attempts the breaker judges.
	// Default BreakerFailures: that many consecutive failures.
	BreakerWindow uint
	// BreakerDelay is how long the breaker stays open before it lets one
	// trial call through (half-open). Default 30 s.
	BreakerDelay time.Duration
	// OnBreakerStateChange, when set, is called with true when the breaker
	// opens and false when it closes again, so the processor can pause and
	// resume consumption. It must not block.
	OnBreakerStateChange func(open bool)

	// Raw disables every resilience policy — rate limiters, circuit breaker,
	// retries (and so the reconciliation of ambiguous creates) and the request
	// timeout — so that callers see HubSpot's raw answers. The conformance
	// suite runs this way.
	Raw bool
	// KeyProperty is the portal's unique-value property that holds
	// contactgate's idempotency key (Contact.Key): every read asks for it.
	// Default connectors.PropContactgateKey.
	KeyProperty string

	// Logger receives retries and breaker transitions. Default: discard.
	Logger *slog.Logger
	// Now is the clock for Retry-After dates. Default time.Now.
	Now func() time.Time
}

func (c *Config) setDefaults() {
	if c.KeyProperty == "" {
		c.KeyProperty = connectors.PropContactgateKey
	}
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.HTTPClient == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 64
		c.HTTPClient = &http.Client{Transport: tr}
	}
	if c.Tier == "" {
		c.Tier = TierFree
	}
	if c.RateLimit == 0 {
		c.RateLimit = c.Tier.RequestsPerWindow()
	}
	setDuration(&c.RateWindow, 10*time.Second)
	if c.SearchRateLimit == 0 {
		c.SearchRateLimit = 5
	}
	setDuration(&c.SearchRateWindow, time.Second)
	if c.QuotaShare == 0 {
		c.QuotaShare = 1
	}
	if c.RateBurst == 0 {
		c.RateBurst = 1
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = 5
	}
	setDuration(&c.BaseBackoff, 200*time.Millisecond)
	setDuration(&c.MaxBackoff, 10*time.Second)
	setDuration(&c.MaxRetryAfter, 30*time.Second)
	setDuration(&c.RequestTimeout, 10*time.Second)
	if c.BreakerFailures == 0 {
		c.BreakerFailures = 5
	}
	if c.BreakerWindow == 0 {
		c.BreakerWindow = c.BreakerFailures
	}
	setDuration(&c.BreakerDelay, 30*time.Second)
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

func setDuration(d *time.Duration, def time.Duration) {
	if *d == 0 {
		*d = def
	}
}

// Validate reports the first invalid field. It expects setDefaults to have
// run; New does both.
func (c *Config) Validate() error {
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("hubspot: BaseURL %q is not an http(s) URL", c.BaseURL)
	}
	if c.Token == "" {
		return errors.New("hubspot: Token is required")
	}
	if strings.ContainsAny(c.Token, " \t\r\n") {
		// Deliberately without the token.
		return errors.New("hubspot: Token contains whitespace")
	}
	if c.Tier.RequestsPerWindow() == 0 {
		return fmt.Errorf("hubspot: unknown Tier %q (want free, starter, professional, enterprise or pack)", c.Tier)
	}
	switch {
	case c.RateLimit < 0 || c.SearchRateLimit < 0 || c.RateBurst < 0:
		return errors.New("hubspot: RateLimit, SearchRateLimit and RateBurst must not be negative")
	case c.RateWindow < 0 || c.SearchRateWindow < 0:
		return errors.New("hubspot: rate windows must not be negative")
	case !(c.QuotaShare > 0 && c.QuotaShare <= 1):
		return fmt.Errorf("hubspot: QuotaShare %g, want a fraction in (0, 1]", c.QuotaShare)
	case c.MaxAttempts < 1:
		return fmt.Errorf("hubspot: MaxAttempts %d, want at least 1", c.MaxAttempts)
	case c.BaseBackoff < 0 || c.MaxBackoff < c.BaseBackoff:
		return errors.New("hubspot: want 0 <= BaseBackoff <= MaxBackoff")
	case c.MaxRetryAfter < 0 || c.RequestTimeout < 0 || c.BreakerDelay < 0:
		return errors.New("hubspot: MaxRetryAfter, RequestTimeout and BreakerDelay must not be negative")
	case c.BreakerWindow < c.BreakerFailures:
		return fmt.Errorf("hubspot: BreakerWindow %d is smaller than BreakerFailures %d", c.BreakerWindow, c.BreakerFailures)
	}
	return nil
}

// String describes the configuration with the token masked.
func (c Config) String() string {
	return fmt.Sprintf("hubspot.Config{BaseURL:%s Token:%s Tier:%s RateLimit:%d/%s Share:%g Search:%d/%s MaxAttempts:%d RequestTimeout:%s Breaker:%d/%d,%s Raw:%t}",
		c.BaseURL, maskToken(c.Token), c.Tier, c.RateLimit, c.RateWindow, c.QuotaShare, c.SearchRateLimit, c.SearchRateWindow,
		c.MaxAttempts, c.RequestTimeout, c.BreakerFailures, c.BreakerWindow, c.BreakerDelay, c.Raw)
}

// GoString masks the token in %#v too.
func (c Config) GoString() string { return c.String() }

// LogValue masks the token in structured logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", c.BaseURL),
		slog.String("token", maskToken(c.Token)),
		slog.String("tier", string(c.Tier)),
		slog.Int("rate_limit", c.RateLimit),
		slog.Duration("rate_window", c.RateWindow),
		slog.Int("search_rate_limit", c.SearchRateLimit),
		slog.Int("max_attempts", c.MaxAttempts),
		slog.Duration("request_timeout", c.RequestTimeout),
		slog.Bool("raw", c.Raw),
	)
}

// maskToken says whether a token is set, never any of its characters.
func maskToken(token string) string {
	if token == "" {
		return "<unset>"
	}
	return "<redacted>"
}
