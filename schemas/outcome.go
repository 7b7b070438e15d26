package schemas

import (
	"time"

	"github.com/linkedin/goavro/v2"
)

// ns prefixes the full names of the schemas' record types, which name union
// branches in goavro's native form.
const ns = "contactgate.v1."

// Action is what contactgate did to the CRM record.
type Action string

// Actions of an Outcome.
const (
	ActionCreated   Action = "created"
	ActionUpdated   Action = "updated"
	ActionUnchanged Action = "unchanged"
	ActionMerged    Action = "merged"
	// ActionIgnored: the event asked for something contactgate does not do
	// (a Debezium delete of the record's row); the record is left as it is,
	// the outcome carries its state and, in Refused, the reason.
	ActionIgnored Action = "ignored"
)

// MatchedBy names the identifier that resolved the event to its record.
type MatchedBy string

// Identifiers in the resolution hierarchy, strongest first.
const (
	MatchedByExternalID  MatchedBy = "external_id"
	MatchedByEmail       MatchedBy = "email"
	MatchedByPhone       MatchedBy = "phone"
	MatchedByNameCompany MatchedBy = "name_company"
	MatchedByNone        MatchedBy = "none"
)

// Outcome is what contactgate did with one event and the resulting state of
// the record (schemas/outcome.avsc). The latest Outcome per RecordID, on the
// compacted outcome topic, is enough to rebuild the identity index.
type Outcome struct {
	RecordID    string                   `json:"record_id"`
	EventID     string                   `json:"event_id"`
	Source      string                   `json:"source"`
	Action      Action                   `json:"action"`
	MatchedBy   MatchedBy                `json:"matched_by"`
	Score       float64                  `json:"score"`
	Identifiers Identifiers              `json:"identifiers"`
	Properties  map[string]PropertyValue `json:"properties,omitempty"`
	Changed     []FieldDecision          `json:"changed,omitempty"`
	Refused     []FieldDecision          `json:"refused,omitempty"`
	Input       InputPosition            `json:"input"`
	ProcessedAt time.Time                `json:"processed_at"`
	// Evidence is why the event was applied to RecordID, field by field;
	// empty when nothing matched.
	Evidence []Evidence `json:"evidence,omitempty"`
	// PossibleDuplicateOf names another record the event may belong to,
	// for review; nil when there is none.
	PossibleDuplicateOf *PossibleDuplicate `json:"possible_duplicate_of,omitempty"`
	// MergedIDs are the records this event merged into RecordID (Action
	// is ActionMerged): it linked them as one person. Identifiers.MergedIDs
	// holds every record ever merged into RecordID.
	MergedIDs []string `json:"merged_ids,omitempty"`
}

// Evidence is what one field contributed to a match weight: the field kind
// (match.Kind: "email", "first_name", ...), the level it agreed at
// ("exact", "nickname", ..., "different") and the level's weight, log2(m/u).
type Evidence struct {
	Field  string  `json:"field"`
	Level  string  `json:"level"`
	Weight float64 `json:"weight"`
}

// PossibleDuplicate is a record that the scorer puts in the possible (or
// match) band for an event that the rules applied elsewhere: the match
// weight of the pair and its evidence.
type PossibleDuplicate struct {
	RecordID string     `json:"record_id"`
	Weight   float64    `json:"weight"`
	Evidence []Evidence `json:"evidence,omitempty"`
}

