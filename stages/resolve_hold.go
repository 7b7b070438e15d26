package stages

import (
	"errors"
	"fmt"
	"slices"

	"github.com/contactgate/contactgate/state"
)

// stillTheMatch resolves an event matched by a weak key (a phone, a name,
// the scorer) in the index once more, now that the record is locked: a
// concurrent attempt may have changed it between the lookup and the lock.
// Two people's events at one switchboard, on two lanes, each found its
// nameless record as "the number's only holder, no name to contradict"
// and both were written to it; the second, looked up again, finds the
// first's name there. Another record found now is retried (errChangedMeanwhile):
// the retry weighs the records as they are. An exact key (an external id,
// an e-mail) and a record found in the CRM are not looked up again.
func (g *Gatekeeper) stillTheMatch(a *attempt) error {
	if a.crm != nil || a.match.score >= ScoreExact || !a.inIndex {
		return nil
	}
	// The lookup weighs what its keys find and what the first one had
	// weighed besides (the CRM's search's hits the index holds): the same
	// records, as they are now.
	seen := new(weighed)
	for _, c := range a.weighed {
		rec, ok, err := g.ix.Get(c.id)
		if err != nil {
			return indexError("get record "+c.id, err)
		}
		if ok {
			seen.add([]candidate{candidateOfRecord(rec)})
		}
	}
	again, err := g.resolveIndex(a.ev, seen)
	if err != nil {
		return err
	}
	if again.recordID != a.match.recordID {
		now := "none"
		if again.recordID != "" {
			now = "record " + again.recordID
		}
		return indexError("hold record "+a.match.recordID, fmt.Errorf("%w: the event's match is now %s", errChangedMeanwhile, now))
	}
	return nil
}

// errChangedMeanwhile: the record resolve found by a weak key is no longer
// the event's match under its lock (stillTheMatch).
var errChangedMeanwhile = errors.New("changed meanwhile")

// claimNew claims the keys that the event brings to the record it matched
// in the index: until the index write adds them, a create of an event
// sharing one would miss the record, and make a second one. With the claim,
// that create waits and then finds it.
func (g *Gatekeeper) claimNew(a *attempt) error {
	ids := &a.base.Identifiers
	var fresh []state.Key
	for _, k := range a.ev.keys.all() {
		var known bool
		switch k.Kind {
		case state.KeyExternalID:
			known = slices.Contains(ids.ExternalIDs, k.Value)
		case state.KeyEmail:
			known = slices.Contains(ids.Emails, k.Value)
		case state.KeyPhone:
			known = slices.Contains(ids.Phones, k.Value)
		case state.KeyNameCompany:
			known = k.Value == ids.NameKey
		}
		if !known {
			fresh = append(fresh, k)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	return g.claimKeys(a, fresh)
}

// hold locks record id for the rest of the attempt and reads it from the
// index.
//
// A record merged away between the lookup and the lock (a bridge on another
// lane, a reconcile, a reviewer's accept) is not written again: the attempt
// is retried, and resolves to the survivor.
func (g *Gatekeeper) hold(a *attempt, id string) error {
	a.release()
	var w idler // nil outside Apply
	if a.caller != nil {
		w = a.caller
	}
	a.unlock = g.locks.lock(id, w)
	rec, ok, err := g.ix.Get(id)
	if err != nil {
		return indexError("get record "+id, err)
	}
	if !ok {
		survivor, merged, err := g.ix.MergedInto(id)
		if err != nil {
			return indexError("redirect of record "+id, err)
		}
		if merged {
			return indexError("hold record "+id, fmt.Errorf("%w into %s meanwhile", errMergedAway, survivor))
		}
	}
	a.base, a.inIndex = rec, ok
	return nil
}

// errMergedAway: the record resolve found was merged into another since.
var errMergedAway = errors.New("merged")
