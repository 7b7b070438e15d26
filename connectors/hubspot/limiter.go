package hubspot

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// rollingLimiter admits at most limit requests in any span of time, as
// HubSpot counts its TEN_SECONDLY_ROLLING and SECONDLY policies (and the
// emulator its windows): a request may go when fewer than limit requests
// were counted in the span before it. A fixed-period limiter lets the burst
// at the end of one period meet the burst at the start of the next in one
// rolling window, which HubSpot answers with 429s.
//
// Grants are spread evenly: at most burst of them per burst×span/limit,
// so that under a backlog a permit does not go out with a small batch when
// waiting a few milliseconds more would have filled it (a burst of the
// whole window's permits at the start would send the first calls nearly
// alone). At low load a request waits at most span/limit. A burst of limit
// makes it a plain rolling window.
//
// Waiting is not failing: wait blocks until a permit is free or its context
// ends, whatever the queue. Waiters are served in arrival order. Besides its
// own grants the window holds phantom grants, which stand for the requests
// that other clients of the same account made (observe, from HubSpot's
// X-HubSpot-RateLimit-Remaining), and a hold and a lower limit after a 429 (refused).
type rollingLimiter struct {
	span time.Duration
	now  func() time.Time
	// turn serializes waiters: the holder is the head of the queue, the
	// others wait on the channel in arrival order.
	turn chan struct{}
	// waiting counts the requests that wait for a permit (not those that
	// get one at once), the head included.
	waiting atomic.Int64

	mu sync.Mutex
	// limit is the requests this client may make per span: its share of
	// the account's limit.
	limit int
	// configured is the limit before the account's own Max header lowered
	// it; share is the account's fraction this client takes.
	configured int
	share      float64
	// accountMax is the account's limit as HubSpot's Max header said it;
	// 0 until a response carried it.
	accountMax int
	// counted are the times of the requests counted in the window, oldest
	// first: grants (re-stamped when their answer arrived) and phantoms.
	counted []time.Time
	hold    time.Time // no grant before it (a 429's Retry-After)
	// burst is how many grants may go back to back.
	burst int
	// cutTo, when not 0, is the limit since cutAt, a 429 (refused).
	cutTo int
	cutAt time.Time
	// wake is closed when the window changes in a way that may let the
	// head go sooner (a hold lifted, a lower limit raised).
	wake chan struct{}
}

// newRollingLimiter admits share of limit per span (at least one), at
// most burst back to back.
func newRollingLimiter(limit int, span time.Duration, share float64, burst int, now func() time.Time) *rollingLimiter {
	l := &rollingLimiter{span: span, now: now, turn: make(chan struct{}, 1),
		configured: limit, share: share, burst: max(burst, 1), wake: make(chan struct{})}
	l.limit = shareOf(limit, share)
	return l
}

// shareOf is the whole number of requests that share of limit allows, at
// least one.
func shareOf(limit int, share float64) int {
	return max(1, int(float64(limit)*share))
}

// grant is a permit taken: done re-stamps it when the request's answer
// arrived, since HubSpot counted it on arrival, somewhat after the grant.
type grant struct {
	l  *rollingLimiter
	at time.Time
}

