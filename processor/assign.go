package processor

import "sync"

// laneAssigner gives each job its lane: the lane of the jobs of its key that
// are still queued or running, so that one identity's events run in order
// on one lane, else the lane with the fewest jobs. Unlike a hash of the key,
// no lane serializes the events of unrelated identities that happen to share
// it while other lanes sit idle: a backlog's work spreads evenly, more
// identities are in flight at once, and the CRM's batches fill.
type laneAssigner struct {
	mu    sync.Mutex
	byKey map[string]*keyLane
	load  []int // jobs assigned to each lane and not done
	next  int   // where the search for the least loaded lane starts
}

// keyLane is the lane of a key's jobs and how many are not done.
type keyLane struct {
	lane, jobs int
}

func newLaneAssigner(lanes int) *laneAssigner {
	return &laneAssigner{byKey: map[string]*keyLane{}, load: make([]int, lanes)}
}

// assign returns the lane of a new job of key; done must follow once the
// lane is finished with it.
func (a *laneAssigner) assign(key string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	k, ok := a.byKey[key]
	if !ok {
		best := a.next
		for i := range a.load {
			if l := (a.next + i) % len(a.load); a.load[l] < a.load[best] {
				best = l
			}
		}
		a.next = (best + 1) % len(a.load)
		k = &keyLane{lane: best}
		a.byKey[key] = k
	}
	k.jobs++
	a.load[k.lane]++
	return k.lane
}

// done releases a job of key that assign gave a lane: once a key has no job
// left, its next one may go to any lane.
func (a *laneAssigner) done(key string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	k, ok := a.byKey[key]
	if !ok {
		return
	}
	k.jobs--
	a.load[k.lane]--
	if k.jobs == 0 {
		delete(a.byKey, key)
	}
}
