package stages

import (
	"context"
	"errors"
	"slices"
	"unicode/utf8"

	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/state"
)

// maxBridges bounds the records one event merges into its own: more than
// that is not one person recorded twice but a key shared too widely.
const maxBridges = 2

// bridge merges into the record the event matched (A) the other records of
// the index that the event links to it (B): records that hold its external
// id or its e-mail (not a shared mailbox), or its phone or one of its
// name-and-company keys with a name that agrees. Each is one person with
// A when the scorer puts the event and B in the match band with no guard,
// no identifier of B disagrees with the event or with A, and the scorer
// does not hold A and B apart (a differing name, generations, colleagues).
// Without merges, two records of one person, once made (events in an
// unlucky order, two instances, the CRM search's lag), would stay two for
// ever: each event is applied to one record only.
//
// A merge is done in the CRM first (A survives: it holds the event's
// strongest identifier), after both records are journalled; the index write
// of the event then absorbs B into A and leaves a redirect from B to A, in
// one transaction. A crash between the two replays the event, finds B again
// and asks the CRM, which answers that B is merged already (a read of B
// returns A): the merge is not repeated. B's lock is taken without waiting
// (the attempt holds A's, and waiting could deadlock with an attempt that
// holds B's and wants A's): when another lane works on B, the next event
// that links them merges them. With Config.NoAutoMerge nothing is merged:
// the linked records are weighed for explain, which names the best as a
// possible duplicate.
func (g *Gatekeeper) bridge(ctx context.Context, a *attempt) error {
	if a.match.replay || a.match.recordID == "" {
		return nil
	}
	if !a.inIndex {
		if a.crm == nil || a.crm.ID != a.match.recordID {
			return nil
		}
		// Found in the CRM only (a contact made by an instance that died
		// before its outcome, by hand, or by another integration): the
		// index write will be its first, and it may be linked to records
		// the index made in the meantime, e.g. by an event of this person
		// on another lane that missed it in the lagging search. It is
		// weighed as the CRM holds it.
		a.base = state.Record{ID: a.crm.ID, Identifiers: g.identifiersOfContact(a.crm), Properties: crmProperties(a.crm)}
		a.inIndex = true
	}
	others, err := g.linked(a)
	if err != nil {
		return err
	}
	if g.cfg.NoAutoMerge {
		a.weighed.add(others) // explain names the best as a possible duplicate
		return nil
	}
	for _, b := range others {
		if len(a.mergedIDs) == maxBridges {
			break
		}
		unlock, ok := g.locks.tryLock(b.id, a.base.ID)
		if !ok {
			continue
		}
		a.unlocks = append(a.unlocks, unlock)
		rec, found, err := g.ix.Get(b.id)
		if err != nil {
			return indexError("get record "+b.id, err)
		}
		if !found || !g.oneEntity(a, candidateOfRecord(rec)) || !g.oneWithMerged(a, rec) {
			continue
		}
		err = g.mergeInCRM(ctx, a.base, rec, a.ev.ce.EventID, func(err error) error { return redact(a.ev, err) })
		switch {
		case errors.Is(err, errMergedTheOtherWay):
			// Another instance merged A into B: B is the record, and the
			// event is applied to it with A absorbed.
			a.mergedIDs = append(a.mergedIDs, a.base.ID)
			a.mergedRecords = append(a.mergedRecords, a.base)
			a.base = foldRecord(rec, a.base)
			a.match.recordID = rec.ID
			continue
		case errors.Is(err, errNotMerged):
			continue
		case err != nil:
			return err
		}
		a.base = foldRecord(a.base, rec)
		a.mergedIDs = append(a.mergedIDs, rec.ID)
		a.mergedRecords = append(a.mergedRecords, rec)
	}
	return nil
}

