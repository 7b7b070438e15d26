package processor

import (
	"context"
	"sync"
	"time"
)

// gate is the back-pressure switch: a lane that learns the CRM cannot take
// work (circuit open, daily quota spent) closes it for a while; the poll loop
// pauses fetching while it is closed; lanes wait on it before trying again,
// and the first success opens it.
type gate struct {
	mu     sync.Mutex
	until  time.Time     // closed until then; zero when open
	opened chan struct{} // closed when the gate opens; replaced on close
	pauses int
}

func newGate() *gate {
	g := &gate{opened: make(chan struct{})}
	close(g.opened)
	return g
}

// close shuts the gate for d (extending, never shortening, a closed gate).
func (g *gate) close(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	until := time.Now().Add(d)
	if g.until.IsZero() {
		g.opened = make(chan struct{})
		g.pauses++
	}
	if until.After(g.until) {
		g.until = until
	}
}

// open opens the gate after a success.
func (g *gate) open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.until.IsZero() {
		g.until = time.Time{}
		close(g.opened)
	}
}

// isClosed reports whether fetching should stay paused.
func (g *gate) isClosed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return !g.until.IsZero()
}

// wait blocks until the gate opens or its pause has run out (then the caller
// makes the trial call), or ctx ends.
func (g *gate) wait(ctx context.Context) error {
	g.mu.Lock()
	until, opened := g.until, g.opened
	g.mu.Unlock()
	if until.IsZero() {
		return nil
	}
	t := time.NewTimer(time.Until(until))
	defer t.Stop()
	select {
	case <-opened:
	case <-t.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}
