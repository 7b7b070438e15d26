package emulator

import (
	"net/http"

	"github.com/contactgate/contactgate/connectors"
)

// batchInput is one input of a batch request; each endpoint reads the fields
// it needs.
type batchInput struct {
	ID         string         `json:"id"`
	IDProperty string         `json:"idProperty"`
	Properties propertyValues `json:"properties"`
}

type batchBody struct {
	Inputs     []batchInput `json:"inputs"`
	IDProperty string       `json:"idProperty"`
	Properties []string     `json:"properties"`
}

// batchResponse writes a batch answer; want selects the properties (nil:
// all, as for writes).
func (a *api) batchResponse(w http.ResponseWriter, ep endpoint, work op[connectors.BatchResult], r *http.Request, want []string) {
	res, ans, err := serve(r.Context(), a.e, ep, work)
	a.respond(w, ep, ans, err, func() any { return toBatchJSON(res, want, ep.op == OpBatchUpsert, a.e.cfg.Now()) })
}

func (a *api) batchRead(w http.ResponseWriter, r *http.Request, ep endpoint) {
	var body batchBody
	work := withBody(r, &body, func() op[connectors.BatchResult] {
		if body.Properties == nil {
			body.Properties = DefaultProperties
		}
		ids := make([]string, len(body.Inputs))
		for i, in := range body.Inputs {
			ids[i] = in.ID
		}
		return batchReadOp(ids, body.IDProperty, body.Properties)
	})
	a.batchResponse(w, ep, work, r, body.Properties)
}

func (a *api) batchCreate(w http.ResponseWriter, r *http.Request, ep endpoint) {
	var body batchBody
	work := withBody(r, &body, func() op[connectors.BatchResult] {
		inputs := make([]map[string]string, len(body.Inputs))
		for i, in := range body.Inputs {
			inputs[i] = in.Properties
		}
		return batchCreateOp(inputs)
	})
	a.batchResponse(w, ep, work, r, nil)
}

func (a *api) batchUpdate(w http.ResponseWriter, r *http.Request, ep endpoint) {
	var body batchBody
	work := withBody(r, &body, func() op[connectors.BatchResult] {
		inputs := make([]updateInput, len(body.Inputs))
		for i, in := range body.Inputs {
			inputs[i] = updateInput{id: in.ID, idProperty: in.IDProperty, properties: in.Properties}
		}
		return batchUpdateOp(inputs)
	})
	a.batchResponse(w, ep, work, r, nil)
}

func (a *api) batchUpsert(w http.ResponseWriter, r *http.Request, ep endpoint) {
	var body batchBody
	work := withBody(r, &body, func() op[connectors.BatchResult] {
		inputs := make([]connectors.UpsertInput, len(body.Inputs))
		for i, in := range body.Inputs {
			inputs[i] = connectors.UpsertInput{ID: in.ID, IDProperty: in.IDProperty, Properties: in.Properties}
		}
		return batchUpsertOp(inputs)
	})
	a.batchResponse(w, ep, work, r, nil)
}
