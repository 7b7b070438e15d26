package stages

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

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
	// (no full name or e-mail; an external id that missed, unless the
	// source knows the holder by another), held by exactly one record
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
	if err := g.readNationalInHoldersRegion(ctx, ev); err != nil {
		return err
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

// idOfAnotherReason is the refused reason of an external id set aside by
// idOfAnother.
const idOfAnotherReason = "another person's: every record holding it names someone else, at another address; resolved by the event's other keys"

// resolveIndex looks the event up in the identity index: by external id,
// by e-mail (or, for a subaddress no record holds, its mailbox's bare
// address), then by its weak keys. The candidates it weighs by a weak key
// are added to seen, when not nil.
func (g *Gatekeeper) resolveIndex(ev *event, seen *weighed) (resolution, error) {
	k := &ev.keys
	if k.external != "" {
		ids, err := g.ix.Lookup(state.Key{Kind: state.KeyExternalID, Value: k.external})
		if err != nil {
			return resolution{}, indexError("lookup", err)
		}
		slices.SortFunc(ids, byAge)
		for _, id := range ids {
			shared, err := g.idOfAnother(ev, id)
			if err != nil || !shared {
				return resolution{recordID: id, by: schemas.MatchedByExternalID, score: ScoreExact}, err
			}
		}
		if len(ids) > 0 {
			// Every holder of the id is another person: the id is an
			// account's (idOfAnother), no key of this event's. It is
			// not written to the record the event goes to, nor claimed,
			// nor looked up again by the bridge: two records holding
			// it would make the next event's "oldest holder" a choice
			// between two people. The outcome says so.
			k.external = ""
			ev.refused = append(ev.refused, schemas.FieldDecision{Field: "external_id", Value: ev.ce.ExternalID, Reason: idOfAnotherReason})
		}
	}
	var heldBy string
	if k.email != "" {
		ids, err := g.ix.Lookup(state.Key{Kind: state.KeyEmail, Value: string(k.email)})
		if err != nil {
			return resolution{}, indexError("lookup", err)
		}
		viaMailbox := false
		if bare := match.MailboxAddress(g.eventProfile(ev)); len(ids) == 0 && bare != "" && bare != string(k.email) {
			viaMailbox = true
			// A subaddress that no record holds as written
			// (r.yamamoto+vendor@umi.com): the holders of its mailbox's
			// bare address, one mailbox by RFC 5233, are the e-mail's.
			// NormalizeEmail folds the tag only where the provider
			// documents it; the key keeps it elsewhere.
			if ids, err = g.ix.Lookup(state.Key{Kind: state.KeyEmail, Value: bare}); err != nil {
				return resolution{}, indexError("lookup", err)
			}
		}
		m, err := g.byEmail(ev, ids, seen)
		if err != nil || m.recordID != "" {
			return m, err
		}
		if viaMailbox {
			// The CRM holds the bare address, not the event's: a record
			// made of this event keeps its subaddress (a 409 is for the
			// address as written).
			m.emailHeldBy = ""
		}
		heldBy = m.emailHeldBy
	}
	m, err := g.resolveIndexWeak(ev, seen)
	if m.recordID == "" {
		m.emailHeldBy = heldBy
	}
	return m, err
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
		if m := g.byPhoneAtTheDesk(ev, cands); m.recordID != "" {
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

// idOfAnother reports an external id the event shares with record id that
// is another person's: the event has a full name (written, or spelt by its
// address: ana.gomez@) and an e-mail, the record holds not that e-mail and
// writes its names (a nameless record's address may be a handle,
// kiwi.dream@, and no name to differ from), and the scorer reads both the
// first and the last name as different from the record's: Ana Gomez at
// anag@jsd.nl with the billing id of Anders Lindberg's record, a
// colleague's account. Such an id names an account, not the person, and
// says nothing of which record is hers: the event is resolved by its other
// keys. A name that changed with a marriage keeps its first name; a
// nickname or an initial is no different name.
func (g *Gatekeeper) idOfAnother(ev *event, id string) (bool, error) {
	if !ev.fullName() || ev.keys.email == "" {
		return false, nil
	}
	cands, err := g.candidates([]string{id})
	if err != nil || len(cands) == 0 {
		return false, err
	}
	c := cands[0]
	if slices.Contains(c.identifiers.Emails, string(ev.keys.email)) {
		return false, nil
	}
	p, evp := g.recordProfile(ev, &c.identifiers, c.property), g.eventProfile(ev)
	if p.NameFromAddress() {
		return false, nil // the record's names are its address's letters
	}
	first, last := false, false
	for _, e := range g.scorer.Score(evp, &p).Evidence {
		first = first || e.Kind == match.KindFirstName && e.Level == match.LevelDifferent
		last = last || e.Kind == match.KindLastName && e.Level == match.LevelDifferent
	}
	return first && last, nil
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
