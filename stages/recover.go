package stages

import (
	"context"
	"errors"
	"fmt"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/state"
)

// Recover settles the claims that a crash left between a CRM create and its
// index write. Call it once at startup, before the processor runs.
//
// Each claim is resolved by a consistent read of the CRM by e-mail
// (GetByEmail), never by the lagging search: for every e-mail key of the
// claim (the key and the address as sent), a contact found is written to
// the index with the claim's identifiers, and the claim released in the same
// write. A claim whose e-mails find nothing, or that has none, is released:
// the create did not happen, or the event has no e-mail. The event itself is
// replayed by the processor, since its offset was not committed, and
// resolves to the recovered record; an event without an e-mail creates by
// an upsert by its key (Config.KeyProperty), which finds the contact its
// earlier create made.
//
// A CRM error stops Recover with the remaining claims pending; running it
// again continues.
//
// Recover also starts counting, in the background, the values of the
// records the index holds, for the term frequencies the scorer weighs
// agreements by (terms.go); Close stops it.
func (g *Gatekeeper) Recover(ctx context.Context) error {
	g.countIndex(ctx)
	claims, err := g.ix.PendingClaims()
	if err != nil {
		return indexError("pending claims", err)
	}
	recovered := 0
	for _, c := range claims {
		found, err := g.recoverClaim(ctx, c)
		if err != nil {
			return fmt.Errorf("recover the claims of event %q: %w", c.Owner, err)
		}
		if found {
			recovered++
		}
	}
	if len(claims) > 0 {
		g.cfg.Logger.Info("stages: recovered in-flight creates", "claims", len(claims), "records_found", recovered)
	}
	return nil
}

func (g *Gatekeeper) recoverClaim(ctx context.Context, c state.Claim) (bool, error) {
	for _, k := range c.Keys {
		if k.Kind != state.KeyEmail {
			continue
		}
		contact, err := g.cfg.CRM.GetByEmail(ctx, k.Value, identityProperties)
		if errors.Is(err, connectors.ErrNotFound) {
			continue
		}
		if err != nil {
			return false, fmt.Errorf("read the CRM by e-mail: %w", err)
		}
		rec, err := g.recoveredRecord(&contact, c.Keys)
		if err != nil {
			return false, err
		}
		if err := g.ix.Apply(state.Write{Record: rec, ClaimOwner: c.Owner}); err != nil {
			return false, indexError("write record "+rec.ID, err)
		}
		return true, nil
	}
	if err := g.ix.ReleaseClaims(c.Owner); err != nil {
		return false, indexError("release claims", err)
	}
	return false, nil
}

// recoveredRecord is the contact as the index will hold it: what the index
// already knew of it, or its CRM values, with the claim's identifiers.
func (g *Gatekeeper) recoveredRecord(c *connectors.Contact, keys []state.Key) (state.Record, error) {
	base, ok, err := g.ix.Get(c.ID)
	if err != nil {
		return state.Record{}, indexError("get record "+c.ID, err)
	}
	ids := cloneIdentifiers(base.Identifiers)
	fromCRM := g.identifiersOfContact(c)
	ids.Emails = union(ids.Emails, fromCRM.Emails...)
	ids.Phones = union(ids.Phones, fromCRM.Phones...)
	if ids.NameKey == "" {
		ids.NameKey = fromCRM.NameKey
	}
	for _, k := range keys {
		switch k.Kind {
		case state.KeyExternalID:
			ids.ExternalIDs = union(ids.ExternalIDs, k.Value)
		case state.KeyEmail:
			if key, err := match.NormalizeEmail(k.Value); err == nil {
				ids.Emails = union(ids.Emails, string(key))
			}
		case state.KeyPhone:
			ids.Phones = union(ids.Phones, k.Value)
		}
	}
	props := base.Properties
	if !ok {
		props = crmProperties(c)
	}
	return state.Record{ID: c.ID, Identifiers: ids, Properties: props, UpdatedAt: g.cfg.Now().UTC()}, nil
}
