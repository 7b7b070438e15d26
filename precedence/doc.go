// Package precedence decides, field by field, what an event may change on the
// CRM record it was resolved to: the merge stage of DESIGN.md section 1.
//
// A Precedence holds ranked sources (the first is the strongest), a rule per
// field and a default rule for every other field. A rule is a Policy — rank,
// latest or never_overwrite — optionally restricted by only_from, the list of
// the only sources that may set the field at all:
//
//   - rank: a source ranked at or above the field's current source may
//     overwrite it. At equal rank the incoming value must be at least as new
//     as the current one: a late or replayed event from the same source never
//     puts an older value back (DESIGN.md section 2). A stronger source wins
//     whatever the times, so the outcome does not depend on arrival order.
//   - latest: the newest occurred_at wins; at the same instant the stronger
//     source wins; on a full tie the current value stays.
//   - never_overwrite: set only while the field is empty.
//
// Sources not in the list, and values without a source, share the lowest
// rank. Everywhere, a blank incoming value never erases a known one (it is
// skipped, not refused), and a value equal to the current one is not a change
// and keeps the current provenance. Merge returns the record's new state and
// the changed and refused fields, each with its reason, sorted by field name;
// Result.Updates is what to write to the CRM, empty when nothing changes.
//
// The rules come from a YAML file: Default is the one shipped with
// contactgate (default.yaml in this package, embedded; DefaultFile returns its
// text), and `contactgate run --precedence FILE` replaces it through Load.
// Decoding is strict: unknown keys, unknown policies and duplicate sources are
// *ConfigError values that wrap ErrInvalidConfig and carry the line.
//
// A Precedence is immutable and safe for concurrent use; Merge does no I/O.
package precedence
