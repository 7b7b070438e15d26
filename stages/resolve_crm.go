package stages

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
)

// identityProperties are the CRM properties that resolve reads to weigh a
// contact and to index it.
var identityProperties = []string{
	connectors.PropEmail, connectors.PropPhone,
	connectors.PropFirstName, connectors.PropLastName, connectors.PropCompany,
}

// resolveCRM looks for a contact the index does not know (created before
// contactgate, by hand, or by another integration). An event with an e-mail
// is read by it, consistently (the address as sent, else its key when a
// provider rule changed it, in one batch read), unless the create would
// tell as much (createFindsEmail). Otherwise, unless Config.Search is
// SearchNever, the search index is asked by phone, then by last name and
// company, and the results are weighed by the same rules as the index's
// candidates. Every call goes through the batcher, which coalesces the
// calls of concurrent lanes. Search lags, so a miss proves nothing: the
// claim that follows a miss is what keeps two events from creating one
// person twice.
func (g *Gatekeeper) resolveCRM(ctx context.Context, ev *event, seen *weighed) (resolution, *connectors.Contact, error) {
	none := resolution{by: schemas.MatchedByNone}
	props := readProperties(ev)
	if ev.keys.email != "" {
		if createFindsEmail(g.caps, ev) {
			return none, nil, nil
		}
		return g.resolveCRMByEmail(ctx, ev, seen)
	}
	if g.cfg.Search == SearchNever {
		return none, nil, nil
	}
	if ev.keys.phone != "" {
		found, err := g.batcher.SearchPhone(ctx, phoneForms(ev), props)
		if err != nil {
			return none, nil, fmt.Errorf("search the CRM by phone: %w", err)
		}
		var cands []candidate
		for i := range found {
			if g.holdsPhone(ev, &found[i]) {
				c, err := g.searchCandidate(&found[i])
				if err != nil {
					return none, nil, err
				}
				cands = append(cands, c)
			}
		}
		seen.add(cands)
		if m := g.byPhoneAtTheDesk(ev, cands); m.recordID != "" {
			return m, contactByID(found, m.recordID), nil
		}
	}
	if len(ev.keys.nameCompany) > 0 {
		e := &ev.ce
		// First names are left to the keys below: Bob is Robert.
		found, err := g.batcher.SearchName(ctx, e.LastName, e.Company, props)
		if err != nil {
			return none, nil, fmt.Errorf("search the CRM by name and company: %w", err)
		}
		var cands []candidate
		for i := range found {
			keys := match.NameCompanyKeys(found[i].FirstName, found[i].LastName, found[i].Company)
			if overlap(keys, ev.keys.nameCompany) {
				c, err := g.searchCandidate(&found[i])
				if err != nil {
					return none, nil, err
				}
				cands = append(cands, c)
			}
		}
		seen.add(cands)
		if m := byNameCompany(ev, cands); m.recordID != "" {
			return m, contactByID(found, m.recordID), nil
		}
	}
	return none, nil, nil
}

// createFindsEmail: a create of the event would find the contact that a
// read by its e-mail would, so resolve need not read. The CRM keeps an
// e-mail, primary or additional, on one contact and its 409 names that
// contact (Capabilities.UniqueEmail), which upsert then adopts with the
// read's guards: not a contact in another person's name (a shared
// mailbox), merged against the contact's own values. Only for an address
// that is its own match key, case and surrounding space aside: the CRM
// compares addresses, not keys, so a contact holding the key of an address
// that a provider rule changed (j.o.h.n@gmail.com, john@gmail.com) is found
// by the read alone. Where e-mails are not unique (Salesforce) only the
// read finds the contact. The retry of a create whose 409 named no contact
// reads too (event.readEmail).
func createFindsEmail(caps connectors.Capabilities, ev *event) bool {
	return caps.UniqueEmail && !ev.readEmail && strings.EqualFold(strings.TrimSpace(ev.ce.Email), string(ev.keys.email))
}

// phoneForms are the values to search the CRM's phone property for. The
// CRM holds phones as producers wrote them: the form this event was written
// in, and E.164 (for a number not understood, "+" and the digits of its
// digits key, when it has a country code).
func phoneForms(ev *event) []string {
	e164 := ev.keys.phone
	if match.IsPhoneDigitsKey(e164) {
		e164 = strings.TrimPrefix(e164, match.PhoneDigitsPrefix)
	}
	forms := make([]string, 0, 2)
	if strings.HasPrefix(e164, "+") {
		forms = append(forms, e164)
	}
	if raw := strings.TrimSpace(ev.ce.Phone); raw != e164 {
		forms = append(forms, raw)
	}
	return forms
}

