package salesforce

import (
	"strings"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// contactgate's custom fields on Contact, which the org must define
// (docs/salesforce.md): the key, an External ID (unique); the additional
// e-mails, ';'-separated text that merges fill; the company as text.
const (
	DefaultKeyField = "contactgate_key__c"
	EmailsField     = "contactgate_emails__c"
	CompanyField    = "contactgate_company__c"
)

// Salesforce's own fields the client reads.
const (
	fieldID          = "Id"
	fieldEmail       = "Email"
	fieldCreated     = "CreatedDate"
	fieldModified    = "LastModifiedDate"
	fieldMasterID    = "MasterRecordId"
	salesforceFormat = "2006-01-02T15:04:05.000-0700"
)

// coreToSF maps the core's property names (HubSpot's, see connectors) to
// Contact's fields. A name not listed passes through unchanged, so a caller
// may use a Salesforce field name (Department, Foo__c) directly. The key
// property maps to Config.KeyField.
var coreToSF = map[string]string{
	connectors.PropEmail:            fieldEmail,
	connectors.PropFirstName:        "FirstName",
	connectors.PropLastName:         "LastName",
	connectors.PropPhone:            "Phone",
	"mobilephone":                   "MobilePhone",
	"jobtitle":                      "Title",
	connectors.PropCompany:          CompanyField,
	connectors.PropAdditionalEmails: EmailsField,
	connectors.PropObjectID:         fieldID,
	connectors.PropCreateDate:       fieldCreated,
	connectors.PropLastModified:     fieldModified,
	"address":                       "MailingStreet",
	"city":                          "MailingCity",
	"state":                         "MailingState",
	"zip":                           "MailingPostalCode",
	"country":                       "MailingCountry",
}

// defaultFields are what a read without a property list returns.
var defaultFields = []string{fieldEmail, "FirstName", "LastName", "Phone", "MobilePhone", "Title",
	CompanyField, EmailsField, fieldCreated, fieldModified}

// fieldMap translates property names both ways for one client.
type fieldMap struct {
	toSF   map[string]string
	toCore map[string]string // lower-cased Salesforce name → core name
}

func newFieldMap(keyField string) fieldMap {
	m := fieldMap{toSF: map[string]string{}, toCore: map[string]string{}}
	for k, v := range coreToSF {
		m.toSF[k] = v
	}
	m.toSF[connectors.PropContactgateKey] = keyField
	for k, v := range m.toSF {
		m.toCore[strings.ToLower(v)] = k
	}
	return m
}

// sf is the Contact field of a core property name.
func (m fieldMap) sf(prop string) string {
	if f, ok := m.toSF[prop]; ok {
		return f
	}
	return prop
}

// core is the core property name of a Contact field.
func (m fieldMap) core(field string) string {
	if p, ok := m.toCore[strings.ToLower(field)]; ok {
		return p
	}
	return field
}

// fields maps a property list to the fields to select: always Id and the
// timestamps, the defaults when props is empty, no field twice.
func (m fieldMap) fields(props []string) []string {
	out := []string{fieldID, fieldCreated, fieldModified}
	seen := map[string]bool{fieldID: true, fieldCreated: true, fieldModified: true}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	if len(props) == 0 {
		for _, f := range defaultFields {
			add(f)
		}
	}
	for _, p := range props {
		if p != connectors.PropMergedObjectIDs { // Salesforce keeps none
			add(m.sf(p))
		}
	}
	return out
}

// record maps core properties to a Contact body; "" becomes null (clears).
func (m fieldMap) record(props map[string]string) map[string]any {
	out := make(map[string]any, len(props))
	for k, v := range props {
		if v == "" {
			out[m.sf(k)] = nil
		} else {
			out[m.sf(k)] = v
		}
	}
	return out
}

// contact maps a Salesforce record to a core Contact.
func (m fieldMap) contact(rec map[string]any) connectors.Contact {
	c := connectors.Contact{Properties: map[string]string{}}
	for k, v := range rec {
		if k == "attributes" {
			continue
		}
		s, _ := v.(string)
		switch k {
		case fieldID:
			c.ID = s
		case fieldCreated:
			c.CreatedAt, _ = time.Parse(salesforceFormat, s)
		case fieldModified:
			c.UpdatedAt, _ = time.Parse(salesforceFormat, s)
		}
		if b, ok := v.(bool); ok {
			s = map[bool]string{true: "true", false: "false"}[b]
		}
		c.Properties[m.core(k)] = s
	}
	return c
}

// splitEmails reads the ';'-separated additional e-mails.
func splitEmails(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ";") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// validID reports whether id has the shape of a Salesforce id (15 or 18
// letters and digits); others cannot exist, and SOQL refuses them.
func validID(id string) bool {
	if len(id) != 15 && len(id) != 18 {
		return false
	}
	for _, r := range id {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// soqlString quotes s as a SOQL string literal.
func soqlString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`)
	return "'" + r.Replace(s) + "'"
}

// soslTerm escapes SOSL's reserved characters in a search term; '*' stays
// a wildcard when wildcard is true.
func soslTerm(s string, wildcard bool) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`?&|!{}[]()^~*:\"'+-`, r) && !(wildcard && r == '*') {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
