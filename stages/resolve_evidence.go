package stages

import (
	"cmp"
	"math"
	"slices"

	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// ScoreEvidence is the score of a match the scorer decided (byEvidence):
// the event and one record are in the model's match band, no guard holds
// them apart, and no rule had matched.
const ScoreEvidence = 0.75

// byEvidence lets the scorer decide where the rules found nothing (for an
// event that names a person, or carries an e-mail or a phone that the
// rules missed: a slip in the address beside the record's own number is
// evidence however little name comes with it): the
// records the event's weak keys found (phone holders, name-and-company
// keys and their near keys, all in seen) and those under its fuzzy
// blocking keys (match.NameBlockKey: the first initial, the surname's
// sound, the company) are scored against the event as entities, every
// name each was seen with counting (entityProfile). The event matches the
// one record in the match band with no guard, or the oldest of several
// that nothing tells apart (onePerson); nothing when records in the band
// are two people. A record that holds the event's e-mail is left to the
// e-mail rule, which refused it (another person's mailbox). A record found
// by one of its members alone (scoreEntity), which as a whole weighs no
// more than another record not held apart, is no match: nothing says
// which of the two the event is.
func (g *Gatekeeper) byEvidence(ev *event, seen *weighed) (resolution, error) {
	none := resolution{by: schemas.MatchedByNone}
	if !identifiable(ev, g.eventProfile(ev)) && ev.keys.email == "" && ev.keys.phone == "" {
		return none, nil
	}
	if seen == nil {
		seen = new(weighed)
	}
	if err := g.blockCandidates(ev, seen); err != nil {
		return none, err
	}
	// The records the scorer puts in the match band, as a whole (their
	// entity profile) or by one of their members (one writing the record
	// was made of); and the highest weight of the others as a whole.
	var hits []evidenceHit
	rival := math.Inf(-1)
	for _, c := range *seen {
		if ev.keys.email != "" && slices.Contains(c.identifiers.Emails, string(ev.keys.email)) {
			continue
		}
		if disagrees(ev, c) {
			// Only an id of the event's source that c does not hold, from
			// a source that gives one person two ids often enough that
			// the rest may outweigh it (sourceIDStats): c is the event's
			// when it is, as a whole, in the match band despite it.
			w, ok := g.anotherSourceID(ev, c)
			if !ok {
				continue
			}
			_, entity := g.scoreEntityWithMembers(ev, c)
			if entity = g.withAnotherSourceID(entity, w); strongMatch(entity) {
				hits = append(hits, evidenceHit{c, entity, entity})
			}
			continue
		}
		cmp, entity := g.scoreEntityWithMembers(ev, c)
		switch {
		case strongMatch(cmp):
			hits = append(hits, evidenceHit{c, cmp, entity})
		case samePerson(entity):
			rival = max(rival, entity.Weight)
		}
	}
	if len(hits) == 0 {
		return none, nil
	}
	found := make([]candidate, len(hits))
	for i := range hits {
		found[i] = hits[i].c
	}
	if !onePerson(found) {
		// Two people among them (two ids of one source, two addresses at
		// one company), each of whom the scorer calls the event's: it is
		// the one it weighs most. A new record would be a third of one
		// person for certain. Two within a bit of each other (a
		// likelihood ratio of two) weigh alike and leave it no one's.
		best := slices.MaxFunc(hits, func(x, y evidenceHit) int { return cmp.Compare(x.cmp.Weight, y.cmp.Weight) })
		for _, h := range hits {
			if h.c.id != best.c.id && h.cmp.Weight > best.cmp.Weight-alikeWeight {
				return none, nil
			}
		}
		hits = []evidenceHit{best}
	}
	chosen := oldestHit(hits)
	for _, h := range hits {
		if h.c.id != chosen.c.id && samePerson(h.entity) {
			rival = max(rival, h.entity.Weight)
		}
	}
	if !strongMatch(chosen.entity) && rival >= chosen.entity.Weight {
		// Found by one of its members only, while as a whole it weighs no
		// more than another record the event may be: two namesakes of one
		// title, one met by a form that left out what tells them apart.
		// The oldest record that matches as a whole is the event's; with
		// none, neither is sure.
		whole := slices.DeleteFunc(slices.Clone(hits), func(h evidenceHit) bool { return !strongMatch(h.entity) })
		if len(whole) == 0 {
			return none, nil
		}
		chosen = oldestHit(whole)
	}
	by := schemas.MatchedByNameCompany
	switch {
	case phoneAgreed(chosen.cmp):
		by = schemas.MatchedByPhone
	case ev.keys.email != "" && (!ev.fullName() || addressSlipAgreed(chosen.cmp)):
		by = schemas.MatchedByEmail // no full name, or the record's address mistyped: the address found it
	}
	return resolution{recordID: chosen.c.id, by: by, score: ScoreEvidence}, nil
}

// alikeWeight: two records whose weights against an event are less than
// this apart (bits: a likelihood ratio of two) weigh alike.
const alikeWeight = 1.0

// evidenceHit is a record byEvidence found in the match band: cmp decided
// (the entity's comparison, or a member's), entity is the record's as a
// whole.
type evidenceHit struct {
	c           candidate
	cmp, entity match.Comparison
}

// oldestHit is the hit of the oldest record (byAge).
func oldestHit(hits []evidenceHit) evidenceHit {
	return slices.MinFunc(hits, func(x, y evidenceHit) int { return byAge(x.c.id, y.c.id) })
}

// phoneAgreed: the phone numbers agreed in cmp, exactly or closely. The
// match is then named after the phone, else after the name.
func phoneAgreed(cmp match.Comparison) bool {
	l := cmp.Level(match.KindPhone)
	return l == match.LevelExact || l == match.LevelClose
}

// addressSlipAgreed: the e-mail addresses in cmp are one address mistyped
// in its domain or inside a word (match.LevelDomainSlip,
// match.LevelLocalSlip), which weigh as the address.
func addressSlipAgreed(cmp match.Comparison) bool {
	l := cmp.Level(match.KindEmail)
	return l == match.LevelDomainSlip || l == match.LevelLocalSlip
}

// identifiable: the event has what lets the scorer single a person out
// beyond the rules: a full name, one name with a birth date, or a national
// id, which names one person as an e-mail does, with a name or without.
func identifiable(ev *event, p *match.Profile) bool {
	fullName := ev.fullName()
	named := ev.ids.LastKey != "" || len(ev.ids.FirstKeys) > 0
	return fullName || named && p.DOB != "" || p.NationalID != ""
}

// blockCandidates adds to seen the records under the event's fuzzy
// blocking keys (blockIDs).
func (g *Gatekeeper) blockCandidates(ev *event, seen *weighed) error {
	ids, err := g.blockIDs(ev)
	if err != nil {
		return err
	}
	return g.weigh(ids, seen)
}

// blockIDs returns the records under the event's fuzzy blocking keys: its
// phone's (match.PhoneBlockKeys), its name's at any company or none
// (match.NameBlockPrefix of each first-name key's initial and the last
// name), its details' (match.DetailBlockKeys: birth date, postcode,
// national id, the e-mail's local part), and its e-mail's mailbox (the
// bare address of a subaddress, anil@ for anil+events@, and the
// subaddresses of a bare one: match.MailboxBlockKey). A block of more than
// maxCandidates records (a common surname, a busy exchange) finds nothing:
// it is no one's.
func (g *Gatekeeper) blockIDs(ev *event) ([]string, error) {
	var blocks []state.Key
	for _, b := range match.PhoneBlockKeys(ev.keys.phone) {
		blocks = append(blocks, state.Key{Kind: state.KeyPhoneBlock, Value: b})
	}
	if last := ev.ids.LastKey; last != "" {
		for _, f := range ev.ids.FirstKeys {
			k := state.Key{Kind: state.KeyNameBlock, Value: match.NameBlockPrefix(f, last)}
			if k.Value != "" && !slices.Contains(blocks, k) {
				blocks = append(blocks, k)
			}
		}
		if len(ev.ids.FirstKeys) > 0 {
			// The name written the other way round ("Cook, Oliver" typed
			// into first and last): the record of Oliver Cook is under
			// the initial of this last name and the sound of this first.
			k := state.Key{Kind: state.KeyNameBlock, Value: match.NameBlockPrefix(last, ev.ids.FirstKeys[0])}
			if k.Value != "" && !slices.Contains(blocks, k) {
				blocks = append(blocks, k)
			}
		}
	}
	for _, nk := range ev.ids.NameCompanyKeys {
		k := state.Key{Kind: state.KeyNameBlock, Value: match.FirstCompanyBlockKey(nk)}
		if k.Value != "" && !slices.Contains(blocks, k) {
			blocks = append(blocks, k)
		}
	}
	p := g.eventProfile(ev)
	for _, d := range match.DetailBlockKeys(p) {
		blocks = append(blocks, state.Key{Kind: state.KeyDetailBlock, Value: d})
	}
	if mbx := match.MailboxBlockKey(p); mbx != "" && !slices.Contains(blocks, state.Key{Kind: state.KeyDetailBlock, Value: mbx}) {
		// The bare address: the records at its subaddresses (anil+events@
		// for anil@) are under its mailbox's key.
		blocks = append(blocks, state.Key{Kind: state.KeyDetailBlock, Value: mbx})
	}
	var out []string
	if bare := match.MailboxAddress(p); bare != "" && bare != string(ev.keys.email) {
		// A subaddress: the record at the bare address holds it as its key,
		// unless so many do that it is no one's (as a block's).
		ids, err := g.ix.Lookup(state.Key{Kind: state.KeyEmail, Value: bare})
		if err != nil {
			return nil, indexError("lookup", err)
		}
		if len(ids) <= maxCandidates {
			out = append(out, ids...)
		}
	}
	for _, b := range blocks {
		ids, truncated, err := g.ix.LookupPrefix(b.Kind, []string{b.Value}, maxCandidates)
		if err != nil {
			return nil, indexError("lookup", err)
		}
		if truncated {
			continue
		}
		for _, id := range ids {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out, nil
}

// withKeys returns keys with those of more it lacks appended; keys itself
// is never written to (a profile's keys may be shared).
func withKeys(keys, more []string) []string {
	for _, k := range more {
		if !slices.Contains(keys, k) {
			keys = append(slices.Clip(keys), k)
		}
	}
	return keys
}

// scoreEntity scores the event against candidate c as an entity: its
// current values, and every first and last name it was seen with
// (entityProfile).
//
// When that is short of the match band, though the scorer does not hold
// them apart either, the event is weighed against each of c's members (what
// each event applied to it said) too, and the first in the match band with
// no guard is the answer: the event agrees with one of the writings the
// record was made of, whose values precedence did not keep (a birth date,
// an address, an e-mail slip), as a pair of records in the scan would.
func (g *Gatekeeper) scoreEntity(ev *event, c candidate) match.Comparison {
	cmp, _ := g.scoreEntityWithMembers(ev, c)
	return cmp
}

// scoreEntityWithMembers is scoreEntity, and the comparison with c as a
// whole (its entity profile), which is the first when no member decided.
func (g *Gatekeeper) scoreEntityWithMembers(ev *event, c candidate) (cmp, entity match.Comparison) {
	p := g.entityProfile(ev, c)
	entity = g.scorer.Score(g.eventProfile(ev), &p)
	if strongMatch(entity) || !samePerson(entity) {
		return entity, entity
	}
	cmp = entity
	for _, m := range c.members {
		mp := g.memberProfile(m)
		if mc := g.scorer.Score(g.eventProfile(ev), &mp); strongMatch(mc) && (!strongMatch(cmp) || mc.Weight > cmp.Weight) {
			cmp = mc // the member that weighs most, whatever the members' order
		}
	}
	return cmp, entity
}

// entityProfile is c's profile for comparison with ev, with the names of
// its history: the first-name keys of every name it was seen with (a name
// it once had agrees as a nickname does), the event's last name when the
// record was once seen with it, and a generational suffix (Jr, Sr) one of
// its members gave it.
func (g *Gatekeeper) entityProfile(ev *event, c candidate) match.Profile {
	p := g.recordProfile(ev, &c.identifiers, c.property)
	p.FirstKeys = withKeys(p.FirstKeys, c.firstKeys)
	if p.First == "" && len(c.firstKeys) > 0 {
		p.First = c.firstKeys[0]
	}
	if l := ev.ids.LastKey; l != "" && l != p.Last && slices.Contains(c.lastKeys, l) {
		p.Last = l
	}
	if p.Last == "" && len(c.lastKeys) > 0 {
		p.Last = c.lastKeys[0]
	}
	if p.Generation == "" {
		// A record once written "Hunt Sr." is the father's, though a
		// later event wrote "Hunt".
		p.Generation = c.generation()
	}
	p.Seen = c.seen
	return p
}
