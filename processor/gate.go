package processor

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/contactgate/contactgate/schemas"
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

// pauser is the pause middleware: it waits while the gate is closed, and
// when next fails because the CRM cannot take work now (Handler.Pause)
// closes the gate for Config.PauseFor and tries again once it opens or the
// pause has run out; the first success opens it. Pauses never dead-letter a
// record and never count as attempts. When the processor stops, or the
// record's partition is revoked, during a pause the record is abandoned.
func (p *Processor) pauser(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, m *Message) (*schemas.Outcome, error) {
		for {
			if err := p.gate.wait(p.waits(m)); err != nil {
				return nil, errShutdown
			}
			out, err := next(ctx, m)
			switch {
			case err == nil:
				p.gate.open()
				return out, nil
			case !errors.Is(err, errShutdown) && !isDeadLetter(err) && p.h.Pause(err):
				p.gate.close(p.cfg.PauseFor)
			default:
				return out, err
			}
		}
	}
}
