package stages

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// record writes the identity index in one transaction (state.Index.Apply):
// the record with every identifier known for it (what the index held, what
// the CRM returned, the event's keys), its properties with provenance, the
// processed event id, and the release of the event's claims. It runs for
// unchanged events too, so that a replay is recognised and new identifiers
// are kept.
//
// Once the CRM was written, the write and its outcome are kept on the event:
// if the index write fails, the retry repeats it and nothing else, so that
// a create is never repeated. The claims stay held until then.
func (g *Gatekeeper) record(_ context.Context, a *attempt) error {
	if a.match.replay {
		return nil
	}
	ev := a.ev
	if len(a.mergedIDs) > 0 {
		a.action = schemas.ActionMerged
	}
	w := state.Write{Record: g.recordOf(a), EventID: ev.ce.EventID, MergedIDs: a.mergedIDs}
	if a.claimed {
		w.ClaimOwner = ev.ce.EventID
	}
	out := g.outcome(a, &w.Record)
	if a.action != schemas.ActionUnchanged {
		ev.pending = &pendingWrite{write: w, outcome: out}
	}
	if a.action == schemas.ActionCreated {
		g.made.add(w.Record.ID, g.cfg.Now()) // the CRM holds it, whether or not the index write below succeeds
	}
	if err := g.ix.Apply(w); err != nil {
		return indexError("write record "+w.Record.ID, err)
	}
	g.countSeen(a)
	g.sourceIDs.observe(a)
	a.write = &w
	if a.action != schemas.ActionUnchanged {
		g.countWrite(a.base, a.inIndex, w)
	}
	return nil
}

// recordOf is the record as the index will hold it after the event.
func (g *Gatekeeper) recordOf(a *attempt) state.Record {
	ids := cloneIdentifiers(a.base.Identifiers)
	if a.crm != nil {
		c := g.identifiersOfContact(a.crm)
		ids.ExternalIDs = union(ids.ExternalIDs, c.ExternalIDs...)
		ids.Emails = union(ids.Emails, c.Emails...)
		ids.Phones = union(ids.Phones, c.Phones...)
	}
	k := &a.ev.keys
	if k.external != "" {
		ids.ExternalIDs = union(ids.ExternalIDs, k.external)
	}
	if k.email != "" && !a.emailElsewhere && !a.addressOff && !(officeMailbox(k.email) && slices.ContainsFunc(ids.Emails, ownAddress) && named(a.merged.Properties)) {
		// An office's mailbox (team@) is not the key of a person who has
		// an address of their own: the office's next writer is not them.
		ids.Emails = union(ids.Emails, string(k.email))
	}
	if k.phone != "" {
		ids.Phones = union(ids.Phones, k.phone)
	}
	p := a.merged.Properties
	seen := []string{k.nameKey, a.base.Identifiers.NameKey}
	if k.nameKey == "" {
		// A name without a company is a key too, for the fuzzy blocking
		// keys (match.PersonKey): a later event finds the record by it.
		// A nameless record's is the name its address spells
		// (match.NamesFromEmail), which the scorer reads as its name: the
		// person's named event finds the record made of their address
		// alone (derek.decker@thompson.com, then Derek Decker at Thompson
		// Software), and the scorer decides.
		first, last := match.SplitFullNameWithAddress(a.ev.ce.FirstName, a.ev.ce.LastName, a.ev.ce.Email)
		first, last, lent := match.NamesWithAddress(first, last, a.ev.ce.Email)
		if lent == match.LentBoth && named(p) {
			// Only a record without a name of its own takes both
			// names: on a named one they would be another name the
			// record answers to (Stanley McDonald's at
			// alan.pritchard90@).
			first, last = "", ""
		}
		seen = append(seen, match.PersonKey(first, last))
	}
	if a.crm != nil {
		seen = append(seen, match.NameCompanyKeyWithAddress(a.crm.FirstName, a.crm.LastName, a.crm.Company, a.crm.Email))
	}
	if nk := match.NameCompanyKeyWithAddress(p[connectors.PropFirstName].Value, p[connectors.PropLastName].Value, p[connectors.PropCompany].Value, p[connectors.PropEmail].Value); nk != "" {
		ids.NameKey = nk
	} else if ids.NameKey == "" {
		ids.NameKey = k.nameKey
	}
	// Every name the record was seen with stays a key: a later event
	// written like this one finds the record whatever its name becomes.
	ids.NameKeys = state.BoundedNameKeys(seen, a.base.Identifiers.NameKeys...)
	rp := g.recordProfile(a.ev, &ids, recordProperty(p))
	ids.DetailKeys = detailKeys(match.DetailBlockKeys(&rp), a.base.Identifiers.DetailKeys)
	all := append([]state.Member{eventMember(a.ev)}, a.base.Members...)
	members := keepDesks(state.JoinMembers(all), all)
	return state.Record{ID: a.recordID, Identifiers: ids, Properties: p, UpdatedAt: g.cfg.Now().UTC(), Members: members,
		Seen: state.JoinSeen([]int64{a.ev.occurredAt.Unix()}, a.base.Seen...)}
}

