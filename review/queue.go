package review

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/contactgate/contactgate/purge"
)

// Recorder saves a decision on an item before the page moves on; an error
// is shown to the reviewer and the decision is not taken. Requests call it
// concurrently.
type Recorder func(ctx context.Context, it *Item, d purge.Decision) error

// ErrFinal is wrapped by a Recorder's error when a decision cannot be
// taken back (an accept the stream has merged): the page refuses the undo
// with 409 Conflict rather than failing.
var ErrFinal = errors.New("the decision cannot be taken back")

// Queue is the items to review and the decisions made on them. Safe for
// concurrent use.
type Queue struct {
	items   []Item
	index   map[string]int
	record  Recorder
	bands   []string // every band of the items
	fields  []string // every field that differs in some item
	sources []string // every source of the items

	mu      sync.Mutex
	decided map[string]purge.Decision // the latest decision, by item id
	undo    []string                  // the items decided by this process, the latest last
}

// NewQueue returns a queue of items in their order, the decisions already
// made (by item id; from a decisions file or the review topic), and the
// Recorder of new ones.
func NewQueue(items []Item, decided map[string]purge.Decision, record Recorder) *Queue {
	q := &Queue{items: items, index: make(map[string]int, len(items)), record: record, decided: map[string]purge.Decision{}}
	seen := map[string]bool{}
	for i, it := range items {
		q.index[it.ID] = i
		if !slices.Contains(q.bands, it.Band) {
			q.bands = append(q.bands, it.Band)
		}
		for _, f := range it.Differs {
			if !seen[f] {
				seen[f] = true
				q.fields = append(q.fields, f)
			}
		}
		for _, src := range it.Sources {
			if !slices.Contains(q.sources, src) {
				q.sources = append(q.sources, src)
			}
		}
		if d, ok := decided[it.ID]; ok && d.Status != purge.DecisionOpen {
			q.decided[it.ID] = d
		}
	}
	orderFields(q.fields)
	slices.Sort(q.sources)
	return q
}

// Filter selects items of the queue; the zero value selects the open ones.
type Filter struct {
	// Band: "" for every band.
	Band string
	// Differs: a field that must differ among the records; "" for any.
	Differs string
	// Source: a source one of the records came from (Item.Sources); ""
	// for any.
	Source string
	// Status: "" or purge.DecisionOpen for the undecided items,
	// purge.DecisionAccepted, purge.DecisionRejected, or "all".
	Status string
}

func (q *Queue) selects(f Filter, it *Item) bool {
	if f.Band != "" && it.Band != f.Band {
		return false
	}
	if f.Differs != "" && !it.Differ(f.Differs) {
		return false
	}
	if f.Source != "" && !slices.Contains(it.Sources, f.Source) {
		return false
	}
	d, ok := q.decided[it.ID]
	switch f.Status {
	case "", purge.DecisionOpen:
		return !ok
	case "all":
		return true
	default:
		return ok && d.Status == f.Status
	}
}

// Item returns the item of id and its decision, if any.
func (q *Queue) Item(id string) (*Item, purge.Decision, bool) {
	i, ok := q.index[id]
	if !ok {
		return nil, purge.Decision{}, false
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return &q.items[i], q.decided[id], true
}

// Next returns the first item f selects after the item of id (after none,
// for ""), wrapping round to the start; "" when f selects none but id.
func (q *Queue) Next(f Filter, id string) string {
	q.mu.Lock()
	defer q.mu.Unlock()
	start := -1
	if i, ok := q.index[id]; ok {
		start = i
	}
	for k := 1; k <= len(q.items); k++ {
		it := &q.items[(start+k+len(q.items))%len(q.items)]
		if it.ID != id && q.selects(f, it) {
			return it.ID
		}
	}
	return ""
}

// Window returns up to n items f selects from the item of id on (the
// queue's sidebar), and how many f selects in all.
func (q *Queue) Window(f Filter, id string, n int) ([]*Item, int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	from := q.index[id]
	var out []*Item
	total := 0
	for i := range q.items {
		it := &q.items[i]
		if !q.selects(f, it) && it.ID != id {
			continue
		}
		total++
		if i >= from && len(out) < n {
			out = append(out, it)
		}
	}
	return out, total
}

// Counts are the items by status.
type Counts struct{ Open, Accepted, Rejected int }

// Counts counts the items by their decision.
func (q *Queue) Counts() Counts {
	q.mu.Lock()
	defer q.mu.Unlock()
	var c Counts
	for _, d := range q.decided {
		switch d.Status {
		case purge.DecisionAccepted:
			c.Accepted++
		case purge.DecisionRejected:
			c.Rejected++
		}
	}
	c.Open = len(q.items) - c.Accepted - c.Rejected
	return c
}

// Bands lists the bands of the items, for the filters.
func (q *Queue) Bands() []string { return q.bands }

// Sources lists the items' sources, sorted, for the filters; nil when
// none is known.
func (q *Queue) Sources() []string { return q.sources }

// Fields lists every field that differs in some item, in reading order,
// for the filters.
func (q *Queue) Fields() []string { return q.fields }

// Decide records d on the item of d.Cluster and, unless it takes a
// decision back, remembers it for Undo.
func (q *Queue) Decide(ctx context.Context, d purge.Decision) error {
	it, _, ok := q.Item(d.Cluster)
	if !ok {
		return fmt.Errorf("decide: no item %q", d.Cluster)
	}
	d.Records = it.Members
	if err := q.record(ctx, it, d); err != nil {
		return err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if d.Status == purge.DecisionOpen {
		delete(q.decided, d.Cluster)
	} else {
		q.decided[d.Cluster] = d
		q.undo = append(q.undo, d.Cluster)
	}
	return nil
}

// Undo takes back the latest decision this process recorded and still
// standing, and returns its item's id; "" when there is none.
func (q *Queue) Undo(ctx context.Context, by string) (string, error) {
	q.mu.Lock()
	var id string
	for len(q.undo) > 0 && id == "" {
		id = q.undo[len(q.undo)-1]
		q.undo = q.undo[:len(q.undo)-1]
		if _, ok := q.decided[id]; !ok {
			id = ""
		}
	}
	q.mu.Unlock()
	if id == "" {
		return "", nil
	}
	if err := q.Decide(ctx, purge.Decision{Cluster: id, Status: purge.DecisionOpen, By: by}); err != nil {
		return id, err
	}
	return id, nil
}
