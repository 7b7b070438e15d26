package emulator

import (
	"fmt"
	"strconv"

	"github.com/contactgate/contactgate/connectors"
)

// Unique custom properties (hasUniqueValue): the store keeps, for each, which
// record holds each value, beside the e-mail lookup, and in step with it. A
// value is compared exactly (?: HubSpot does not say whether it folds case
// or spaces; e-mails fold, and stay apart).

// maxUniqueProperties is how many unique-value properties HubSpot allows an
// object type.
const maxUniqueProperties = 10

// portalID is the emulated portal, as HubSpot's messages name it.
const portalID = 1

func (s *store) isUnique(name string) bool {
	_, ok := s.unique[name]
	return ok
}

// checkUnique returns a *connectors.UniqueValueError when a unique property
// of props holds a value that a record other than self holds; on is the id
// of the record being written, as the message names it.
func (s *store) checkUnique(props map[string]string, self, on string) error {
	for name, holders := range s.unique {
		v := props[name]
		if v == "" {
			continue
		}
		if id, ok := holders[v]; ok && id != self {
			return uniqueConflict(name, v, on, id)
		}
	}
	return nil
}

// nextID is the id the next create would get: HubSpot names it in the
// message of a create refused for a unique value.
func (s *store) nextID() string { return strconv.FormatInt(s.next, 10) }

func (s *store) indexUnique(r *record) {
	for name, holders := range s.unique {
		if v := r.props[name]; v != "" {
			holders[v] = r.id
		}
	}
}

func (s *store) unindexUnique(r *record) {
	for name, holders := range s.unique {
		if v := r.props[name]; v != "" && holders[v] == r.id {
			delete(holders, v)
		}
	}
}

// resolveUnique finds the record holding value as its unique property name.
func (s *store) resolveUnique(name, value string) (*record, error) {
	if id, ok := s.unique[name][value]; ok {
		return s.records[id], nil
	}
	return nil, notFound("resource not found: no contact with %s %s", name, value)
}

// makeUnique starts enforcing uniqueness of name over the records as they
// are; a value two records hold already is a 400.
func (s *store) makeUnique(name string) error {
	holders := map[string]string{}
	for _, n := range s.ids {
		r := s.records[strconv.FormatInt(n, 10)]
		v := r.props[name]
		if v == "" {
			continue
		}
		if other, ok := holders[v]; ok {
			return invalid("Property %s cannot require unique values: contacts %s and %s hold the same value.", name, other, r.id)
		}
		holders[v] = r.id
	}
	s.unique[name] = holders
	return nil
}

// uniqueConflict is HubSpot's 400 for a value of a unique property that
// another record holds (connectors.UniqueValueError): the message quotes
// the property, the value, the record written (on) and the holder, as
// integrators report it; the errorType and errorTokens of the HTTP body are
// in errorBody.
func uniqueConflict(property, value, on, holder string) *connectors.UniqueValueError {
	return &connectors.UniqueValueError{
		Property:      property,
		ExistingID:    holder,
		CorrelationID: newCorrelationID(),
		Message: fmt.Sprintf("Cannot set PropertyValueCoordinates{portalId=%d, objectTypeId=ObjectTypeId{legacyObjectType=CONTACT}, propertyName=%s, value=%s} on %s. %s already has that value.",
			portalID, property, value, on, holder),
	}
}

// uniqueDuplicateInBatch is the 400 of a batch create that gives two of its
// inputs one value of a unique property (?: HubSpot's wording unknown).
func uniqueDuplicateInBatch(property string, first, second int) *connectors.UniqueValueError {
	return &connectors.UniqueValueError{
		Property:      property,
		CorrelationID: newCorrelationID(),
		Message:       fmt.Sprintf("Duplicate value of unique property %s in batch input (inputs %d and %d): values must be unique", property, first, second),
	}
}
