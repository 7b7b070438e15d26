package hubspot

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// HubSpot rejects a batch naming the same id twice, and takes at most
// connectors.MaxBatch inputs. So the batch methods de-duplicate their inputs
// by key first — ids exactly, e-mails case-insensitively — merging the
// properties of duplicates (a later input's value wins) and returning one
// result per distinct key. BatchRead, BatchUpdate and BatchUpsert then split
// more than MaxBatch distinct inputs into several requests, each retried on
// its own; if one fails, the result holds what the earlier ones returned,
// alongside the error. BatchCreate refuses more than MaxBatch (see create.go).

// BatchRead reads contacts by id, by e-mail when idProperty is "email", or
// by the value of the unique property idProperty names. Missing ones are
// reported in the result's Errors.
func (c *Client) BatchRead(ctx context.Context, ids []string, idProperty string, properties []string) (connectors.BatchResult, error) {
	key := idKey
	if idProperty == connectors.PropEmail {
		key = emailKey
	}
	var inputs []wireBatchInput
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if k := key(id); !seen[k] {
			seen[k] = true
			inputs = append(inputs, wireBatchInput{ID: strings.TrimSpace(id)})
		}
	}
	return c.batchChunks(ctx, "batch read contacts", "/batch/read", inputs, readNames(properties), func(in []wireBatchInput) any {
		return wireBatchRequest{Inputs: in, IDProperty: idProperty, Properties: c.withTyped(properties)}
	})
}

// BatchUpdate updates contacts by id; inputs with the same id are merged.
func (c *Client) BatchUpdate(ctx context.Context, inputs []connectors.UpdateInput) (connectors.BatchResult, error) {
	var wire []wireBatchInput
	at := make(map[string]int, len(inputs))
	for _, in := range inputs {
		k := idKey(in.ID)
		if i, ok := at[k]; ok {
			maps.Copy(wire[i].Properties, in.Properties)
			continue
		}
		at[k] = len(wire)
		wire = append(wire, wireBatchInput{ID: strings.TrimSpace(in.ID), Properties: cloneProperties(in.Properties)})
	}
	return c.batchChunks(ctx, "batch update contacts", "/batch/update", wire, nil, batchBody)
}

// BatchUpsert creates or updates contacts by a unique property (IDProperty:
// "email" when empty, or a property with unique values such as
// connectors.PropContactgateKey); inputs naming the same value are merged. Each result
// says whether it is New. A retry after an attempt that may have been applied
// reports a contact that attempt created as not New.
func (c *Client) BatchUpsert(ctx context.Context, inputs []connectors.UpsertInput) (connectors.BatchResult, error) {
	var wire []wireBatchInput
	at := make(map[string]int, len(inputs))
	for _, in := range inputs {
		prop := in.IDProperty
		if prop == "" {
			prop = connectors.PropEmail
		}
		k := prop + "\x00" + idKey(in.ID)
		if prop == connectors.PropEmail {
			k = prop + "\x00" + emailKey(in.ID)
		}
		if i, ok := at[k]; ok {
			maps.Copy(wire[i].Properties, in.Properties)
			continue
		}
		at[k] = len(wire)
		wire = append(wire, wireBatchInput{ID: strings.TrimSpace(in.ID), IDProperty: prop, Properties: cloneProperties(in.Properties)})
	}
	return c.batchChunks(ctx, "batch upsert contacts", "/batch/upsert", wire, nil, batchBody)
}

func batchBody(in []wireBatchInput) any { return wireBatchRequest{Inputs: in} }

// batchChunks sends inputs to path in requests of at most MaxBatch; named
// are the properties a read names, nil for a write (request.named).
func (c *Client) batchChunks(ctx context.Context, op, path string, inputs []wireBatchInput, named []string, body func([]wireBatchInput) any) (connectors.BatchResult, error) {
	var out connectors.BatchResult
	for lo := 0; lo < len(inputs); lo += connectors.MaxBatch {
		hi := min(lo+connectors.MaxBatch, len(inputs))
		name := op
		if len(inputs) > connectors.MaxBatch {
			name = fmt.Sprintf("%s (inputs %d-%d of %d)", op, lo+1, hi, len(inputs))
		}
		req, err := newRequest(http.MethodPost, path, nil, body(inputs[lo:hi]))
		if err != nil {
			return out, err
		}
		req.named = named
		res, err := call(ctx, c, name, func(ctx context.Context) (connectors.BatchResult, error) {
			return c.batch(ctx, req)
		})
		out.Results = append(out.Results, res.Results...)
		out.Errors = append(out.Errors, res.Errors...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// batch performs one batch request: 200/201, or 207 with per-item errors.
func (c *Client) batch(ctx context.Context, req *request) (connectors.BatchResult, error) {
	var resp wireBatchResponse
	if err := c.exchange(ctx, req, &resp); err != nil {
		return connectors.BatchResult{}, err
	}
	return resp.result(c, req.named), nil
}

// cloneProperties copies m into a map the client may merge into.
func cloneProperties(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	maps.Copy(out, m)
	return out
}

// idKey identifies an id input: exactly, but for surrounding space.
func idKey(id string) string { return strings.TrimSpace(id) }

// emailKey identifies an e-mail input: HubSpot's e-mails are case-insensitive.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
