package stages

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// reconcileSource is the Outcome.Source of a merge Reconcile made.
const reconcileSource = "reconcile"

// maxReconcileCandidates bounds the records Reconcile weighs: more sharing
// an exact key is a switchboard or a shared mailbox, not one person.
const maxReconcileCandidates = 8

// Reconcile joins record id, just read from the outcome topic, to a record
// of the same person that this index holds under one of its exact keys
// (external id, e-mail, phone, name and company). Claims keep two events
// of one new person from creating twice only inside one instance: in a
// backlog, a person's events keyed apart (an e-mail, a phone) are resolved
// in the same second on two instances, and each creates. Each instance
// then reads the other's create from the outcome topic; the first to see
// the pair merges it (MergeAccepted: the newer into the older, journalled,
// the index redirected), and the other finds it merged already.
//
// Only a pair the scorer puts in the match band with no guard is merged,
// never one a person marked distinct, and no identifier may say two people
// (recordsDisagree): unlike a bridge, no event vouches for the pair. It
// returns the merge's outcome, or nil when nothing was merged.
func (g *Gatekeeper) Reconcile(ctx context.Context, id string) (*schemas.Outcome, error) {
	if g.cfg.NoAutoMerge || g.cfg.RulesOnly {
		return nil, nil // merges are a person's call (review), or the rules' alone
	}
	rec, ok, err := g.ix.Get(id)
	if err != nil {
		return nil, indexError("get record "+id, err)
	}
	if !ok {
		return nil, nil // merged away or deleted since
	}
	var keys []state.Key
	for _, k := range rec.Keys() {
		switch k.Kind {
		case state.KeyExternalID, state.KeyEmail, state.KeyPhone, state.KeyNameCompany:
			keys = append(keys, k)
		}
	}
	ids, err := g.ix.LookupAny(keys)
	if err != nil {
		return nil, indexError("lookup", err)
	}
	ids = slices.DeleteFunc(ids, func(other string) bool { return other == id })
	if len(ids) == 0 || len(ids) > maxReconcileCandidates {
		return nil, nil
	}
	slices.SortFunc(ids, byAge)
	for _, other := range ids {
		o, ok, err := g.ix.Get(other)
		if err != nil {
			return nil, indexError("get record "+other, err)
		}
		if !ok || !g.onePerson(rec, o) {
			continue
		}
		// Weighed again under the pair's locks: a lane may have changed
		// either, or merged one away, in the meantime.
		return g.mergePair(ctx, [2]string{id, other}, reconcileSource, g.onePerson)
	}
	return nil, nil
}

// onePerson: records a and b, weighed record against record, are in the
// match band with no guard, no identifier says two people, and no person
// marked them distinct.
func (g *Gatekeeper) onePerson(a, b state.Record) bool {
	if recordsDisagree(&a.Identifiers, &b.Identifiers) || g.distinct(a.ID, b.ID) {
		return false
	}
	none := &event{}
	pa, pb := g.entityProfile(none, candidateOfRecord(a)), g.entityProfile(none, candidateOfRecord(b))
	return strongMatch(g.scorer.Score(&pa, &pb))
}

// madeHere remembers the records this gatekeeper created lately: Reconcile
// is for the records of other instances, and a create of this one was
// decided against this index already.
type madeHere struct {
	mu     sync.Mutex
	ids    map[string]time.Time
	pruned time.Time // when entries older than madeHereFor were last dropped
}

// madeHereFor is how long a create is remembered.
const madeHereFor = 10 * time.Minute

func (m *madeHere) add(id string, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ids == nil {
		m.ids = make(map[string]time.Time)
	}
	m.ids[id] = at
	if at.Sub(m.pruned) > madeHereFor {
		m.pruned = at
		for k, t := range m.ids {
			if at.Sub(t) > madeHereFor {
				delete(m.ids, k)
			}
		}
	}
}

func (m *madeHere) has(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.ids[id]
	return ok
}

// MadeHere reports whether this gatekeeper created record id in the last
// minutes.
func (g *Gatekeeper) MadeHere(id string) bool { return g.made.has(id) }
