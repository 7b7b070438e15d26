package salesforce

import (
	"net/http"
	"slices"
	"strings"
)

// sObject collections: read by ids, and create, update and upsert of up
// to maxCollection records, with allOrNone.

func (e *Emulator) collectionRead(w http.ResponseWriter, r *http.Request) {
	fields, aerr := fieldsParam(r)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	ids := strings.Split(r.URL.Query().Get("ids"), ",")
	if len(ids) > maxCollection {
		writeError(w, errorf(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than %d records into this call", maxCollection))
		return
	}
	out := make([]any, len(ids))
	e.mu.Lock()
	for i, id := range ids {
		if rec, err := e.store.live(id); err == nil {
			out[i] = recordJSON(project(rec.view(rec.fields), fields))
		}
	}
	e.mu.Unlock()
	writeJSON(w, 200, out)
}

// saveResult is one record's answer in a collection.
type saveResult struct {
	ID      *string     `json:"id"`
	Success bool        `json:"success"`
	Errors  []wireError `json:"errors"`
	Created *bool       `json:"created,omitempty"`
}

// collectionWrite serves create (kind ""), update and upsert collections.
// allOrNone rolls every record back when one fails.
func (e *Emulator) collectionWrite(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			AllOrNone bool             `json:"allOrNone"`
			Records   []map[string]any `json:"records"`
		}
		if aerr := decodeBody(r, &body); aerr != nil {
			writeError(w, aerr)
			return
		}
		if len(body.Records) > maxCollection {
			writeError(w, errorf(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than %d records into this call", maxCollection))
			return
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		var snapshot storeSnapshot
		if body.AllOrNone {
			snapshot = e.store.snapshot()
		}
		results := make([]saveResult, len(body.Records))
		failed := false
		for i, raw := range body.Records {
			fields := decodeFields(raw)
			rec, created, aerr := e.writeOne(kind, r.PathValue("field"), fields)
			if aerr != nil {
				failed = true
				results[i] = saveResult{Errors: []wireError{toWire(aerr, true)}}
				if id := fields["Id"] + fields["id"]; kind == "update" && id != "" {
					results[i].ID = &id
				}
				continue
			}
			results[i] = saveResult{ID: &rec.id, Success: true, Errors: []wireError{}}
			if kind == "upsert" {
				results[i].Created = &created
			}
		}
		if failed && body.AllOrNone {
			e.store.restore(snapshot)
			for i := range results {
				if results[i].Success {
					results[i] = saveResult{Errors: []wireError{{StatusCode: "ALL_OR_NONE_OPERATION_ROLLED_BACK",
						Message: "Record rolled back because not all records were valid and the request was using AllOrNone header", Fields: []string{}}}}
				}
			}
		}
		writeJSON(w, 200, results)
	}
}

// writeOne applies one record of a collection; e.mu is held.
func (e *Emulator) writeOne(kind, extField string, fields map[string]string) (*rec, bool, *apiError) {
	if aerr := e.lockFailure(); aerr != nil {
		return nil, false, aerr
	}
	id := fields["Id"] + fields["id"]
	delete(fields, "Id")
	delete(fields, "id")
	switch kind {
	case "update":
		r, aerr := e.store.update(id, fields)
		return r, false, aerr
	case "upsert":
		f, _ := canon(extField)
		key := fields[f]
		if key == "" {
			return nil, false, errorf(400, "MISSING_ARGUMENT", "%s not specified", extField)
		}
		return e.store.upsert(extField, key, fields)
	}
	r, aerr := e.store.create(fields)
	return r, aerr == nil, aerr
}

// snapshot and restore roll a collection back (allOrNone). Records are
// replaced, never changed in place, except their version lists and
// deletion marks, which are copied.
type storeSnapshot struct {
	next int
	ids  []string
	recs map[string]rec
}

func (s *store) snapshot() storeSnapshot {
	snap := storeSnapshot{next: s.next, ids: slices.Clone(s.ids), recs: make(map[string]rec, len(s.recs))}
	for id, r := range s.recs {
		c := *r
		c.versions = slices.Clone(r.versions)
		snap.recs[id] = c
	}
	return snap
}

func (s *store) restore(snap storeSnapshot) {
	s.next, s.ids = snap.next, snap.ids
	s.recs = make(map[string]*rec, len(snap.recs))
	for id, r := range snap.recs {
		c := r
		s.recs[id] = &c
	}
}
