package salesforce

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
)

// contactgate's custom fields on Contact, which the org must define
// (docs/salesforce.md): the key, an External ID (unique); the additional
// e-mails, ';'-separated text that merges fill; the company as text.
const (
	DefaultKeyField = "contactgate_key__c"
	EmailsField     = "contactgate_emails__c"
	CompanyField    = "contactgate_company__c"
)

// propObjectID is the id property by the name HubSpot gives it, which
// reads return as Id and BatchRead takes as the id, as they always have;
// the core reads the id as Contact.ID.
const propObjectID = "hs_object_id"

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
// property maps to Config.KeyField. Two names map to MailingStreet: the
// core's address and the demo's billing_address; a read returns the
// field under both.
var coreToSF = map[string]string{
	connectors.PropEmail:        fieldEmail,
	connectors.PropFirstName:    "FirstName",
	connectors.PropLastName:     "LastName",
	connectors.PropPhone:        "Phone",
	connectors.PropMobilePhone:  "MobilePhone",
	connectors.PropJobTitle:     "Title",
	connectors.PropCompany:      CompanyField,
	propObjectID:                fieldID,
	connectors.PropCreateDate:   fieldCreated,
	connectors.PropLastModified: fieldModified,
	connectors.PropAddress:      "MailingStreet",
	"billing_address":           "MailingStreet",
	connectors.PropCity:         "MailingCity",
	connectors.PropState:        "MailingState",
	connectors.PropPostcode:     "MailingPostalCode",
	connectors.PropCountry:      "MailingCountry",
	connectors.PropDateOfBirth:  "Birthdate",
}

// snapshotProperties are Capabilities.Properties: the core's names this
// connector maps, then Contact's standard fields the core has no name for.
// Every read selects EmailsField besides (Contact.AdditionalEmails).
var snapshotProperties = []string{
	propObjectID, connectors.PropEmail, connectors.PropFirstName,
	connectors.PropLastName, connectors.PropPhone, connectors.PropMobilePhone, connectors.PropCompany,
	connectors.PropJobTitle, connectors.PropAddress, connectors.PropCity, connectors.PropState, connectors.PropPostcode,
	connectors.PropCountry, connectors.PropDateOfBirth, "Department", "LeadSource", "Description",
	connectors.PropCreateDate, connectors.PropLastModified,
}

// defaultFields are what a read without a property list returns.
var defaultFields = []string{fieldEmail, "FirstName", "LastName", "Phone", "MobilePhone", "Title",
	CompanyField, EmailsField, fieldCreated, fieldModified}

// fieldMap translates property names both ways for one client, and
// leaves out the fields the org turned out not to have.
type fieldMap struct {
	toSF    map[string]string
	toCore  map[string][]string // lower-cased Salesforce name → core names, sorted
	missing *missingFields
}

// missingFields are the Contact fields the org answered INVALID_FIELD for:
// the client reads them as blank and drops them from writes, counting the
// values dropped. The identifying fields are never among them.
type missingFields struct {
	essential map[string]bool
	mu        sync.Mutex
	dropped   map[string]int64 // lower-cased name → values dropped
	// keyUnselected: the org lacks the key field (a purge's org, where no
	// gatekeeper ran), so reads stop selecting it for Contact.Key, which
	// stays empty. Writes naming it still fail: the key is essential.
	keyUnselected atomic.Bool
}

// has reports whether the org lacks field.
func (m *missingFields) has(field string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.dropped[strings.ToLower(field)]
	return ok
}

// forget marks field missing; false if it was already, or is essential.
func (m *missingFields) forget(field string) bool {
	f := strings.ToLower(field)
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.dropped[f]; ok || m.essential[f] {
		return false
	}
	m.dropped[f] = 0
	return true
}

// drop counts a value not written for field; false if the field exists.
func (m *missingFields) drop(field string) bool {
	f := strings.ToLower(field)
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.dropped[f]; !ok {
		return false
	}
	m.dropped[f]++
	return true
}

