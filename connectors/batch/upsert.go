package batch

import (
	"context"
	"fmt"
	"slices"

	"github.com/contactgate/contactgate/connectors"
)

// createAllByKey answers creates by key with one batch upsert by the key
// property (WithKeyProperty): a contact that holds a call's key already
// (its event's earlier create landed, and its outcome was lost) is found and
// updated with the call's properties, not created again, and its New is
// false. Per-item errors (a 207) go to their callers. A whole-batch refusal
// is split in halves like a create's; the same key twice (never from two
// events: a key is one event's) goes in two batches, since HubSpot refuses
// an id twice in one.
func (b *Batcher) createAllByKey(ctx context.Context, calls []*call) {
	seen := make(map[string]bool, len(calls))
	for i, c := range calls {
		if seen[c.id] {
			rest := slices.Clone(calls[i:])
			b.createAllByKey(ctx, calls[:i])
			b.createAllByKey(ctx, rest)
			return
		}
		seen[c.id] = true
	}
	inputs := make([]connectors.UpsertInput, len(calls))
	for i, c := range calls {
		inputs[i] = connectors.UpsertInput{ID: c.id, IDProperty: b.keyProperty, Properties: c.props}
	}
	res, err := b.crm.BatchUpsert(ctx, inputs)
	if err != nil {
		if splittable(err) && len(calls) > 1 {
			b.createAllByKey(ctx, calls[:len(calls)/2])
			b.createAllByKey(ctx, calls[len(calls)/2:])
			return
		}
		failAll(calls, err)
		return
	}
	b.answerByKey(calls, res)
}

// answerByKey gives each call its result of a batch upsert: its item error,
// or the contact holding its key — paired by the key when the CRM returns
// it, else by agreement with the call's properties, as a batch create's.
func (b *Batcher) answerByKey(calls []*call, res connectors.BatchResult) {
	failed := map[string]error{}
	for _, e := range res.Errors {
		for _, id := range e.IDs {
			failed[id] = itemError(e)
		}
	}
	var pending []*call
	var props []map[string]string
	for _, c := range calls {
		if err, ok := failed[c.id]; ok {
			c.err = err
			continue
		}
		pending = append(pending, c)
		props = append(props, c.props)
	}
	for i, r := range assignCreated(props, res.Results) {
		if r == nil {
			pending[i].err = &connectors.TransientError{MaybeApplied: true,
				Err: fmt.Errorf("batch upsert by %s: the CRM's answer does not name this input's contact", b.keyProperty)}
			continue
		}
		pending[i].contact = *r
	}
}
