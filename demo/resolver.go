package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/contactgate/contactgate/dataset"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
)

// EvaluationSource is the source of the events a Resolver makes of
// dataset records.
const EvaluationSource = "evaluate"

// evaluationEpoch is the occurred_at of a Resolver's first event; each
// next one is a second later, so that precedence sees the file's order.
var evaluationEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Resolver measures the product itself with `contactgate evaluate
// --resolver gatekeeper`: it turns each dataset record into a ContactEvent
// (EventOf) and, once it has them all, runs them through the whole
// pipeline (Run: the embedded broker, the real stages, a temporary index
// and the CRM emulator), one partition and one lane, so that the events
// are resolved one after another in the order added, as `evaluate`'s
// other resolvers resolve rows. A record's cluster is the CRM record its
// event ended on, followed through stream merges (LineResult.MergedIDs)
// to the record that absorbed it; a dead-lettered event is a cluster of
// its own. Not safe for concurrent use.
type Resolver struct {
	opts    Options
	ids     []string
	events  []schemas.ContactEvent
	cluster map[string]string
}

var _ dataset.BatchResolver = (*Resolver)(nil)

// NewResolver returns a Resolver that runs the pipeline with o. o.Input,
// o.Events and o.Strategy are ignored (the gatekeeper runs the records
// added); o.Partitions and o.Lanes default to 1.
func NewResolver(o Options) *Resolver {
	o.Input, o.Events, o.Strategy = "", 0, StrategyGatekeeper
	if o.Partitions <= 0 {
		o.Partitions = 1
	}
	if o.Lanes <= 0 {
		o.Lanes = 1
	}
	return &Resolver{opts: o}
}

// Add queues the record's event. Its cluster is known only after Resolve:
// Add returns the record's own id.
func (r *Resolver) Add(id string, fields map[match.Kind]string) (string, error) {
	r.ids = append(r.ids, id)
	r.events = append(r.events, EventOf(id, fields, evaluationEpoch.Add(time.Duration(len(r.events))*time.Second)))
	return id, nil
}

// Resolve runs the pipeline over the events added and returns how many
// were dead-lettered.
func (r *Resolver) Resolve(ctx context.Context) (unplaced int64, err error) {
	f, err := os.CreateTemp("", "contactgate-evaluate-*.jsonl")
	if err != nil {
		return 0, fmt.Errorf("gatekeeper resolver: %w", err)
	}
	defer os.Remove(f.Name())
	enc := json.NewEncoder(f)
	for i := range r.events {
		if err := enc.Encode(&r.events[i]); err != nil {
			_ = f.Close()
			return 0, fmt.Errorf("gatekeeper resolver: %w", err)
		}
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("gatekeeper resolver: %w", err)
	}
	o := r.opts
	o.Input = f.Name()
	_, results, err := Run(ctx, o)
	if err != nil {
		return 0, fmt.Errorf("gatekeeper resolver: %w", err)
	}
	if len(results) != len(r.ids) {
		return 0, fmt.Errorf("gatekeeper resolver: %d results for %d events", len(results), len(r.ids))
	}
	final := FinalRecords(results)
	r.cluster = make(map[string]string, len(r.ids))
	for i, id := range r.ids {
		if final[i] == "" {
			unplaced++
			final[i] = "unplaced:" + id
		}
		r.cluster[id] = final[i]
	}
	return unplaced, nil
}

// ClusterOf returns the record the event of id ended on, after Resolve.
func (r *Resolver) ClusterOf(id string) (string, bool) {
	c, ok := r.cluster[id]
	return c, ok
}

// FinalRecords returns, for each result, the record its event is on once
// every stream merge of the run is done: its RecordID, or the record that
// absorbed that one (LineResult.MergedIDs), transitively. A dead-lettered
// line's is "".
func FinalRecords(results []LineResult) []string {
	survivor := map[string]string{}
	var find func(string) string
	find = func(id string) string {
		s, ok := survivor[id]
		if !ok || s == id {
			return id
		}
		root := find(s)
		survivor[id] = root
		return root
	}
	for _, res := range results {
		for _, m := range res.MergedIDs {
			if res.RecordID == "" || m == "" {
				continue
			}
			// The absorbing record stays the root, unless it was itself
			// absorbed since: then the merged-away id joins its survivor.
			if a, b := find(m), find(res.RecordID); a != b {
				survivor[a] = b
			}
		}
	}
	out := make([]string, len(results))
	for i, res := range results {
		if res.RecordID != "" {
			out[i] = find(res.RecordID)
		}
	}
	return out
}

// EventOf is the ContactEvent of a dataset record: its id is the event id,
// the source is EvaluationSource, the e-mail, phone, names and company are
// the event's own fields (a full name without first and last names is
// split at its last space), and the address, city, postcode, state,
// country, date of birth and national id are the properties the gatekeeper
// reads by those names (HubSpot's address, city, zip, state, country,
// date_of_birth, national_id).
func EventOf(id string, fields map[match.Kind]string, at time.Time) schemas.ContactEvent {
	e := schemas.ContactEvent{EventID: id, Source: EvaluationSource, OccurredAt: at,
		Email: fields[match.KindEmail], Phone: fields[match.KindPhone], Company: fields[match.KindCompany],
		FirstName: fields[match.KindFirstName], LastName: fields[match.KindLastName]}
	if full := strings.TrimSpace(fields[match.KindFullName]); full != "" && e.FirstName == "" && e.LastName == "" {
		if i := strings.LastIndexByte(full, ' '); i > 0 {
			e.FirstName, e.LastName = strings.TrimSpace(full[:i]), full[i+1:]
		} else {
			e.LastName = full
		}
	}
	for _, p := range eventProperties {
		if v := fields[p.kind]; v != "" {
			if e.Properties == nil {
				e.Properties = map[string]string{}
			}
			e.Properties[p.name] = v
		}
	}
	return e
}

// eventProperties are the properties EventOf fills, by the kind they hold.
var eventProperties = []struct {
	kind match.Kind
	name string
}{
	{match.KindAddress, "address"}, {match.KindCity, "city"}, {match.KindPostcode, "zip"},
	{match.KindState, "state"}, {match.KindCountry, "country"}, {match.KindDOB, "date_of_birth"},
	{match.KindNationalID, "national_id"}, {match.KindJobTitle, "jobtitle"},
}
