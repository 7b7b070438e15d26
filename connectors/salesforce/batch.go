package salesforce

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// tooMany refuses a batch over MaxCollection before sending it.
func tooMany(n int) error {
	if n > MaxCollection {
		return &connectors.ValidationError{Category: "EXCEEDED_ID_LIMIT", Message: fmt.Sprintf("%d records: a collection takes at most %d", n, MaxCollection)}
	}
	return nil
}

// BatchRead reads up to MaxCollection contacts with one SOQL query: by id,
// by e-mail (Email only; of several contacts holding one, the oldest) or
// by the key (the External ID field). Values that match nothing are one
// OBJECT_NOT_FOUND error. Other idProperty values are refused.
func (c *Client) BatchRead(ctx context.Context, ids []string, idProperty string, properties []string) (connectors.BatchResult, error) {
	if err := tooMany(len(ids)); err != nil {
		return connectors.BatchResult{}, err
	}
	var field string
	switch idProperty {
	case "", propObjectID:
		field = fieldID
	case connectors.PropEmail:
		field = fieldEmail
	case connectors.PropContactgateKey, c.cfg.KeyField:
		field, idProperty = c.cfg.KeyField, connectors.PropContactgateKey
	default:
		return connectors.BatchResult{}, &connectors.ValidationError{Category: "INVALID_FIELD",
			Message: fmt.Sprintf("batch read by %s: only the id, the e-mail and the key identify a contact", idProperty)}
	}
	return run(ctx, c, "batch read", func(ctx context.Context) (connectors.BatchResult, error) {
		var quoted []string
		for _, id := range ids {
			if field != fieldID || validID(id) {
				quoted = append(quoted, soqlString(id))
			}
		}
		var found []connectors.Contact
		if len(quoted) > 0 {
			props := properties
			if len(props) > 0 {
				props = append([]string{connectors.PropEmail}, properties...)
				if idProperty != "" {
					props = append(props, idProperty)
				}
			}
			var err error
			if found, err = c.readIn(ctx, c.selectFrom(props), field, quoted); err != nil {
				return connectors.BatchResult{}, err
			}
		}
		return c.matchRead(ids, idProperty, properties, found), nil
	})
}

// matchRead pairs the values asked for with the contacts found: the first
// (oldest) holder of each, case-insensitively.
func (c *Client) matchRead(ids []string, idProperty string, properties []string, found []connectors.Contact) connectors.BatchResult {
	var res connectors.BatchResult
	var missing []string
	taken := map[string]bool{}
	for _, id := range ids {
		var hit *connectors.Contact
		for i := range found {
			v := found[i].ID
			if idProperty != "" && idProperty != propObjectID {
				v = found[i].Properties[idProperty]
			}
			if strings.EqualFold(v, id) {
				hit = &found[i]
				break
			}
		}
		switch {
		case hit == nil:
			missing = append(missing, id)
		case !taken[hit.ID]:
			taken[hit.ID] = true
			res.Results = append(res.Results, keyOut(project(*hit, properties), properties))
		}
	}
	if len(missing) > 0 {
		res.Errors = append(res.Errors, connectors.ItemError{Category: "OBJECT_NOT_FOUND", Message: "no contact matches these values",
			IDs: missing, Err: fmt.Errorf("%w", connectors.ErrNotFound)})
	}
	return res
}

// collection sends one sObject collection call and returns its results.
func (c *Client) collection(ctx context.Context, method, path string, allOrNone bool, records []map[string]any) ([]saveResult, error) {
	for _, r := range records {
		r["attributes"] = map[string]string{"type": "Contact"}
	}
	req, err := jsonRequest(method, path, nil, map[string]any{"allOrNone": allOrNone, "records": records})
	if err != nil {
		return nil, err
	}
	var out []saveResult
	if err := c.exchange(ctx, req, &out); err != nil {
		return nil, err
	}
	if len(out) != len(records) {
		return nil, &connectors.TransientError{MaybeApplied: !allOrNone, Err: fmt.Errorf("collection answered %d results for %d records", len(out), len(records))}
	}
	return out, nil
}

// BatchCreate creates up to MaxCollection contacts in one collection call
// with allOrNone: a record refused refuses them all, and the call fails as
// that record's error (a *ConflictError for DUPLICATES_DETECTED, a
// *UniqueValueError for a key held, a retryable *TransientError for
// UNABLE_TO_LOCK_ROW).
func (c *Client) BatchCreate(ctx context.Context, inputs []map[string]string) (connectors.BatchResult, error) {
	if err := tooMany(len(inputs)); err != nil {
		return connectors.BatchResult{}, err
	}
	return run(ctx, c, "batch create", func(ctx context.Context) (connectors.BatchResult, error) {
		records := make([]map[string]any, len(inputs))
		for i, in := range inputs {
			records[i] = c.fields.record(in)
		}
		out, err := c.collection(ctx, http.MethodPost, "/composite/sobjects", true, records)
		if err != nil {
			return connectors.BatchResult{}, err
		}
		var res connectors.BatchResult
		for i, r := range out {
			if !r.Success {
				for _, e := range r.Errors {
					if e.code() != codeRolledBack {
						return connectors.BatchResult{}, c.classify(e, http.StatusBadRequest, true)
					}
				}
				continue
			}
			res.Results = append(res.Results, written(r.ID, inputs[i]))
		}
		if len(res.Results) != len(inputs) {
			return connectors.BatchResult{}, &connectors.ValidationError{Category: codeRolledBack, Message: "the collection was rolled back without naming a cause"}
		}
		return res, nil
	})
}

