package emulator

import (
	"slices"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// doc is one version of a record as the search index sees it.
type doc struct {
	num     int64
	id      string
	props   map[string]string // shared with the record's version; never changed
	created time.Time
	updated time.Time
}

// indexUpdate is a write on its way to the search index.
type indexUpdate struct {
	visibleAt time.Time
	num       int64
	doc       *doc // nil removes the record
}

// searchIndex is HubSpot's search index: a copy of the store that receives
// every write lag after it happened, so that Search can miss a record that
// Get finds. It assumes the clock never goes back.
type searchIndex struct {
	lag     time.Duration
	pending []indexUpdate // oldest first
	docs    map[int64]*doc
	ids     []int64 // ascending
	// values maps property → folded value → ids holding it, so that EQ and
	// IN filters do not scan every record.
	values map[string]map[string][]int64
}

// unindexed are properties unique to each record that no search looks up
// by value; indexing them would only cost memory. Filters on them scan.
var unindexed = map[string]bool{
	PropObjectID: true, connectors.PropCreateDate: true, connectors.PropLastModified: true,
}

func newSearchIndex(lag time.Duration) *searchIndex {
	return &searchIndex{lag: lag, docs: map[int64]*doc{}, values: map[string]map[string][]int64{}}
}

// put queues d to become visible lag after now.
func (ix *searchIndex) put(now time.Time, d *doc) {
	ix.enqueue(indexUpdate{visibleAt: now.Add(ix.lag), num: d.num, doc: d})
}

// remove queues the removal of record num.
func (ix *searchIndex) remove(now time.Time, num int64) {
	ix.enqueue(indexUpdate{visibleAt: now.Add(ix.lag), num: num})
}

// enqueue applies u at once when there is no lag; otherwise it queues u,
// first applying what is due, so that the queue stays as short as the lag
// even when nobody searches.
func (ix *searchIndex) enqueue(u indexUpdate) {
	if ix.lag == 0 {
		ix.apply(u)
		return
	}
	ix.catchUp(u.visibleAt.Add(-ix.lag))
	ix.pending = append(ix.pending, u)
}

// catchUp applies the writes that are visible at now.
func (ix *searchIndex) catchUp(now time.Time) {
	i := 0
	for ; i < len(ix.pending) && !ix.pending[i].visibleAt.After(now); i++ {
		ix.apply(ix.pending[i])
		ix.pending[i] = indexUpdate{}
	}
	ix.pending = ix.pending[i:]
}

func (ix *searchIndex) apply(u indexUpdate) {
	if old, ok := ix.docs[u.num]; ok {
		ix.unindexValues(old)
		if u.doc == nil {
			delete(ix.docs, u.num)
			if i, ok := slices.BinarySearch(ix.ids, u.num); ok {
				ix.ids = slices.Delete(ix.ids, i, i+1)
			}
			return
		}
	} else if u.doc != nil {
		i, _ := slices.BinarySearch(ix.ids, u.num)
		ix.ids = slices.Insert(ix.ids, i, u.num)
	}
	if u.doc != nil {
		ix.docs[u.num] = u.doc
		ix.indexValues(u.doc)
	}
}

func (ix *searchIndex) indexValues(d *doc) {
	for k, v := range d.props {
		if unindexed[k] {
			continue
		}
		byValue := ix.values[k]
		if byValue == nil {
			byValue = map[string][]int64{}
			ix.values[k] = byValue
		}
		byValue[fold(v)] = append(byValue[fold(v)], d.num)
	}
}

func (ix *searchIndex) unindexValues(d *doc) {
	for k, v := range d.props {
		if unindexed[k] {
			continue
		}
		byValue := ix.values[k]
		nums := slices.DeleteFunc(byValue[fold(v)], func(n int64) bool { return n == d.num })
		if len(nums) == 0 {
			delete(byValue, fold(v))
		} else {
			byValue[fold(v)] = nums
		}
	}
}

// lookup returns the visible docs whose property equals one of values,
// case-insensitively; ok is false when the property is not indexed.
func (ix *searchIndex) lookup(property string, values []string) (docs []*doc, ok bool) {
	if unindexed[property] {
		return nil, false
	}
	for _, v := range values {
		for _, n := range ix.values[property][fold(v)] {
			docs = append(docs, ix.docs[n])
		}
	}
	return docs, true
}

// all returns every visible doc in id order.
func (ix *searchIndex) all() []*doc {
	docs := make([]*doc, len(ix.ids))
	for i, n := range ix.ids {
		docs[i] = ix.docs[n]
	}
	return docs
}
