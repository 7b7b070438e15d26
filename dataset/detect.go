package dataset

import (
	"slices"
	"strings"

	"github.com/contactgate/contactgate/match"
)

// columnAliases are the column names DetectMapping recognises, as
// columnKey spells them, in order of preference within each kind. They
// cover HubSpot's contact export ("Record ID", "Phone Number", "State/Region"),
// common snake_case names (given_name, soc_sec_id, zip) and Senzing's
// generic entity attributes (PRIMARY_NAME_FIRST, ADDR_LINE1, SSN_NUMBER).
var columnAliases = []struct {
	kind    match.Kind
	columns []string
}{
	{match.KindID, []string{"recordid", "contactid", "hsobjectid", "id", "uniqueid", "recid", "personid", "customerid", "externalid"}},
	{match.KindEmail, []string{"email", "emailaddress", "primaryemail", "workemail", "mail"}},
	{match.KindPhone, []string{"phonenumber", "phone", "mobilephonenumber", "mobilephone", "mobile", "cellphone", "telephone",
		"telephonenumber", "tel", "workphone", "homephone"}},
	{match.KindFirstName, []string{"firstname", "givenname", "forename", "fname", "primarynamefirst"}},
	{match.KindLastName, []string{"lastname", "surname", "familyname", "lname", "primarynamelast"}},
	{match.KindFullName, []string{"fullname", "name", "contactname", "displayname", "primarynamefull"}},
	{match.KindCompany, []string{"companyname", "company", "organization", "organisation", "organizationname", "organisationname",
		"businessname", "accountname", "primarynameorg", "employer", "associatedcompany"}},
	// Address lines are joined, in header order.
	{match.KindAddress, []string{"streetaddress", "streetaddress2", "address", "streetnumber", "housenumber", "street",
		"address1", "address2", "address3", "addressline1", "addressline2", "addressline3", "addrfull", "addrline1", "addrline2"}},
	{match.KindCity, []string{"city", "town", "suburb", "locality", "addrcity"}},
	{match.KindPostcode, []string{"postalcode", "postcode", "zip", "zipcode", "postal", "addrpostalcode"}},
	{match.KindState, []string{"stateregion", "state", "province", "region", "addrstate"}},
	{match.KindCountry, []string{"countryregion", "country", "countrycode", "addrcountry"}},
	{match.KindDOB, []string{"dateofbirth", "dob", "birthdate", "birthday"}},
	{match.KindNationalID, []string{"nationalid", "nationalidnumber", "ssn", "ssnnumber", "socsecid", "socialsecuritynumber",
		"passportnumber"}},
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
				if slices.Contains(a.columns, k) {
					m[a.kind] = append(m[a.kind], strings.TrimSpace(names[i]))
				}
			}
		default:
			for _, alias := range a.columns {
				if i := slices.Index(keys, alias); i >= 0 {
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
