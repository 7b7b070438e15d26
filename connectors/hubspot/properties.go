package hubspot

import (
	"context"
	"net/http"

	"github.com/contactgate/contactgate/connectors"
)

// Contact property definitions (/crm/v3/properties/contacts), for the unique
// key property that makes creates idempotent. Reading one needs the
// crm.schemas.contacts.read scope, creating one crm.schemas.contacts.write.

var (
	_ connectors.PropertySchema = (*Client)(nil)
	_ connectors.PropertyLister = (*Client)(nil)
)

// ListProperties lists every contact property definition of the portal
// (archived ones left out): GET /crm/v3/properties/contacts, whose answer
// is HubSpot's CollectionResponsePropertyNoPaging, one page without paging
// (inferred from HubSpot's properties API; notes/hubspot.md is silent). The
// gatekeeper reads it to write only properties the portal defines.
func (c *Client) ListProperties(ctx context.Context) ([]connectors.PropertyDefinition, error) {
	req, err := newPropertyRequest(http.MethodGet, "", OperationListProperties, nil)
	if err != nil {
		return nil, err
	}
	return call(ctx, c, "list contact properties", func(ctx context.Context) ([]connectors.PropertyDefinition, error) {
		var page struct {
			Results []connectors.PropertyDefinition `json:"results"`
		}
		err := c.exchange(ctx, req, &page)
		return page.Results, err
	})
}

// Property reads the definition of a contact property; a missing one wraps
// connectors.ErrNotFound.
func (c *Client) Property(ctx context.Context, name string) (connectors.PropertyDefinition, error) {
	if name == "" {
		return connectors.PropertyDefinition{}, invalid("INVALID_PROPERTY", "hubspot: get property: empty name")
	}
	req, err := newPropertyRequest(http.MethodGet, objectPath(name), OperationGetProperty, nil)
	if err != nil {
		return connectors.PropertyDefinition{}, err
	}
	return call(ctx, c, "get contact property "+name, func(ctx context.Context) (connectors.PropertyDefinition, error) {
		var def connectors.PropertyDefinition
		err := c.exchange(ctx, req, &def)
		return def, err
	})
}

// CreateProperty defines a contact property; an existing one is a
// *connectors.ConflictError (HubSpot's 409). A retry after an attempt that
// may have been applied can meet that 409: EnsureUniqueProperty reads the
// definition then.
func (c *Client) CreateProperty(ctx context.Context, def connectors.PropertyDefinition) (connectors.PropertyDefinition, error) {
	req, err := newPropertyRequest(http.MethodPost, "", OperationCreateProperty, def)
	if err != nil {
		return connectors.PropertyDefinition{}, err
	}
	return call(ctx, c, "create contact property "+def.Name, func(ctx context.Context) (connectors.PropertyDefinition, error) {
		var got connectors.PropertyDefinition
		err := c.exchange(ctx, req, &got)
		return got, err
	})
}

// EnsureUniqueProperty makes sure the portal has name as a contact property
// with unique values (hasUniqueValue), creating it when it is missing; see
// connectors.EnsureUniqueProperty. `contactgate run` calls it at startup for
// its key property (connectors.PropContactgateKey).
func (c *Client) EnsureUniqueProperty(ctx context.Context, name string) error {
	return connectors.EnsureUniqueProperty(ctx, c, name)
}

// newPropertyRequest is a request to the property definitions.
func newPropertyRequest(method, path, op string, body any) (*request, error) {
	r, err := newRequest(method, path, nil, body)
	if err != nil {
		return nil, err
	}
	r.api, r.op = propertiesPath, op
	return r, nil
}
