package stages

import (
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
)

// byPhone applies the phone rule: a phone number is weak evidence, since
// colleagues share a switchboard and families a landline. An event with a
// full name matches the one candidate whose name agrees (first-name keys
// overlap, last names equal), and nothing when several do; a candidate
// without a name does not agree. Only when no name agrees does the one
// candidate whose name differs by a typing slip in one part, the other part
// agreeing (namesNear), match, with ScorePhoneNearName: the phone and half
// the name are the evidence, and a slip is no second person. An event with
// nothing but the phone (no full name, no e-mail) matches a
// phone held by exactly one record whose name parts and job title do not
// contradict its own (titlesDiffer), or, for an event without a name
// part, of several holders the one without a name: else every such event
// would make one more nameless record. Neither when the number is a
// switchboard's (switchboard: the event writes it bare and a holder is
// known at an extension of it): its bare number is anyone's there. An
// event with an e-mail but no full name does not match by phone: the
// address missed, which says it may well be a colleague. An external id
// that missed says so only of a holder known by another id of the event's
// source, which disagrees rules out (sourceDisagrees): a ticket system's
// requester id or a chat's visitor id is new with the first system that
// meets the person, and the phone alone is then the event's evidence. (A
// source that gives a person a new id with every session still makes a
// record per session: by its own ids it knows the holder as another.)
// In every case a stronger identifier that disagrees rules a candidate out
// (disagrees).
func byPhone(ev *event, cands []candidate, switchboard bool) resolution {
	fullName := ev.fullName()
	phoneOnly := !fullName && ev.keys.email == ""
	none := resolution{by: schemas.MatchedByNone}
	if !fullName && !phoneOnly {
		return none
	}
	if fullName {
		for _, rule := range []struct {
			agree func(*event, candidate) bool
			score float64
		}{{namesAgree, ScorePhoneName}, {namesNear, ScorePhoneNearName}} {
			switch found := filterCandidates(ev, cands, rule.agree); len(found) {
			case 0:
				continue
			case 1:
				return resolution{recordID: found[0].id, by: schemas.MatchedByPhone, score: rule.score}
			}
			return none
		}
		// The phone's only holder has no name at all: a phone-only event
		// made it, perhaps this person's, arriving first on another lane
		// or partition. Nothing contradicts the event, so it is the same
		// identity, as a phone-only event would match it.
		if len(cands) == 1 && nameless(cands[0]) && !disagrees(ev, cands[0]) {
			return resolution{recordID: cands[0].id, by: schemas.MatchedByPhone, score: ScorePhoneOnly}
		}
		return none
	}
	found := filterCandidates(ev, cands, func(ev *event, c candidate) bool { return !namePartsContradict(ev, c) && !titlesDiffer(ev, c) })
	if len(found) == 1 && len(cands) == 1 && !switchboard {
		return resolution{recordID: found[0].id, by: schemas.MatchedByPhone, score: ScorePhoneOnly}
	}
	// Several hold the number: the one without a name is the record that
	// events giving nothing but this number made before (the others were
	// named when it was made, or it arrived first and no event linked
	// it). An event without a name part is of its kind; a new record would
	// be one more nameless holder with every such event. One with a
	// surname or a first name is not (Castro at Erica Castro's number is
	// hers more than the nameless record's), and neither is one at a
	// switchboard (a holder known at an extension of the number): its bare
	// number is anyone's there, and two colleagues' calls are two people.
	if one, ok := onlyOne(found, nameless); ok && !switchboard && len(ev.ids.FirstKeys) == 0 && ev.ids.LastKey == "" {
		return resolution{recordID: one.id, by: schemas.MatchedByPhone, score: ScorePhoneOnly}
	}
	return none
}

// nameless: a candidate without a first or a last name.
func nameless(c candidate) bool { return len(c.firstKeys) == 0 && c.lastKey == "" }

// filterCandidates returns the candidates that agree with the event and
// that no stronger identifier of the event rules out.
func filterCandidates(ev *event, cands []candidate, agree func(*event, candidate) bool) []candidate {
	var found []candidate
	for _, c := range cands {
		if !disagrees(ev, c) && agree(ev, c) {
			found = append(found, c)
		}
	}
	return found
}

// byNameCompany applies the name-and-company rule: the event matches the
// records that share one of its name-and-company keys, whose names agree and
// that no stronger identifier of the event contradicts (disagrees), when
// they are one person: exactly one, or several that nothing tells apart
// (onePerson), a person split before; then the oldest, so that the split
// does not grow with every event that has only a name and a company.
// Namesakes at one company are two people unless something stronger joins
// them: when a stronger identifier tells two candidates, or the event and a
// candidate, apart, the name says nothing and nothing matches.
func byNameCompany(ev *event, cands []candidate) resolution {
	return nameCompanyRule(ev, cands, namesAgree, ScoreNameCompany)
}

