package emulator

import (
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// HubSpot's 429 messages, by policy.
var rateLimitMessages = map[string]string{
	connectors.PolicyTenSecondly: "You have reached your ten_secondly_rolling limit.",
	connectors.PolicySecondly:    "You have reached your secondly limit.",
	connectors.PolicyDaily:       "You have reached your daily limit.",
}

// rollingWindow admits limit requests in any span of time.
type rollingWindow struct {
	limit int // 0: unlimited
	span  time.Duration
	hits  []time.Time // admitted requests still in the window, oldest first
}

func (w *rollingWindow) prune(now time.Time) {
	i := 0
	for i < len(w.hits) && now.Sub(w.hits[i]) >= w.span {
		i++
	}
	w.hits = w.hits[i:]
}

// full reports whether the window admits no more requests at now.
func (w *rollingWindow) full(now time.Time) bool {
	if w.limit == 0 {
		return false
	}
	w.prune(now)
	return len(w.hits) >= w.limit
}

func (w *rollingWindow) add(now time.Time) {
	if w.limit > 0 {
		w.hits = append(w.hits, now)
	}
}

func (w *rollingWindow) remaining() int { return max(w.limit-len(w.hits), 0) }

// dailyQuota admits limit requests per UTC calendar day.
type dailyQuota struct {
	limit int // 0: unlimited
	used  int
	day   time.Time
}

func (d *dailyQuota) full(now time.Time) bool {
	if day := now.UTC().Truncate(24 * time.Hour); !day.Equal(d.day) {
		d.day, d.used = day, 0
	}
	return d.limit > 0 && d.used >= d.limit
}

// rateHeaders are the values of the X-HubSpot-RateLimit-* headers of one
// non-search response; a zero Max or Daily leaves that pair out.
type rateHeaders struct {
	Max, Remaining, IntervalMillis int
	Daily, DailyRemaining          int
}

// limiter is HubSpot's three rate-limit policies. Only admitted requests
// count against them: a 429 costs the caller nothing but time.
type limiter struct {
	tenSecondly rollingWindow // non-search requests; span is Config.RateWindow
	secondly    rollingWindow // search requests
	daily       dailyQuota    // every request
	retryAfter  time.Duration
}

func newLimiter(cfg Config) *limiter {
	return &limiter{
		tenSecondly: rollingWindow{limit: cfg.RateLimit, span: cfg.RateWindow},
		secondly:    rollingWindow{limit: cfg.SearchRateLimit, span: time.Second},
		daily:       dailyQuota{limit: cfg.DailyLimit},
		retryAfter:  roundUpToSecond(cfg.RetryAfter),
	}
}

// admit counts a request at now, or refuses it with a *RateLimitError. The
// headers describe the state after the request.
func (l *limiter) admit(search bool, now time.Time) (rateHeaders, *connectors.RateLimitError) {
	window := &l.tenSecondly
	if search {
		window = &l.secondly
	}
	var policy string
	switch {
	case l.daily.full(now):
		policy = connectors.PolicyDaily
	case window.full(now):
		policy = connectors.PolicyTenSecondly
		if search {
			policy = connectors.PolicySecondly
		}
	default:
		l.daily.used++
		window.add(now)
	}
	headers := rateHeaders{}
	if !search && l.tenSecondly.limit > 0 {
		l.tenSecondly.prune(now)
		headers.Max, headers.Remaining = l.tenSecondly.limit, l.tenSecondly.remaining()
		headers.IntervalMillis = int(l.tenSecondly.span / time.Millisecond)
	}
	if !search && l.daily.limit > 0 {
		headers.Daily, headers.DailyRemaining = l.daily.limit, max(l.daily.limit-l.daily.used, 0)
	}
	if policy == "" {
		return headers, nil
	}
	return headers, &connectors.RateLimitError{
		Policy:        policy,
		RetryAfter:    l.retryAfterFor(policy),
		Message:       rateLimitMessages[policy],
		CorrelationID: newCorrelationID(),
	}
}

// retryAfterFor is what a client learns of the wait: the Retry-After header
// when one is configured, else the policy's window; nothing for DAILY, which
// never carries the header.
func (l *limiter) retryAfterFor(policy string) time.Duration {
	switch {
	case policy == connectors.PolicyDaily:
		return 0
	case l.retryAfter > 0:
		return l.retryAfter
	case policy == connectors.PolicySecondly:
		return l.secondly.span
	}
	return l.tenSecondly.span
}

func roundUpToSecond(d time.Duration) time.Duration {
	return (d + time.Second - 1) / time.Second * time.Second
}
