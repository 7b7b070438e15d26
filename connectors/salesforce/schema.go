package salesforce

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// Property reads a Contact field's definition from the describe call,
// by its core name or its Salesforce name; HasUniqueValue is the field's
// unique and externalId flags together (what an upsert needs).
func (c *Client) Property(ctx context.Context, name string) (connectors.PropertyDefinition, error) {
	return run(ctx, c, "describe", func(ctx context.Context) (connectors.PropertyDefinition, error) {
		req, err := jsonRequest(http.MethodGet, "/sobjects/Contact/describe", nil, nil)
		if err != nil {
			return connectors.PropertyDefinition{}, err
		}
		var out struct {
			Fields []struct {
				Name       string `json:"name"`
				Label      string `json:"label"`
				Type       string `json:"type"`
				Unique     bool   `json:"unique"`
				ExternalID bool   `json:"externalId"`
			} `json:"fields"`
		}
		if err := c.exchange(ctx, req, &out); err != nil {
			return connectors.PropertyDefinition{}, err
		}
		want := c.fields.sf(name)
		for _, f := range out.Fields {
			if strings.EqualFold(f.Name, want) {
				return connectors.PropertyDefinition{Name: name, Label: f.Label, Type: f.Type, HasUniqueValue: f.Unique && f.ExternalID}, nil
			}
		}
		return connectors.PropertyDefinition{}, fmt.Errorf("%w: Contact has no field %s", connectors.ErrNotFound, want)
	})
}

// CreateProperty is refused: custom fields are created with the Metadata
// API or in Setup by an admin (docs/salesforce.md), not by contactgate.
func (c *Client) CreateProperty(_ context.Context, def connectors.PropertyDefinition) (connectors.PropertyDefinition, error) {
	return connectors.PropertyDefinition{}, &connectors.ValidationError{Category: "UNSUPPORTED",
		Message: fmt.Sprintf("salesforce: create the Contact field %s in Setup (Text, External ID, Unique); the connector does not create fields", c.fields.sf(def.Name))}
}

// EnsureUniqueProperty checks that Contact has name (the core's key name
// or a field name) as a unique External ID field; it creates none, so a
// missing field is an error telling the admin to create it.
func (c *Client) EnsureUniqueProperty(ctx context.Context, name string) error {
	return connectors.EnsureUniqueProperty(ctx, c, name)
}
