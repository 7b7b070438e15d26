package stages

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// Scores of a match (Outcome.score), by the evidence.
const (
	// ScoreExact: the external id or the e-mail key.
	ScoreExact = 1.0
	// ScorePhoneName: the phone number, held by exactly one record whose
	// name agrees (first-name keys overlap, last names equal).
	ScorePhoneName = 0.9
	// ScorePhoneNearName: the phone number, held by exactly one record whose
	// name differs from the event's by a typing slip in one part, the other
	// part agreeing, and by none whose name agrees.
	ScorePhoneNearName = 0.85
	// ScoreNameCompany: the one person (one record, or records that
	// nothing tells apart) with a compatible first name, the same last name
	// and the same company, and no stronger identifier that disagrees.
	ScoreNameCompany = 0.8
	// ScoreNearNameCompany: as ScoreNameCompany, but the name differs from
	// the event's by a typing slip in one part, the other part agreeing.
	ScoreNearNameCompany = 0.75
	// ScorePhoneOnly: the phone number of an event that has nothing else
	// (no full name, e-mail or external id), held by exactly one record
	// whose name parts do not contradict the event's.
	ScorePhoneOnly = 0.7
)

// maxCandidates bounds how many records sharing a phone number or a
// name-and-company key resolve weighs. More than that is not one person's
// identifier (a company switchboard, a very common name): it matches
// nothing.
const maxCandidates = 25

// resolve finds the record the event belongs to, in the order of DESIGN.md
// section 1: a processed event id first (a replay changes nothing), then the
// identity index by external id, e-mail, phone and name-and-company, then the
// CRM (resolveCRM). A record found is locked until the attempt ends, and
// read again from the index under the lock.
//
// A miss is final only under a claim: resolve claims every key of the event
// (owner: the event id) and looks in the index once more, since a create
// that another lane finished between the lookup and the claim is there now.
// A record found only in the CRM is claimed for too: it may be the create of
// an event still in flight. A key that another event holds is a
// *ClaimConflictError: that event is creating the record, and the retry will
// find it in the index.
func (g *Gatekeeper) resolve(ctx context.Context, a *attempt) error {
	ev := a.ev
	id, replay, err := g.ix.Processed(ev.ce.EventID)
	if err != nil {
		return indexError("processed event ids", err)
	}
	if replay {
		a.match = resolution{recordID: id, replay: true}
		if err := g.hold(a, id); err != nil {
			return err
		}
		a.match.by, a.match.score = replayEvidence(ev, a.base)
		return nil
	}
	if ev.phoneAlone {
		found, err := g.readInHoldersRegion(ctx, ev)
		if err != nil {
			return err
		}
		if !found {
			return missPhoneAlone()
		}
	}
	if a.match, err = g.resolveIndex(ev, &a.weighed); err != nil {
		return err
	}
	if a.match.recordID == "" {
		if a.match, a.crm, err = g.resolveCRM(ctx, ev, &a.weighed); err != nil {
			return err
		}
	} else if a.match.score < ScoreExact && ev.keys.email != "" {
		// Matched by a weak key (a phone, a name) while the event's e-mail
		// is in no index record: the CRM may hold that e-mail on another
		// contact the index does not know yet (written by another
		// instance, the follower still behind). A consistent read settles
		// it: an exact e-mail beats a phone.
		byEmail, c, err := g.resolveCRMByEmail(ctx, ev, &a.weighed)
		if err != nil {
			return err
		}
		if c != nil && byEmail.recordID != a.match.recordID {
			a.match, a.crm = byEmail, c
		}
	}
	switch {
	case a.crm != nil:
		// Found in the CRM only: the index write will be the record's
		// first, like a create's, and may race one. The claim makes it
		// wait for a create of this contact still in flight.
		if err := g.claim(a); err != nil {
			return err
		}
	case a.match.recordID == "" && ev.nameAlone:
		return missNameAlone()
	case a.match.recordID == "" && ev.phoneAlone:
		return missPhoneAlone()
	case a.match.recordID == "":
		if err := g.claim(a); err != nil {
			return err
		}
		heldBy := a.match.emailHeldBy // the CRM's holder, which the index may not know
		if a.match, err = g.resolveIndex(ev, &a.weighed); err != nil {
			return err
		}
		if a.match.recordID == "" {
			a.match.emailHeldBy = cmp.Or(a.match.emailHeldBy, heldBy)
			// A create: explain looks for a possible duplicate among the
			// namesakes too.
			return g.namesakes(ev, &a.weighed)
		}
	}
	if g.testHookBeforeHold != nil {
		g.testHookBeforeHold(a)
	}
	if err := g.hold(a, a.match.recordID); err != nil {
		return err
	}
	if err := g.stillTheMatch(a); err != nil {
		return err
	}
	if a.claimed {
		return nil
	}
	return g.claimNew(a)
}

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
	owner := a.ev.ce.EventID
	heldBy, err := g.ix.Claim(owner, fresh, g.cfg.Now().UTC())
	if err != nil {
		return indexError("claim", err)
	}
	if heldBy != "" && heldBy != owner {
		return &ClaimConflictError{HeldBy: heldBy}
	}
	a.claimed = true
	return nil
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

