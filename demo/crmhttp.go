package demo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/contactgate/contactgate/processor"
)

// crmToken is the bearer token of the demo's loopback emulator: not a
// secret, it only keeps other local processes from writing to it by chance.
const crmToken = "contactgate-demo"

// CRMLimits are a HubSpot account's rate limits, for the emulator to
// enforce and the HubSpot client to pace by (Options.CRMHTTP).
type CRMLimits struct {
	// Tier names the account's tier; it sizes RateLimit when that is 0.
	Tier hubspot.Tier
	// RateLimit non-search requests per RateWindow (default: the tier's
	// per 10 s).
	RateLimit  int
	RateWindow time.Duration
	// SearchRateLimit searches per second. Default 5, HubSpot's.
	SearchRateLimit int
}

// String is "professional: 190 per 10s, 5 searches per second".
func (l CRMLimits) String() string {
	return fmt.Sprintf("%s: %d per %s, %d searches per second", l.Tier, l.RateLimit, l.RateWindow, l.SearchRateLimit)
}

func (l *CRMLimits) setDefaults() {
	if l.Tier == "" {
		l.Tier = hubspot.TierFree
	}
	if l.RateLimit == 0 {
		l.RateLimit = l.Tier.RequestsPerWindow()
	}
	if l.RateWindow == 0 {
		l.RateWindow = emulator.DefaultRateWindow
	}
	if l.SearchRateLimit == 0 {
		l.SearchRateLimit = 5
	}
}

// httpCRM is the emulator served over loopback HTTP and the HubSpot client
// that talks to it, as `contactgate run --crm hubspot` talks to HubSpot.
type httpCRM struct {
	client *hubspot.Client
	srv    *http.Server
	served chan error
}

// startHTTPCRM serves crm on 127.0.0.1 and returns a HubSpot client of it
// that paces by limits, which the emulator (configured by the caller)
// enforces.
func startHTTPCRM(crm *emulator.Emulator, limits CRMLimits) (*httpCRM, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo: serving the CRM emulator: %w", err)
	}
	h := &httpCRM{srv: &http.Server{Handler: crm.Handler(), ReadHeaderTimeout: 10 * time.Second}, served: make(chan error, 1)}
	go func() { h.served <- h.srv.Serve(ln) }()
	h.client, err = hubspot.New(hubspot.Config{BaseURL: "http://" + ln.Addr().String(), Token: crmToken,
		Tier: limits.Tier, RateLimit: limits.RateLimit, RateWindow: limits.RateWindow, SearchRateLimit: limits.SearchRateLimit})
	if err != nil {
		h.close()
		return nil, err
	}
	return h, nil
}

func (h *httpCRM) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = h.srv.Shutdown(ctx)
	<-h.served
}

// ParseCRMRateLimit parses N/WINDOW ("190/10s"); a bare N is per 10 s.
func ParseCRMRateLimit(s string) (limit int, window time.Duration, err error) {
	n, w, hasWindow := strings.Cut(strings.TrimSpace(s), "/")
	if _, err := fmt.Sscan(strings.TrimSpace(n), &limit); err != nil || limit <= 0 {
		return 0, 0, fmt.Errorf("%q: want N/WINDOW such as 190/10s", s)
	}
	if !hasWindow {
		return limit, emulator.DefaultRateWindow, nil
	}
	if window, err = time.ParseDuration(strings.TrimSpace(w)); err != nil || window <= 0 {
		return 0, 0, fmt.Errorf("%q: window %q is not a positive duration", s, w)
	}
	return limit, window, nil
}

// rateLimited reports a dead letter that a rate limit caused: what
// back-pressure must never produce.
func rateLimited(dl *processor.DeadLetterError) bool {
	var rl *connectors.RateLimitError
	return dl != nil && (errors.As(dl, &rl) || strings.Contains(dl.Error(), "rate limit") || strings.Contains(dl.Error(), "rate-limit"))
}
