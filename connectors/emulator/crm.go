package emulator

import (
	"context"
	"net/http"

	"github.com/contactgate/contactgate/connectors"
)

// The in-process connectors.CRM. Each method stands for one HTTP request
// (logged with its method and path) and behaves as the HTTP API does, except
// that nil properties return every property of a contact where HTTP returns
// DefaultProperties.

func endpointOf(op Operation, method, path string) endpoint {
	return endpoint{op: op, method: method, path: path}
}

// Get reads a contact by id; a merged-away id reads the survivor.
func (e *Emulator) Get(ctx context.Context, id string, properties []string) (connectors.Contact, error) {
	c, _, err := serve(ctx, e, endpointOf(OpGet, http.MethodGet, BasePath+"/"+id), getOp(id, "", properties))
	return c, err
}

// GetByEmail reads the contact holding email, primary or additional.
func (e *Emulator) GetByEmail(ctx context.Context, email string, properties []string) (connectors.Contact, error) {
	ep := endpointOf(OpGetByEmail, http.MethodGet, BasePath+"/"+email)
	c, _, err := serve(ctx, e, ep, getOp(email, connectors.PropEmail, properties))
	return c, err
}

// Search queries the lagging search index.
func (e *Emulator) Search(ctx context.Context, req connectors.SearchRequest) (connectors.SearchPage, error) {
	p, _, err := serve(ctx, e, endpointOf(OpSearch, http.MethodPost, BasePath+"/search"), searchOp(req))
	return p, err
}

// Create creates a contact.
func (e *Emulator) Create(ctx context.Context, properties map[string]string) (connectors.Contact, error) {
	c, _, err := serve(ctx, e, endpointOf(OpCreate, http.MethodPost, BasePath), createOp(properties))
	return c, err
}

// Update sets properties of a contact; an empty value clears one.
func (e *Emulator) Update(ctx context.Context, id string, properties map[string]string) (connectors.Contact, error) {
	ep := endpointOf(OpUpdate, http.MethodPatch, BasePath+"/"+id)
	c, _, err := serve(ctx, e, ep, updateOp(id, "", properties))
	return c, err
}

// BatchRead reads up to connectors.MaxBatch contacts by id, e-mail or the
// value of a unique-value property.
func (e *Emulator) BatchRead(ctx context.Context, ids []string, idProperty string, properties []string) (connectors.BatchResult, error) {
	ep := endpointOf(OpBatchRead, http.MethodPost, BasePath+"/batch/read")
	r, _, err := serve(ctx, e, ep, batchReadOp(ids, idProperty, properties))
	return r, err
}

// BatchCreate creates up to connectors.MaxBatch contacts, all or none.
func (e *Emulator) BatchCreate(ctx context.Context, inputs []map[string]string) (connectors.BatchResult, error) {
	ep := endpointOf(OpBatchCreate, http.MethodPost, BasePath+"/batch/create")
	r, _, err := serve(ctx, e, ep, batchCreateOp(inputs))
	return r, err
}

// BatchUpdate updates up to connectors.MaxBatch contacts by id.
func (e *Emulator) BatchUpdate(ctx context.Context, inputs []connectors.UpdateInput) (connectors.BatchResult, error) {
	updates := make([]updateInput, len(inputs))
	for i, in := range inputs {
		updates[i] = updateInput{id: in.ID, properties: in.Properties}
	}
	ep := endpointOf(OpBatchUpdate, http.MethodPost, BasePath+"/batch/update")
	r, _, err := serve(ctx, e, ep, batchUpdateOp(updates))
	return r, err
}

// BatchUpsert creates or updates up to connectors.MaxBatch contacts by
// e-mail or by the value of a unique-value property.
func (e *Emulator) BatchUpsert(ctx context.Context, inputs []connectors.UpsertInput) (connectors.BatchResult, error) {
	ep := endpointOf(OpBatchUpsert, http.MethodPost, BasePath+"/batch/upsert")
	r, _, err := serve(ctx, e, ep, batchUpsertOp(inputs))
	return r, err
}

