package stages

import (
	"slices"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
)

// samePersonDespiteSource is samePerson, but for two records a source
// holds apart (sourceHoldsApart) the pair must match on its own, under one
// name: a source's duplicate of one person (a help desk's user per
// address, billing's customer per checkout, a CRM's own duplicate) bears
// the person's name, while two people a source knows apart and a bridge
// may link (a couple at a family's mailbox, relatives at one home) bear
// two first names.
func samePersonDespiteSource(a, b *match.Profile, cmp match.Comparison, apart bool) bool {
	if apart {
		return cmp.Band == match.BandMatch && cmp.Guard == "" && oneName(a, b)
	}
	return samePerson(cmp)
}

// oneName: a and b carry a first and a last name of their own, and their
// current names are one name written alike, with a slip or as a nickname
// (not merely similar, nor an initial, which many names share). Neither
// both names nor the first one may be read from an address; a last name
// an address spells beside a written first name counts (counting it out
// too left 3 and 1 more duplicates on gen4's and gen3's looked-at streams, with
// no false merge fewer). The names a record was seen with before are left
// out: a record at a family's mailbox holds the names its address spells.
func oneName(a, b *match.Profile) bool {
	if a.NamesFromAddress || b.NamesFromAddress || a.FirstFromAddress || b.FirstFromAddress {
		return false
	}
	current := func(p *match.Profile) *match.Profile {
		return &match.Profile{First: p.First, FirstKeys: match.FirstNameKeys(p.First), FirstToken: p.FirstToken,
			Middle: p.Middle, Last: p.Last, FullName: p.FullName}
	}
	ca, cb := current(a), current(b)
	for _, k := range []match.Kind{match.KindFirstName, match.KindLastName} {
		switch match.CompareField(k, ca, cb) {
		case match.LevelExact, match.LevelClose, match.LevelNickname:
		default:
			return false
		}
	}
	return true
}

// companiesDiffer: the event and c both name a company, and the companies
// fold to different keys.
func companiesDiffer(ev *event, c candidate) bool {
	theirs := match.FoldCompany(c.property(connectors.PropCompany))
	return ev.ids.CompanyKey != "" && theirs != "" && theirs != ev.ids.CompanyKey
}

// oneEntity reports whether record b may be one person with the attempt's
// record (A) as the event leaves it: no addresses at one company that say
// two people (addressesHoldApart), and the scorer neither puts them in the
// distinct band nor holds them apart by a guard other than "nothing
// identifies" (what identifies them is the event); where a source holds
// them apart by two ids, they match on their own under one name
// (samePersonDespiteSource). A is weighed with the event's names where it
// had none, and the event's first-name keys beside its own
// (withEventNames): a record
// made from an e-mail and a company, and one made earlier from the name at
// that company, share nothing but the company until the event that carries
// the e-mail and the name links them. Nothing else of the event is lent to
// A: a nameless record at A's switchboard is a colleague as often as A
// (but see atEventPhone, below).
// (Lending the keys only where A had no first name left 16 more duplicates
// and 2 more false merges over the demo's seeds 31-35.)
//
// Unless the event found A by its external id, and the event and b both
// carry a full name (the event's written, not its last name read from its
// address: a colleague's address typed into the source's record spells
// the colleague's) and no first or last name of theirs differs: then the
// event is A's source's record of A as it is now (sourceProfile), which
// may have moved on from what A holds, as a person moves to another
// employer or changes surname. A is weighed as the event leaves it (its
// phone, e-mail, company and full name lent), and the event's e-mail is
// among A's for addressesHoldApart. A colleague's address typed into the
// source's record is not the colleague (the names differ), and an event or
// a record without a full name says too little to lend anything. So too
// when b has no name and holds the event's own address
// (namelessAtEventEmail): the event names whoever wrote from it, and a
// source's other id for b (a help desk's user per address) does not hold
// the two apart (sourceHoldsApart). When b
// holds the event's phone at its desk under the event's name, or under
// none (atEventPhone), A is weighed as the event leaves it
// (profileWithEvent, its phone included): the event says whose number it
// is.
func (g *Gatekeeper) oneEntity(a *attempt, b candidate) bool {
	ids := &a.base.Identifiers
	pb, e := g.entityProfile(a.ev, b), g.eventProfile(a.ev)
	unnamedAtAddress := namelessAtEventEmail(a, b, e)
	bySource := a.match.by == schemas.MatchedByExternalID && e.FullName != "" && !e.NameFromAddress() && pb.FullName != "" && !namesDiffer(e, &pb) ||
		unnamedAtAddress
	if bySource && a.ev.keys.email != "" && !slices.Contains(ids.Emails, string(a.ev.keys.email)) {
		// The source's record has the event's address now, beside the
		// old one at the same company (a surname changed).
		withEmail := *ids
		withEmail.Emails = append(slices.Clip(ids.Emails), string(a.ev.keys.email))
		ids = &withEmail
	}
	if addressesHoldApart(ids, &b.identifiers) {
		return false
	}
	var pa match.Profile
	switch {
	case bySource:
		pa = g.sourceProfile(a)
	case g.atEventPhone(a, b):
		pa = g.profileWithEvent(a)
	default:
		pa = g.entityProfile(a.ev, candidateOfRecord(a.base))
		withEventNames(&pa, e)
	}
	// b, nameless at the event's address, is whoever wrote from it, and
	// the event names that person: a source's other id for b (a help
	// desk's user per address) is the address's, not a second person's.
	return samePersonDespiteSource(&pa, &pb, g.scorer.Score(&pa, &pb), sourceHoldsApart(ids, &b.identifiers) && !unnamedAtAddress)
}