// resolveIndex looks the event up in the identity index. The candidates it
// weighs by a weak key are added to seen, when not nil.
func (g *Gatekeeper) resolveIndex(ev *event, seen *weighed) (resolution, error) {
	k := &ev.keys
	if k.external != "" {
		ids, err := g.ix.Lookup(state.Key{Kind: state.KeyExternalID, Value: k.external})
		if err != nil {
			return resolution{}, indexError("lookup", err)
		}
		if len(ids) > 0 {
			return resolution{recordID: oldest(ids), by: schemas.MatchedByExternalID, score: ScoreExact}, nil
		}
	}
	var heldBy string
	if k.email != "" {
		ids, err := g.ix.Lookup(state.Key{Kind: state.KeyEmail, Value: string(k.email)})
		if err != nil {
			return resolution{}, indexError("lookup", err)
		}
		m, err := g.byEmail(ev, ids, seen)
		if err != nil || m.recordID != "" {
			return m, err
		}
		heldBy = m.emailHeldBy
	}
	m, err := g.resolveIndexWeak(ev, seen)
	if m.recordID == "" {
		m.emailHeldBy = heldBy
	}
	return m, err
}

// byEmail applies the e-mail rule to the records holding the event's
// e-mail (ids): the oldest whose names are not another person's
// (anotherPerson: a family's or an office's mailbox, whose holders the
// index keeps apart); for an event without a first name, the holder its
// phone or surname singles out. None when every holder is someone else: then
// emailHeldBy names the oldest, the one the CRM's copy of the address is
// on. A mailbox held by more than maxCandidates records is no one's: it
// matches nothing.
func (g *Gatekeeper) byEmail(ev *event, ids []string, seen *weighed) (resolution, error) {
	none := resolution{by: schemas.MatchedByNone}
	switch {
	case len(ids) == 0:
		return none, nil
	case len(ids) == 1 && len(ev.ids.FirstKeys) == 0:
		// No first name to tell two people apart by: the one holder.
		return resolution{recordID: ids[0], by: schemas.MatchedByEmail, score: ScoreExact}, nil
	}
	cands, err := g.candidates(ids)
	if err != nil || len(cands) == 0 {
		return none, err
	}
	slices.SortFunc(cands, func(a, b candidate) int { return byAge(a.id, b.id) })
	if len(ev.ids.FirstKeys) == 0 {
		// Several people's mailbox and no first name: the one holder with
		// the event's phone, else the one with its surname, else the one
		// the rest of the event (a company, a city, a title) weighs
		// highest, else the oldest.
		c := cands[0]
		if one, ok := onlyOne(cands, func(c candidate) bool { return slices.Contains(c.identifiers.Phones, ev.keys.phone) }); ok && ev.keys.phone != "" {
			c = one
		} else if one, ok := onlyOne(cands, func(c candidate) bool { return c.lastKey == ev.ids.LastKey }); ok && ev.ids.LastKey != "" {
			c = one
		} else if best, ok := g.bestWeighed(ev, cands); ok {
			c = best
		}
		return emailMatch(ev, c, cands), nil
	}
	for _, c := range cands {
		if !g.anotherPerson(ev, c) {
			return emailMatch(ev, c, cands), nil
		}
	}
	seen.add(cands)
	none.emailHeldBy = cands[0].id
	return none, nil
}