// holdsPhone reports whether the CRM contact c holds the event's phone key:
// its phone read in the region the event's was read in (another form of the
// number, written by the same producer), or in its own region (its country,
// its e-mail's country domain).
func (g *Gatekeeper) holdsPhone(ev *event, c *connectors.Contact) bool {
	raw := c.Phone
	if match.PhoneKey(raw, ev.ids.PhoneRegion, g.cfg.DefaultRegion) == ev.keys.phone {
		return true
	}
	own := match.PhoneRegionOf(raw, c.Properties[propCountry], c.Properties[connectors.PropCity], c.Email, g.cfg.DefaultRegion)
	return own != ev.ids.PhoneRegion && match.PhoneKey(raw, own, g.cfg.DefaultRegion) == ev.keys.phone
}

// readProperties are the properties to read of a contact: its identifiers
// and every property the event may change, so that merge weighs the event
// against the CRM's values.
func readProperties(ev *event) []string {
	props := slices.Clone(identityProperties)
	for _, k := range slices.Sorted(maps.Keys(ev.ce.Properties)) {
		if !slices.Contains(props, k) {
			props = append(props, k)
		}
	}
	return props
}

func contactByID(cs []connectors.Contact, id string) *connectors.Contact {
	for i := range cs {
		if cs[i].ID == id {
			return &cs[i]
		}
	}
	return nil
}

// identifiersOfContact makes the match keys of a CRM contact: its e-mails
// (primary and additional) and its phone (E.164, else its digits key).
func (g *Gatekeeper) identifiersOfContact(c *connectors.Contact) schemas.Identifiers {
	return contactIdentifiers(c, g.cfg.DefaultRegion)
}

// searchCandidate is a contact the CRM's search found, as a candidate:
// with the external ids and e-mails the index holds for it when it holds
// it. The CRM keeps no source's ids, and a search must not find, as a
// stranger with none, a record the index refused for another id of the
// event's source (disagrees): found a moment later, once the CRM's search
// had caught up, the same record would be matched.
func (g *Gatekeeper) searchCandidate(c *connectors.Contact) (candidate, error) {
	cand := g.candidateOfContact(c)
	rec, ok, err := g.ix.Get(c.ID)
	if err != nil {
		return candidate{}, indexError("get record "+c.ID, err)
	}
	if !ok {
		return cand, nil // the CRM's own
	}
	ids := &cand.identifiers
	ids.ExternalIDs = slices.Clone(rec.Identifiers.ExternalIDs)
	ids.Emails = withKeys(ids.Emails, rec.Identifiers.Emails)
	return cand, nil
}

// contactIdentifiers is identifiersOfContact with the default phone region
// given: the CRM's contacts are keyed alike by resolve and by Bootstrap.
func contactIdentifiers(c *connectors.Contact, defaultRegion string) schemas.Identifiers {
	var ids schemas.Identifiers
	for _, addr := range c.Emails() {
		if k, err := match.NormalizeEmail(addr); err == nil && !slices.Contains(ids.Emails, string(k)) {
			ids.Emails = append(ids.Emails, string(k))
		}
	}
	if raw := c.Phone; !isBlank(raw) {
		// Keyed as Normalize keys an event's phone, a number not
		// understood by its digits (match.PhoneKey).
		if k := match.PhoneKey(raw, match.PhoneRegionOf(raw, c.Properties[propCountry], c.Properties[connectors.PropCity], c.Email, defaultRegion), defaultRegion); k != "" {
			ids.Phones = []string{k}
		}
	}
	ids.NameKey = match.NameCompanyKeyWithAddress(c.FirstName, c.LastName, c.Company, c.Email)
	return ids
}

// resolveCRMByEmail reads the CRM by the event's e-mail, consistently: the
// address as sent, else its key when a provider rule changed it, in one
// batch read. No contact is no match, and neither is a contact in another
// person's name (byEmail's rule): the miss names it in emailHeldBy.
func (g *Gatekeeper) resolveCRMByEmail(ctx context.Context, ev *event, seen *weighed) (resolution, *connectors.Contact, error) {
	none := resolution{by: schemas.MatchedByNone}
	addrs := []string{strings.TrimSpace(ev.ce.Email)}
	if !strings.EqualFold(addrs[0], string(ev.keys.email)) {
		addrs = append(addrs, string(ev.keys.email))
	}
	c, err := g.batcher.ReadByEmail(ctx, addrs, readProperties(ev))
	if err == nil {
		holder := g.candidateOfContact(&c)
		if ev.keys.external != "" && officeMailbox(ev.keys.email) {
			// The ids the index holds for the contact say whether the
			// event's source knows it as another customer (byEmail).
			if holder, err = g.searchCandidate(&c); err != nil {
				return none, nil, err
			}
		}
		if anotherCustomer(ev, holder) || g.anotherPerson(ev, holder) {
			seen.add([]candidate{holder})
			none.emailHeldBy = c.ID
			return none, nil, nil
		}
	}
	switch {
	case err == nil:
		return resolution{recordID: c.ID, by: schemas.MatchedByEmail, score: ScoreExact}, &c, nil
	case !errors.Is(err, connectors.ErrNotFound):
		return none, nil, fmt.Errorf("read the CRM by e-mail: %w", err)
	}
	return none, nil, nil
}