func newFieldMap(keyField string) fieldMap {
	m := fieldMap{toSF: map[string]string{}, toCore: map[string][]string{}, missing: &missingFields{dropped: map[string]int64{},
		essential: map[string]bool{"id": true, "email": true, strings.ToLower(keyField): true, "createddate": true, "lastmodifieddate": true}}}
	for k, v := range coreToSF {
		m.toSF[k] = v
	}
	m.toSF[connectors.PropContactgateKey] = keyField
	for k, v := range m.toSF {
		m.toCore[strings.ToLower(v)] = append(m.toCore[strings.ToLower(v)], k)
	}
	for _, names := range m.toCore {
		slices.Sort(names)
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

// core is the core property names of a Contact field: the field itself
// when none maps to it.
func (m fieldMap) core(field string) []string {
	if p, ok := m.toCore[strings.ToLower(field)]; ok {
		return p
	}
	return []string{field}
}

// identityFields are Salesforce's fields behind Contact's identity fields
// (Email, FirstName, LastName, Phone, Company), which every read selects.
var identityFields = []string{fieldEmail, "FirstName", "LastName", "Phone", CompanyField}

// identityProperties are the core's names of identityFields, which a read
// leaves in the property map only when it names them.
var identityProperties = []string{connectors.PropEmail, connectors.PropFirstName, connectors.PropLastName,
	connectors.PropPhone, connectors.PropCompany}

// fields maps a property list to the fields to select: always Id, the
// timestamps, the key (Contact.Key), the additional e-mails
// (Contact.AdditionalEmails) and the identity fields, the defaults when
// props is empty, no field twice.
func (m fieldMap) fields(props []string) []string {
	out := []string{fieldID, fieldCreated, fieldModified}
	seen := map[string]bool{fieldID: true, fieldCreated: true, fieldModified: true}
	if key := m.sf(connectors.PropContactgateKey); !m.missing.keyUnselected.Load() {
		seen[key] = true
		out = append(out, key)
	}
	if !m.missing.has(EmailsField) {
		seen[EmailsField] = true
		out = append(out, EmailsField)
	}
	add := func(f string) {
		if !seen[f] && !m.missing.has(f) {
			seen[f] = true
			out = append(out, f)
		}
	}
	for _, f := range identityFields {
		add(f)
	}
	if len(props) == 0 {
		for _, f := range defaultFields {
			add(f)
		}
	}
	for _, p := range props {
		add(m.sf(p))
	}
	return out
}

// record maps core properties to a Contact body; "" becomes null (clears).
func (m fieldMap) record(props map[string]string) map[string]any {
	out := make(map[string]any, len(props))
	for k, v := range props {
		if m.missing.drop(m.sf(k)) {
			continue
		}
		switch f := m.sf(k); {
		case v == "":
			out[f] = nil
		case f == fieldBirthdate:
			out[f] = isoDate(v)
		default:
			out[f] = v
		}
	}
	return out
}

// fieldBirthdate is Contact's date of birth, a date field: Salesforce
// takes only YYYY-MM-DD there.
const fieldBirthdate = "Birthdate"

// isoDate writes a date as Salesforce's date fields take it (YYYY-MM-DD),
// whatever layout an export or a producer used ("14/03/1980", "19800314");
// a value that reads as no date is left as sent, for the org to refuse
// with its own reason.
func isoDate(v string) string {
	d := match.NormalizeDate(v)
	if len(d) != 8 {
		return v
	}
	return d[:4] + "-" + d[4:6] + "-" + d[6:]
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
			continue // Contact.ID, no property
		case fieldCreated:
			c.CreatedAt, _ = time.Parse(salesforceFormat, s)
		case fieldModified:
			c.UpdatedAt, _ = time.Parse(salesforceFormat, s)
		}
		if strings.EqualFold(k, EmailsField) {
			c.AdditionalEmails = splitEmails(s)
			continue
		}
		if b, ok := v.(bool); ok {
			s = map[bool]string{true: "true", false: "false"}[b]
		}
		for _, p := range m.core(k) {
			c.Properties[p] = s
		}
	}
	c.Key = c.Properties[connectors.PropContactgateKey]
	text := func(field string) string { s, _ := rec[field].(string); return s }
	c.Email, c.FirstName, c.LastName = text(fieldEmail), text("FirstName"), text("LastName")
	c.Phone, c.Company = text("Phone"), text(CompanyField)
	return c
}

