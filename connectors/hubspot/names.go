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
// default set when empty), the lists Contact types and the key property
// (Contact.Key), once each.
func (c *Client) withTyped(properties []string) []string {
	out := slices.Clip(slices.Clone(readNames(properties)))
	for _, p := range []string{PropAdditionalEmails, PropMergedObjectIDs, c.cfg.KeyProperty} {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// typedOut moves HubSpot's lists out of ct's properties into its typed
// fields, drops the id property (it is ct.ID), and copies the key property
// into ct.Key, leaving it in the properties only when named names it (a
// read returns only what it names; nil names keep it, as a write's answer
// holds what was written).
func (c *Client) typedOut(ct *connectors.Contact, named []string) {
	ct.Key = ct.Properties[c.cfg.KeyProperty]
	if named != nil && !slices.Contains(named, c.cfg.KeyProperty) {
		delete(ct.Properties, c.cfg.KeyProperty)
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
