package stages

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// attempts tracks the attempts in Apply by event id, so that an event whose
// identifier another event of this process has claimed waits for that
// event's attempt to end, then tries again, instead of spending its own
// attempts on ErrClaimed. The claim's owner may be waiting long for a
// rate-limit permit: back-pressure, which must never exhaust another
// event's retries. A claim whose owner has no attempt running here (its
// CRM write is done and its index write is to be retried, or it is another
// process's) is returned as before, for the processor to retry.
//
// A waiter waits for one attempt, never for an Apply: two events that
// each hold what the other claims cannot wait for each other, since each
// attempt ends (releasing its claims) before its event waits.
type attemptRegistry struct {
	// waiting counts the events waiting for another's attempt.
	waiting atomic.Int32

	mu      sync.Mutex
	running map[string]chan struct{} // event id → closed when its attempt ends
}

// begin registers an attempt of event id; end unregisters it and wakes its
// waiters. An id with an attempt running already (a replayed copy of the
// record) is not registered twice.
func (r *attemptRegistry) begin(id string) (end func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running == nil {
		r.running = map[string]chan struct{}{}
	}
	if _, ok := r.running[id]; ok {
		return func() {}
	}
	done := make(chan struct{})
	r.running[id] = done
	return func() {
		r.mu.Lock()
		delete(r.running, id)
		r.mu.Unlock()
		close(done)
	}
}

// attemptOf returns the channel that closes when event id's attempt ends;
// nil when it has none running.
func (r *attemptRegistry) attemptOf(id string) <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.running[id]
}

// untilClaimReleased runs attempt until it returns anything but a claim
// conflict whose owner has an attempt running here, waiting for that
// attempt to end between tries. ctx ending returns the conflict.
func (r *attemptRegistry) untilClaimReleased(ctx context.Context, id string, attempt func() error) error {
	for {
		end := r.begin(id)
		err := attempt()
		end()
		var cc *ClaimConflictError
		if !errors.As(err, &cc) {
			return err
		}
		owner := r.attemptOf(cc.HeldBy)
		if owner == nil {
			return err
		}
		r.waiting.Add(1)
		select {
		case <-owner:
		case <-ctx.Done():
		}
		r.waiting.Add(-1)
		if ctx.Err() != nil {
			return err
		}
	}
}
