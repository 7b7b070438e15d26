package review

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"math"
	"net/http"
	"slices"

	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/purge"
)

var page = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"weight":  func(w float64) string { return fmt.Sprintf("%+.1f", w) },
	"itemURL": func(id string, f Filter) string { return itemURL(id, f) },
}).ParseFS(assets, "assets/page.html"))

// sidebarSize is how many items of the queue the sidebar lists.
const sidebarSize = 40

// view is what page.html shows.
type view struct {
	Title    string
	Item     *Item
	Decision purge.Decision
	Rows     []row
	Links    []linkView
	Filter   Filter
	Bands    []string
	Fields   []string
	Sources  []string
	Queue    []entry
	Total    int
	Counts   Counts
	Skip     string
	Statuses []string
	// FilterQuery is the filter as a URL query, for the undo form.
	FilterQuery string
	// Done and As say what the last decision was, Undone that one was
	// taken back, Note anything else to tell.
	Done, As, Undone, Note, Error string
}

// row is one field across the records, and its value once merged.
type row struct {
	Field, Label string
	// Property is the CRM property the result is written to; "" when
	// the merge cannot write it (the result is then the master's).
	Property string
	Values   []cell
	Differs  bool
	Result   string
}

type cell struct {
	// Record is the record's id.
	Record string
	Value  string
	// Kept: this is the value the merged record holds.
	Kept bool
}

type linkView struct {
	ID     string
	Weight float64
	Band   string
	Bars   []bar
}

type bar struct {
	Kind, Level string
	Weight      float64
	Pct         int
	Against     bool
}

type entry struct {
	ID, URL, Band, Status string
	Weight                float64
	Size                  int
	Current               bool
}

func (s *Server) view(f Filter, it *Item, d purge.Decision, r *http.Request) view {
	q := r.URL.Query()
	v := view{Title: s.title, FilterQuery: f.query(), Item: it, Decision: d, Filter: f, Bands: s.q.Bands(), Fields: s.q.Fields(), Sources: s.q.Sources(), Counts: s.q.Counts(),
		Statuses: []string{purge.DecisionOpen, purge.DecisionAccepted, purge.DecisionRejected, "all"},
		Done:     q.Get("done"), As: q.Get("as"), Undone: q.Get("undone"), Note: q.Get("note")}
	id := ""
	if it != nil {
		id = it.ID
		v.Rows = resultRows(it, &d)
		v.Links = links(it)
		if next := s.q.Next(f, id); next != "" {
			v.Skip = itemURL(next, f)
		}
	}
	window, total := s.q.Window(f, id, sidebarSize)
	v.Total = total
	for _, w := range window {
		_, dw, _ := s.q.Item(w.ID)
		status := dw.Status
		if status == "" {
			status = purge.DecisionOpen
		}
		v.Queue = append(v.Queue, entry{ID: w.ID, URL: itemURL(w.ID, f), Band: w.Band, Status: status, Weight: w.Weight,
			Size: len(w.Records), Current: w.ID == id})
	}
	if it == nil && v.Note == "" {
		v.Note = errNoItem.Error()
	}
	return v
}

// resultRows are the item's fields across its records, with the value
// each has once merged: the decision's when accepted with values, else
// the plan's, else the master's own.
func resultRows(it *Item, d *purge.Decision) []row {
	master := it.Records[0]
	values := it.Values
	if d != nil && d.Status == purge.DecisionAccepted && d.Values != nil {
		values = d.Values
		for i := range it.Records {
			if it.Records[i].ID == d.Master {
				master = it.Records[i]
			}
		}
	}
	var rows []row
	covered := map[string]bool{}
	add := func(field, label, prop string) {
		rw := row{Field: field, Label: label, Property: prop, Differs: it.Differ(field), Result: master.Fields[field]}
		if v, ok := values[prop]; ok && prop != "" {
			rw.Result = v
		}
		if !it.Editable {
			// The stream merges as proposed: the CRM keeps the master's
			// values and fills its blanks from the other record.
			for i := 0; rw.Result == "" && i < len(it.Records); i++ {
				rw.Result = it.Records[i].Fields[field]
			}
		}
		for _, rec := range it.Records {
			val := rec.Fields[field]
			rw.Values = append(rw.Values, cell{Record: rec.ID, Value: val, Kept: val != "" && val == rw.Result})
		}
		rows = append(rows, rw)
	}
	for _, f := range it.Fields {
		prop := ""
		if it.Editable {
			prop = purge.CRMProperty(match.Kind(f))
		}
		covered[prop] = true
		add(f, f, prop)
	}
	for _, p := range slices.Sorted(maps.Keys(values)) {
		if !covered[p] {
			add("", p, p)
		}
	}
	return rows
}

// links are the members' evidence as bars scaled to the item's largest
// weight.
func links(it *Item) []linkView {
	top := 0.0
	for _, l := range it.Links {
		for _, e := range l.Evidence {
			top = max(top, math.Abs(e.Weight))
		}
	}
	var out []linkView
	for _, l := range it.Links {
		lv := linkView{ID: l.ID, Weight: l.Weight, Band: l.Band}
		for _, e := range l.Evidence {
			pct := 0
			if top > 0 {
				pct = int(math.Round(100 * math.Abs(e.Weight) / top))
			}
			lv.Bars = append(lv.Bars, bar{Kind: string(e.Kind), Level: e.Level, Weight: e.Weight, Pct: pct, Against: e.Weight < 0})
		}
		out = append(out, lv)
	}
	return out
}

func (s *Server) render(w http.ResponseWriter, status int, v view) {
	var buf bytes.Buffer
	if err := page.Execute(&buf, v); err != nil {
		http.Error(w, "render: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
