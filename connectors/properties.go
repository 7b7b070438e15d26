package connectors

import (
	"context"
	"errors"
	"fmt"
)

// PropertyDefinition is a contact property as HubSpot's properties API
// (/crm/v3/properties/contacts) defines it; only the fields contactgate
// reads or writes.
type PropertyDefinition struct {
	Name      string `json:"name"`
	Label     string `json:"label"`
	Type      string `json:"type"`
	FieldType string `json:"fieldType"`
	GroupName string `json:"groupName"`
	// Description is shown as help text in HubSpot.
	Description string `json:"description,omitempty"`
	// HasUniqueValue: no two contacts hold the same value, and the
	// property serves as idProperty of reads and upserts. HubSpot sets it
	// only when the property is created, never later.
	HasUniqueValue bool `json:"hasUniqueValue"`
}

// PropertySchema reads and creates contact property definitions. Each method
// is one request.
type PropertySchema interface {
	// Property reads the definition of a contact property; one that does
	// not exist wraps ErrNotFound.
	Property(ctx context.Context, name string) (PropertyDefinition, error)
	// CreateProperty defines a contact property; one that exists already
	// wraps ErrConflict.
	CreateProperty(ctx context.Context, def PropertyDefinition) (PropertyDefinition, error)
}

// PropertyLister is a CRM that lists its contact property definitions, as
// HubSpot's GET /crm/v3/properties/contacts does. HubSpot refuses a whole
// write that names a property the portal does not define (a 400 whose
// details say PROPERTY_DOESNT_EXIST: *UnknownPropertyError), so a writer
// that carries properties it did not choose (the gatekeeper, with the
// events' property maps) learns the definitions first and writes only
// known properties. Optional: read it with PropertyListerOf.
type PropertyLister interface {
	// ListProperties returns every contact property definition of the
	// CRM, archived ones left out; one request.
	ListProperties(ctx context.Context) ([]PropertyDefinition, error)
}

// ErrPropertiesUnlisted is what a decorator's ListProperties answers when
// the CRM it wraps lists no definitions: as if it were no PropertyLister.
var ErrPropertiesUnlisted = errors.New("the CRM lists no contact property definitions")

// PropertyListerOf returns crm's PropertyLister, false when crm lists no
// definitions (a decorator that does not forward it included): then every
// property is taken to exist. A decorator that forwards it answers
// ErrPropertiesUnlisted when the CRM it wraps has none.
func PropertyListerOf(crm CRM) (PropertyLister, bool) {
	l, ok := crm.(PropertyLister)
	return l, ok
}

// KeyPropertyDefinition is the definition contactgate gives its key property
// (PropContactgateKey by default) when it creates it: a single-line text
// with unique values, in HubSpot's contact information group.
func KeyPropertyDefinition(name string) PropertyDefinition {
	return PropertyDefinition{
		Name: name, Label: "contactgate key", Type: "string", FieldType: "text", GroupName: "contactinformation",
		Description:    "Set by contactgate on the contacts it creates, from the creating event, so that a replayed create finds its contact. Do not edit.",
		HasUniqueValue: true,
	}
}

// ErrPropertyNotUnique: a property that must have unique values exists
// without them; HubSpot cannot change that, so it needs another name.
var ErrPropertyNotUnique = errors.New("contact property exists without unique values")

// EnsureUniqueProperty makes sure the portal has name as a unique-value
// contact property: it reads the definition, and creates it
// (KeyPropertyDefinition) when there is none. Running it twice, or from
// several instances at once, is harmless. A property of that name without
// unique values is ErrPropertyNotUnique. Creating a property needs the
// crm.schemas.contacts.write scope; reading, crm.schemas.contacts.read.
func EnsureUniqueProperty(ctx context.Context, s PropertySchema, name string) error {
	def, err := s.Property(ctx, name)
	if errors.Is(err, ErrNotFound) {
		def, err = s.CreateProperty(ctx, KeyPropertyDefinition(name))
		if errors.Is(err, ErrConflict) { // another instance created it meanwhile
			def, err = s.Property(ctx, name)
		}
	}
	if err != nil {
		return fmt.Errorf("ensure unique contact property %s: %w", name, err)
	}
	if !def.HasUniqueValue {
		return fmt.Errorf("contact property %s: %w: choose another name (HubSpot makes only new properties unique)", name, ErrPropertyNotUnique)
	}
	return nil
}