// identityOf fills c's identity fields from its core-named properties (a
// write's answer, which holds what was written).
func identityOf(c *connectors.Contact) {
	p := c.Properties
	c.Email, c.FirstName, c.LastName = p[connectors.PropEmail], p[connectors.PropFirstName], p[connectors.PropLastName]
	c.Phone, c.Company = p[connectors.PropPhone], p[connectors.PropCompany]
}

// keyOut leaves the key (Contact.Key) out of a read's properties unless
// properties, which the read names, name it, and the identity fields
// unless properties are empty (the defaults hold them) or name them: a read
// returns only what it names.
func keyOut(ct connectors.Contact, properties []string) connectors.Contact {
	if !slices.Contains(properties, connectors.PropContactgateKey) {
		delete(ct.Properties, connectors.PropContactgateKey)
	}
	if len(properties) > 0 {
		for _, p := range identityProperties {
			if !slices.Contains(properties, p) {
				delete(ct.Properties, p)
			}
		}
	}
	return ct
}

// emailsOut moves EmailsField, when a write named it, out of c's
// properties into c.AdditionalEmails.
func emailsOut(c *connectors.Contact) {
	for k, v := range c.Properties {
		if strings.EqualFold(k, EmailsField) {
			c.AdditionalEmails = splitEmails(v)
			delete(c.Properties, k)
		}
	}
}

// withEmails is c's properties with its additional e-mails under
// EmailsField (unset when it has none), as Salesforce holds them.
func withEmails(c connectors.Contact) map[string]string {
	out := make(map[string]string, len(c.Properties)+1)
	for k, v := range c.Properties {
		out[k] = v
	}
	if len(c.AdditionalEmails) > 0 {
		out[EmailsField] = strings.Join(c.AdditionalEmails, ";")
	}
	return out
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

// noSuchColumn finds the field in Salesforce's INVALID_FIELD message "No
// such column 'Foo__c' on entity 'Contact'" (or "on sobject of type").
var noSuchColumn = regexp.MustCompile(`No such column '([^']+)'`)

// missingFieldIn is the field an INVALID_FIELD error names, "" for other
// errors.
func missingFieldIn(err error) string {
	var ve *connectors.ValidationError
	if !errors.As(err, &ve) || ve.Category != "INVALID_FIELD" {
		return ""
	}
	if m := noSuchColumn.FindStringSubmatch(ve.Message); m != nil {
		return m[1]
	}
	return ""
}

// ID18 is the 18-character spelling of a Salesforce id: a 15-character id
// (case-sensitive, as reports and the user interface show it) with its
// case-insensitive checksum appended, each of the three letters encoding
// which of five characters are upper case. Other strings are returned
// unchanged.
func ID18(id string) string {
	if len(id) != 15 || !validID(id) {
		return id
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
	suffix := make([]byte, 3)
	for chunk := range 3 {
		n := 0
		for i := range 5 {
			if c := id[chunk*5+i]; c >= 'A' && c <= 'Z' {
				n |= 1 << i
			}
		}
		suffix[chunk] = alphabet[n]
	}
	return id + string(suffix)
}

// CanonicalID is the 18-character id Salesforce answers with
// (connectors.IDCanonicalizer), so that a purge plan keyed by a report's
// 15-character ids finds its records as themselves.
func (c *Client) CanonicalID(id string) string { return ID18(id) }
