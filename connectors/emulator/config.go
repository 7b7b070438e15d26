package emulator

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// FaultKind names a failure the emulator injects.
type FaultKind string

// The failures a request can be given; see Config.FaultRate.
const (
	// FaultBeforeWrite answers 502, 503 or 504 and applies nothing.
	FaultBeforeWrite FaultKind = "5xx-before-write"
	// FaultAfterWrite applies the request (a write is committed), then
	// answers 503: the failure that makes a blind retry create a duplicate.
	FaultAfterWrite FaultKind = "5xx-after-write"
	// FaultHang never answers: the request waits until the caller's context
	// (over HTTP, the request) is cancelled. A write is applied first, so a
	// caller's timeout is as ambiguous as a real one.
	FaultHang FaultKind = "hang"
)

// defaultFaultKinds are injected when Config.FaultKinds is empty. FaultHang is
// opt-in: a caller without a deadline would wait forever.
var defaultFaultKinds = []FaultKind{FaultBeforeWrite, FaultAfterWrite}

// ParseFaultKind parses the name of a FaultKind.
func ParseFaultKind(s string) (FaultKind, error) {
	switch k := FaultKind(strings.TrimSpace(s)); k {
	case FaultBeforeWrite, FaultAfterWrite, FaultHang:
		return k, nil
	}
	return "", fmt.Errorf("unknown fault kind %q: want %s, %s or %s", s, FaultBeforeWrite, FaultAfterWrite, FaultHang)
}

// Defaults of Config's zero fields.
const (
	// DefaultRateWindow is HubSpot's TEN_SECONDLY_ROLLING window.
	DefaultRateWindow = 10 * time.Second
	// DefaultLogSize is how many requests the request log keeps.
	DefaultLogSize = 100_000
)

// Config shapes an Emulator. The zero value is a perfectly consistent,
// unlimited, fault-free CRM; each field switches one of HubSpot's behaviours
// on.
type Config struct {
	// SearchLag is how long after a write the search index reflects it;
	// until then Search sees the previous version of the record, or nothing
	// for a new one. Default 0: search is consistent.
	SearchLag time.Duration
	// RateLimit is how many non-search requests RateWindow admits (HubSpot:
	// 100 for Free/Starter, 190 for Professional/Enterprise). 0: unlimited.
	RateLimit int
	// RateWindow is the rolling window of RateLimit. Default 10s.
	RateWindow time.Duration
	// SearchRateLimit is how many search requests a rolling second admits
	// (HubSpot: 5). 0: unlimited.
	SearchRateLimit int
	// DailyLimit is how many requests of every kind a UTC calendar day (by
	// Now) admits. 0: unlimited.
	DailyLimit int
	// Latency is added to every request, before it is admitted. A caller's
	// cancelled context cuts it short.
	Latency time.Duration
	// FaultRate is the probability in [0,1] that an admitted request fails
	// with one of FaultKinds.
	FaultRate float64
	// FaultKinds are the failures FaultRate picks from, uniformly. Default:
	// FaultBeforeWrite and FaultAfterWrite (FaultHang must be asked for).
	FaultKinds []FaultKind
	// Reject, when set, refuses property values as HubSpot refuses a value
	// that is not one of an enumeration property's options: every create
	// and update (single, batch or upsert) that sets a property for which
	// Reject returns true fails with a 400 VALIDATION_ERROR whose details
	// name the property with CodeInvalidOption, and changes nothing.
	// Emulator.SetReject changes it at runtime (a test "fixes the CRM").
	// Default nil: every value is taken. Called under the store's lock: it
	// must not call the emulator.
	Reject func(property, value string) bool
	// RetryAfter, when > 0, is sent as the Retry-After header (whole
	// seconds, rounded up) of 429s of the TEN_SECONDLY_ROLLING and SECONDLY
	// policies. HubSpot sends it only sometimes.
	RetryAfter time.Duration
	// UniqueProperties are custom contact properties defined with unique
	// values (hasUniqueValue), as if an admin had created them: no two
	// contacts hold the same value of one (a write that would is HubSpot's
	// 400, connectors.UniqueValueError), and reads (single and batch) and
	// batch upserts take them as idProperty, consistently. More can be
	// defined over HTTP (POST /crm/v3/properties/contacts) or with
	// CreateProperty. Default: [connectors.PropContactgateKey]; an empty,
	// non-nil slice defines none. At most 10, HubSpot's limit per object.
	UniqueProperties []string
	// Properties are custom contact properties defined as single-line
	// text, as if an admin had created them. A write naming a property
	// that is neither one of HubSpot's built-in contact properties
	// (builtin.go), nor one of these or UniqueProperties, nor created
	// through the properties API (POST /crm/v3/properties/contacts,
	// CreateProperty) fails whole with HubSpot's 400 PROPERTY_DOESNT_EXIST
	// (connectors.UnknownPropertyError). Default none.
	Properties []string
	// Token, when set, is the bearer token every HTTP request to the CRM
	// routes must carry; others get HubSpot's 401. In-process calls are not
	// checked.
	Token string
	// Now is the clock of the search lag, the rate-limit windows, the daily
	// limit and the timestamps of records. Default time.Now. Latency and
	// hangs use real time.
	Now func() time.Time
	// Seed seeds fault injection, for reproducible runs.
	Seed int64
	// LogSize is how many of the latest requests Requests returns. Default
	// 100,000; the counters of Stats count every request regardless.
	LogSize int
}