// Identifiers are the normalized match keys known for a record.
type Identifiers struct {
	ExternalIDs []string `json:"external_ids,omitempty"`
	Emails      []string `json:"emails,omitempty"`
	Phones      []string `json:"phones,omitempty"` // E.164, or "~" and digits for a number not understood (match.PhoneDigitsKey)
	NameKey     string   `json:"name_key,omitempty"`
	// NameKeys are every name-and-company key the record was seen with,
	// most recent first, at most MaxNameKeys: the record is found by any
	// of them, so an event written like an earlier one finds it whatever
	// the current name (an initial, a typo a higher-ranked source wrote).
	NameKeys []string `json:"name_keys,omitempty"`
	// MergedIDs are the records merged into this one, sorted.
	MergedIDs []string `json:"merged_ids,omitempty"`
	// DetailKeys are blocking keys of the record's details, most recent
	// first, at most MaxNameKeys: its date of birth ("dob:19850312"), its
	// postcode with its initials ("pc:2615:jd"). A record without e-mail,
	// phone or company is found by them, and the scorer decides.
	DetailKeys []string `json:"detail_keys,omitempty"`
}

// MaxNameKeys bounds Identifiers.NameKeys.
const MaxNameKeys = 8

// PropertyValue is a property's current value with its provenance.
type PropertyValue struct {
	Value     string    `json:"value"`
	Source    string    `json:"source"`
	UpdatedAt time.Time `json:"updated_at"`
}

// FieldDecision is a field the merge stage wrote or refused to write, and why.
type FieldDecision struct {
	Field  string `json:"field"`
	Value  string `json:"value,omitempty"`
	Reason string `json:"reason"`
}

// InputPosition is where an event was read.
type InputPosition struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

func (o *Outcome) toNative() map[string]any {
	props := make(map[string]any, len(o.Properties))
	for k, p := range o.Properties {
		props[k] = map[string]any{"value": p.Value, "source": p.Source, "updated_at": p.UpdatedAt}
	}
	return map[string]any{
		"record_id":  o.RecordID,
		"event_id":   o.EventID,
		"source":     o.Source,
		"action":     string(o.Action),
		"matched_by": string(o.MatchedBy),
		"score":      o.Score,
		"identifiers": map[string]any{
			"external_ids": stringsToNative(o.Identifiers.ExternalIDs),
			"emails":       stringsToNative(o.Identifiers.Emails),
			"phones":       stringsToNative(o.Identifiers.Phones),
			"name_key":     optionalString(o.Identifiers.NameKey),
			"name_keys":    stringsToNative(o.Identifiers.NameKeys),
			"merged_ids":   stringsToNative(o.Identifiers.MergedIDs),
			"detail_keys":  stringsToNative(o.Identifiers.DetailKeys),
		},
		"properties":            props,
		"changed":               decisionsToNative(o.Changed),
		"refused":               decisionsToNative(o.Refused),
		"input":                 map[string]any{"topic": o.Input.Topic, "partition": o.Input.Partition, "offset": o.Input.Offset},
		"processed_at":          o.ProcessedAt,
		"evidence":              evidenceToNative(o.Evidence),
		"possible_duplicate_of": possibleDuplicateToNative(o.PossibleDuplicateOf),
		"merged_ids":            stringsToNative(o.MergedIDs),
	}
}

func evidenceToNative(es []Evidence) []any {
	out := make([]any, len(es))
	for i, e := range es {
		out[i] = map[string]any{"field": e.Field, "level": e.Level, "weight": e.Weight}
	}
	return out
}

func possibleDuplicateToNative(p *PossibleDuplicate) any {
	if p == nil {
		return nil
	}
	return goavro.Union(ns+"PossibleDuplicate", map[string]any{
		"record_id": p.RecordID, "weight": p.Weight, "evidence": evidenceToNative(p.Evidence)})
}

func decisionsToNative(ds []FieldDecision) []any {
	out := make([]any, len(ds))
	for i, d := range ds {
		out[i] = map[string]any{"field": d.Field, "value": optionalString(d.Value), "reason": d.Reason}
	}
	return out
}