// byNearNameCompany applies the name-and-company rule to records found
// under a name one typing slip away (match.Identifiers.NearNameCompanyKeys):
// as byNameCompany, with namesNear in place of namesAgree. The company and
// the half of the name that agrees are the evidence beside the near half.
func byNearNameCompany(ev *event, cands []candidate) resolution {
	return nameCompanyRule(ev, cands, namesNear, ScoreNearNameCompany)
}

func nameCompanyRule(ev *event, cands []candidate, agree func(*event, candidate) bool, score float64) resolution {
	var found []candidate
	for _, c := range cands {
		if !agree(ev, c) {
			continue
		}
		if disagrees(ev, c) {
			return resolution{by: schemas.MatchedByNone}
		}
		found = append(found, c)
	}
	if len(found) == 0 || !onePerson(found) {
		return resolution{by: schemas.MatchedByNone}
	}
	return resolution{recordID: oldestCandidate(found), by: schemas.MatchedByNameCompany, score: score}
}

// onePerson reports whether candidates that all agree with an event may be
// one person recorded twice: no two of them hold external ids of one source
// with different values, or corporate e-mails at one domain none of which
// they share (the rules of disagrees, between records).
func onePerson(cands []candidate) bool {
	for i := range cands {
		for j := i + 1; j < len(cands); j++ {
			if recordsDisagree(&cands[i].identifiers, &cands[j].identifiers) {
				return false
			}
		}
	}
	return true
}

// recordsDisagree reports identifiers of two records that say they are two
// people: external ids of one source, none shared (sourceHoldsApart), or
// corporate e-mails at one domain, none shared (addressesHoldApart).
func recordsDisagree(a, b *schemas.Identifiers) bool {
	return sourceHoldsApart(a, b) || addressesHoldApart(a, b)
}

// sourceHoldsApart: the two records hold ids of one source, and none in
// common: the source keeps them as two records. Sources keep duplicates
// too (a help desk keeps a user per address, billing a customer per
// checkout, a CRM its own duplicates), so where an event links the two a
// bridge weighs this against what the records share (oneEntity).
func sourceHoldsApart(a, b *schemas.Identifiers) bool {
	source := func(x string) string { return x[:strings.IndexByte(x, ':')+1] }
	for _, x := range a.ExternalIDs {
		for _, y := range b.ExternalIDs {
			if source(x) == source(y) && !slices.Contains(b.ExternalIDs, x) && !slices.Contains(a.ExternalIDs, y) {
				return true
			}
		}
	}
	return false
}

// addressesHoldApart: the two records hold corporate e-mails at one
// domain, none shared (an office's mailbox aside: officeMailbox), and no
// two of them a slip apart: two addresses at one company are two people.
func addressesHoldApart(a, b *schemas.Identifiers) bool {
	for _, x := range a.Emails {
		kx := match.EmailKey(x)
		if match.IsPersonalEmailDomain(match.EmailDomain(kx)) || officeMailbox(kx) || slices.Contains(b.Emails, x) {
			continue
		}
		for _, y := range b.Emails {
			if match.EmailDomain(match.EmailKey(y)) == match.EmailDomain(kx) && !slices.Contains(a.Emails, y) && !emailSlip(x, y) && !officeMailbox(match.EmailKey(y)) {
				return true
			}
		}
	}
	return false
}

// oldestCandidate returns the id of the oldest of cands (oldest).
func oldestCandidate(cands []candidate) string {
	ids := make([]string, len(cands))
	for i := range cands {
		ids[i] = cands[i].id
	}
	return oldest(ids)
}

// namesAgree: the first-name keys overlap, the last names are equal, and
// no generational suffix tells them apart (generationsDiffer).
func namesAgree(ev *event, c candidate) bool {
	return ev.ids.LastKey != "" && (ev.ids.LastKey == c.lastKey || slices.Contains(c.lastKeys, ev.ids.LastKey)) &&
		overlap(ev.ids.FirstKeys, c.firstKeys) && !generationsDiffer(ev, c)
}

// generationsDiffer: the event's name and c's carry two generational
// suffixes (Jr and Sr, II and III), c's from its last name or, when
// precedence kept a writing without one, from a member's: a father and
// his son share the rest of their names, and often a company or a home,
// as the scorer's generations guard holds them apart.
func generationsDiffer(ev *event, c candidate) bool {
	e := match.Generation(ev.ce.LastName)
	if e == "" {
		return false
	}
	r := c.generation()
	return r != "" && r != e
}

