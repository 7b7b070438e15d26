package stages

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
)

// upsert writes what merge decided: nothing when nothing changes, an update
// of the matched record, or a create when every identifier missed (resolve
// then holds the claims). A create that the CRM refuses because the e-mail
// exists (a contact the index does not know, which resolve did not read
// where the CRM keeps e-mails unique, or created a moment ago by another
// instance or by hand) becomes an update of that contact, unless that
// contact is in another person's name. A create by key that finds the
// contact holding the event's key (an earlier attempt's create landed, its
// outcome lost) adopts it.
//
// An e-mail that another person's record holds (resolve's emailHeldBy, or
// the contact of the CRM's refusal: a family's or an office's mailbox) is
// left to it: the CRM keeps an address on one contact. The event's contact
// is created without it, the e-mail refused ("a shared mailbox"), and the
// index keeps the address for both, so that each person's next event finds
// their own record by it.
func (g *Gatekeeper) upsert(ctx context.Context, a *attempt) error {
	switch {
	case a.match.replay:
		a.recordID, a.action = a.match.recordID, schemas.ActionUnchanged
		return nil
	}
	if h := a.match.emailHeldBy; h != "" {
		g.refuseSharedEmail(a, h)
	}
	if a.match.recordID != "" {
		return g.update(ctx, a, a.match.recordID)
	}
	var undefinedRetries int
	for {
		c, found, err := g.create(ctx, a)
		if g.retryWithoutUndefined(ctx, a, err, &undefinedRetries) {
			continue
		}
		switch {
		case err == nil && found:
			return g.adopt(ctx, a, c)
		case err == nil:
			a.recordID, a.action = c.ID, schemas.ActionCreated
			return nil
		}
		var uv *connectors.UniqueValueError
		switch holder := connectors.ConflictingID(err); {
		case holder != "" && !g.cfg.NoKeyProperty && errors.As(err, &uv) && uv.Property == g.cfg.KeyProperty:
			// The event's own key: its earlier create landed, and the contact
			// has lost the e-mail since.
			return g.updateExisting(ctx, a, resolution{recordID: holder, by: schemas.MatchedByNone}, nil)
		case holder != "":
			var known *connectors.Contact // read with the conflict (the batcher's)
			if c.ID == holder {
				known = &c
			}
			other, read, err := g.anotherPersonHolds(ctx, a, holder, known)
			if err != nil {
				return err
			}
			if other && g.refuseSharedEmail(a, holder) {
				continue // created again, without the e-mail
			}
			return g.updateExisting(ctx, a, resolution{recordID: holder, by: schemas.MatchedByEmail, score: ScoreExact}, read)
		case errors.Is(err, connectors.ErrConflict):
			// Refused for the e-mail without naming the contact (retried):
			// the retry reads by e-mail first.
			a.ev.readEmail = true
		}
		return fmt.Errorf("create: %w", err)
	}
}

// anotherPersonHolds reports whether contact id, which holds the event's
// e-mail, is in another person's name (match.SharedMailbox), as the index
// or else the CRM has it: known when the conflict brought it, else read.
// The contact as the CRM has it (known, or read) is returned for
// updateExisting, nil when the index decided or nothing was read. Another
// person's contact is weighed for explain, as resolve weighs the holder a
// read by e-mail finds.
func (g *Gatekeeper) anotherPersonHolds(ctx context.Context, a *attempt, id string, known *connectors.Contact) (bool, *connectors.Contact, error) {
	if len(a.ev.ids.FirstKeys) == 0 {
		return false, known, nil // nothing to tell by: no read
	}
	rec, ok, err := g.ix.Get(id)
	if err != nil {
		return false, known, indexError("get record "+id, err)
	}
	var holder candidate
	if ok {
		holder = candidateOfRecord(rec)
	} else {
		if known == nil {
			c, err := g.cfg.CRM.Get(ctx, id, readProperties(a.ev))
			if err != nil {
				return false, nil, fmt.Errorf("read contact %s after a conflict: %w", id, err)
			}
			known = &c
		}
		holder = g.candidateOfContact(known)
	}
	other := g.anotherPerson(a.ev, holder)
	if other {
		a.weighed.add([]candidate{holder})
	}
	return other, known, nil
}

// create writes the event's properties as a new contact. With a key property
// (Config.KeyProperty) the contact carries the event's key (createKey); an
// event without an e-mail, which no 409 would tell from one an earlier
// attempt created, is an upsert by that key, and found reports that the key
// was held already: the contact is that earlier attempt's. A create refused
// for its e-mail may come with the contact holding it (c, with the
// readProperties of the event): the batcher read it to tell which input of
// a batch was refused.
func (g *Gatekeeper) create(ctx context.Context, a *attempt) (c connectors.Contact, found bool, err error) {
	props := a.merged.Updates()
	want := readProperties(a.ev)
	if g.cfg.NoKeyProperty {
		c, err = g.batcher.Create(ctx, props, want)
		return c, false, err
	}
	if props == nil {
		props = map[string]string{}
	}
	key := createKey(a.ev)
	props[g.cfg.KeyProperty] = key
	if props[connectors.PropEmail] != "" {
		c, err = g.batcher.Create(ctx, props, want)
		return c, false, err
	}
	c, err = g.batcher.CreateByKey(ctx, key, props)
	return c, err == nil && !c.New, err
}