// linked returns the records other than A that the event's keys find and
// that the event links to A (bridge), oldest first.
func (g *Gatekeeper) linked(a *attempt) ([]candidate, error) {
	ev, k := a.ev, &a.ev.keys
	var lookups [][]state.Key
	if k.external != "" {
		lookups = append(lookups, []state.Key{{Kind: state.KeyExternalID, Value: k.external}})
	}
	if k.email != "" {
		lookups = append(lookups, []state.Key{{Kind: state.KeyEmail, Value: string(k.email)}})
	}
	if k.phone != "" {
		lookups = append(lookups, []state.Key{{Kind: state.KeyPhone, Value: k.phone}})
	}
	if nc := ev.ids.NameCompanyLookupKeys; len(nc) > 0 {
		keys := make([]state.Key, len(nc))
		for i, v := range nc {
			keys[i] = state.Key{Kind: state.KeyNameCompany, Value: v}
		}
		lookups = append(lookups, keys)
	}
	if !g.cfg.RulesOnly {
		lookups = append(lookups, nil) // the fuzzy blocking keys (blockIDs)
	}
	var out []candidate
	var considered []string // weighed once, under the first key that found them
	for _, keys := range lookups {
		var ids []string
		var err error
		if keys == nil {
			ids, err = g.blockIDs(ev)
		} else if ids, err = g.ix.LookupAny(keys); err != nil {
			err = indexError("lookup", err)
		}
		if err != nil {
			return nil, err
		}
		holders, switchboard := 0, false
		var phoneHolders []candidate // nil unless read below
		if len(keys) > 0 && keys[0].Kind == state.KeyPhone {
			holders = len(ids)
			// The number's holders, the event's record among them, say
			// whether it is a switchboard's (atSwitchboard).
			if phoneHolders, err = g.candidates(slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == a.base.ID })); err != nil {
				return nil, err
			}
			switchboard = g.atSwitchboard(ev, append(slices.Clip(phoneHolders), candidateOfRecord(a.base)))
		}
		ids = slices.DeleteFunc(ids, func(id string) bool {
			return id == a.base.ID || slices.Contains(considered, id)
		})
		considered = append(considered, ids...)
		var cands []candidate
		if phoneHolders != nil {
			// Read once: those not weighed under an earlier key.
			cands = slices.DeleteFunc(phoneHolders, func(c candidate) bool { return !slices.Contains(ids, c.id) })
		} else if cands, err = g.candidates(ids); err != nil {
			return nil, err
		}
		for _, c := range cands {
			var linked bool
			if keys == nil {
				// Found by a fuzzy blocking key: no rule speaks for it,
				// the scorer alone may.
				linked = !disagrees(ev, c) && g.linkedByEvidence(a, c)
			} else {
				linked = g.links(a, c, holders, switchboard)
			}
			// A pair a person rejected is read last: one index read for
			// the few candidates that would otherwise be merged.
			if linked && g.oneEntity(a, c) && !g.distinct(a.base.ID, c.id) {
				out = append(out, c)
			}
		}
	}
	slices.SortFunc(out, func(x, y candidate) int { return byAge(x.id, y.id) })
	return out, nil
}

// links reports whether the event is as much record c's as its own
// record's, by the rules resolve would have matched c by had the event's
// own record not been there:
//
//   - c holds the event's external id, or its e-mail without being another
//     person's (a shared mailbox);
//   - c holds the event's phone or one of its name-and-company keys, and
//     the names agree (first-name keys overlap, last names equal);
//   - c has no name at all and holds the event's phone, which no third
//     record holds (a phone-only event's record), and no company that
//     differs from the event's; not when the event writes the number bare
//     and one of its holders, or the event's record, is known at an
//     extension of it (switchboard: atSwitchboard): a switchboard's bare
//     number is anyone's.
//
// In every case no stronger identifier of the event rules c out
// (disagrees), and the scorer neither puts the event and c in the distinct
// band nor holds them apart by a guard that says two people.
func (g *Gatekeeper) links(a *attempt, c candidate, phoneHolders int, switchboard bool) bool {
	ev := a.ev
	if disagrees(ev, c) {
		return false
	}
	ids, k := &c.identifiers, &ev.keys
	var rule bool
	switch {
	case k.external != "" && slices.Contains(ids.ExternalIDs, k.external):
		rule = true
	case k.email != "" && slices.Contains(ids.Emails, string(k.email)):
		rule = !g.anotherPerson(ev, c)
	case nameless(c):
		rule = k.phone != "" && slices.Contains(ids.Phones, k.phone) && phoneHolders > 0 && phoneHolders <= 2 &&
			ev.fullName() && !companiesDiffer(ev, c) && g.oneDesk(ev, c) && !switchboard
	default:
		rule = namesAgree(ev, c)
	}
	if !rule {
		return g.linkedByEvidence(a, c)
	}
	p := g.recordProfile(ev, ids, c.property)
	return samePerson(g.scorer.Score(g.eventProfile(ev), &p))
}

