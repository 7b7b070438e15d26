package emulator

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// Property history, for HubSpot's GET /{id}?propertiesWithHistory=a,b: each
// record keeps, per property, the values it was given, newest last. The
// notes are silent; HubSpot's answer shape (propertiesWithHistory: name →
// [{value, timestamp, sourceType, sourceId, sourceLabel, updatedByUserId}],
// newest first) is its public object schema. Choices (inferred):
//   - every write through the API is sourceType "API", the values HubSpot
//     computes (hs_object_id, createdate, lastmodifieddate,
//     hs_merged_object_ids) "CALCULATED"; a cleared value is a version
//     with an empty value;
//   - a merge adds the values the survivor takes, as of the merge; the
//     merged-away record's history is not carried over;
//   - the latest maxHistory versions of each property are kept.

// maxHistory is how many versions of one property a record keeps.
const maxHistory = 20

// Source types of property versions.
const (
	sourceAPI        = "API"
	sourceCalculated = "CALCULATED"
)

// recordHistory appends to r's history the properties whose value differs
// between before and after (nil before: a new record), as of at.
func recordHistory(r *record, before, after map[string]string, at time.Time) {
	if r.history == nil {
		r.history = map[string][]connectors.PropertyVersion{}
	}
	names := slices.Sorted(maps.Keys(after))
	for k := range before {
		if _, ok := after[k]; !ok {
			names = append(names, k)
		}
	}
	for _, k := range names {
		v, was := after[k], before[k]
		if _, had := before[k]; had && v == was {
			continue
		}
		source := sourceAPI
		if readOnly[k] {
			source = sourceCalculated
		}
		h := append(r.history[k], connectors.PropertyVersion{Value: v, Timestamp: at, SourceType: source})
		if len(h) > maxHistory {
			h = slices.Delete(h, 0, len(h)-maxHistory)
		}
		r.history[k] = h
	}
}

// historyOf returns the versions of the properties named, newest first;
// a property never set has an empty list.
func historyOf(r *record, names []string) map[string][]connectors.PropertyVersion {
	out := make(map[string][]connectors.PropertyVersion, len(names))
	for _, k := range names {
		h := slices.Clone(r.history[k])
		slices.Reverse(h)
		if h == nil {
			h = []connectors.PropertyVersion{}
		}
		out[k] = h
	}
	return out
}

// GetWithHistory reads a contact by id with the history of the properties
// named (HubSpot's GET /{id}?propertiesWithHistory=...), newest first.
func (e *Emulator) GetWithHistory(ctx context.Context, id string, properties, withHistory []string) (connectors.Contact, error) {
	ep := endpointOf(OpGet, http.MethodGet, BasePath+"/"+id)
	c, _, err := serve(ctx, e, ep, withHistoryOp(getOp(id, "", properties), withHistory))
	return c, err
}

// withHistoryOp adds to what work reads the history of the properties
// named.
func withHistoryOp(work op[connectors.Contact], names []string) op[connectors.Contact] {
	return func(s *store) (connectors.Contact, int, error) {
		c, status, err := work(s)
		if err != nil {
			return c, status, err
		}
		r, ok := s.records[c.ID]
		if !ok {
			r = s.archived[c.ID].r
		}
		if r != nil {
			c.History = historyOf(r, names)
		}
		return c, status, nil
	}
}

// versionJSON is HubSpot's ValueWithTimestamp.
type versionJSON struct {
	Value           string  `json:"value"`
	Timestamp       string  `json:"timestamp"`
	SourceType      string  `json:"sourceType"`
	SourceID        *string `json:"sourceId"`
	SourceLabel     *string `json:"sourceLabel"`
	UpdatedByUserID *int64  `json:"updatedByUserId"`
}

func toVersionsJSON(h map[string][]connectors.PropertyVersion) map[string][]versionJSON {
	if h == nil {
		return nil
	}
	out := make(map[string][]versionJSON, len(h))
	for k, vs := range h {
		js := make([]versionJSON, len(vs))
		for i, v := range vs {
			js[i] = versionJSON{Value: v.Value, Timestamp: formatTime(v.Timestamp), SourceType: v.SourceType}
		}
		out[k] = js
	}
	return out
}
