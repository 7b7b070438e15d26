package dataset

import (
	"slices"
	"strings"

	"github.com/contactgate/contactgate/match"
)

// columnAliases are the column names DetectMapping recognises, in
// snake_case, in order of preference within each kind. A header matches
// one ignoring case, spaces and punctuation (columnKey); it is taken
// without a note when it is spelled as the alias is in one of the usual
// styles (spelledAs), and with one otherwise ("FIRST-NAME", "firstname",
// "E-mail"). They
// cover HubSpot's contact export ("Record ID", "Phone Number", "State/Region"),
// Salesforce's Contact report export ("Contact ID", "Mobile", "Account Name",
// "Mailing Zip/Postal Code") and its API names in a Data Loader export
// ("Id", "MobilePhone", "MailingPostalCode"), common snake_case names
// (given_name, soc_sec_id, zip) and Senzing's generic entity attributes
// (PRIMARY_NAME_FIRST, ADDR_LINE1, SSN_NUMBER).
var columnAliases = []struct {
	kind    match.Kind
	columns []string
}{
	{match.KindID, []string{"record_id", "contact_id", "hs_object_id", "id", "unique_id", "rec_id", "person_id", "customer_id", "external_id"}},
	{match.KindEmail, []string{"email", "email_address", "primary_email", "work_email", "mail"}},
	{match.KindPhone, []string{"phone_number", "phone", "mobile_phone_number", "mobile_phone", "mobile", "cell_phone", "telephone",
		"telephone_number", "tel", "work_phone", "home_phone"}},
	{match.KindFirstName, []string{"first_name", "given_name", "forename", "fname", "primary_name_first"}},
	{match.KindLastName, []string{"last_name", "surname", "family_name", "lname", "primary_name_last"}},
	{match.KindFullName, []string{"full_name", "name", "contact_name", "display_name", "primary_name_full"}},
	{match.KindCompany, []string{"company_name", "company", "organization", "organisation", "organization_name", "organisation_name",
		"business_name", "account_name", "primary_name_org", "employer", "associated_company"}},
	// Address lines are joined, in header order.
	{match.KindAddress, []string{"street_address", "street_address_2", "address", "street_number", "house_number", "street",
		"address_1", "address_2", "address_3", "address_line_1", "address_line_2", "address_line_3", "addr_full", "addr_line1", "addr_line2",
		"mailing_street", "mailing_address_line_1", "mailing_address_line_2", "mailing_address_line_3"}},
	{match.KindCity, []string{"city", "town", "suburb", "locality", "addr_city", "mailing_city"}},
	{match.KindPostcode, []string{"postal_code", "postcode", "zip", "zip_code", "postal", "addr_postal_code",
		"mailing_zip/postal_code", "mailing_postal_code"}},
	{match.KindState, []string{"state/region", "state", "province", "region", "addr_state", "mailing_state/province", "mailing_state"}},
	{match.KindCountry, []string{"country/region", "country", "country_code", "addr_country", "mailing_country"}},
	{match.KindDOB, []string{"date_of_birth", "dob", "birth_date", "birthday", "birthdate"}},
	{match.KindNationalID, []string{"national_id", "national_id_number", "ssn", "ssn_number", "soc_sec_id", "social_security_number",
		"passport_number"}},
	{match.KindJobTitle, []string{"job_title", "jobtitle", "position", "occupation"}},
}

// DetectMapping maps the columns of a header whose names it recognises
// (see columnAliases), ignoring case, spaces and punctuation: "First Name",
// "first_name" and " given_name" are all first names. The id is one column,
// or DATA_SOURCE and RECORD_ID together when both are present (Senzing's
// record key); address lines are all kept, in header order; for the other
// kinds every recognised column is kept, the preferred first, so that a
// row's first non-empty one is used. Columns it does not know are left out.
func DetectMapping(names []string) Mapping {
	keys := make([]string, len(names))
	for i, n := range names {
		keys[i] = columnKey(n)
	}
	m := Mapping{}
	for _, a := range columnAliases {
		switch {
		case a.kind == match.KindAddress:
			for i, k := range keys {
				if slices.ContainsFunc(a.columns, func(alias string) bool { return columnKey(alias) == k }) {
					m[a.kind] = append(m[a.kind], strings.TrimSpace(names[i]))
				}
			}
		default:
			for _, alias := range a.columns {
				// Two aliases alike but for punctuation (birth_date,
				// birthdate) find one column once.
				if i := slices.Index(keys, columnKey(alias)); i >= 0 && !slices.Contains(m[a.kind], strings.TrimSpace(names[i])) {
					m[a.kind] = append(m[a.kind], strings.TrimSpace(names[i]))
				}
			}
		}
	}
	if ids := m[match.KindID]; len(ids) > 1 {
		m[match.KindID] = ids[:1]
	}
	src, rec := slices.Index(keys, "datasource"), slices.Index(keys, "recordid")
	if src >= 0 && rec >= 0 {
		m[match.KindID] = []string{strings.TrimSpace(names[src]), strings.TrimSpace(names[rec])}
	}
	return m
}

// aliasOf returns the alias of kind that name matches (columnKey), or "":
// the one it is spelled as (spelledAs) when several match.
func aliasOf(kind match.Kind, name string) string {
	k := columnKey(name)
	found := ""
	for _, a := range columnAliases {
		if a.kind != kind {
			continue
		}
		for _, alias := range a.columns {
			if columnKey(alias) == k {
				if spelledAs(name, alias) {
					return alias
				}
				if found == "" {
					found = alias
				}
			}
		}
	}
	return found
}

// spelledAs reports whether name spells the snake_case alias in one of the
// usual styles of a header: snake_case, UPPER_SNAKE, Title Words (with ID
// in capitals: "Record ID"), camelCase or PascalCase. "/" stays as it is
// ("State/Region").
func spelledAs(name, alias string) bool {
	words := strings.FieldsFunc(alias, func(r rune) bool { return r == '_' })
	title := make([]string, len(words))
	for i, w := range words {
		title[i] = titleWord(w)
	}
	camel := slices.Clone(title)
	if len(camel) > 0 {
		camel[0] = words[0]
	}
	for _, s := range []string{alias, strings.ToUpper(alias), strings.Join(title, " "), strings.Join(title, ""), strings.Join(camel, "")} {
		if name == s {
			return true
		}
	}
	return false
}

// titleWord capitalises a word, and each part of one with a "/"; "id" is
// "ID".
func titleWord(w string) string {
	parts := strings.Split(w, "/")
	for i, p := range parts {
		switch {
		case p == "id":
			parts[i] = "ID"
		case p != "":
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "/")
}
