package stages

import (
	"math"
	"slices"
	"unicode/utf8"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
)

// byEmail applies the e-mail rule to the records holding the event's
// e-mail (ids): the oldest whose names are not another person's
// (anotherPerson: a family's or an office's mailbox, whose holders the
// index keeps apart); for an event without a first name, the holder its
// phone or surname singles out (holderOfNoName), and so for one whose only
// name is the one its consumer address spells when no holder bears it
// (pinnacle.kid42@t-online.de: a handle, not a name). None when every holder is
// someone else: then emailHeldBy names the oldest, the one the CRM's copy
// of the address is on. At an office's mailbox an event whose source keeps
// a holder under another id of its own is not that holder's (billing's
// invoices@, given for several customers: anotherCustomer). A mailbox
// held by more than maxCandidates records is no one's: it matches nothing.
func (g *Gatekeeper) byEmail(ev *event, ids []string, seen *weighed) (resolution, error) {
	none := resolution{by: schemas.MatchedByNone}
	switch {
	case len(ids) == 0:
		return none, nil
	case len(ids) == 1 && len(ev.ids.FirstKeys) == 0 && (ev.keys.external == "" || !officeMailbox(ev.keys.email)):
		// No first name to tell two people apart by: the one holder.
		return resolution{recordID: ids[0], by: schemas.MatchedByEmail, score: ScoreExact}, nil
	}
	cands, err := g.candidates(ids)
	if err != nil || len(cands) == 0 {
		return none, err
	}
	slices.SortFunc(cands, func(a, b candidate) int { return byAge(a.id, b.id) })
	all := cands // the holders: the CRM's copy of the address is on one of them
	if ev.keys.external != "" && officeMailbox(ev.keys.email) {
		if cands = slices.DeleteFunc(slices.Clone(all), func(c candidate) bool { return anotherCustomer(ev, c) }); len(cands) == 0 {
			seen.add(all)
			none.emailHeldBy = all[0].id
			return none, nil
		}
	}
	if len(ev.ids.FirstKeys) == 0 {
		return emailMatch(ev, g.holderOfNoName(ev, cands), all), nil
	}
	for _, c := range cands {
		if !g.anotherPerson(ev, c) {
			return emailMatch(ev, c, all), nil
		}
	}
	if ep := g.eventProfile(ev); ep.NamesFromAddress && ep.PersonalEmail {
		// The only name is the one a consumer address spells, and no
		// holder bears it: a handle (pinnacle.kid42@t-online.de), not a
		// person's name. The event names no one; the address is its
		// holders'. At a company's domain the address is its person's
		// name (bram.vanderploeg@ that Sophie Blackcombe typed is Bram's).
		return emailMatch(ev, g.holderOfNoName(ev, cands), all), nil
	}
	seen.add(all)
	none.emailHeldBy = all[0].id
	return none, nil
}

// anotherCustomer: the event is at an office's mailbox (invoices@, which
// billing gives for several customers), and its source keeps holder c as
// another record, under another id of its own (sourceDisagrees), while
// the event names no one c is: a nameless event, a holder with no name,
// or names that contradict c's (namePartsContradict). A billing system's
// second customer for one person, written in the person's name, stays the
// person's.
func anotherCustomer(ev *event, c candidate) bool {
	if ev.keys.external == "" || !officeMailbox(ev.keys.email) || !sourceDisagrees(ev, c) {
		return false
	}
	named := len(ev.ids.FirstKeys) > 0 || ev.ids.LastKey != ""
	return !named || len(c.firstKeys) == 0 && c.lastKey == "" || namePartsContradict(ev, c)
}

// holderOfNoName is the holder of the event's e-mail (cands, oldest first)
// that an event without a first name of its own is: the one with the
// event's phone, else the one with its surname, else the one the rest of
// the event (a company, a city, a title) weighs highest, else the oldest.
func (g *Gatekeeper) holderOfNoName(ev *event, cands []candidate) candidate {
	if one, ok := onlyOne(cands, func(c candidate) bool { return slices.Contains(c.identifiers.Phones, ev.keys.phone) }); ok && ev.keys.phone != "" {
		return one
	}
	if one, ok := onlyOne(cands, func(c candidate) bool { return c.lastKey == ev.ids.LastKey }); ok && ev.ids.LastKey != "" {
		return one
	}
	if best, ok := g.bestWeighed(ev, cands); ok {
		return best
	}
	return cands[0]
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
	if len(c.firstKeys) == 0 && (!rp.NamesFromAddress || rp.Handle() && match.CompareField(match.KindLastName, ep, &rp) == match.LevelDifferent) {
		// A record without a name, at an address that spells none, or at a
		// handle whose "surname" is not the event's: a family's mailbox
		// shares the surname (isabella.rossi@ beside Marco Rossi), and the
		// census's given names are mostly English ones.
		return false
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
