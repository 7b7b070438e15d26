package processor

import "sync"

// laneAssigner gives each job its lane and orders it after the earlier jobs
// of each of its keys: the identity (Job.LaneKey) and the Kafka record key,
// the producer's unit of order (a person's events keyed by their e-mail, a
// CDC row's changes by its primary key). A job goes to the lane of the
// first of its keys that has jobs still queued or running, else to the lane
// with the fewest jobs; when another of its keys has jobs on another lane,
// the job waits for the latest of them before it runs (placement.after).
// Waits only point at jobs assigned earlier, and every lane runs its jobs in
// the order they were assigned, so no two jobs wait for each other.
//
// Unlike a hash of the key, no lane serializes the events of unrelated
// identities that happen to share it while other lanes sit idle: a
// backlog's work spreads evenly, more identities are in flight at once, and
// the CRM's batches fill.
type laneAssigner struct {
	mu    sync.Mutex
	byKey map[string]*keyLane
	load  []int // jobs assigned to each lane and not done
	next  int   // where the search for the least loaded lane starts
}

// keyLane is where a key's latest job went, the channel closed when that
// job is done, and how many of the key's jobs are not done.
type keyLane struct {
	lane, jobs int
	last       chan struct{}
}

// placement is a job's lane, the jobs it must wait for, and what done needs.
type placement struct {
	lane int
	// after are the done channels of the jobs of the job's keys that run
	// on other lanes and came before it.
	after []<-chan struct{}
	keys  []string
	done  chan struct{}
}

func newLaneAssigner(lanes int) *laneAssigner {
	return &laneAssigner{byKey: map[string]*keyLane{}, load: make([]int, lanes)}
}

// assign places a new job of keys (empty keys are ignored, and at least one
// is expected); done must follow once the lane is finished with it.
func (a *laneAssigner) assign(keys ...string) placement {
	a.mu.Lock()
	defer a.mu.Unlock()
	pl := placement{lane: -1, done: make(chan struct{})}
	for _, key := range keys {
		if key == "" {
			continue
		}
		pl.keys = append(pl.keys, key)
		if k, ok := a.byKey[key]; ok && pl.lane < 0 {
			pl.lane = k.lane
		}
	}
	if pl.lane < 0 {
		best := a.next
		for i := range a.load {
			if l := (a.next + i) % len(a.load); a.load[l] < a.load[best] {
				best = l
			}
		}
		a.next = (best + 1) % len(a.load)
		pl.lane = best
	}
	for _, key := range pl.keys {
		k, ok := a.byKey[key]
		if !ok {
			k = &keyLane{}
			a.byKey[key] = k
		} else if k.lane != pl.lane {
			pl.after = append(pl.after, k.last)
		}
		k.lane, k.last = pl.lane, pl.done
		k.jobs++
	}
	a.load[pl.lane]++
	return pl
}

// done releases a job that assign placed: the jobs waiting for it may run,
// and once a key has no job left, its next one may go to any lane.
func (a *laneAssigner) done(pl placement) {
	a.mu.Lock()
	defer a.mu.Unlock()
	select {
	case <-pl.done:
		return // a stray second done changes nothing
	default:
		close(pl.done)
	}
	a.load[pl.lane]--
	for _, key := range pl.keys {
		k, ok := a.byKey[key]
		if !ok {
			continue
		}
		if k.jobs--; k.jobs == 0 {
			delete(a.byKey, key)
		}
	}
}
