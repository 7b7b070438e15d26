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
// exists (a contact resolve could not see: created a moment ago by another
// instance or by hand) becomes an update of that contact.
func (g *Gatekeeper) upsert(ctx context.Context, a *attempt) error {
	switch {
	case a.match.replay:
		a.recordID, a.action = a.match.recordID, schemas.ActionUnchanged
		return nil
	case a.match.recordID != "":
		return g.update(ctx, a, a.match.recordID)
	}
	c, err := g.batch.create(ctx, a.merged.Updates())
	var conflict *connectors.ConflictError
	switch {
	case err == nil:
		a.recordID, a.action = c.ID, schemas.ActionCreated
		return nil
	case errors.As(err, &conflict) && conflict.ExistingID != "":
		return g.updateExisting(ctx, a, conflict.ExistingID)
	}
	return fmt.Errorf("create: %w", err)
}

// update writes the changes to record id.
//
// An e-mail that another contact holds (the CRM answers 409) is not the
// event's to give: the two contacts are one person, or the event was
// resolved by a weaker identifier than its e-mail. The e-mail is refused
// ("held by contact N", a case for the purge) and the rest written.
func (g *Gatekeeper) update(ctx context.Context, a *attempt, id string) error {
	a.recordID = id
	for {
		updates := a.merged.Updates()
		if len(updates) == 0 {
			a.action = schemas.ActionUnchanged
			return nil
		}
		_, err := g.batch.update(ctx, id, updates)
		var conflict *connectors.ConflictError
		switch {
		case err == nil:
			a.action = schemas.ActionUpdated
			return nil
		case errors.As(err, &conflict) && conflict.ExistingID != id && g.refuseEmail(a, conflict.ExistingID):
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

// refuseEmail takes the event's e-mail out of the merge result, as refused
// because contact holder has it; false when the merge did not change the
// e-mail.
func (g *Gatekeeper) refuseEmail(a *attempt, holder string) bool {
	i := slices.IndexFunc(a.merged.Changed, func(d schemas.FieldDecision) bool { return d.Field == connectors.PropEmail })
	if i < 0 {
		return false
	}
	d := a.merged.Changed[i]
	a.merged.Changed = slices.Delete(slices.Clone(a.merged.Changed), i, i+1)
	d.Reason = "held by contact " + holder
	a.merged.Refused = append(a.merged.Refused, d)
	slices.SortFunc(a.merged.Refused, byField)
	if cur, ok := a.currentProperties()[connectors.PropEmail]; ok {
		a.merged.Properties[connectors.PropEmail] = cur
	} else {
		delete(a.merged.Properties, connectors.PropEmail)
	}
	a.emailElsewhere = true
	return true
}

// updateExisting resolves the event to the contact a create conflicted with,
// merges again against it and updates it.
func (g *Gatekeeper) updateExisting(ctx context.Context, a *attempt, id string) error {
	if err := g.hold(a, id); err != nil {
		return err
	}
	if !a.inIndex {
		c, err := g.cfg.CRM.Get(ctx, id, readProperties(a.ev))
		if err != nil {
			return fmt.Errorf("read contact %s after a conflict: %w", id, err)
		}
		a.crm = &c
	}
	a.match = resolution{recordID: id, by: schemas.MatchedByEmail, score: ScoreExact}
	if err := g.merge(ctx, a); err != nil {
		return err
	}
	return g.update(ctx, a, id)
}
