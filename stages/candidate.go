package stages

import (
	"slices"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// candidate is a record that shares a weak key (a phone number, a
// name-and-company key) with an event, as the evidence rules see it,
// whether the index or the CRM holds it.
type candidate struct {
	id string
	// firstKeys are match.FirstNameKeys of the folded first name, then
	// the first names of the name keys the record was seen with.
	firstKeys []string
	lastKey   string // match.NameKey of the last name
	// lastKeys are lastKey and the last names of the name keys the record
	// was seen with.
	lastKeys    []string
	identifiers schemas.Identifiers
	// property reads one of the record's current property values, for
	// the scorer (explain).
	property func(name string) string
	// members are what the events applied to the record said of its
	// person (state.Record.Members); none for a contact of the CRM's.
	members []state.Member
	// seen are the times of the record's latest events (recordTimes).
	seen []int64
}

func candidateOfRecord(r state.Record) candidate {
	c := candidate{
		id:          r.ID,
		firstKeys:   match.FirstNameKeys(match.FoldName(r.Properties[connectors.PropFirstName].Value)),
		lastKey:     match.NameKey(r.Properties[connectors.PropLastName].Value),
		identifiers: r.Identifiers,
		property:    recordProperty(r.Properties),
		members:     r.Members,
		seen:        recordTimes(r.Seen, r.Properties),
	}
	c.lastKeys = []string{c.lastKey}
	for _, nk := range r.Identifiers.NameKeys {
		first, last, ok := match.SplitNameCompanyKey(nk)
		if !ok {
			continue
		}
		if !slices.Contains(c.firstKeys, first) {
			c.firstKeys = append(slices.Clip(c.firstKeys), first)
		}
		if !slices.Contains(c.lastKeys, last) {
			c.lastKeys = append(c.lastKeys, last)
		}
	}
	return c
}

func (g *Gatekeeper) candidateOfContact(c *connectors.Contact) candidate {
	last := match.NameKey(c.LastName)
	return candidate{
		id:          c.ID,
		firstKeys:   match.FirstNameKeys(match.FoldName(c.FirstName)),
		lastKey:     last,
		lastKeys:    []string{last},
		identifiers: g.identifiersOfContact(c),
		property:    contactProperty(c),
	}
}

func recordProperty(props map[string]schemas.PropertyValue) func(string) string {
	return func(name string) string { return props[name].Value }
}

// contactProperty reads a CRM contact's property values for the scorer:
// the identity fields from Contact's typed fields, the rest by name.
func contactProperty(c *connectors.Contact) func(string) string {
	return func(name string) string {
		switch name {
		case connectors.PropEmail:
			return c.Email
		case connectors.PropFirstName:
			return c.FirstName
		case connectors.PropLastName:
			return c.LastName
		case connectors.PropPhone:
			return c.Phone
		case connectors.PropCompany:
			return c.Company
		}
		return c.Properties[name]
	}
}
