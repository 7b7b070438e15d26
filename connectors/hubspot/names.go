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

// withTyped is the property list a read sends: properties (HubSpot's
// default set when empty) and the lists Contact types, once each.
func withTyped(properties []string) []string {
	base := properties
	if len(base) == 0 {
		base = defaultProperties
	}
	out := slices.Clip(slices.Clone(base))
	for _, p := range []string{PropAdditionalEmails, PropMergedObjectIDs} {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// typedOut moves HubSpot's lists out of props into c's typed fields, and
// drops the id property (it is c.ID).
func typedOut(c *connectors.Contact) {
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
