package stages

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// maxBridges bounds the records one event merges into its own: more than
// that is not one person recorded twice but a key shared too widely.
const maxBridges = 2

// MergeJournal keeps the records a bridge merge is about to join, before the
// CRM merges them, so that a person can see and undo what the stream
// merged: a MergeBefore step with both records, then a MergeDone step that
// names the survivor (the Member when the CRM had merged the two the other
// way). A MergeBefore with no MergeDone is a merge the CRM refused, or one
// a crash cut short.
// `contactgate run` writes them in the purge's journal format
// (purge.Journal). AppendMerge returns once the step survives a crash.
type MergeJournal interface {
	AppendMerge(MergeStep) error
}

// The steps of a bridge merge, as the purge's journal names them.
const (
	MergeBefore = "before"
	MergeDone   = "merged"
)

// MergeStep is one step of a bridge merge: Member is merged into Master.
// Cluster names the event that linked them ("stream:<event id>").
type MergeStep struct {
	Step, Cluster, Master, Member string
	// MasterSnapshot and MemberSnapshot are both records' properties as
	// the index held them (MergeBefore).
	MasterSnapshot, MemberSnapshot map[string]string
	// Survivor is the record that holds both after a MergeDone: Master,
	// or Member when the CRM had merged Master into it (another instance
	// bridged them from Member's side).
	Survivor string
	// Verified: the CRM had merged them already (an earlier attempt, or
	// another instance), found by reading the records.
	Verified bool
	At       time.Time
}

// journalCluster names the stream's merges in a MergeJournal: one "cluster"
// per event that bridged records.
const journalCluster = "stream:"

// errNotMerged: the CRM refused a merge for good (one record deleted or
// changed since the index saw it). The event is applied without it.
var errNotMerged = errors.New("not merged")