// generation is the generational suffix (Jr, Sr) of c's last name, or,
// when precedence kept a writing without one, the first a member gave: the
// suffix is a fact about the person, which precedence does not keep.
func (c candidate) generation() string {
	if g := match.Generation(c.property(connectors.PropLastName)); g != "" {
		return g
	}
	for _, m := range c.members {
		if g := match.Generation(m[memberLast]); g != "" {
			return g
		}
	}
	return ""
}

// namesNear: one name part agrees and the other differs by a typing slip
// (match.LikelyTypo): the last names are equal and the first names (as
// written, folded) are near, or the first-name keys overlap and the last
// names are near. Evidence only beside another identifier that agrees.
func namesNear(ev *event, c candidate) bool {
	if ev.ids.LastKey == "" || c.lastKey == "" || len(ev.ids.FirstKeys) == 0 || len(c.firstKeys) == 0 {
		return false
	}
	if generationsDiffer(ev, c) {
		return false
	}
	if ev.ids.LastKey == c.lastKey {
		return match.LikelyTypo(ev.ids.FirstKeys[0], c.firstKeys[0])
	}
	return overlap(ev.ids.FirstKeys, c.firstKeys) && match.LikelyTypo(ev.ids.LastKey, c.lastKey)
}

// heldAtOwnKey: c holds the event's e-mail as it is, a person's own (not
// an office's mailbox), and no name part of the event contradicts c's; or
// c holds the event's phone number, understood and without an extension,
// and the event's full name is c's (namesAgree, one canonical first
// name). A source's other id for c is then a second record of c in that
// source, not another person: help desks and CRMs keep one record per
// address, and a person with two addresses may have two there; an events
// app registers an attendee per event, a partner portal per deal. (gen4's
// streams give a person two ids of one source 8 % of the time in its CRM
// and 26 % in its partner portal.)
func heldAtOwnKey(ev *event, c candidate) bool {
	if k := ev.keys.email; k != "" && !officeMailbox(k) && slices.Contains(c.identifiers.Emails, string(k)) && !namePartsContradict(ev, c) {
		return true
	}
	// The event's own phone number under the event's full name: an
	// events app's registration per event, a partner portal's per deal.
	// One first name, not two a nickname joins (Chris beside Christina at
	// one office line); a number understood (no digits key: it may be
	// anyone's), with no extension (two desks of one switchboard are two
	// people's). A company that differs does not count: people keep
	// their mobile when they change jobs.
	k := ev.keys.phone
	return k != "" && !match.IsPhoneDigitsKey(k) && ev.ids.Phone.Extension == "" && ev.fullName() && len(c.firstKeys) > 0 &&
		slices.Contains(c.identifiers.Phones, k) && namesAgree(ev, c) &&
		match.CanonicalFirstName(ev.ids.FirstKeys[0]) == match.CanonicalFirstName(c.firstKeys[0])
}

// namePartsContradict: a name part both sides have differs.
func namePartsContradict(ev *event, c candidate) bool {
	return len(ev.ids.FirstKeys) > 0 && len(c.firstKeys) > 0 && !overlap(ev.ids.FirstKeys, c.firstKeys) ||
		ev.ids.LastKey != "" && c.lastKey != "" && ev.ids.LastKey != c.lastKey && !slices.Contains(c.lastKeys, ev.ids.LastKey)
}

// disagrees reports a stronger identifier that says the candidate is
// someone else:
//   - an external id of the event's source with another value: the source
//     knows them as two people, unless the candidate holds the event's own
//     address and no name part contradicts, or its phone under its full
//     name (heldAtOwnKey: the source's second record of one person);
//   - a corporate e-mail at a domain where the candidate has e-mails, none of
//     them the event's: two addresses at one company are two people (an
//     address at a consumer provider says nothing, people have several, nor
//     does an office's mailbox, anyone's: officeMailbox).
//
// A different phone number is no disagreement: people have several.
func disagrees(ev *event, c candidate) bool {
	return sourceDisagrees(ev, c) || addressDisagrees(ev, c)
}

// sourceDisagrees is disagrees' first rule: c holds ids of the event's
// source and not the event's, nor the event's own address or phone
// (heldAtOwnKey).
func sourceDisagrees(ev *event, c candidate) bool {
	ext := ev.keys.external
	if ext == "" || holdsEventID(ev, c) {
		return false
	}
	prefix := sourcePrefix(ext)
	return slices.ContainsFunc(c.identifiers.ExternalIDs, func(x string) bool { return strings.HasPrefix(x, prefix) }) &&
		!heldAtOwnKey(ev, c)
}

