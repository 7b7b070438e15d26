package emulator

import (
	"cmp"
	"context"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// Contact property definitions: the part of HubSpot's properties API
// (/crm/v3/properties/contacts) that integrations call to set themselves up.
// Writes are checked against them: a property that is not defined is a 400
// PROPERTY_DOESNT_EXIST for the whole call (notes/hubspot.md, Errors). They
// also say which properties have unique values (Config.UniqueProperties and
// created ones), and answer reads, lists and creates of definitions.

// PropertiesPath is the root of HubSpot's contact property definitions.
const PropertiesPath = "/crm/v3/properties/contacts"

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

// ListProperties lists every contact property definition, sorted by name:
// HubSpot's GET /crm/v3/properties/contacts, one request.
func (e *Emulator) ListProperties(ctx context.Context) ([]connectors.PropertyDefinition, error) {
	ep := endpointOf(OpListProperties, http.MethodGet, PropertiesPath)
	ds, _, err := serve(ctx, e, ep, listPropertiesOp())
	out := make([]connectors.PropertyDefinition, len(ds))
	for i, d := range ds {
		out[i] = d.PropertyDefinition
	}
	return out, err
}

var (
	_ connectors.PropertySchema = (*Emulator)(nil)
	_ connectors.PropertyLister = (*Emulator)(nil)
)

// defined reports whether a write may name property name: it has a
// definition (built in, configured or created).
func (s *store) defined(name string) bool {
	_, ok := s.defs[name]
	return ok
}

func listPropertiesOp() op[[]definition] {
	return func(s *store) ([]definition, int, error) {
		ds := slices.SortedFunc(maps.Values(s.defs), func(a, b definition) int { return cmp.Compare(a.Name, b.Name) })
		return ds, http.StatusOK, nil
	}
}

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

// listPropertiesJSON is HubSpot's CollectionResponsePropertyNoPaging: every
// definition in one page, without paging.
type listPropertiesJSON struct {
	Results []propertyJSON `json:"results"`
}

func (a *api) listProperties(w http.ResponseWriter, r *http.Request, ep endpoint) {
	ds, ans, err := serve(r.Context(), a.e, ep, listPropertiesOp())
	a.respond(w, ep, ans, err, func() any {
		body := listPropertiesJSON{Results: make([]propertyJSON, len(ds))}
		for i, d := range ds {
			body.Results[i] = toPropertyJSON(d)
		}
		return body
	})
}