// adopt takes the contact that a create by key found holding the event's
// key: an earlier attempt at this event created it (its outcome was lost to
// a crash or a timeout, and the index does not hold it), and the upsert has
// written the event's properties to it again. The create happened, late:
// the outcome says created. If the index holds the contact by now (another
// event found it in the search index and recorded it), the event is merged
// against the index's record and written as an update instead.
func (g *Gatekeeper) adopt(ctx context.Context, a *attempt, c connectors.Contact) error {
	if err := g.hold(a, c.ID); err != nil {
		return err
	}
	if a.inIndex {
		by, score := replayEvidence(a.ev, a.base)
		return g.updateExisting(ctx, a, resolution{recordID: c.ID, by: by, score: score}, nil)
	}
	a.crm = &c
	a.recordID, a.action = c.ID, schemas.ActionCreated
	return nil
}

// update writes the changes to record id.
//
// An e-mail that another contact holds (the CRM answers 409) is not the
// event's to give: the two contacts are one person, or the event was
// resolved by a weaker identifier than its e-mail. The e-mail is refused
// ("held by contact N", a case for the purge) and the rest written.
func (g *Gatekeeper) update(ctx context.Context, a *attempt, id string) error {
	a.recordID = id
	var undefinedRetries int
	for {
		updates := a.merged.Updates()
		if len(updates) == 0 {
			a.action = schemas.ActionUnchanged
			return nil
		}
		_, err := g.batcher.Update(ctx, id, updates)
		var conflict *connectors.ConflictError
		switch {
		case err == nil:
			a.action = schemas.ActionUpdated
			return nil
		case g.retryWithoutUndefined(ctx, a, err, &undefinedRetries):
			continue
		case errors.As(err, &conflict) && conflict.ExistingID != id && g.refuseEmail(a, "held by contact "+conflict.ExistingID):
			a.emailElsewhere = true
			continue
		case errors.Is(err, connectors.ErrNotFound):
			// Deleted in the CRM (perhaps on request, under GDPR): bringing
			// it back is a person's decision, not ours.
			return processor.DeadLetter(stageUpsert, schemas.ClassCRMRejected,
				fmt.Errorf("update record %s: the CRM no longer has it, though the identity index does: %w", id, err))
		case errors.As(err, &conflict):
			return &processor.DeadLetterError{Stage: stageUpsert, Class: schemas.ClassCRMRejected, CorrelationID: conflict.CorrelationID,
				Err: fmt.Errorf("update record %s: %w", id, conflict)}
		}
		return fmt.Errorf("update record %s: %w", id, err)
	}
}

// refuseSharedEmail refuses the event's e-mail as a shared mailbox's that
// contact holder holds in another person's name; false when the merge did
// not change the e-mail. The record keeps the address's key.
func (g *Gatekeeper) refuseSharedEmail(a *attempt, holder string) bool {
	return g.refuseEmail(a, "held by contact "+holder+" in another person's name: a shared mailbox")
}

// refuseEmail takes the event's e-mail out of the merge result, as refused
// for reason; false when the merge did not change the e-mail.
func (g *Gatekeeper) refuseEmail(a *attempt, reason string) bool {
	i := slices.IndexFunc(a.merged.Changed, func(d schemas.FieldDecision) bool { return d.Field == connectors.PropEmail })
	if i < 0 {
		return false
	}
	d := a.merged.Changed[i]
	a.merged.Changed = slices.Delete(slices.Clone(a.merged.Changed), i, i+1)
	d.Reason = reason
	a.merged.Refused = append(a.merged.Refused, d)
	slices.SortFunc(a.merged.Refused, byField)
	if cur, ok := a.currentProperties()[connectors.PropEmail]; ok {
		a.merged.Properties[connectors.PropEmail] = cur
	} else {
		delete(a.merged.Properties, connectors.PropEmail)
	}
	return true
}

// updateExisting resolves the event to the contact a create conflicted with
// (m: the contact and the evidence), merges again against it and updates
// it. known is the contact as the CRM returned it since the conflict, nil
// when not read yet: the index's record, else a read, is merged against.
func (g *Gatekeeper) updateExisting(ctx context.Context, a *attempt, m resolution, known *connectors.Contact) error {
	id := m.recordID
	if err := g.hold(a, id); err != nil {
		return err
	}
	switch {
	case a.inIndex: // the index's record is merged against
	case known != nil && known.ID == id:
		a.crm = known
	default:
		c, err := g.cfg.CRM.Get(ctx, id, readProperties(a.ev))
		if err != nil {
			return fmt.Errorf("read contact %s after a conflict: %w", id, err)
		}
		a.crm = &c
	}
	a.match = m
	if err := g.merge(ctx, a); err != nil {
		return err
	}
	return g.update(ctx, a, id)
}