// wait blocks until a permit is free or ctx ends (then ctx's error).
func (l *rollingLimiter) wait(ctx context.Context) (*grant, error) {
	queued := false
	enqueue := func() {
		if !queued {
			queued = true
			l.waiting.Add(1)
		}
	}
	defer func() {
		if queued {
			l.waiting.Add(-1)
		}
	}()
	select {
	case l.turn <- struct{}{}:
	default:
		enqueue()
		select {
		case l.turn <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	defer func() { <-l.turn }()
	for {
		l.mu.Lock()
		now := l.now()
		at := l.nextLocked(now)
		if !at.After(now) {
			l.counted = append(l.counted, now)
			l.mu.Unlock()
			return &grant{l: l, at: now}, nil
		}
		wake := l.wake
		l.mu.Unlock()
		enqueue()
		t := time.NewTimer(at.Sub(now))
		select {
		case <-t.C:
		case <-wake:
			t.Stop()
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
	}
}

// nextLocked is the earliest time at or after now at which a grant fits.
func (l *rollingLimiter) nextLocked(now time.Time) time.Time {
	l.pruneLocked(now)
	limit := l.effectiveLocked(now)
	at := now
	if n := len(l.counted); n >= limit {
		// The (n-limit+1)-th oldest must leave the window first.
		at = l.counted[n-limit].Add(l.span)
	}
	if l.hold.After(at) {
		at = l.hold
	}
	if b, n := min(l.burst, limit), len(l.counted); n >= b && b < limit {
		// The b-th latest must leave the short window of b grants.
		if t := l.counted[n-b].Add(l.span * time.Duration(b) / time.Duration(limit)); t.After(at) {
			at = t
		}
	}
	return at
}

func (l *rollingLimiter) pruneLocked(now time.Time) {
	i := 0
	for i < len(l.counted) && !l.counted[i].Add(l.span).After(now) {
		i++
	}
	l.counted = l.counted[i:]
}

// done re-stamps the grant with the time its answer arrived: by then
// HubSpot has counted it, so the window does not let it go before HubSpot
// does. Safe to call once; a nil grant does nothing.
func (g *grant) done() {
	if g == nil {
		return
	}
	l := g.l
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if i, ok := slices.BinarySearchFunc(l.counted, g.at, time.Time.Compare); ok {
		l.counted = slices.Delete(l.counted, i, i+1)
		j, _ := slices.BinarySearchFunc(l.counted, now, time.Time.Compare)
		l.counted = slices.Insert(l.counted, j, now)
	}
}

// refused takes a 429: no request goes for d (its Retry-After; every
// waiter waits, not only the request that was refused), and the limit is
// halved, at most once a span, then grows back by one per span (additive
// increase, multiplicative decrease): other clients of the account spend
// it, and search answers carry no header that would say so.
func (l *rollingLimiter) refused(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if until := now.Add(d); until.After(l.hold) {
		l.hold = until
	}
	if l.cutTo == 0 || now.Sub(l.cutAt) >= l.span {
		l.cutTo, l.cutAt = max(1, l.effectiveLocked(now)/2), now
	}
}

// effectiveLocked is the limit now: limit, or less for a while after a
// 429 (refused).
func (l *rollingLimiter) effectiveLocked(now time.Time) int {
	if l.cutTo == 0 {
		return l.limit
	}
	lim := l.cutTo + int(now.Sub(l.cutAt)/l.span)
	if lim >= l.limit {
		l.cutTo = 0
		return l.limit
	}
	return lim
}

// observe takes what HubSpot said of the account's window: max requests
// per interval, remaining of them now. A max below the configured limit
// lowers this client's limit to its share of max; fewer remaining than this
// client's window leaves it means other clients of the account used them,
// and phantom grants stamped now take their place until they age out: the
// client slows down when the account runs low, whatever its share says.
func (l *rollingLimiter) observe(maxPerWindow, remaining int, interval time.Duration) {
	if maxPerWindow <= 0 || interval != 0 && interval != l.span {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.accountMax = maxPerWindow
	l.resizeLocked()
	l.pruneLocked(now)
	if mine := l.effectiveLocked(now) - len(l.counted); remaining < mine {
		for range mine - max(remaining, 0) {
			l.counted = append(l.counted, now)
		}
	}
}

// setShare makes this client's limit share of the account's.
func (l *rollingLimiter) setShare(share float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.share = share
	l.resizeLocked()
}

// resizeLocked sets limit to the share of the account's limit: the
// configured one, or the Max HubSpot said when that is lower.
func (l *rollingLimiter) resizeLocked() {
	account := l.configured
	if l.accountMax > 0 {
		account = min(account, l.accountMax)
	}
	if lim := shareOf(account, l.share); lim != l.limit {
		if lim > l.limit {
			l.wakeLocked()
		}
		l.limit = lim
	}
}

func (l *rollingLimiter) wakeLocked() {
	close(l.wake)
	l.wake = make(chan struct{})
}

// queued is the number of requests waiting for a permit.
func (l *rollingLimiter) queued() int { return int(l.waiting.Load()) }
