package stages

import (
	"fmt"
	"strings"

	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// ignoredDeleteReason is why a Debezium delete leaves the CRM alone: the
// refused decision of its outcome.
const ignoredDeleteReason = "a Debezium delete: contactgate never deletes a CRM contact, " +
	"because a row deleted from one source system is not a person gone from the company"

// ignored answers a change the gatekeeper does not carry out (ev.ignore: a
// Debezium delete whose deleted row is ev.ce). The record the row names,
// found in the identity index by its external id or e-mail, is left as it
// is, and the outcome says so: action ignored, the operation refused with
// its reason, and the record's identifiers and properties as the index
// holds them, so that the compacted outcome topic, whose latest outcome of
// a record must rebuild the index, loses nothing. Neither the CRM nor the
// index is written. A row that names no record the index knows, or names
// two, is skipped and counted (ev.ignore) instead: an outcome needs a
// record id for its key.
//
// The lane is the row's strongest key, so a delete follows the events of
// its person that came before it.
func (g *Gatekeeper) ignored(ev *event) (*schemas.Outcome, error) {
	rec, by, err := g.recordOfRow(ev)
	if err != nil {
		return nil, redact(ev, fmt.Errorf("%s: %w", stageResolve, err))
	}
	if rec == nil {
		return nil, ev.ignore
	}
	g.cfg.Logger.Debug("stages: ignored", "event_id", ev.ce.EventID, "record_id", rec.ID, "reason", ev.ignore.Reason)
	return &schemas.Outcome{
		RecordID:    rec.ID,
		EventID:     ev.ce.EventID,
		Source:      strings.TrimSpace(ev.ce.Source),
		Action:      schemas.ActionIgnored,
		MatchedBy:   by,
		Score:       1,
		Identifiers: rec.Identifiers,
		Properties:  rec.Properties,
		Refused:     []schemas.FieldDecision{{Field: "op", Value: "d", Reason: ignoredDeleteReason}},
	}, nil
}

// recordOfRow finds the one live record that the row's external id, else
// its e-mail, names in the identity index, following merges to their
// survivor. It returns nil when no key names exactly one record. Weaker
// keys (a phone, a name) are not enough to say which record a delete meant.
func (g *Gatekeeper) recordOfRow(ev *event) (*state.Record, schemas.MatchedBy, error) {
	k := &ev.keys
	tries := []struct {
		key state.Key
		by  schemas.MatchedBy
	}{
		{state.Key{Kind: state.KeyExternalID, Value: k.external}, schemas.MatchedByExternalID},
		{state.Key{Kind: state.KeyEmail, Value: string(k.email)}, schemas.MatchedByEmail},
		{state.Key{Kind: state.KeyEmail, Value: k.emailAddress}, schemas.MatchedByEmail},
	}
	for _, t := range tries {
		if t.key.Value == "" {
			continue
		}
		ids, err := g.ix.Lookup(t.key)
		if err != nil {
			return nil, "", indexError("lookup "+string(t.key.Kind), err)
		}
		found := map[string]state.Record{}
		for _, id := range ids {
			rec, ok, err := g.liveRecord(id)
			if err != nil {
				return nil, "", err
			}
			if ok {
				found[rec.ID] = rec
			}
		}
		if len(found) == 1 {
			for _, rec := range found {
				return &rec, t.by, nil
			}
		}
		if len(found) > 1 {
			return nil, "", nil
		}
	}
	return nil, "", nil
}

// liveRecord reads record id from the index, or the record it was merged
// into (following a chain of merges, at most a few links long).
func (g *Gatekeeper) liveRecord(id string) (state.Record, bool, error) {
	for range 8 {
		rec, ok, err := g.ix.Get(id)
		if err != nil {
			return state.Record{}, false, indexError("get record "+id, err)
		}
		if ok {
			rec.ID = id
			return rec, true, nil
		}
		survivor, merged, err := g.ix.MergedInto(id)
		if err != nil {
			return state.Record{}, false, indexError("redirect of record "+id, err)
		}
		if !merged {
			return state.Record{}, false, nil
		}
		id = survivor
	}
	return state.Record{}, false, nil
}
