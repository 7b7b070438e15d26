package precedence

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/contactgate/contactgate/schemas"
)

// Reasons without variable parts, as they appear in FieldDecision.Reason.
// Rank reasons name the sources with their ranks, e.g.
// "rank billing(2) >= webinar(4)" or "rank webinar(4) < billing(2)".
const (
	ReasonNewValue       = "new value"                   // the field was empty
	ReasonLatest         = "latest"                      // newer than the current value
	ReasonNeverOverwrite = "never_overwrite"             // the field already has a value
	ReasonOlder          = "older than current (latest)" // an older event under latest
)

// Result is what an event may change on a record.
type Result struct {
	// Properties is the record's new state: the current properties plus the
	// accepted changes, with the event's source and time as their provenance.
	// Never nil; never the caller's map.
	Properties map[string]schemas.PropertyValue
	// Changed lists the fields whose value changes, sorted by field name;
	// Value is the new value.
	Changed []schemas.FieldDecision
	// Refused lists the fields the event tried to change and may not, sorted
	// by field name; Value is the refused value.
	Refused []schemas.FieldDecision
}

// Updates returns the property values to write to the CRM: the changed
// fields only. It is empty (nil) when there is nothing to write, and the CRM
// call should then be skipped.
func (r Result) Updates() map[string]string {
	if len(r.Changed) == 0 {
		return nil
	}
	m := make(map[string]string, len(r.Changed))
	for _, d := range r.Changed {
		m[d.Field] = d.Value
	}
	return m
}

// Merge decides, field by field, what an event from source, which occurred
// at at, may change on a record whose properties are current. Field names
// are CRM property names, compared as given; identifiers (email, phone,
// firstname, lastname, company) merge like any other property.
//
// For each incoming field, in this order:
//   - a blank value (empty or only white space) is skipped silently: it never
//     erases a known value and is not a refusal;
//   - a value equal to the current one (byte for byte) is not a change, and
//     the current provenance is kept, so that a confirmation neither costs a
//     CRM write nor re-attributes a value to a weaker source;
//   - a source outside the rule's only_from is refused, even on an empty field;
//   - an empty field is set ("new value");
//   - otherwise the rule's policy decides (see Policy).
//
// A current value with an empty or unranked Source ranks lowest: callers that
// read values from the CRM without provenance should attribute them to the
// source they trust them as (e.g. "crm"). Merge does not modify current or
// incoming and is deterministic.
func (p *Precedence) Merge(current map[string]schemas.PropertyValue, incoming map[string]string, source string, at time.Time) Result {
	props := make(map[string]schemas.PropertyValue, len(current)+len(incoming))
	maps.Copy(props, current)
	res := Result{Properties: props}
	for field, value := range incoming {
		if isBlank(value) {
			continue
		}
		cur := current[field]
		if cur.Value == value {
			continue
		}
		ok, reason := p.decide(p.rule(field), cur, source, at)
		d := schemas.FieldDecision{Field: field, Value: value, Reason: reason}
		if !ok {
			res.Refused = append(res.Refused, d)
			continue
		}
		props[field] = schemas.PropertyValue{Value: value, Source: source, UpdatedAt: at}
		res.Changed = append(res.Changed, d)
	}
	slices.SortFunc(res.Changed, byField)
	slices.SortFunc(res.Refused, byField)
	return res
}

// decide reports whether source may replace cur under r, and why.
func (p *Precedence) decide(r *rule, cur schemas.PropertyValue, source string, at time.Time) (bool, string) {
	if !r.allows(source) {
		return false, r.onlyFromReason
	}
	if isBlank(cur.Value) {
		return true, ReasonNewValue
	}
	switch r.Policy {
	case PolicyNeverOverwrite:
		return false, ReasonNeverOverwrite
	case PolicyLatest:
		return p.latest(cur, source, at)
	default:
		return p.ranked(cur, source, at)
	}
}

// RefusedByRank reports whether a Refused decision's reason is the rank
// policy's (a stronger source holds the field), not a rule's only_from,
// never_overwrite or latest: the one refusal a caller may weigh against
// what the value says (an initial's full name completes it).
func RefusedByRank(reason string) bool { return strings.HasPrefix(reason, "rank ") }

// ranked: a stronger source wins, a weaker one is refused; at equal rank the
// newer value wins (a tie in time too), so that a late or replayed event never
// puts an older value back (DESIGN.md section 2).
func (p *Precedence) ranked(cur schemas.PropertyValue, source string, at time.Time) (bool, string) {
	in, was := p.Rank(source), p.Rank(cur.Source)
	switch {
	case in > was:
		return false, "rank " + p.label(source) + " < " + p.label(cur.Source)
	case in == was && at.Before(cur.UpdatedAt):
		return false, "rank " + p.label(source) + " = " + p.label(cur.Source) + ", older than current"
	default:
		return true, "rank " + p.label(source) + " >= " + p.label(cur.Source)
	}
}

// latest: the newer value wins; at the same instant the stronger source, and
// on a full tie the current value stays.
func (p *Precedence) latest(cur schemas.PropertyValue, source string, at time.Time) (bool, string) {
	switch c := at.Compare(cur.UpdatedAt); {
	case c > 0:
		return true, ReasonLatest
	case c < 0:
		return false, ReasonOlder
	}
	if p.Rank(source) < p.Rank(cur.Source) {
		return true, "latest, same time, rank " + p.label(source) + " > " + p.label(cur.Source)
	}
	return false, "same time as current (latest), rank " + p.label(source) + " <= " + p.label(cur.Source)
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func byField(a, b schemas.FieldDecision) int { return strings.Compare(a.Field, b.Field) }