// bestWeighed returns the one candidate the scorer weighs highest against
// the event, by more than the others; false when two tie (the event says
// nothing to tell them apart by).
func (g *Gatekeeper) bestWeighed(ev *event, cands []candidate) (candidate, bool) {
	best, second := -1, math.Inf(-1)
	var bestWeight float64
	for i, c := range cands {
		w := g.scoreEntity(ev, c).Weight
		switch {
		case best < 0 || w > bestWeight:
			if best >= 0 {
				second = bestWeight
			}
			best, bestWeight = i, w
		case w > second:
			second = w
		}
	}
	if best < 0 || bestWeight <= second {
		return candidate{}, false
	}
	return cands[best], true
}

// emailMatch is the e-mail rule's match of holder c, one of cands. When
// the CRM's copy of the address is on another of them (c got the key as
// the second person at a shared mailbox), emailHeldBy names that one, so
// that the update leaves the address to it instead of asking the CRM to
// refuse it.
func emailMatch(ev *event, c candidate, cands []candidate) resolution {
	m := resolution{recordID: c.id, by: schemas.MatchedByEmail, score: ScoreExact}
	if len(cands) > 1 && !holdsAddress(ev, c) {
		if h, ok := onlyOne(cands, func(x candidate) bool { return holdsAddress(ev, x) }); ok {
			m.emailHeldBy = h.id
		}
	}
	return m
}

// holdsAddress: c's own e-mail property is the event's address.
func holdsAddress(ev *event, c candidate) bool {
	k, err := match.NormalizeEmail(c.property(connectors.PropEmail))
	return err == nil && k == ev.keys.email
}

// onlyOne returns the one candidate that ok holds for; false when none or
// several do.
func onlyOne(cands []candidate, ok func(candidate) bool) (candidate, bool) {
	var one candidate
	n := 0
	for _, c := range cands {
		if ok(c) {
			one, n = c, n+1
		}
	}
	return one, n == 1
}

// anotherPerson: the record c, which holds the event's e-mail, is in
// another person's name (match.SharedMailbox), by its current first name
// and by every other first name its members were written with. Without a
// first name on either side, nothing says so.
//
// A record's current first name is one writing of its person's: a
// stronger source may have written a nickname over the name (Chuck over
// Charles), and a slip of the name ("Cbarles") is then far from the
// record's name but one letter from a name it was seen with. An initial
// is no name to agree with: "J. Smith" is Jane as often as John.
func (g *Gatekeeper) anotherPerson(ev *event, c candidate) bool {
	if len(ev.ids.FirstKeys) == 0 || len(c.firstKeys) > 0 && overlap(ev.ids.FirstKeys, c.firstKeys) {
		return false // no first name, or the same one (Bob is Robert): the hot path
	}
	ep := g.eventProfile(ev)
	rp := g.recordProfile(ev, &c.identifiers, c.property)
	if len(c.firstKeys) == 0 && !rp.NamesFromAddress {
		return false // a record without a name, at an address that spells none
	}
	if !match.SharedMailbox(ep, &rp) {
		return false
	}
	for _, m := range c.members {
		if isBlank(m[memberFirst]) {
			continue
		}
		mp := g.memberProfile(m)
		if utf8.RuneCountInString(mp.First) > 1 && mp.First != rp.First && !match.SharedMailbox(ep, &mp) {
			return false
		}
	}
	return true
}

