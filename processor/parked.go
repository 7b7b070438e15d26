package processor

import (
	"encoding/json"
	"strconv"
	"sync"

	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
)

// parked holds the identities with an event in the DLQ: their later events
// follow it there, so that order per identity survives until an operator
// reprocesses them. Each key keeps the reprocess round (reprocessRound) of
// the record whose failure parked it: a reprocessed record of a later round
// unparks it (runJob), one of the same round does not, because it follows a
// copy that failed again.
//
// It is a cache of the parked topic (Topics.Parked, parkedLog): every change
// the processor makes here it also writes there, and it loads and follows
// the topic, so that a restart or a rebalance does not forget a key.
type parked struct {
	mu   sync.Mutex
	keys map[string]parkEntry // lane key → what parked it
}

// parkEntry is what parked a key, and the value of its record on the parked
// topic (JSON).
type parkEntry struct {
	// Round is the reprocess round of the record that parked the key.
	Round int `json:"round"`
	// From is that record's input position, "topic/partition/offset": a
	// replay of the same record (its offset was not committed) is applied
	// again instead of being parked behind itself.
	From string `json:"from,omitempty"`
}

// park parks key by a failed record of round at position from. It reports
// the entry and whether the key was not parked, or parked by an earlier
// round: only then is there something new to persist.
func (s *parked) park(key string, round int, from string) (parkEntry, bool) {
	if key == "" {
		return parkEntry{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := s.keys[key]; ok && round <= prev.Round {
		return prev, false
	}
	e := parkEntry{Round: round, From: from}
	s.keys[key] = e
	return e, true
}

// unpark unparks key for a reprocessed record of round, unless a record of
// that round or a later one parked it; it reports whether it did.
func (s *parked) unpark(key string, round int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := s.keys[key]; ok && prev.Round < round {
		delete(s.keys, key)
		return true
	}
	return false
}

// restore parks key again by e, unless something parked it since: the
// unparking of an abandoned record is undone.
func (s *parked) restore(key string, e parkEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.keys[key]; !ok {
		s.keys[key] = e
	}
}

// get returns what parked key, if it is parked.
func (s *parked) get(key string) (parkEntry, bool) {
	if key == "" {
		return parkEntry{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.keys[key]
	return e, ok
}

// set and forget apply a record of the parked topic that another processor
// wrote.
func (s *parked) set(key string, e parkEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[key] = e
}

func (s *parked) forget(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.keys, key)
}

func (s *parked) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.keys)
}

// parkRecord is the parked-topic record of key: e as JSON, or a tombstone
// when e is nil (the key was unparked). self is the writer's instance id.
func parkRecord(topic, self, key string, e *parkEntry) *kgo.Record {
	r := &kgo.Record{Topic: topic, Key: []byte(key),
		Headers: []kgo.RecordHeader{{Key: schemas.HeaderParkedBy, Value: []byte(self)}}}
	if e != nil {
		r.Value, _ = json.Marshal(e) // two plain fields: cannot fail
	}
	return r
}

// position is r's input position as parkEntry.From holds it.
func position(r *kgo.Record) string {
	return r.Topic + "/" + strconv.FormatInt(int64(r.Partition), 10) + "/" + strconv.FormatInt(r.Offset, 10)
}

// reprocessRound is 0 for an original record, else the copy count that
// `contactgate reprocess` wrote in HeaderReprocessAttempts (1 for the first
// copy of a dead letter; a dead letter of a copy keeps the count, so its
// own copy is of the next round). A header that is not a positive count
// reads as 1.
func reprocessRound(r *kgo.Record) int {
	for _, h := range r.Headers {
		if h.Key == schemas.HeaderReprocessAttempts {
			if n, err := strconv.Atoi(string(h.Value)); err == nil && n > 0 {
				return n
			}
			return 1
		}
	}
	return 0
}
