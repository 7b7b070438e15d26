package emulator

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// Contact property definitions: the part of HubSpot's properties API
// (/crm/v3/properties/contacts) that integrations call to set themselves up.
// The store does not check writes against them: any well-formed property
// name can be written, as if every such property existed. Definitions only
// say which properties have unique values (Config.UniqueProperties and
// created ones), and answer reads and creates of definitions.

// PropertiesPath is the root of HubSpot's contact property definitions.
const PropertiesPath = "/crm/v3/properties/contacts"

// builtinDefinitions are the HubSpot properties the emulator defines from the
// start, none with unique values (e-mail uniqueness is HubSpot's own rule,
// not hasUniqueValue).
var builtinDefinitions = []connectors.PropertyDefinition{
	{Name: connectors.PropEmail, Label: "Email", Type: "string", FieldType: "text", GroupName: "contactinformation"},
	{Name: connectors.PropFirstName, Label: "First Name", Type: "string", FieldType: "text", GroupName: "contactinformation"},
	{Name: connectors.PropLastName, Label: "Last Name", Type: "string", FieldType: "text", GroupName: "contactinformation"},
	{Name: connectors.PropPhone, Label: "Phone Number", Type: "string", FieldType: "phonenumber", GroupName: "contactinformation"},
	{Name: connectors.PropCompany, Label: "Company Name", Type: "string", FieldType: "text", GroupName: "contactinformation"},
	{Name: connectors.PropAdditionalEmails, Label: "Additional email addresses", Type: "enumeration", FieldType: "checkbox", GroupName: "contactinformation"},
}

func builtinProperty(name string) bool {
	return slices.ContainsFunc(builtinDefinitions, func(d connectors.PropertyDefinition) bool { return d.Name == name })
}

// definition is a property definition with its timestamps.
type definition struct {
	connectors.PropertyDefinition
	created time.Time
}

// propertyTypes are the types HubSpot's properties API takes.
var propertyTypes = []string{"string", "number", "date", "datetime", "enumeration", "bool"}

// define adds a property definition; unique says it has unique values from
// now on.
func (s *store) define(def connectors.PropertyDefinition) (definition, error) {
	switch {
	case !validPropertyName(def.Name):
		return definition{}, invalid("Property name %q is invalid: use lowercase letters, digits and underscores, starting with a letter.", def.Name)
	case def.Label == "" || def.FieldType == "" || def.GroupName == "":
		return definition{}, invalid("Property %s: label, fieldType and groupName are required.", def.Name)
	case !slices.Contains(propertyTypes, def.Type):
		return definition{}, invalid("Property %s: type %q is not one of %v.", def.Name, def.Type, propertyTypes)
	case def.HasUniqueValue && def.Type != "string" && def.Type != "number":
		// (?) HubSpot documents unique values for text and number properties.
		return definition{}, invalid("Property %s: only string and number properties can require unique values.", def.Name)
	}
	if _, ok := s.defs[def.Name]; ok || readOnly[def.Name] {
		return definition{}, &connectors.ConflictError{
			Message: "Property named '" + def.Name + "' already exists.", CorrelationID: newCorrelationID(), // (?) HubSpot's wording
		}
	}
	if def.HasUniqueValue {
		if len(s.unique) >= maxUniqueProperties {
			return definition{}, invalid("Property %s: contacts already have the maximum of %d unique-value properties.", def.Name, maxUniqueProperties)
		}
		if err := s.makeUnique(def.Name); err != nil {
			return definition{}, err
		}
	}
	d := definition{PropertyDefinition: def, created: s.now()}
	s.defs[def.Name] = d
	return d, nil
}

// defineUnique defines name as a unique text property, for
// Config.UniqueProperties.
func (s *store) defineUnique(name string) error {
	_, err := s.define(connectors.KeyPropertyDefinition(name))
	return err
}

func (s *store) definitionOf(name string) (definition, error) {
	if d, ok := s.defs[name]; ok {
		return d, nil
	}
	return definition{}, notFound("Unable to find property %s for object type CONTACT", name) // (?) HubSpot's wording
}

// Property reads the definition of a contact property.
func (e *Emulator) Property(ctx context.Context, name string) (connectors.PropertyDefinition, error) {
	ep := endpointOf(OpGetProperty, http.MethodGet, PropertiesPath+"/"+name)
	d, _, err := serve(ctx, e, ep, getPropertyOp(name))
	return d.PropertyDefinition, err
}

// CreateProperty defines a contact property; one that exists is a
// *connectors.ConflictError.
func (e *Emulator) CreateProperty(ctx context.Context, def connectors.PropertyDefinition) (connectors.PropertyDefinition, error) {
	ep := endpointOf(OpCreateProperty, http.MethodPost, PropertiesPath)
	d, _, err := serve(ctx, e, ep, createPropertyOp(def))
	return d.PropertyDefinition, err
}

// EnsureUniqueProperty defines name as a unique-value property unless it is
// one; see connectors.EnsureUniqueProperty.
func (e *Emulator) EnsureUniqueProperty(ctx context.Context, name string) error {
	return connectors.EnsureUniqueProperty(ctx, e, name)
}

var _ connectors.PropertySchema = (*Emulator)(nil)

func getPropertyOp(name string) op[definition] {
	return func(s *store) (definition, int, error) {
		d, err := s.definitionOf(name)
		return d, http.StatusOK, err
	}
}

func createPropertyOp(def connectors.PropertyDefinition) op[definition] {
	return func(s *store) (definition, int, error) {
		d, err := s.define(def)
		return d, http.StatusCreated, err
	}
}

// propertyJSON is HubSpot's Property.
type propertyJSON struct {
	connectors.PropertyDefinition
	Options    []struct{} `json:"options"`
	Hidden     bool       `json:"hidden"`
	FormField  bool       `json:"formField"`
	Calculated bool       `json:"calculated"`
	Archived   bool       `json:"archived"`
	CreatedAt  string     `json:"createdAt"`
	UpdatedAt  string     `json:"updatedAt"`
}

func toPropertyJSON(d definition) propertyJSON {
	return propertyJSON{PropertyDefinition: d.PropertyDefinition, Options: []struct{}{},
		CreatedAt: formatTime(d.created), UpdatedAt: formatTime(d.created)}
}

func (a *api) getProperty(w http.ResponseWriter, r *http.Request, ep endpoint) {
	d, ans, err := serve(r.Context(), a.e, ep, getPropertyOp(r.PathValue("name")))
	a.respond(w, ep, ans, err, func() any { return toPropertyJSON(d) })
}

func (a *api) createProperty(w http.ResponseWriter, r *http.Request, ep endpoint) {
	var body connectors.PropertyDefinition
	work := withBody(r, &body, func() op[definition] { return createPropertyOp(body) })
	d, ans, err := serve(r.Context(), a.e, ep, work)
	a.respond(w, ep, ans, err, func() any { return toPropertyJSON(d) })
}
