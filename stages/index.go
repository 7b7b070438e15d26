package stages

import (
	"time"

	"github.com/contactgate/contactgate/state"
)

// identityIndex is what the stages need of the identity index. Every call
// into package state goes through it, so that the index's API is met in this
// one place.
type identityIndex interface {
	// Lookup returns the ids of the records indexed under key.
	Lookup(key state.Key) ([]string, error)
	// LookupAny returns the ids indexed under any of keys, each once.
	LookupAny(keys []state.Key) ([]string, error)
	// LookupPrefix returns at most limit ids indexed under a key of kind
	// that starts with any of prefixes; truncated when there were more.
	LookupPrefix(kind state.KeyKind, prefixes []string, limit int) (ids []string, truncated bool, err error)
	// Get returns a record by id.
	Get(id string) (state.Record, bool, error)
	// EachRecord calls fn with every record held.
	EachRecord(fn func(state.Record) error) error
	// Apply writes a record, its keys, the processed event id and the
	// release of the event's claims in one transaction.
	Apply(w state.Write) error
	// Processed returns the record an event id was applied to.
	Processed(eventID string) (recordID string, ok bool, err error)
	// Claim takes every key for owner, or none: heldBy names the other
	// owner of a key that is taken.
	Claim(owner string, keys []state.Key, at time.Time) (heldBy string, err error)
	// ReleaseClaims drops owner's claims.
	ReleaseClaims(owner string) error
	// PendingClaims lists the claims not yet released.
	PendingClaims() ([]state.Claim, error)
	// MergedInto returns the record id was merged into, if it was.
	MergedInto(id string) (survivor string, ok bool, err error)
	// Distinct reports whether a person said a and b are two people.
	Distinct(a, b string) (bool, error)
}

var _ identityIndex = (*state.Index)(nil)

// all lists the event's keys, strongest first, as the index and the
// claims name them. The address as sent is claimed beside its key so that
// Recover can read the CRM by it (see recover.go).
func (k *eventKeys) all() []state.Key {
	keys := make([]state.Key, 0, 4+len(k.nameCompany))
	if k.external != "" {
		keys = append(keys, state.Key{Kind: state.KeyExternalID, Value: k.external})
	}
	if k.email != "" {
		keys = append(keys, state.Key{Kind: state.KeyEmail, Value: string(k.email)})
	}
	if k.emailAddress != "" {
		keys = append(keys, state.Key{Kind: state.KeyEmail, Value: k.emailAddress})
	}
	if k.phone != "" {
		keys = append(keys, state.Key{Kind: state.KeyPhone, Value: k.phone})
	}
	for _, nc := range k.nameCompany {
		keys = append(keys, state.Key{Kind: state.KeyNameCompany, Value: nc})
	}
	return keys
}