// addressDisagrees is disagrees' second rule: a corporate e-mail at a
// domain where c has e-mails, none of them the event's (nor a slip of
// one, nor an alias of one by the full name either writes: aliases). An
// external id c shares with the event outweighs it.
func addressDisagrees(ev *event, c candidate) bool {
	k := ev.keys.email
	if k == "" || ev.ids.PersonalEmail || officeMailbox(k) || holdsEventID(ev, c) {
		return false
	}
	domain, sameDomain := match.EmailDomain(k), false
	for _, e := range c.identifiers.Emails {
		if e == string(k) || emailSlip(string(k), e) && !namesakeAddresses(ev, c, string(k), e) {
			return false
		}
		sameDomain = sameDomain || match.EmailDomain(match.EmailKey(e)) == domain && !officeMailbox(match.EmailKey(e)) &&
			!aliases(ev, c, string(k), e)
	}
	return sameDomain
}

// aliases: x and y are one person's addresses at a company by the full
// name the event writes and by the full name c holds, each that there is
// (match.AliasesByNames: j.hahn, julia.hahn beside Julia Hahn), as the
// scorer's colleagues guard reads them.
func aliases(ev *event, c candidate, x, y string) bool {
	var event, held [2]string
	if ev.fullName() && len(ev.ids.FirstKeys) > 0 {
		event = [2]string{ev.ids.FirstKeys[0], ev.ids.LastKey}
	}
	if len(c.firstKeys) > 0 && len(c.firstKeys[0]) >= 2 { // an initial is no full name to spell
		held = [2]string{c.firstKeys[0], c.lastKey}
	}
	return match.AliasesByNames(match.EmailLocal(match.EmailKey(x)), match.EmailLocal(match.EmailKey(y)), event, held)
}

// namesakeAddresses: x and y are a company's two accounts for one name
// (match.NamesakeInitials: jscholz, juscholz), by the names the event
// writes or those c holds: two people of one name, not a slip.
func namesakeAddresses(ev *event, c candidate, x, y string) bool {
	lx, ly := match.EmailLocal(match.EmailKey(x)), match.EmailLocal(match.EmailKey(y))
	if len(ev.ids.FirstKeys) > 0 && !isBlank(ev.ce.FirstName) && match.NamesakeInitials(lx, ly, ev.ids.FirstKeys[0], ev.ids.LastKey) {
		return true
	}
	return len(c.firstKeys) > 0 && match.NamesakeInitials(lx, ly, c.firstKeys[0], c.lastKey)
}

// holdsEventID: c holds the event's external id.
func holdsEventID(ev *event, c candidate) bool {
	return ev.keys.external != "" && slices.Contains(c.identifiers.ExternalIDs, ev.keys.external)
}

// officeMailbox: k is a role account's address (info@, team@,
// match.IsRoleEmail), which anyone at the office writes from: beside a
// person's own address at that domain it says nothing of two people.
func officeMailbox(k match.EmailKey) bool { return match.IsRoleEmail(match.EmailLocal(k)) }

// ownAddress: the e-mail key k is not an office's mailbox.
func ownAddress(k string) bool { return !officeMailbox(match.EmailKey(k)) }

// emailSlip: two addresses at one domain whose local parts are one
// mailbox with and without a subaddress (anil, anil+events:
// match.OneMailbox), or a typing slip apart (Jaro-Winkler at least 0.9, as
// the scorer's colleagues guard reads them, and neither numbered apart nor
// a namesake's second account, logan.conley and logan.conley2:
// match.NamesakeAccounts): one person's address written twice, not two
// people's.
func emailSlip(a, b string) bool {
	ka, kb := match.EmailKey(a), match.EmailKey(b)
	la, lb := match.EmailLocal(ka), match.EmailLocal(kb)
	return match.EmailDomain(ka) == match.EmailDomain(kb) && (match.OneMailbox(la, lb) ||
		!match.NumberedApart(la, lb) && !match.NamesakeAccounts(la, lb) && match.JaroWinkler(la, lb) >= 0.9)
}

func overlap(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// titlesDiffer: the event and c each carry a job title, and the titles
// differ (match.JobTitleKey). For an event without a name that only a
// phone finds, the title is the one thing that says which of the people
// behind a switchboard wrote it: the Procurement Manager calling from
// Golden Gate Brewing's number is not its Finance Director. (On the
// demo's streams replayed with one lane, seeds 1-5, it cut the
// many-events and messy false-merge records 25 to 19, and made one
// duplicate on gen3's.)
func titlesDiffer(ev *event, c candidate) bool {
	e := match.JobTitleKey(ev.ce.Properties[connectors.PropJobTitle])
	if e == "" || c.property == nil {
		return false
	}
	r := match.JobTitleKey(c.property(connectors.PropJobTitle))
	return r != "" && e != r
}