// outcome is the Outcome of the attempt; the processor fills its input
// position and processing time.
func (g *Gatekeeper) outcome(a *attempt, rec *state.Record) schemas.Outcome {
	return schemas.Outcome{
		RecordID:    rec.ID,
		EventID:     a.ev.ce.EventID,
		Source:      strings.TrimSpace(a.ev.ce.Source),
		Action:      a.action,
		MatchedBy:   a.match.by,
		Score:       a.match.score,
		Identifiers: rec.Identifiers,
		Properties:  rec.Properties,
		Changed:     a.merged.Changed,
		Refused:     a.merged.Refused,

		Evidence:            a.evidence,
		PossibleDuplicateOf: a.possible,
		MergedIDs:           a.mergedIDs,
	}
}

// cloneIdentifiers copies ids with each list as a sorted set.
func cloneIdentifiers(ids schemas.Identifiers) schemas.Identifiers {
	set := func(s []string) []string {
		s = slices.Clone(s)
		slices.Sort(s)
		return slices.Compact(s)
	}
	ids.ExternalIDs, ids.Emails, ids.Phones = set(ids.ExternalIDs), set(ids.Emails), set(ids.Phones)
	return ids
}

// union adds values to a sorted set.
func union(set []string, values ...string) []string {
	for _, v := range values {
		if i, found := slices.BinarySearch(set, v); !found {
			set = slices.Insert(set, i, v)
		}
	}
	return set
}

// countWrite counts a record written in the term frequencies: before is the
// record as the index held it, when it did (inIndex). A value the record
// had been seen with, now or in one of its members (the event's own
// member aside, unless it was one before), was counted when it was.
func (g *Gatekeeper) countWrite(before state.Record, inIndex bool, w state.Write) {
	after := g.termProfile(w.Record)
	if !inIndex {
		g.terms.write(nil, &after, len(w.MergedIDs))
		return
	}
	b := g.termProfile(before)
	seen := []*match.Profile{&b}
	if termsChanged(&b, &after) {
		members := before.Members
		if len(w.Record.Members) > 1 {
			members = append(slices.Clip(members), w.Record.Members[1:]...) // a merged record's too
		}
		for i, m := range members {
			if slices.ContainsFunc(members[:i], func(o state.Member) bool { return maps.Equal(o, m) }) {
				continue
			}
			mp := g.memberProfile(m)
			seen = append(seen, &mp)
		}
	}
	g.terms.write(seen, &after, len(w.MergedIDs))
}

// termsChanged: after holds a value of a term kind that before does not.
func termsChanged(before, after *match.Profile) bool {
	for _, k := range match.TermKinds {
		if v := match.TermValue(k, after); v != "" && v != match.TermValue(k, before) {
			return true
		}
	}
	return false
}

// detailKeys bounds a record's detail keys (schemas.MaxNameKeys): the
// current ones, then the older ones. The e-mail slip keys
// (match.IsEmailSlipKey) are left out, an index written before kept them
// here: the index makes them from every address the record holds
// (state.Record.Keys).
func detailKeys(current, older []string) []string {
	keys := slices.DeleteFunc(slices.Concat(current, older), match.IsEmailSlipKey)
	return state.BoundedNameKeys(keys)
}
