// Package review serves the review page: a local web page where a person
// goes through the clusters of a purge plan, or the pairs of the stream's
// review topic, side by side, and accepts, rejects or skips each, from
// the keyboard. The page is rendered on the server with html/template;
// its one small script only maps keys to the page's buttons, and every
// asset is embedded, so the page works offline.
//
// A Queue holds the items and the decisions made; a Recorder saves each
// decision before the page moves on (a decisions file fsync'd for a plan,
// a verdict on the review topic for the stream), so a closed tab loses
// nothing.
package review

import (
	"cmp"
	"maps"
	"slices"

	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/purge"
)

// Item is one thing to decide: a cluster of a plan, or a pair of the
// review topic.
type Item struct {
	// ID is the cluster's id, or the pair's review key.
	ID string
	// Band is the plan's band of the cluster (purge.BandReview,
	// purge.BandAuto), or the scorer's band of the pair.
	Band string
	// Weight is the weakest link's match weight: the cluster is only as
	// sure as it.
	Weight float64
	// Master is the record proposed to survive; Records[0].
	Master string
	// Records are every record of the item, master first.
	Records []Record
	// Links are the members' evidence of being the master's person, in
	// Records order from Records[1].
	Links []Link
	// Values are the properties proposed to be written on the master
	// (the field-level survivors), by CRM property name.
	Values map[string]string
	// Editable says the values and the master may be edited before
	// accepting (a plan; the stream merges as it proposed).
	Editable bool
	// Fields are every field any record has, in a stable order; Differs
	// are those whose non-empty values are not all the same.
	Fields, Differs []string
	// Members are the record ids as a decision names them (a plan's
	// master then members).
	Members []string
	// Sources are where the records came from, each once, for the source
	// filter: the values of a plan's source column, or the source of the
	// stream's event that proposed the pair; nil when unknown.
	Sources []string
}

// Record is one record's fields, by field name.
type Record struct {
	ID     string
	Fields map[string]string
}

// Link is a member's comparison with the master.
type Link struct {
	ID       string
	Weight   float64
	Band     string
	Evidence []match.Evidence
}

// PlanItems are the clusters of plan as items; fields holds the records'
// fields by record id (from the export the plan was made from); a record
// missing from it is shown by its id alone. sourceField names the field
// that says where a record came from (an export's source column), for the
// source filter; "" when there is none.
func PlanItems(plan *purge.Plan, fields map[string]map[string]string, sourceField string) []Item {
	items := make([]Item, 0, len(plan.Clusters))
	for _, c := range plan.Clusters {
		it := Item{ID: c.ID, Band: c.Band, Master: c.Master, Values: c.Values, Editable: true, Members: purge.RecordsOf(c)}
		it.Weight = c.Members[0].Weight
		for _, id := range it.Members {
			it.Records = append(it.Records, Record{ID: id, Fields: fields[id]})
			if src := fields[id][sourceField]; sourceField != "" && src != "" && !slices.Contains(it.Sources, src) {
				it.Sources = append(it.Sources, src)
			}
		}
		for _, m := range c.Members {
			it.Weight = min(it.Weight, m.Weight)
			it.Links = append(it.Links, Link{ID: m.ID, Weight: m.Weight, Band: string(m.Band), Evidence: m.Evidence})
		}
		it.Compare()
		items = append(items, it)
	}
	Order(items)
	return items
}

// Compare fills Fields and Differs from the records.
func (it *Item) Compare() {
	seen := map[string]bool{}
	for _, r := range it.Records {
		for k := range r.Fields {
			seen[k] = true
		}
	}
	it.Fields = orderFields(slices.Collect(maps.Keys(seen)))
	it.Differs = nil
	for _, f := range it.Fields {
		first := ""
		for _, r := range it.Records {
			v := r.Fields[f]
			if v == "" {
				continue
			}
			if first == "" {
				first = v
			} else if v != first {
				it.Differs = append(it.Differs, f)
				break
			}
		}
	}
}

// fieldOrder ranks the fields as people read a contact: who, how to
// reach them, where; a CRM property ranks with its field kind.
var fieldOrder = func() map[string]int {
	m := map[string]int{}
	names := []string{"first_name", "firstname", "last_name", "lastname", "full_name", "email", "phone", "company", "jobtitle"}
	for _, k := range match.Kinds() {
		names = append(names, string(k))
	}
	for i, n := range names {
		if _, ok := m[n]; !ok {
			m[n] = i
		}
	}
	return m
}()

func orderFields(fs []string) []string {
	slices.SortFunc(fs, func(a, b string) int {
		ra, oka := fieldOrder[a]
		rb, okb := fieldOrder[b]
		switch {
		case oka && okb && ra != rb:
			return cmp.Compare(ra, rb)
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		}
		return cmp.Compare(a, b)
	})
	return fs
}

// bandRank puts the bands a person must decide first.
func bandRank(b string) int {
	switch b {
	case purge.BandReview, string(match.BandPossible):
		return 0
	case purge.BandAuto, string(match.BandMatch):
		return 1
	}
	return 2
}

// Order sorts items as the queue shows them: the bands a person must
// decide first, then the strongest first (the likeliest to be one person),
// then by id.
func Order(items []Item) {
	slices.SortStableFunc(items, func(a, b Item) int {
		return cmp.Or(cmp.Compare(bandRank(a.Band), bandRank(b.Band)), cmp.Compare(b.Weight, a.Weight))
	})
}

// Differ reports whether field f differs among the item's records.
func (it *Item) Differ(f string) bool { return slices.Contains(it.Differs, f) }