func (c *Config) setDefaults() {
	if c.RateWindow == 0 {
		c.RateWindow = DefaultRateWindow
	}
	if len(c.FaultKinds) == 0 {
		c.FaultKinds = defaultFaultKinds
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.LogSize == 0 {
		c.LogSize = DefaultLogSize
	}
	if c.UniqueProperties == nil {
		c.UniqueProperties = []string{connectors.PropContactgateKey}
	}
}

// Validate reports every field that is out of range.
func (c Config) Validate() error {
	var errs []error
	durations := []struct {
		name string
		d    time.Duration
	}{{"search lag", c.SearchLag}, {"rate window", c.RateWindow}, {"latency", c.Latency}, {"retry after", c.RetryAfter}}
	for _, f := range durations {
		if f.d < 0 {
			errs = append(errs, fmt.Errorf("%s %s is negative", f.name, f.d))
		}
	}
	counts := []struct {
		name string
		n    int
	}{{"rate limit", c.RateLimit}, {"search rate limit", c.SearchRateLimit}, {"daily limit", c.DailyLimit}, {"log size", c.LogSize}}
	for _, f := range counts {
		if f.n < 0 {
			errs = append(errs, fmt.Errorf("%s %d is negative", f.name, f.n))
		}
	}
	if c.FaultRate < 0 || c.FaultRate > 1 {
		errs = append(errs, fmt.Errorf("fault rate %g is outside [0,1]", c.FaultRate))
	}
	for _, k := range c.FaultKinds {
		if _, err := ParseFaultKind(string(k)); err != nil {
			errs = append(errs, err)
		}
	}
	if len(c.UniqueProperties) > maxUniqueProperties {
		errs = append(errs, fmt.Errorf("%d unique properties: HubSpot allows at most %d", len(c.UniqueProperties), maxUniqueProperties))
	}
	for i, name := range c.UniqueProperties {
		switch {
		case !validPropertyName(name) || readOnly[name] || builtinProperty(name):
			errs = append(errs, fmt.Errorf("unique property %q: want a new property name (lowercase letters, digits, underscores)", name))
		case slices.Contains(c.UniqueProperties[:i], name):
			errs = append(errs, fmt.Errorf("unique property %q listed twice", name))
		}
	}
	for i, name := range c.Properties {
		switch {
		case !validPropertyName(name) || readOnly[name] || builtinProperty(name):
			errs = append(errs, fmt.Errorf("property %q: want a new property name (lowercase letters, digits, underscores)", name))
		case slices.Contains(c.Properties[:i], name) || slices.Contains(c.UniqueProperties, name):
			errs = append(errs, fmt.Errorf("property %q listed twice", name))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("emulator config: %w", err)
	}
	return nil
}