// errMergedTheOtherWay: the CRM had merged A into B already (another
// instance bridged the two records from B's side): B survives.
var errMergedTheOtherWay = errors.New("merged the other way")

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
		holders := 0
		if len(keys) > 0 && keys[0].Kind == state.KeyPhone {
			holders = len(ids)
		}
		ids = slices.DeleteFunc(ids, func(id string) bool {
			return id == a.base.ID || slices.Contains(considered, id)
		})
		considered = append(considered, ids...)
		cands, err := g.candidates(ids)
		if err != nil {
			return nil, err
		}
		for _, c := range cands {
			var linked bool
			if keys == nil {
				// Found by a fuzzy blocking key: no rule speaks for it,
				// the scorer alone may.
				linked = !disagrees(ev, c) && g.linkedByEvidence(a, c)
			} else {
				linked = g.links(a, c, holders)
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
//     differs from the event's.
//
// In every case no stronger identifier of the event rules c out
// (disagrees), and the scorer neither puts the event and c in the distinct
// band nor holds them apart by a guard that says two people.
func (g *Gatekeeper) links(a *attempt, c candidate, phoneHolders int) bool {
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
			ev.fullName() && !companiesDiffer(ev, c) && g.oneDesk(ev, c)
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
// billing event's address, which the record does not keep), but not
// against what c as a whole holds against the event (heldAgainst): Morag
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
// zero: a phone, a title); when the two were heard of is no field.
func heldAgainst(c match.Comparison) bool {
	return slices.ContainsFunc(c.Evidence, func(e match.Evidence) bool { return e.Weight < 0 && e.Kind != match.KindSeen })
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
// none, and the event's first-name keys beside its own: the names A is
// known by once the event is applied (a nickname the event writes is one
// of them).
func withEventNames(p, e *match.Profile) {
	if p.First == "" {
		p.First, p.FirstToken = e.First, e.FirstToken
	}
	p.FirstKeys = withKeys(p.FirstKeys, e.FirstKeys)
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

// oneName: a and b carry a first and a last name of their own (not read
// from an address), and their current names are one name written alike,
// with a slip or as a nickname (not merely similar, nor an initial, which
// many names share). The names a record was seen with before are left
// out: a record at a family's mailbox holds the names its address spells.
func oneName(a, b *match.Profile) bool {
	if a.NamesFromAddress || b.NamesFromAddress {
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
// A: a nameless record at A's switchboard is a colleague as often as A.
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
// (namelessAtEventEmail): the event names whoever wrote from it.
func (g *Gatekeeper) oneEntity(a *attempt, b candidate) bool {
	ids := &a.base.Identifiers
	pb, e := g.entityProfile(a.ev, b), g.eventProfile(a.ev)
	bySource := a.match.by == schemas.MatchedByExternalID && e.FullName != "" && !e.LastFromAddress && pb.FullName != "" && !namesDiffer(e, &pb) ||
		namelessAtEventEmail(a, b, e)
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
	if bySource {
		pa = g.sourceProfile(a)
	} else {
		pa = g.entityProfile(a.ev, candidateOfRecord(a.base))
		withEventNames(&pa, e)
	}
	return samePersonDespiteSource(&pa, &pb, g.scorer.Score(&pa, &pb), sourceHoldsApart(ids, &b.identifiers))
}

// namelessAtEventEmail: b has no name and holds the event's own e-mail
// (not an office's mailbox), and the event carries a full name. b is then
// whoever wrote from that address, and the event says who: A as the
// event leaves it (sourceProfile) holds the address too. Had b not been
// made (an e-mail-only form that arrived first), the event would have
// given A the address, and b's events would be A's. Unless A has another
// address at the same company's domain: then the event's is a
// colleague's, typed into A's source record.
func namelessAtEventEmail(a *attempt, b candidate, e *match.Profile) bool {
	email := string(a.ev.keys.email)
	if !nameless(b) || e.FullName == "" || email == "" || e.RoleEmail || !slices.Contains(b.identifiers.Emails, email) {
		return false
	}
	if e.PersonalEmail {
		return true
	}
	return !slices.ContainsFunc(a.base.Identifiers.Emails, func(own string) bool {
		return own != email && match.EmailDomain(match.EmailKey(own)) == e.EmailDomain
	})
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

// oneWithMerged reports whether rec may be one person with each record
// the attempt has merged into A already (as oneEntity weighs A and B): A,
// weighed with its history of names, may agree with two people who
// disagree with each other ("E.
// Turner" with Edward and with Elizabeth), and merging both through it
// would join them.
func (g *Gatekeeper) oneWithMerged(a *attempt, rec state.Record) bool {
	if len(a.mergedRecords) == 0 {
		return true
	}
	none := &event{}
	pr := g.entityProfile(none, candidateOfRecord(rec))
	for _, m := range a.mergedRecords {
		if addressesHoldApart(&m.Identifiers, &rec.Identifiers) {
			return false
		}
		pm := g.entityProfile(none, candidateOfRecord(m))
		if !samePersonDespiteSource(&pm, &pr, g.scorer.Score(&pm, &pr), sourceHoldsApart(&m.Identifiers, &rec.Identifiers)) {
			return false
		}
	}
	return true
}

// mergeInCRM journals A and B, merges B into A in the CRM and journals the
// merge. A merge the CRM refuses is checked: when B reads as A, an earlier
// attempt merged them (its index write lost), and that is success;
// otherwise errNotMerged. Retryable failures are returned as they are.
func (g *Gatekeeper) mergeInCRM(ctx context.Context, a, b state.Record, eventID string, redact func(error) error) error {
	master := a.ID
	at := g.cfg.Now().UTC()
	cluster := journalCluster + eventID
	if err := g.journal(MergeStep{Step: MergeBefore, Cluster: cluster, Master: master, Member: b.ID,
		MasterSnapshot: snapshotOfRecord(a), MemberSnapshot: snapshotOfRecord(b), At: at}); err != nil {
		return err
	}
	survivor, err := g.cfg.CRM.Merge(ctx, master, b.ID)
	verified := false
	if err != nil {
		if g.Retryable(err) || g.Pause(err) {
			return fmt.Errorf("merge record %s into %s: %w", b.ID, master, err)
		}
		c, gerr := g.cfg.CRM.Get(ctx, b.ID, []string{connectors.PropEmail})
		if gerr == nil && c.ID == b.ID {
			// B stands: was A merged into it?
			c, gerr = g.cfg.CRM.Get(ctx, master, []string{connectors.PropEmail})
			if gerr == nil && c.ID == b.ID {
				g.cfg.Logger.Info("stages: the CRM had merged the record into the other already", "event_id", eventID,
					"record_id", master, "survivor", b.ID)
				if err := g.journal(MergeStep{Step: MergeDone, Cluster: cluster, Master: master, Member: b.ID,
					Survivor: b.ID, Verified: true, At: g.cfg.Now().UTC()}); err != nil {
					return err
				}
				return errMergedTheOtherWay
			}
			c.ID = "" // neither reads as the other
		}
		switch {
		case gerr == nil && c.ID == master:
			survivor, verified = c, true
		case gerr != nil && (g.Retryable(gerr) || g.Pause(gerr)):
			return fmt.Errorf("check the merge of record %s into %s: %w", b.ID, master, gerr)
		default:
			g.cfg.Logger.Warn("stages: the CRM refused a bridge merge; the event is applied without it",
				"event_id", eventID, "record_id", master, "merged_id", b.ID, "error", redact(err))
			return errNotMerged
		}
	}
	if survivor.ID != "" && survivor.ID != master {
		// HubSpot keeps the primary's id; a CRM that gives the survivor a
		// new one is not supported by the stream's merges.
		g.cfg.Logger.Warn("stages: the CRM merged into a new record id", "record_id", master, "survivor", survivor.ID)
	}
	g.merges.Add(1)
	return g.journal(MergeStep{Step: MergeDone, Cluster: cluster, Master: master, Member: b.ID,
		Survivor: master, Verified: verified, At: g.cfg.Now().UTC()})
}

// journal appends e to Config.MergeJournal, when there is one; appends of
// concurrent lanes are serialized.
func (g *Gatekeeper) journal(e MergeStep) error {
	if g.cfg.MergeJournal == nil {
		return nil
	}
	g.journalMu.Lock()
	defer g.journalMu.Unlock()
	if err := g.cfg.MergeJournal.AppendMerge(e); err != nil {
		return fmt.Errorf("%w: merge journal: %w", ErrIndex, err)
	}
	return nil
}

// snapshotOfRecord is a record's properties as the index holds them, for
// the journal.
func snapshotOfRecord(r state.Record) map[string]string {
	props := make(map[string]string, len(r.Properties))
	for k, p := range r.Properties {
		props[k] = p.Value
	}
	return props
}

// foldRecord is record a after b was merged into it, as the CRM holds it
// (HubSpot keeps the primary's values and takes the other's where the
// primary has none; e-mails join the primary's additional ones): every
// identifier of both, a's properties and b's where a has none.
func foldRecord(a, b state.Record) state.Record {
	ids := cloneIdentifiers(a.Identifiers)
	state.JoinIdentifiers(&ids, b.ID, b.Identifiers)
	props := maps.Clone(a.Properties)
	if props == nil {
		props = make(map[string]schemas.PropertyValue, len(b.Properties))
	}
	for k, v := range b.Properties {
		if _, set := props[k]; !set && k != connectors.PropEmail {
			props[k] = v
		}
	}
	a.Identifiers, a.Properties = ids, props
	a.Members = state.JoinMembers(a.Members, b.Members...)
	a.Seen = state.JoinSeen(a.Seen, b.Seen...)
	return a
}