// unwritten: no source wrote c a first or a last name; the names it is
// keyed by, if any, were read from its address (linda.redley@).
func unwritten(c candidate) bool {
	return isBlank(c.property(connectors.PropFirstName)) && isBlank(c.property(connectors.PropLastName))
}

// namelessAtEventEmail: b has no name (unwritten) and holds the event's
// own e-mail (not an office's mailbox), and the event carries a full
// name. b is then
// whoever wrote from that address, and the event says who: A as the
// event leaves it (sourceProfile) holds the address too. Had b not been
// made (an e-mail-only form that arrived first), the event would have
// given A the address, and b's events would be A's. Unless A has another
// address at the same company's domain: then the event's is a
// colleague's, typed into A's source record.
func namelessAtEventEmail(a *attempt, b candidate, e *match.Profile) bool {
	email := string(a.ev.keys.email)
	if !unwritten(b) || e.FullName == "" || email == "" || e.RoleEmail || !slices.Contains(b.identifiers.Emails, email) {
		return false
	}
	if e.PersonalEmail {
		return true
	}
	return !slices.ContainsFunc(a.base.Identifiers.Emails, func(own string) bool {
		return own != email && match.EmailDomain(match.EmailKey(own)) == e.EmailDomain
	})
}

// atEventPhone: b holds the event's phone at the event's desk (oneDesk),
// and the event carries a full name that is b's (namesAgree), or b has no
// name and no company that differs from the event's: the event says whose
// number it is. A is then weighed as the event leaves it
// (profileWithEvent: with the event's phone, and its e-mail, company and
// names where A has none). Had b's events come after the event, the phone rule
// would have matched them to A; arriving first, they are merged into A
// when the event links them. Mary Norford's record at her new employer
// holds her mobile, which her old employer's record held too: the two
// differ in company and address, and only the phone joins them. (A
// record without a name at a switchboard's bare number is not linked in
// the first place: links.)
func (g *Gatekeeper) atEventPhone(a *attempt, b candidate) bool {
	ev := a.ev
	if !ev.fullName() || ev.keys.phone == "" || !slices.Contains(b.identifiers.Phones, ev.keys.phone) || !g.oneDesk(ev, b) {
		return false
	}
	if namesAgree(ev, b) {
		return true
	}
	return nameless(b) && !companiesDiffer(ev, b)
}

// namesDiffer: the first or the last names of a and b are different
// names (match.LevelDifferent), not slips, nicknames or initials of one.
func namesDiffer(a, b *match.Profile) bool {
	return match.CompareField(match.KindFirstName, a, b) == match.LevelDifferent ||
		match.CompareField(match.KindLastName, a, b) == match.LevelDifferent
}

// sourceProfile is A as the event found by its external id leaves it:
// A's profileWithEvent, with the event's e-mail, company and full name
// over A's. An event that carries a source system's own id for a person
// is that system's record of the person now: a CRM's contact whose owner
// changed jobs comes with the new employer and the new work address,
// which a record made from a form at the new employer holds, and A's old
// ones would hold apart. A's generational suffix and middle names stay
// when the event writes none (entityProfile keeps a Sr a later event left
// out). (On streamgen seeds 1-4 this left 0.2-0.7 points of duplicates
// fewer, false merges within a record.)
func (g *Gatekeeper) sourceProfile(a *attempt) match.Profile {
	p, e := g.profileWithEvent(a), g.eventProfile(a.ev)
	if e.EmailKey != "" {
		setEmail(&p, e)
	}
	if e.Company != "" {
		p.Company, p.CompanyTokens = e.Company, e.CompanyTokens
	}
	if e.First != "" && e.Last != "" {
		// A name the source now gives (a surname changed with a
		// marriage), A's other writings still among its keys.
		if initial(e.First) && p.First != "" {
			// "N Baker" says no more of the first name than A's
			// Nathaniel does: A keeps it, and an initial lent would
			// agree with Neil Baker too.
			p.Last, p.FullName = e.Last, p.First+"|"+e.Last
		} else {
			p.First, p.FirstToken, p.Last, p.FullName = e.First, e.FirstToken, e.Last, e.FullName
		}
		if len(e.Middle) > 0 {
			p.Middle = e.Middle
		}
		if e.Generation != "" {
			p.Generation = e.Generation
		}
	}
	return p
}

// setEmail gives p e's e-mail and what the profile derives from it.
func setEmail(p, e *match.Profile) {
	p.EmailKey, p.EmailLocal, p.EmailDomain, p.PersonalEmail, p.RoleEmail, p.EmailOrg =
		e.EmailKey, e.EmailLocal, e.EmailDomain, e.PersonalEmail, e.RoleEmail, e.EmailOrg
}