// Merge merges secondaryID into primaryID and returns the survivor.
func (e *Emulator) Merge(ctx context.Context, primaryID, secondaryID string) (connectors.Contact, error) {
	c, _, err := serve(ctx, e, endpointOf(OpMerge, http.MethodPost, BasePath+"/merge"), mergeOp(primaryID, secondaryID))
	return c, err
}

// List returns one page of every contact in id order.
func (e *Emulator) List(ctx context.Context, after string, limit int, properties []string) (connectors.Page, error) {
	p, _, err := serve(ctx, e, endpointOf(OpList, http.MethodGet, BasePath), listOp(after, limit, properties))
	return p, err
}

// The ops below are shared by the in-process methods and the HTTP handlers.

func getOp(id, idProperty string, want []string) op[connectors.Contact] {
	return func(s *store) (connectors.Contact, int, error) {
		r, err := s.lookup(id, idProperty)
		if err != nil {
			return connectors.Contact{}, 0, err
		}
		return r.contact(want), http.StatusOK, nil
	}
}

func searchOp(req connectors.SearchRequest) op[connectors.SearchPage] {
	return func(s *store) (connectors.SearchPage, int, error) {
		p, err := s.search(req)
		return p, http.StatusOK, err
	}
}

func createOp(props map[string]string) op[connectors.Contact] {
	return func(s *store) (connectors.Contact, int, error) {
		r, err := s.create(props)
		if err != nil {
			return connectors.Contact{}, 0, err
		}
		return r.contact(nil), http.StatusCreated, nil
	}
}

func updateOp(id, idProperty string, props map[string]string) op[connectors.Contact] {
	return func(s *store) (connectors.Contact, int, error) {
		r, err := s.lookup(id, idProperty)
		if err == nil {
			r, err = s.update(r, props)
		}
		if err != nil {
			return connectors.Contact{}, 0, err
		}
		return r.contact(nil), http.StatusOK, nil
	}
}

func listOp(after string, limit int, want []string) op[connectors.Page] {
	return func(s *store) (connectors.Page, int, error) {
		p, err := s.list(after, limit, want)
		return p, http.StatusOK, err
	}
}

func mergeOp(primaryID, secondaryID string) op[connectors.Contact] {
	return func(s *store) (connectors.Contact, int, error) {
		r, err := s.merge(primaryID, secondaryID)
		if err != nil {
			return connectors.Contact{}, 0, err
		}
		return r.contact(nil), http.StatusOK, nil
	}
}

// rejectOp fails with err: an HTTP request that could not be decoded still
// counts, is rate-limited and logged like any other.
func rejectOp[T any](err error) op[T] {
	return func(*store) (T, int, error) {
		var zero T
		return zero, 0, err
	}
}

// Capabilities declares HubSpot's (connectors/hubspot.Capabilities, which
// this package cannot import), which the emulator reproduces.
func (e *Emulator) Capabilities() connectors.Capabilities { return capabilities }

// capabilities are HubSpot's; the hubspot package's tests hold them equal
// to its own.
var capabilities = connectors.Capabilities{
	CRM: "hubspot", MaxBatch: connectors.MaxBatch, UniqueEmail: true, UpsertByEmail: true, SearchLags: true,
	MergeArity: 2, MaxSearchFilterGroups: connectors.MaxFilterGroups, RollingRateLimits: true,
	CreatesProperties: true, ListsMergedIDs: true,
	Properties: []string{
		PropObjectID, connectors.PropEmail, connectors.PropFirstName, connectors.PropLastName,
		connectors.PropPhone, connectors.PropMobilePhone, connectors.PropCompany, connectors.PropJobTitle,
		"website", connectors.PropAddress, connectors.PropCity, connectors.PropState, connectors.PropPostcode,
		connectors.PropCountry, "lifecyclestage", "hs_lead_status", connectors.PropCreateDate,
		connectors.PropLastModified,
	},
}