// outcomeFromNative maps a decoded Avro record onto an Outcome by field name.
func outcomeFromNative(native any) (Outcome, error) {
	m, ok := native.(map[string]any)
	if !ok {
		return Outcome{}, errField("", ErrMalformed, "record is %T, not an Avro record", native)
	}
	var (
		o   Outcome
		err error
		s   string
	)
	for _, f := range []struct {
		name string
		dst  *string
	}{{"record_id", &o.RecordID}, {"event_id", &o.EventID}, {"source", &o.Source}} {
		if *f.dst, err = stringField(m, f.name); err != nil {
			return Outcome{}, err
		}
	}
	if s, err = stringField(m, "action"); err != nil {
		return Outcome{}, err
	}
	o.Action = Action(s)
	if s, err = stringField(m, "matched_by"); err != nil {
		return Outcome{}, err
	}
	o.MatchedBy = MatchedBy(s)
	if o.Score, err = float64Field(m, "score"); err != nil {
		return Outcome{}, err
	}
	if o.Identifiers, err = identifiersFromNative(m); err != nil {
		return Outcome{}, err
	}
	if o.Properties, err = propertiesFromNative(m); err != nil {
		return Outcome{}, err
	}
	if o.Changed, err = decisionsFromNative(m, "changed"); err != nil {
		return Outcome{}, err
	}
	if o.Refused, err = decisionsFromNative(m, "refused"); err != nil {
		return Outcome{}, err
	}
	if o.Input, err = inputFromNative(m); err != nil {
		return Outcome{}, err
	}
	if o.ProcessedAt, err = timeField(m, "processed_at"); err != nil {
		return Outcome{}, err
	}
	// Absent in outcomes written before the fields existed: their defaults.
	if o.Evidence, err = evidenceFromNative(m, "evidence"); err != nil {
		return Outcome{}, err
	}
	if o.PossibleDuplicateOf, err = possibleDuplicateFromNative(m); err != nil {
		return Outcome{}, err
	}
	if o.MergedIDs, err = stringSliceField(m, "merged_ids"); err != nil {
		return Outcome{}, err
	}
	return o, nil
}

func evidenceFromNative(m map[string]any, name string) ([]Evidence, error) {
	items, ok := unwrapUnion(m[name]).([]any)
	if !ok || len(items) == 0 {
		if m[name] != nil && !ok {
			return nil, errField(name, ErrMalformed, "expected an array, got %T", m[name])
		}
		return nil, nil
	}
	out := make([]Evidence, len(items))
	for i, item := range items {
		r, ok := unwrapBranch(item, ns+"Evidence").(map[string]any)
		if !ok {
			return nil, errField(name, ErrMalformed, "item %d: expected a record, got %T", i, item)
		}
		var err error
		if out[i].Field, err = stringField(r, "field"); err != nil {
			return nil, prefixField(name, err)
		}
		if out[i].Level, err = stringField(r, "level"); err != nil {
			return nil, prefixField(name, err)
		}
		if out[i].Weight, err = float64Field(r, "weight"); err != nil {
			return nil, prefixField(name, err)
		}
	}
	return out, nil
}

func possibleDuplicateFromNative(m map[string]any) (*PossibleDuplicate, error) {
	const name = "possible_duplicate_of"
	switch v := unwrapBranch(m[name], ns+"PossibleDuplicate").(type) {
	case nil:
		return nil, nil
	case map[string]any:
		var (
			p   PossibleDuplicate
			err error
		)
		if p.RecordID, err = stringField(v, "record_id"); err != nil {
			return nil, prefixField(name, err)
		}
		if p.Weight, err = float64Field(v, "weight"); err != nil {
			return nil, prefixField(name, err)
		}
		if p.Evidence, err = evidenceFromNative(v, "evidence"); err != nil {
			return nil, prefixField(name, err)
		}
		return &p, nil
	default:
		return nil, errField(name, ErrMalformed, "expected a record, got %T", v)
	}
}

