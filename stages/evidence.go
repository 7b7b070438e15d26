package stages

import (
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// candidate is a record that shares a weak key (a phone number, a
// name-and-company key) with an event, as the evidence rules see it,
// whether the index or the CRM holds it.
type candidate struct {
	id          string
	firstKeys   []string // match.FirstNameKeys of the folded first name
	lastKey     string   // match.NameKey of the last name
	identifiers schemas.Identifiers
}

func candidateOfRecord(r state.Record) candidate {
	return candidate{
		id:          r.ID,
		firstKeys:   match.FirstNameKeys(match.FoldName(r.Properties[connectors.PropFirstName].Value)),
		lastKey:     match.NameKey(r.Properties[connectors.PropLastName].Value),
		identifiers: r.Identifiers,
	}
}

func (g *Gatekeeper) candidateOfContact(c *connectors.Contact) candidate {
	return candidate{
		id:          c.ID,
		firstKeys:   match.FirstNameKeys(match.FoldName(c.Properties[connectors.PropFirstName])),
		lastKey:     match.NameKey(c.Properties[connectors.PropLastName]),
		identifiers: g.identifiersOfContact(c),
	}
}

// byPhone applies the phone rule: a phone number is weak evidence, since
// colleagues share a switchboard and families a landline. An event with a
// full name matches the one candidate whose name agrees (first-name keys
// overlap, last names equal), and nothing when none or several do; a
// candidate without a name does not agree. An event with nothing but the
// phone (no full name, no e-mail, no external id) matches a phone held by
// exactly one record whose name parts do not contradict its own: else every
// such event would make one more nameless record. An event with an e-mail
// or an external id but no full name does not match by phone: those
// identifiers missed, which says it may well be a colleague. In every case
// a stronger identifier that disagrees rules a candidate out (disagrees).
func byPhone(ev *event, cands []candidate) resolution {
	fullName := len(ev.ids.FirstKeys) > 0 && ev.ids.LastKey != ""
	phoneOnly := !fullName && ev.keys.email == "" && ev.keys.external == ""
	if !fullName && !phoneOnly {
		return resolution{by: schemas.MatchedByNone}
	}
	var found []candidate
	for _, c := range cands {
		if disagrees(ev, c) {
			continue
		}
		if fullName && !namesAgree(ev, c) || phoneOnly && namePartsContradict(ev, c) {
			continue
		}
		found = append(found, c)
	}
	switch {
	case len(found) != 1:
	case fullName:
		return resolution{recordID: found[0].id, by: schemas.MatchedByPhone, score: ScorePhoneName}
	case len(cands) == 1:
		return resolution{recordID: found[0].id, by: schemas.MatchedByPhone, score: ScorePhoneOnly}
	}
	return resolution{by: schemas.MatchedByNone}
}

// byNameCompany applies the name-and-company rule: the event matches when
// exactly one record shares one of its name-and-company keys and no stronger
// identifier disagrees. Namesakes at one company are two people unless
// something stronger joins them.
func byNameCompany(ev *event, cands []candidate) resolution {
	if len(cands) != 1 || disagrees(ev, cands[0]) || !namesAgree(ev, cands[0]) {
		return resolution{by: schemas.MatchedByNone}
	}
	return resolution{recordID: cands[0].id, by: schemas.MatchedByNameCompany, score: ScoreNameCompany}
}

// namesAgree: the first-name keys overlap and the last names are equal.
func namesAgree(ev *event, c candidate) bool {
	return ev.ids.LastKey != "" && ev.ids.LastKey == c.lastKey && overlap(ev.ids.FirstKeys, c.firstKeys)
}

// namePartsContradict: a name part both sides have differs.
func namePartsContradict(ev *event, c candidate) bool {
	return len(ev.ids.FirstKeys) > 0 && len(c.firstKeys) > 0 && !overlap(ev.ids.FirstKeys, c.firstKeys) ||
		ev.ids.LastKey != "" && c.lastKey != "" && ev.ids.LastKey != c.lastKey
}

// disagrees reports a stronger identifier that says the candidate is
// someone else:
//   - an external id of the event's source with another value: the source
//     knows them as two people;
//   - a corporate e-mail at a domain where the candidate has e-mails, none of
//     them the event's: two addresses at one company are two people (an
//     address at a consumer provider says nothing, people have several).
//
// A different phone number is no disagreement: people have several.
func disagrees(ev *event, c candidate) bool {
	if ext := ev.keys.external; ext != "" {
		prefix := ext[:strings.IndexByte(ext, ':')+1]
		sameSource := false
		for _, x := range c.identifiers.ExternalIDs {
			if x == ext {
				return false
			}
			sameSource = sameSource || strings.HasPrefix(x, prefix)
		}
		if sameSource {
			return true
		}
	}
	if k := ev.keys.email; k != "" && !ev.ids.PersonalEmail {
		domain, sameDomain := match.EmailDomain(k), false
		for _, e := range c.identifiers.Emails {
			if e == string(k) {
				return false
			}
			sameDomain = sameDomain || match.EmailDomain(match.EmailKey(e)) == domain
		}
		return sameDomain
	}
	return false
}

func overlap(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