// linkedByEvidence: no rule links the event to c, but the scorer puts c
// in the match band with no guard, against the event or against the record
// the event matched as the event leaves it (profileWithEvent: its phone,
// and what it lacked). c may be in the band by one of its members (a
// billing event's street address, which the record does not keep), but not
// against what c as a whole holds against the event (heldAgainst: a
// phone, a title, an e-mail at the same domain that differ): Morag
// White's billing event, without her phone and title, would merge Margot
// White's record into hers. Never a record holding the event's e-mail: the
// e-mail rule refused it.
func (g *Gatekeeper) linkedByEvidence(a *attempt, c candidate) bool {
	ev := a.ev
	if g.cfg.RulesOnly || ev.keys.email != "" && slices.Contains(c.identifiers.Emails, string(ev.keys.email)) {
		return false
	}
	if cmp, entity := g.scoreEntityWithMembers(ev, c); ev.fullName() && (strongMatch(entity) || strongMatch(cmp) && !heldAgainst(entity)) {
		return true
	}
	pa, pc := g.profileWithEvent(a), g.entityProfile(ev, c)
	return strongMatch(g.scorer.Score(&pa, &pc))
}

// heldAgainst: the comparison holds a field that disagrees (a weight below
// zero).
func heldAgainst(c match.Comparison) bool {
	return slices.ContainsFunc(c.Evidence, func(e match.Evidence) bool { return e.Weight < 0 })
}

// profileWithEvent is the profile of the record the event matched as the
// event leaves it: its entity profile (entityProfile), the event's phone,
// the event's first-name keys beside its own, and the event's e-mail,
// names and company where it had none.
func (g *Gatekeeper) profileWithEvent(a *attempt) match.Profile {
	p, e := g.entityProfile(a.ev, candidateOfRecord(a.base)), g.eventProfile(a.ev)
	if e.PhoneDigits != "" {
		p.Phone, p.PhoneExt, p.PhoneTail, p.PhoneDigits = e.Phone, e.PhoneExt, e.PhoneTail, e.PhoneDigits
	}
	if p.EmailKey == "" {
		setEmail(&p, e)
	}
	if p.Company == "" {
		p.Company, p.CompanyTokens = e.Company, e.CompanyTokens
	}
	withEventNames(&p, e)
	p.Seen = append(slices.Clip(p.Seen), e.Seen...)
	return p
}

// withEventNames gives p the event's first and last name where it has
// none (names p only read from its address, having written none, count as
// none: a handle's), and the event's first-name keys beside its own: the
// names A is known by once the event is applied (a nickname the event
// writes is one of them). A first name the event's address lent (an
// initial read as neil@ spells it) is no name A is known by when A has
// one.
func withEventNames(p, e *match.Profile) {
	if p.Nameless() && e.FullName != "" && !e.NameFromAddress() {
		// A wrote no name, and those its address spells are a guess (a
		// handle, verde.runner87@, reads as Verde Runner): the event's
		// written ones are what A will be known by.
		p.First, p.FirstKeys, p.FirstToken, p.Middle = e.First, e.FirstKeys, e.FirstToken, e.Middle
		p.Last, p.LastParts, p.LastCore, p.FullName = e.Last, e.LastParts, e.LastCore, e.FullName
		p.NamesFromAddress = false
	}
	if p.First == "" {
		p.First, p.FirstToken = e.First, e.FirstToken
	}
	if p.First == e.First || !e.FirstFromAddress {
		p.FirstKeys = withKeys(p.FirstKeys, e.FirstKeys)
	}
	if p.Last == "" {
		p.Last = e.Last
	}
	if p.FullName == "" && p.First != "" && p.Last != "" {
		p.FullName = p.First + "|" + p.Last
	}
}

// initial: a name key (a Profile's First) of one letter.
func initial(k string) bool { return utf8.RuneCountInString(k) == 1 }

// strongMatch: the pair is in the match band and no guard holds it apart.
func strongMatch(cmp match.Comparison) bool { return cmp.Band == match.BandMatch && cmp.Guard == "" }

// samePerson: the scorer neither puts a pair in the distinct band nor
// holds it apart by a guard that says two people (a differing name,
// generations, colleagues, a record torn between two). "Nothing
// identifies" is no such guard here: the identifier rules say what does.
func samePerson(cmp match.Comparison) bool {
	return cmp.Band != match.BandDistinct && (cmp.Guard == "" || cmp.Guard == match.GuardNothingIdentifies)
}
