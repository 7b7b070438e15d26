package emulator

import (
	"slices"

	"github.com/contactgate/contactgate/connectors"
)

// builtinDefinitions are the contact properties the emulator defines from the
// start: those HubSpot defines in every portal that integrations commonly
// write or read (a subset of HubSpot's default contact properties; inferred
// from HubSpot's property list, the notes are silent on it), and the
// read-only ones it computes. None has unique values: e-mail uniqueness is
// HubSpot's own rule, not hasUniqueValue. A write naming any other property
// is a 400 PROPERTY_DOESNT_EXIST until it is defined (Config.Properties,
// Config.UniqueProperties or POST /crm/v3/properties/contacts).
var builtinDefinitions = []connectors.PropertyDefinition{
	info(connectors.PropEmail, "Email", "string", "text"),
	info(PropAdditionalEmails, "Additional email addresses", "enumeration", "checkbox"),
	info(connectors.PropFirstName, "First Name", "string", "text"),
	info(connectors.PropLastName, "Last Name", "string", "text"),
	info(connectors.PropPhone, "Phone Number", "string", "phonenumber"),
	info(connectors.PropMobilePhone, "Mobile Phone Number", "string", "phonenumber"),
	info(connectors.PropCompany, "Company Name", "string", "text"),
	info(connectors.PropJobTitle, "Job Title", "string", "text"),
	info("website", "Website URL", "string", "text"),
	info(connectors.PropAddress, "Street Address", "string", "text"),
	info(connectors.PropCity, "City", "string", "text"),
	info(connectors.PropState, "State/Region", "string", "text"),
	info(connectors.PropPostcode, "Postal Code", "string", "text"),
	info(connectors.PropCountry, "Country/Region", "string", "text"),
	info(connectors.PropDateOfBirth, "Date of birth", "string", "text"),
	info("fax", "Fax Number", "string", "text"),
	info("salutation", "Salutation", "string", "text"),
	info("industry", "Industry", "string", "text"),
	info("annualrevenue", "Annual Revenue", "string", "text"),
	info("numemployees", "Number of Employees", "enumeration", "select"),
	info("message", "Message", "string", "textarea"),
	info("lifecyclestage", "Lifecycle Stage", "enumeration", "radio"),
	info("hs_lead_status", "Lead Status", "enumeration", "radio"),
	info("hubspot_owner_id", "Contact owner", "enumeration", "select"),
	info("hs_language", "Preferred language", "enumeration", "select"),
	info("twitterhandle", "Twitter Username", "string", "text"),
	info(PropObjectID, "Record ID", "number", "number"),
	info(connectors.PropCreateDate, "Create Date", "datetime", "date"),
	info(connectors.PropLastModified, "Last Modified Date", "datetime", "date"),
	info(PropMergedObjectIDs, "Merged Contact IDs", "enumeration", "checkbox"),
}

// info is a property of HubSpot's "contactinformation" group.
func info(name, label, typ, fieldType string) connectors.PropertyDefinition {
	return connectors.PropertyDefinition{Name: name, Label: label, Type: typ, FieldType: fieldType, GroupName: "contactinformation"}
}

func builtinProperty(name string) bool {
	return slices.ContainsFunc(builtinDefinitions, func(d connectors.PropertyDefinition) bool { return d.Name == name })
}

// textDefinition is a custom single-line text property as an admin creates
// it, for Config.Properties.
func textDefinition(name string) connectors.PropertyDefinition {
	return connectors.PropertyDefinition{Name: name, Label: name, Type: "string", FieldType: "text", GroupName: "contactinformation"}
}