func identifiersFromNative(m map[string]any) (Identifiers, error) {
	r, err := recordField(m, "identifiers", ns+"Identifiers")
	if err != nil {
		return Identifiers{}, err
	}
	var ids Identifiers
	if ids.ExternalIDs, err = stringSliceField(r, "external_ids"); err != nil {
		return Identifiers{}, prefixField("identifiers", err)
	}
	if ids.Emails, err = stringSliceField(r, "emails"); err != nil {
		return Identifiers{}, prefixField("identifiers", err)
	}
	if ids.Phones, err = stringSliceField(r, "phones"); err != nil {
		return Identifiers{}, prefixField("identifiers", err)
	}
	if ids.NameKey, err = stringField(r, "name_key"); err != nil {
		return Identifiers{}, prefixField("identifiers", err)
	}
	if ids.NameKeys, err = stringSliceField(r, "name_keys"); err != nil {
		return Identifiers{}, prefixField("identifiers", err)
	}
	if ids.MergedIDs, err = stringSliceField(r, "merged_ids"); err != nil {
		return Identifiers{}, prefixField("identifiers", err)
	}
	if ids.DetailKeys, err = stringSliceField(r, "detail_keys"); err != nil {
		return Identifiers{}, prefixField("identifiers", err)
	}
	return ids, nil
}

func propertiesFromNative(m map[string]any) (map[string]PropertyValue, error) {
	raw, err := recordField(m, "properties", "map")
	if err != nil || len(raw) == 0 {
		return nil, err
	}
	out := make(map[string]PropertyValue, len(raw))
	for k := range raw {
		r, err := recordField(raw, k, ns+"PropertyValue")
		if err != nil {
			return nil, prefixField("properties", err)
		}
		var p PropertyValue
		if p.Value, err = stringField(r, "value"); err != nil {
			return nil, prefixField("properties."+k, err)
		}
		if p.Source, err = stringField(r, "source"); err != nil {
			return nil, prefixField("properties."+k, err)
		}
		if p.UpdatedAt, err = timeField(r, "updated_at"); err != nil {
			return nil, prefixField("properties."+k, err)
		}
		out[k] = p
	}
	return out, nil
}

func decisionsFromNative(m map[string]any, name string) ([]FieldDecision, error) {
	items, ok := unwrapUnion(m[name]).([]any)
	if !ok || len(items) == 0 {
		if m[name] != nil && !ok {
			return nil, errField(name, ErrMalformed, "expected an array, got %T", m[name])
		}
		return nil, nil
	}
	out := make([]FieldDecision, len(items))
	for i, item := range items {
		r, ok := unwrapBranch(item, ns+"FieldDecision").(map[string]any)
		if !ok {
			return nil, errField(name, ErrMalformed, "item %d: expected a record, got %T", i, item)
		}
		var err error
		if out[i].Field, err = stringField(r, "field"); err != nil {
			return nil, prefixField(name, err)
		}
		if out[i].Value, err = stringField(r, "value"); err != nil {
			return nil, prefixField(name, err)
		}
		if out[i].Reason, err = stringField(r, "reason"); err != nil {
			return nil, prefixField(name, err)
		}
	}
	return out, nil
}

func inputFromNative(m map[string]any) (InputPosition, error) {
	r, err := recordField(m, "input", ns+"InputPosition")
	if err != nil {
		return InputPosition{}, err
	}
	var in InputPosition
	if in.Topic, err = stringField(r, "topic"); err != nil {
		return InputPosition{}, prefixField("input", err)
	}
	p, err := int64Field(r, "partition")
	if err != nil {
		return InputPosition{}, prefixField("input", err)
	}
	in.Partition = int32(p)
	if in.Offset, err = int64Field(r, "offset"); err != nil {
		return InputPosition{}, prefixField("input", err)
	}
	return in, nil
}

// prefixField qualifies a nested field error with its parent's name.
func prefixField(parent string, err error) error {
	if fe, ok := err.(*fieldError); ok {
		return &fieldError{field: parent + "." + fe.field, kind: fe.kind, err: fe.err}
	}
	return err
}
