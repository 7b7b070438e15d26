package processor

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// tracker follows the records of the assigned partitions from poll to done
// and yields, per partition, the contiguous low watermark: the offset after
// the last record before which everything is done. Only that is ever marked
// for commit, so a crash replays unfinished records instead of losing them.
type tracker struct {
	mu    sync.Mutex
	parts map[tp]*partition
	// base is the parent of the partitions' contexts (partition.waits).
	base context.Context
	// drained is signalled whenever a partition's in-flight count drops.
	drained *sync.Cond
	// closing ends every wait for a drain (stopWaiting).
	closing bool
}

type tp struct {
	topic     string
	partition int32
}

type partition struct {
	// inflight are the polled records not yet contiguous-done, in offset order.
	inflight []*kgo.Record
	done     map[int64]bool
	// running counts records begun and not yet done or abandoned.
	running int
	// revoking is set when the partition is being revoked: records not yet
	// begun are left to the next owner.
	revoking bool
	// mark is the next watermark to mark, nil when nothing new.
	mark *kgo.Record
	// waits ends when the partition is revoked or lost (or base ends): the
	// waits of its records between attempts and in pauses end with it, so
	// that a revoke does not wait for them; their records are replayed by
	// the next owner.
	waits     context.Context
	stopWaits context.CancelFunc
}

func newTracker(base context.Context) *tracker {
	t := &tracker{parts: make(map[tp]*partition), base: base}
	t.drained = sync.NewCond(&t.mu)
	return t
}

// add registers a polled record. Records of a partition arrive in offset
// order.
func (t *tracker) add(r *kgo.Record) {
	t.mu.Lock()
	defer t.mu.Unlock()
	k := tp{r.Topic, r.Partition}
	p := t.parts[k]
	if p == nil {
		p = &partition{done: make(map[int64]bool)}
		p.waits, p.stopWaits = context.WithCancel(t.base)
		t.parts[k] = p
	}
	p.inflight = append(p.inflight, r)
}

// owner returns r's partition when r is one of its in-flight records: nil
// when the partition was revoked or lost since r was polled, even if it was
// assigned again and its records polled anew (r is then a stale copy, and
// the new one is the partition's).
func (t *tracker) owner(r *kgo.Record) *partition {
	p := t.parts[tp{r.Topic, r.Partition}]
	if p == nil {
		return nil
	}
	i := sort.Search(len(p.inflight), func(i int) bool { return p.inflight[i].Offset >= r.Offset })
	for ; i < len(p.inflight) && p.inflight[i].Offset == r.Offset; i++ {
		if p.inflight[i] == r {
			return p
		}
	}
	return nil
}

// begin reports whether r may be worked on: its partition is still ours,
// not being revoked, and r was polled in this assignment of it. A true
// answer must be followed by done or abandon. The context ends when the
// partition is revoked or lost (partition.waits).
func (t *tracker) begin(r *kgo.Record) (context.Context, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.owner(r)
	if p == nil || p.revoking {
		return nil, false
	}
	p.running++
	return p.waits, true
}

// abandon ends work on r without marking it: it will be replayed.
func (t *tracker) abandon(r *kgo.Record) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if p := t.owner(r); p != nil {
		p.running--
		t.drained.Broadcast()
	}
}

// done records that r's effects are complete, and advances its partition's
// watermark. It reports false when the partition was revoked or lost in the
// meantime: its work is then someone else's.
func (t *tracker) done(r *kgo.Record) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.owner(r)
	if p == nil {
		return false
	}
	p.running--
	p.done[r.Offset] = true
	for len(p.inflight) > 0 && p.done[p.inflight[0].Offset] {
		head := p.inflight[0]
		delete(p.done, head.Offset)
		p.inflight = p.inflight[1:]
		p.mark = head
	}
	t.drained.Broadcast()
	return true
}

// marks returns the watermarks advanced since the last call, in the form
// MarkCommitOffsets takes.
func (t *tracker) marks() map[string]map[int32]kgo.EpochOffset {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out map[string]map[int32]kgo.EpochOffset
	for k, p := range t.parts {
		if p.mark == nil {
			continue
		}
		if out == nil {
			out = make(map[string]map[int32]kgo.EpochOffset)
		}
		if out[k.topic] == nil {
			out[k.topic] = make(map[int32]kgo.EpochOffset)
		}
		out[k.topic][k.partition] = kgo.EpochOffset{Epoch: p.mark.LeaderEpoch, Offset: p.mark.Offset + 1}
		p.mark = nil
	}
	return out
}

// revoke stops new work on the partitions, then waits until the records
// already begun are done or abandoned, for at most timeout; it reports
// whether they drained. Records polled but not begun are left to the next
// owner, so a rebalance waits for the work in hand, not the whole backlog.
func (t *tracker) revoke(parts map[string][]int32, timeout time.Duration) bool {
	t.mu.Lock()
	for topic, ps := range parts {
		for _, p := range ps {
			if q := t.parts[tp{topic, p}]; q != nil {
				q.revoking = true
				q.stopWaits()
			}
		}
	}
	t.mu.Unlock()
	return t.waitDrained(parts, timeout)
}

// waitDrained blocks until the partitions have no record begun and not
// finished, or for at most timeout; it reports whether they drained.
func (t *tracker) waitDrained(parts map[string][]int32, timeout time.Duration) bool {
	expired := false
	timer := time.AfterFunc(timeout, func() {
		t.mu.Lock()
		expired = true
		t.drained.Broadcast()
		t.mu.Unlock()
	})
	defer timer.Stop()
	t.mu.Lock()
	defer t.mu.Unlock()
	for {
		busy := false
		for topic, ps := range parts {
			for _, p := range ps {
				if q := t.parts[tp{topic, p}]; q != nil && q.running > 0 {
					busy = true
				}
			}
		}
		if !busy {
			return true
		}
		if expired || t.closing {
			return false
		}
		t.drained.Wait()
	}
}

// stopWaiting ends the waits of revokes, now and later: a shutdown waited
// for the lanes already, and leaves what they did not finish for replay.
func (t *tracker) stopWaiting() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closing = true
	t.drained.Broadcast()
}

// forget drops the partitions: their in-flight records will not be marked.
func (t *tracker) forget(parts map[string][]int32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for topic, ps := range parts {
		for _, p := range ps {
			if q := t.parts[tp{topic, p}]; q != nil {
				q.stopWaits()
				delete(t.parts, tp{topic, p})
			}
		}
	}
	t.drained.Broadcast()
}

// inflight counts the records polled and not yet done.
func (t *tracker) inflight() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, p := range t.parts {
		n += len(p.inflight)
	}
	return n
}
