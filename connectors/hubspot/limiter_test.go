package hubspot

import (
	"testing"
	"time"
)

// noSpacing is a burst no limit reaches: a plain rolling window.
const noSpacing = 1 << 20

// fakeClock is a settable clock for the limiter's window arithmetic.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// next is when the limiter would grant the next permit, as an offset from
// the clock's start.
func next(l *rollingLimiter, start time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.nextLocked(l.now()).Sub(start)
}

// take grants a permit now; it fails the test if the limiter would wait.
func take(t *testing.T, l *rollingLimiter) *grant {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if at := l.nextLocked(now); at.After(now) {
		t.Fatalf("no permit at %s: next at %s", now, at)
	}
	l.counted = append(l.counted, now)
	return &grant{l: l, at: now}
}

// takeAll takes n permits, each as soon as the limiter grants it.
func takeAll(t *testing.T, l *rollingLimiter, clk *fakeClock, n int) {
	t.Helper()
	for range n {
		l.mu.Lock()
		clk.t = l.nextLocked(clk.t)
		l.mu.Unlock()
		take(t, l)
	}
}

func TestRollingLimiter(t *testing.T) {
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

	t.Run("should count a rolling window, not fixed periods", func(t *testing.T) {
		// Given 3 requests per 10 s, taken at 0 s, 4 s and 8 s
		clk := &fakeClock{start}
		l := newRollingLimiter(3, 10*time.Second, 1, noSpacing, clk.now)
		for _, at := range []time.Duration{0, 4 * time.Second, 8 * time.Second} {
			clk.t = start.Add(at)
			take(t, l)
		}
		// Then the fourth may go when the first leaves the window (10 s),
		// and a fifth only when the second does (14 s), not at once as a
		// fresh fixed period would allow
		if got := next(l, start); got != 10*time.Second {
			t.Fatalf("fourth at %s, want 10s", got)
		}
		clk.t = start.Add(10 * time.Second)
		take(t, l)
		if got := next(l, start); got != 14*time.Second {
			t.Fatalf("fifth at %s, want 14s", got)
		}
	})

	t.Run("should take its share of the account's limit", func(t *testing.T) {
		clk := &fakeClock{start}
		l := newRollingLimiter(190, 10*time.Second, 1.0/3, noSpacing, clk.now)
		takeAll(t, l, clk, 63)
		if got := next(l, start); got != 10*time.Second {
			t.Fatalf("the 64th of a third of 190 at %s, want 10s", got)
		}
	})

	t.Run("should take a new share at once", func(t *testing.T) {
		// Given a client with all of 190 per 10 s that learns it has a third
		clk := &fakeClock{start}
		l := newRollingLimiter(190, 10*time.Second, 1, noSpacing, clk.now)
		l.observe(190, 190, 10*time.Second)
		l.setShare(1.0 / 3)
		takeAll(t, l, clk, 63)
		if got := next(l, start); got != 10*time.Second {
			t.Fatalf("the 64th at %s, want 10s", got)
		}
		// And then all of it again
		l.setShare(1)
		take(t, l)
	})

	t.Run("should slow down when HubSpot says the account runs low", func(t *testing.T) {
		// Given a limiter of 10 per 10 s that used 2
		clk := &fakeClock{start}
		l := newRollingLimiter(10, 10*time.Second, 1, noSpacing, clk.now)
		takeAll(t, l, clk, 2)
		// When HubSpot says 1 remains (another client used the rest) at 2 s
		clk.t = start.Add(2 * time.Second)
		l.observe(10, 1, 10*time.Second)
		// Then one more may go, and the next only when the window has
		// room again: after the first grant leaves it
		take(t, l)
		if got := next(l, start); got != 10*time.Second {
			t.Fatalf("next at %s, want 10s", got)
		}
	})

	t.Run("should lower its limit to the account's Max", func(t *testing.T) {
		clk := &fakeClock{start}
		l := newRollingLimiter(190, 10*time.Second, 1, noSpacing, clk.now)
		l.observe(100, 100, 10*time.Second)
		takeAll(t, l, clk, 100)
		if got := next(l, start); got != 10*time.Second {
			t.Fatalf("the 101st at %s, want 10s", got)
		}
	})

	t.Run("should ignore headers of another window", func(t *testing.T) {
		clk := &fakeClock{start}
		l := newRollingLimiter(5, time.Second, 1, noSpacing, clk.now)
		l.observe(100, 0, 10*time.Second)
		take(t, l)
	})

	t.Run("should spread its grants evenly over the window", func(t *testing.T) {
		clk := &fakeClock{start}
		l := newRollingLimiter(190, 10*time.Second, 1, 1, clk.now)
		take(t, l)
		if got, want := next(l, start), 10*time.Second/190; got != want {
			t.Fatalf("second grant at %s, want %s", got, want)
		}
	})

	t.Run("should halve its limit after a 429 and grow it back by one per window", func(t *testing.T) {
		// Given 10 per 10 s, refused once at the start
		clk := &fakeClock{start}
		l := newRollingLimiter(10, 10*time.Second, 1, noSpacing, clk.now)
		l.refused(0)
		// Then 5 go in the first window, and 6 in the next
		takeAll(t, l, clk, 5)
		if got := next(l, start); got != 10*time.Second {
			t.Fatalf("the sixth at %s, want 10s", got)
		}
		takeAll(t, l, clk, 6)
		if got := next(l, start); got != 20*time.Second {
			t.Fatalf("the 12th at %s, want 20s", got)
		}
	})

	t.Run("should hold every request for a 429's Retry-After", func(t *testing.T) {
		clk := &fakeClock{start}
		l := newRollingLimiter(10, 10*time.Second, 1, noSpacing, clk.now)
		l.refused(3 * time.Second)
		if got := next(l, start); got != 3*time.Second {
			t.Fatalf("next at %s, want 3s", got)
		}
	})

	t.Run("should count a request from when its answer arrived", func(t *testing.T) {
		// Given one request per 10 s, granted at 0 s and answered at 2 s
		clk := &fakeClock{start}
		l := newRollingLimiter(1, 10*time.Second, 1, noSpacing, clk.now)
		g := take(t, l)
		clk.advance(2 * time.Second)
		g.done()
		// Then the next may go at 12 s: HubSpot counted it on arrival
		if got := next(l, start); got != 12*time.Second {
			t.Fatalf("next at %s, want 12s", got)
		}
	})

	t.Run("should grant waiters as the window frees", func(t *testing.T) {
		// Given 2 requests per 50 ms on the real clock
		l := newRollingLimiter(2, 50*time.Millisecond, 1, noSpacing, time.Now)
		begin := time.Now()
		// When five requests wait in turn
		for i := range 5 {
			if _, err := l.wait(t.Context()); err != nil {
				t.Fatalf("wait %d: %v", i, err)
			}
		}
		// Then the fifth went no sooner than two windows after the first
		if d := time.Since(begin); d < 100*time.Millisecond {
			t.Fatalf("five permits in %s, want at least 100ms", d)
		}
	})
}
