package match

import (
	"fmt"
	"slices"
)

// Kind is what a field of a contact holds, as the scorer compares it and as
// `contactgate scan --map kind=column` and `contactgate evaluate` name it
// (DESIGN.md section 4).
type Kind string

// The field kinds.
const (
	KindID         Kind = "id"
	KindEmail      Kind = "email"
	KindPhone      Kind = "phone"
	KindFirstName  Kind = "first_name"
	KindLastName   Kind = "last_name"
	KindFullName   Kind = "full_name"
	KindCompany    Kind = "company"
	KindAddress    Kind = "address"
	KindCity       Kind = "city"
	KindPostcode   Kind = "postcode"
	KindState      Kind = "state"
	KindCountry    Kind = "country"
	KindDOB        Kind = "dob"
	KindNationalID Kind = "national_id"
	// KindJobTitle is a person's job title (HubSpot's jobtitle): two
	// records with the same title beside the same name are one person
	// more often than namesakes are.
	KindJobTitle Kind = "job_title"
	KindText     Kind = "text"
)

// Kinds lists every kind, in the order of DESIGN.md.
func Kinds() []Kind {
	return []Kind{KindID, KindEmail, KindPhone, KindFirstName, KindLastName, KindFullName, KindCompany,
		KindAddress, KindCity, KindPostcode, KindState, KindCountry, KindDOB, KindNationalID, KindJobTitle, KindText}
}

// ParseKind returns the kind named s, or an error listing the kinds.
func ParseKind(s string) (Kind, error) {
	if k := Kind(s); slices.Contains(Kinds(), k) {
		return k, nil
	}
	return "", fmt.Errorf("unknown field kind %q: want one of %v", s, Kinds())
}
