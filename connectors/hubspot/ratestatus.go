package hubspot

import (
	"net/http"
	"strconv"
	"time"
)

// Wire names of HubSpot's response headers.
const (
	HeaderRetryAfter              = "Retry-After"
	HeaderRateLimitMax            = "X-HubSpot-RateLimit-Max"
	HeaderRateLimitRemaining      = "X-HubSpot-RateLimit-Remaining"
	HeaderRateLimitInterval       = "X-HubSpot-RateLimit-Interval-Milliseconds"
	HeaderRateLimitDaily          = "X-HubSpot-RateLimit-Daily"
	HeaderRateLimitDailyRemaining = "X-HubSpot-RateLimit-Daily-Remaining"
)

// RateLimitStatus is what HubSpot's X-HubSpot-RateLimit-* headers said on the
// latest response that carried them (search responses carry none): for
// adaptive pacing and metrics.
type RateLimitStatus struct {
	// Max and Remaining are the window's limit and what is left of it.
	Max, Remaining int
	// Interval is the window, 10 s on HubSpot.
	Interval time.Duration
	// HasDaily is false when the daily pair was absent (OAuth apps).
	HasDaily bool
	// Daily and DailyRemaining are the account's daily limit and what is left.
	Daily, DailyRemaining int
	// ObservedAt is when the response arrived.
	ObservedAt time.Time
}

// parseRateLimitStatus reads the headers; ok is false when Max is absent.
func parseRateLimitStatus(h http.Header, now time.Time) (s RateLimitStatus, ok bool) {
	maxV := h.Get(HeaderRateLimitMax)
	if maxV == "" {
		return s, false
	}
	s.Max, _ = strconv.Atoi(maxV)
	s.Remaining, _ = strconv.Atoi(h.Get(HeaderRateLimitRemaining))
	if ms, err := strconv.Atoi(h.Get(HeaderRateLimitInterval)); err == nil {
		s.Interval = time.Duration(ms) * time.Millisecond
	}
	if d := h.Get(HeaderRateLimitDaily); d != "" {
		s.HasDaily = true
		s.Daily, _ = strconv.Atoi(d)
		s.DailyRemaining, _ = strconv.Atoi(h.Get(HeaderRateLimitDailyRemaining))
	}
	s.ObservedAt = now
	return s, true
}

// RateLimitStatus returns the latest rate-limit headers seen; ok is false
// until a response carried them.
func (c *Client) RateLimitStatus() (status RateLimitStatus, ok bool) {
	if s := c.rateStatus.Load(); s != nil {
		return *s, true
	}
	return RateLimitStatus{}, false
}