// resolveIndexWeak looks the event up by its weak keys: the phone, then
// name and company, by rule; then lets the scorer decide among every
// record those keys and the fuzzy blocking keys found (byEvidence).
func (g *Gatekeeper) resolveIndexWeak(ev *event, seen *weighed) (resolution, error) {
	k := &ev.keys
	if k.phone != "" {
		ids, err := g.ix.Lookup(state.Key{Kind: state.KeyPhone, Value: k.phone})
		if err != nil {
			return resolution{}, indexError("lookup", err)
		}
		cands, err := g.candidates(ids)
		if err != nil {
			return resolution{}, err
		}
		seen.add(cands)
		if len(ev.ids.FirstKeys) == 0 || ev.ids.LastKey == "" {
			// Without a full name, a number written with an extension
			// is that desk's: the record of another desk, or one known by
			// the bare switchboard number alone, is never the event's
			// (sameDesk). (On the demo's streams replayed with one lane,
			// seeds 1-5, "not another extension" had given 11 desks'
			// events to their records and 3 to someone else's.)
			cands = slices.DeleteFunc(slices.Clone(cands), func(c candidate) bool { return !g.sameDesk(ev, c) })
		} else {
			// With one, a nameless holder is the event's only at its
			// line (holdersAtTheDesk).
			cands = g.holdersAtTheDesk(ev, cands)
		}
		if m := byPhone(ev, cands); m.recordID != "" {
			return m, nil
		}
	}
	m, err := g.byNameCompanyKeys(ev, ev.ids.NameCompanyLookupKeys, byNameCompany, seen)
	if err != nil || m.recordID != "" {
		return m, err
	}
	m, err = g.byNameCompanyKeys(ev, ev.ids.NearNameCompanyKeys(), byNearNameCompany, seen)
	if err != nil || m.recordID != "" || g.cfg.RulesOnly {
		return m, err
	}
	return g.byEvidence(ev, seen)
}

// byNameCompanyKeys weighs, by rule, the records indexed under any of
// keys (name-and-company keys), and adds them to seen.
func (g *Gatekeeper) byNameCompanyKeys(ev *event, keys []string, rule func(*event, []candidate) resolution, seen *weighed) (resolution, error) {
	lookup := make([]state.Key, len(keys))
	for i, nc := range keys {
		lookup[i] = state.Key{Kind: state.KeyNameCompany, Value: nc}
	}
	ids, err := g.ix.LookupAny(lookup)
	if err != nil {
		return resolution{}, indexError("lookup", err)
	}
	if len(ids) == 0 {
		return resolution{by: schemas.MatchedByNone}, nil
	}
	cands, err := g.candidates(ids)
	if err != nil {
		return resolution{}, err
	}
	seen.add(cands)
	return rule(ev, cands), nil
}

// candidates reads the records of ids from the index; none when there are
// more than maxCandidates.
func (g *Gatekeeper) candidates(ids []string) ([]candidate, error) {
	if len(ids) > maxCandidates {
		return nil, nil
	}
	out := make([]candidate, 0, len(ids))
	for _, id := range ids {
		rec, ok, err := g.ix.Get(id)
		if err != nil {
			return nil, indexError("get record "+id, err)
		}
		if ok {
			out = append(out, candidateOfRecord(rec))
		}
	}
	return out, nil
}

// oldest picks among records that share an exact key: the lowest id, which
// for CRM ids (decimal, sequential) is the oldest record.
func oldest(ids []string) string { return slices.MinFunc(ids, byAge) }

// byAge orders record ids oldest first (oldest).
func byAge(a, b string) int { return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b)) }

// replayEvidence names, for a replayed event, the strongest of its
// identifiers that its record holds: the original decision is not stored.
func replayEvidence(ev *event, rec state.Record) (schemas.MatchedBy, float64) {
	ids, k := &rec.Identifiers, &ev.keys
	switch {
	case k.external != "" && slices.Contains(ids.ExternalIDs, k.external):
		return schemas.MatchedByExternalID, ScoreExact
	case k.email != "" && slices.Contains(ids.Emails, string(k.email)):
		return schemas.MatchedByEmail, ScoreExact
	case k.phone != "" && slices.Contains(ids.Phones, k.phone):
		return schemas.MatchedByPhone, ScorePhoneName
	case ids.NameKey != "" && slices.Contains(k.nameCompany, ids.NameKey):
		return schemas.MatchedByNameCompany, ScoreNameCompany
	}
	return schemas.MatchedByNone, 0
}

// indexError wraps an identity index failure as ErrIndex: retried, since
// the index's transactions can conflict, then dead-lettered.
func indexError(op string, err error) error {
	return fmt.Errorf("%w: %s: %w", ErrIndex, op, err)
}