// BatchUpdate updates up to MaxCollection contacts by id in one collection
// call; each refused record is its own item error.
func (c *Client) BatchUpdate(ctx context.Context, inputs []connectors.UpdateInput) (connectors.BatchResult, error) {
	if err := tooMany(len(inputs)); err != nil {
		return connectors.BatchResult{}, err
	}
	return run(ctx, c, "batch update", func(ctx context.Context) (connectors.BatchResult, error) {
		out, err := c.collectionLearning(ctx, http.MethodPatch, "/composite/sobjects", len(inputs), func(i int) map[string]any {
			r := c.fields.record(inputs[i].Properties)
			r["Id"] = inputs[i].ID
			return r
		})
		if err != nil {
			return connectors.BatchResult{}, err
		}
		var res connectors.BatchResult
		for i, r := range out {
			switch {
			case r.Success:
				res.Results = append(res.Results, written(inputs[i].ID, inputs[i].Properties))
			case len(r.Errors) > 0 && r.Errors[0].code() == codeDeleted:
				// Merged away: its survivor takes the update, as in HubSpot.
				ct, err := c.Update(ctx, inputs[i].ID, inputs[i].Properties)
				if err != nil {
					res.Errors = append(res.Errors, connectors.ItemError{Category: "OBJECT_NOT_FOUND", Message: err.Error(), IDs: []string{inputs[i].ID}, Err: err})
					continue
				}
				ct.ID = inputs[i].ID // the caller pairs results by the ids it sent
				res.Results = append(res.Results, ct)
			case len(r.Errors) > 0:
				res.Errors = append(res.Errors, c.itemError(r.Errors[0], inputs[i].ID))
			}
		}
		return res, nil
	})
}

// BatchUpsert creates or updates up to MaxCollection contacts by the key
// (the External ID field) in one collection call; each says whether it is
// New, and each refused record is its own item error naming its key.
// Salesforce upserts by External ID fields only: an upsert by e-mail, or
// by any other property, is refused (Capabilities.UpsertByEmail false).
func (c *Client) BatchUpsert(ctx context.Context, inputs []connectors.UpsertInput) (connectors.BatchResult, error) {
	if err := tooMany(len(inputs)); err != nil {
		return connectors.BatchResult{}, err
	}
	for _, in := range inputs {
		if in.IDProperty != connectors.PropContactgateKey && in.IDProperty != c.cfg.KeyField {
			return connectors.BatchResult{}, &connectors.ValidationError{Category: "INVALID_FIELD",
				Message: fmt.Sprintf("upsert by %s: Salesforce upserts by an External ID field only, here %s", in.IDProperty, c.cfg.KeyField)}
		}
	}
	return run(ctx, c, "batch upsert", func(ctx context.Context) (connectors.BatchResult, error) {
		out, err := c.collectionLearning(ctx, http.MethodPatch, "/composite/sobjects/Contact/"+url.PathEscape(c.cfg.KeyField), len(inputs), func(i int) map[string]any {
			r := c.fields.record(inputs[i].Properties)
			r[c.cfg.KeyField] = inputs[i].ID
			return r
		})
		if err != nil {
			return connectors.BatchResult{}, err
		}
		var res connectors.BatchResult
		for i, r := range out {
			if !r.Success {
				if len(r.Errors) > 0 {
					res.Errors = append(res.Errors, c.itemError(r.Errors[0], inputs[i].ID))
				}
				continue
			}
			props := make(map[string]string, len(inputs[i].Properties)+1)
			for k, v := range inputs[i].Properties {
				props[k] = v
			}
			props[connectors.PropContactgateKey] = inputs[i].ID
			ct := written(r.ID, props)
			ct.New = r.Created
			res.Results = append(res.Results, ct)
		}
		return res, nil
	})
}

// collectionLearning sends the n records build makes in one collection
// call without allOrNone, then sends again, alone, the records refused for
// a field the org lacks (INVALID_FIELD), now without it; the others'
// results stand. It returns the results in input order.
func (c *Client) collectionLearning(ctx context.Context, method, path string, n int, build func(i int) map[string]any) ([]saveResult, error) {
	results := make([]saveResult, n)
	pending := make([]int, n)
	for i := range pending {
		pending[i] = i
	}
	for try := 0; len(pending) > 0; try++ {
		records := make([]map[string]any, len(pending))
		for j, i := range pending {
			records[j] = build(i)
		}
		out, err := c.collection(ctx, method, path, false, records)
		if err != nil {
			return nil, err
		}
		var again []int
		for j, r := range out {
			results[pending[j]] = r
			if r.Success || len(r.Errors) == 0 || try == maxLearnt {
				continue
			}
			f := missingFieldIn(c.classify(r.Errors[0], http.StatusBadRequest, true))
			if f == "" {
				continue
			}
			if c.fields.missing.forget(f) {
				c.cfg.Logger.Warn("salesforce: Contact has no such field; contactgate reads it as blank and drops its values", "field", f)
				again = append(again, pending[j])
			} else if c.fields.missing.has(f) {
				again = append(again, pending[j])
			}
		}
		pending = again
	}
	return results, nil
}

// readIn runs "sel WHERE field IN (values) ORDER BY CreatedDate, Id", in
// halves while the query's URL would be too long: the holders of one
// value stay in one half, oldest first.
func (c *Client) readIn(ctx context.Context, sel, field string, values []string) ([]connectors.Contact, error) {
	q := fmt.Sprintf("%s WHERE %s IN (%s) ORDER BY CreatedDate, Id", sel, field, strings.Join(values, ", "))
	if len(values) > 1 && c.tooLong("/query", q) {
		a, err := c.readIn(ctx, sel, field, values[:len(values)/2])
		if err != nil {
			return nil, err
		}
		b, err := c.readIn(ctx, sel, field, values[len(values)/2:])
		return append(a, b...), err
	}
	return c.soql(ctx, q, false)
}
