package salesforce

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// APIVersion is the REST and SOAP API version the client speaks.
const APIVersion = "v60.0"

// SecretEnv is the environment variable the CLI reads the connected app's
// client secret from.
const SecretEnv = "CONTACTGATE_SALESFORCE_CLIENT_SECRET"

// Config configures a Client. New applies the defaults and validates.
type Config struct {
	// InstanceURL is the org's My Domain URL (https://acme.my.salesforce.com),
	// or the emulator's. Required.
	InstanceURL string
	// ClientID and ClientSecret are the connected app's credentials for the
	// OAuth 2.0 client-credentials flow; the client asks
	// InstanceURL/services/oauth2/token for a token when it has none and
	// again when Salesforce answers 401 INVALID_SESSION_ID. The secret is
	// never logged nor part of an error.
	ClientID, ClientSecret string
	// JWT, when set instead of ClientSecret, gets tokens with the JWT
	// bearer flow (ClientID is the issuer).
	JWT *JWTBearer
	// AccessToken, when set instead of the client credentials, is used as
	// is (e.g. a session of `sf org display`); it cannot be refreshed.
	AccessToken string
	// KeyField is the External ID field (unique) of contactgate's key,
	// connectors.PropContactgateKey in the core. Default DefaultKeyField.
	KeyField string
	// DuplicateRule declares that the org has an active blocking Duplicate
	// Rule on Contact e-mails (Capabilities.DuplicateRule).
	DuplicateRule bool
	// HTTPClient sends the requests. Default: a client with its own
	// transport and no overall timeout; RequestTimeout bounds each request.
	HTTPClient *http.Client
	// MaxAttempts is the most attempts of one call, retries included, for
	// UNABLE_TO_LOCK_ROW, concurrency limits and transient failures.
	// Default 5; 1 disables retries.
	MaxAttempts int
	// BaseBackoff is the first retry delay; it doubles, with jitter, up to
	// MaxBackoff. Defaults 200 ms and 10 s.
	BaseBackoff, MaxBackoff time.Duration
	// RequestTimeout bounds each HTTP request. Default 30 s.
	RequestTimeout time.Duration
	// Raw disables retries and the request timeout, so that callers (the
	// conformance suite) see Salesforce's raw answers. Token refresh on 401
	// stays: it is part of every call.
	Raw bool
	// Logger receives retries. Default: discard.
	Logger *slog.Logger
}

func (c *Config) setDefaults() {
	c.InstanceURL = strings.TrimRight(c.InstanceURL, "/")
	if c.KeyField == "" {
		c.KeyField = DefaultKeyField
	}
	if c.HTTPClient == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 64
		c.HTTPClient = &http.Client{Transport: tr}
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = 5
	}
	if c.BaseBackoff == 0 {
		c.BaseBackoff = 200 * time.Millisecond
	}
	if c.MaxBackoff == 0 {
		c.MaxBackoff = 10 * time.Second
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = 30 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Validate reports the first invalid field; it never names the secret.
func (c *Config) Validate() error {
	u, err := url.Parse(c.InstanceURL)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Errorf("salesforce: InstanceURL %q is not an http(s) URL", c.InstanceURL)
	case c.AccessToken == "" && (c.ClientID == "" || (c.ClientSecret == "" && c.JWT == nil)):
		return errors.New("salesforce: want ClientID with a ClientSecret or a JWT key, or an AccessToken")
	case c.JWT != nil && (c.JWT.Key == nil || c.JWT.Username == ""):
		return errors.New("salesforce: the JWT bearer flow wants a Username and a Key")
	case !strings.HasSuffix(c.KeyField, "__c"):
		return fmt.Errorf("salesforce: KeyField %q is not a custom field (name__c)", c.KeyField)
	case c.MaxAttempts < 1:
		return fmt.Errorf("salesforce: MaxAttempts %d, want at least 1", c.MaxAttempts)
	}
	return nil
}

// String describes the configuration with the secret and token masked.
func (c Config) String() string {
	return fmt.Sprintf("salesforce.Config{InstanceURL:%s ClientID:%s ClientSecret:%s AccessToken:%s KeyField:%s DuplicateRule:%t Raw:%t}",
		c.InstanceURL, c.ClientID, mask(c.ClientSecret), mask(c.AccessToken), c.KeyField, c.DuplicateRule, c.Raw)
}

// GoString masks the secrets in %#v too.
func (c Config) GoString() string { return c.String() }

// LogValue masks the secrets in structured logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("instance_url", c.InstanceURL), slog.String("client_id", c.ClientID),
		slog.String("client_secret", mask(c.ClientSecret)), slog.String("access_token", mask(c.AccessToken)))
}

func mask(s string) string {
	if s == "" {
		return "<unset>"
	}
	return "<redacted>"
}

// SecretFromEnvOrFile returns the secret from the environment variable
// envName when set, else from file (trimmed). Errors name where it was
// looked for, never its contents.
func SecretFromEnvOrFile(envName, file string) (string, error) {
	if t := strings.TrimSpace(os.Getenv(envName)); envName != "" && t != "" {
		return t, nil
	}
	if file == "" {
		return "", fmt.Errorf("salesforce: no client secret: %s is unset and no secret file was given", envName)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", fmt.Errorf("salesforce: reading the secret file %s: %w", file, err)
	}
	t := strings.TrimSpace(string(b))
	if t == "" || strings.ContainsAny(t, " \t\r\n") {
		return "", fmt.Errorf("salesforce: the secret file %s is empty or holds more than one word", file)
	}
	return t, nil
}
