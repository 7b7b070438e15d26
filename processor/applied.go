package processor

import (
	"context"
	"sync"

	"github.com/twmb/franz-go/pkg/kadm"
)

// appliedOffsets is how far a reader of a whole topic (the outcome
// follower, the parked log) has applied each partition, and lets others
// wait until it has reached given end offsets.
type appliedOffsets struct {
	mu      sync.Mutex
	next    map[int32]int64 // next offset per partition, as applied
	changed chan struct{}   // closed and replaced when next moves
}

func newAppliedOffsets(next map[int32]int64) *appliedOffsets {
	if next == nil {
		next = map[int32]int64{}
	}
	return &appliedOffsets{next: next, changed: make(chan struct{})}
}

// advance records that partition is applied up to next (exclusive) and
// wakes the waiters.
func (a *appliedOffsets) advance(partition int32, next int64) {
	a.mu.Lock()
	a.next[partition] = next
	close(a.changed)
	a.changed = make(chan struct{})
	a.mu.Unlock()
}

// waitFor returns once every partition of ends is applied up to its
// offset, or the context's error when it ends first.
func (a *appliedOffsets) waitFor(ctx context.Context, ends kadm.ListedOffsets) error {
	for {
		a.mu.Lock()
		behind := false
		ends.Each(func(o kadm.ListedOffset) {
			if a.next[o.Partition] < o.Offset {
				behind = true
			}
		})
		changed := a.changed
		a.mu.Unlock()
		if !behind {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
