package batch

import (
	"context"
	"fmt"
	"slices"

	"github.com/contactgate/contactgate/connectors"
)

// updateAll answers updates with one batch update; per-item errors (a 207)
// go to their callers; a whole-batch refusal is split like a create's.
func (b *Batcher) updateAll(ctx context.Context, calls []*call) {
	if len(calls) == 1 {
		c := calls[0]
		c.contact, c.err = b.crm.Update(ctx, c.id, c.props)
		return
	}
	seen := map[string]bool{}
	for i, c := range calls {
		if seen[c.id] {
			// The same id twice in one batch is refused: the second goes
			// after the first.
			rest := slices.Clone(calls[i:])
			b.updateAll(ctx, calls[:i])
			b.updateAll(ctx, rest)
			return
		}
		seen[c.id] = true
	}
	inputs := make([]connectors.UpdateInput, len(calls))
	for i, c := range calls {
		inputs[i] = connectors.UpdateInput{ID: c.id, Properties: c.props}
	}
	res, err := b.crm.BatchUpdate(ctx, inputs)
	if err != nil {
		if splittable(err) {
			b.updateAll(ctx, calls[:len(calls)/2])
			b.updateAll(ctx, calls[len(calls)/2:])
			return
		}
		failAll(calls, err)
		return
	}
	byID := map[string]*call{}
	for _, c := range calls {
		byID[c.id] = c
		c.err = &connectors.TransientError{MaybeApplied: true,
			Err: fmt.Errorf("batch update: the CRM's answer does not name contact %s", c.id)}
	}
	for i := range res.Results {
		if c := byID[res.Results[i].ID]; c != nil {
			c.contact, c.err = res.Results[i], nil
		}
	}
	for _, e := range res.Errors {
		for _, id := range e.IDs {
			if c := byID[id]; c != nil {
				c.err = itemError(e)
			}
		}
	}
}

// itemError is the typed error of one failed item of a batch: a conflict
// (an e-mail's CONFLICT, or a unique value another contact holds, read from
// the message as a single call's (?: HubSpot's batch wording is not
// documented)), a missing contact, else a rejection.
func itemError(e connectors.ItemError) error {
	if e.Err != nil { // classified by the connector (Salesforce's)
		return e.Err
	}
	switch e.Category {
	case "CONFLICT":
		return &connectors.ConflictError{ExistingID: connectors.ExistingIDIn(e.Message), Message: e.Message}
	case "OBJECT_NOT_FOUND":
		return fmt.Errorf("%s: %w", e.Message, connectors.ErrNotFound)
	}
	if holder, prop, ok := connectors.UniqueValueIn(e.Message); ok {
		return &connectors.UniqueValueError{Property: prop, ExistingID: holder, Message: e.Message}
	}
	return &connectors.ValidationError{Status: 400, Category: e.Category, Message: e.Message}
}
