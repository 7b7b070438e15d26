package hubspot

import (
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// HubSpot's names of what connectors.Contact types: the lists behind
// AdditionalEmails and MergedIDs (';'-separated), and the id property. The
// core never names them; the client asks for the lists on every read and
// moves them out of the property map into the typed fields, and leaves the
// id property out (it is Contact.ID).
const (
	PropAdditionalEmails = "hs_additional_emails"
	PropMergedObjectIDs  = "hs_merged_object_ids"
	PropObjectID         = "hs_object_id"
)

// HubSpot's names of the identity fields connectors.Contact types (Email,
// FirstName, LastName, Phone, Company). The client asks for them on every
// read and leaves them in the property map only when the read names them.
const (
	propEmail     = "email"
	propFirstName = "firstname"
	propLastName  = "lastname"
	propPhone     = "phone"
	propCompany   = "company"
)

// identityNames are HubSpot's names of Contact's identity fields.
var identityNames = []string{propEmail, propFirstName, propLastName, propPhone, propCompany}

// defaultProperties are what HubSpot reads without a properties parameter
// (besides hs_object_id, createdate and lastmodifieddate, which every read
// returns): a read that names none asks for these, and the typed lists.
var defaultProperties = []string{connectors.PropEmail, connectors.PropFirstName, connectors.PropLastName}

// readNames are the properties a read of properties names: HubSpot's
// default set when it names none.
func readNames(properties []string) []string {
	if len(properties) == 0 {
		return defaultProperties
	}
	return properties
}

// withTyped is the property list a read sends: properties (HubSpot's
// default set when empty), the lists Contact types, the key property
// (Contact.Key) and the identity fields, once each.
func (c *Client) withTyped(properties []string) []string {
	out := slices.Clip(slices.Clone(readNames(properties)))
	for _, p := range append([]string{PropAdditionalEmails, PropMergedObjectIDs, c.cfg.KeyProperty}, identityNames...) {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// typedOut moves HubSpot's lists out of ct's properties into its typed
// fields, drops the id property (it is ct.ID), and copies the key property
// and the identity fields into ct.Key and the identity fields, leaving them
// in the properties only when named names them (a read returns only what
// it names; nil names keep them, as a write's answer holds what was
// written).
func (c *Client) typedOut(ct *connectors.Contact, named []string) {
	ct.Key = ct.Properties[c.cfg.KeyProperty]
	ct.Email, ct.FirstName, ct.LastName = ct.Properties[propEmail], ct.Properties[propFirstName], ct.Properties[propLastName]
	ct.Phone, ct.Company = ct.Properties[propPhone], ct.Properties[propCompany]
	if named != nil {
		for _, p := range append([]string{c.cfg.KeyProperty}, identityNames...) {
			if !slices.Contains(readNames(named), p) {
				delete(ct.Properties, p)
			}
		}
	}
	typedLists(ct)
}

// typedLists moves HubSpot's lists out of props into c's typed fields, and
// drops the id property (it is c.ID).
func typedLists(c *connectors.Contact) {
	delete(c.Properties, PropObjectID)
	c.AdditionalEmails = splitList(c.Properties[PropAdditionalEmails])
	c.MergedIDs = splitList(c.Properties[PropMergedObjectIDs])
	delete(c.Properties, PropAdditionalEmails)
	delete(c.Properties, PropMergedObjectIDs)
}

// wireValues are c's properties as HubSpot holds them: the property map
// with the typed lists under their names again (unset when empty); the id
// aside.
func wireValues(c connectors.Contact) map[string]string {
	out := make(map[string]string, len(c.Properties)+2)
	for k, v := range c.Properties {
		out[k] = v
	}
	if len(c.AdditionalEmails) > 0 {
		out[PropAdditionalEmails] = strings.Join(c.AdditionalEmails, ";")
	}
	if len(c.MergedIDs) > 0 {
		out[PropMergedObjectIDs] = strings.Join(c.MergedIDs, ";")
	}
	return out
}
