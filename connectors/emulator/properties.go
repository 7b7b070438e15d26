package emulator

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// HubSpot's names of the lists connectors.Contact types (AdditionalEmails,
// MergedIDs) and of the id property: the emulator stores and serves them
// under these names, and fills the typed fields from them.
const (
	PropAdditionalEmails = "hs_additional_emails" // ';'-separated
	PropMergedObjectIDs  = "hs_merged_object_ids" // ';'-separated
	PropObjectID         = "hs_object_id"
)

// readOnly are the properties HubSpot computes; writing one is a 400.
var readOnly = map[string]bool{
	PropObjectID:                true,
	connectors.PropCreateDate:   true,
	connectors.PropLastModified: true,
	PropMergedObjectIDs:         true,
}

// alwaysReturned are returned whatever properties a read asks for, as HubSpot
// does.
var alwaysReturned = []string{PropObjectID, connectors.PropCreateDate, connectors.PropLastModified}

// DefaultProperties are what an HTTP read without a properties parameter
// returns, like HubSpot's default set. In-process reads with nil properties
// return every property instead.
var DefaultProperties = []string{
	connectors.PropEmail, connectors.PropFirstName, connectors.PropLastName,
	PropObjectID, connectors.PropCreateDate, connectors.PropLastModified,
}

// validateProperties checks the properties of a write: every name defined
// (definitions.go), no read-only property, valid e-mails, no value that
// s.reject (Config.Reject; nil for none) refuses. Every problem is listed,
// sorted by name, as HubSpot does; one undefined property fails the whole
// call (notes/hubspot.md, Errors).
func (s *store) validateProperties(props map[string]string) error {
	var problems []propertyProblem
	for _, name := range slices.Sorted(maps.Keys(props)) {
		value := props[name]
		switch {
		case !validPropertyName(name) || !s.defined(name):
			problems = append(problems, propertyProblem{
				Message: fmt.Sprintf("Property %q does not exist", name), Error: CodePropertyDoesntExist, Name: name,
			})
		case readOnly[name]:
			problems = append(problems, propertyProblem{
				Message: fmt.Sprintf("%s is a read only property; its value cannot be set.", name), Error: CodeReadOnlyValue, Name: name,
			})
		case name == connectors.PropEmail && value != "" && !validEmail(value):
			problems = append(problems, invalidEmail(name, value))
		case name == PropAdditionalEmails:
			for _, e := range splitList(value) {
				if !validEmail(e) {
					problems = append(problems, invalidEmail(name, e))
					break
				}
			}
		case s.reject != nil && s.reject(name, value):
			problems = append(problems, propertyProblem{
				Message: fmt.Sprintf("%s was not one of the allowed options", value), Error: CodeInvalidOption, Name: name,
			})
		}
	}
	if len(problems) == 0 {
		return nil
	}
	err := invalidProperties(problems)
	var unknown []string
	for _, p := range problems {
		if p.Error == CodePropertyDoesntExist {
			unknown = append(unknown, p.Name)
		}
	}
	if len(unknown) < len(problems) {
		return err
	}
	// Only undefined properties: the typed error a writer can act on, with
	// the same body over HTTP (errorBody).
	return &connectors.UnknownPropertyError{Properties: unknown, Message: err.Message, CorrelationID: err.CorrelationID}
}

func invalidEmail(name, value string) propertyProblem {
	return propertyProblem{Message: fmt.Sprintf("Email address %s is invalid", value), Error: CodeInvalidEmail, Name: name}
}

func validPropertyName(name string) bool {
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for _, r := range name {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// validEmail accepts local@domain.tld without spaces or list separators. It
// is deliberately plain: HubSpot's own check is not documented.
func validEmail(s string) bool {
	if strings.ContainsAny(s, " \t\r\n,;<>()[]\\\"") {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") {
		return false
	}
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1 && !strings.Contains(domain, "..")
}

// splitList splits a ';'-separated property such as hs_additional_emails.
func splitList(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ";") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// fold is how e-mails and string filters compare: case-insensitively.
func fold(s string) string { return strings.ToLower(s) }

// emailsOf returns the folded e-mails a record holds, primary first, without
// repeats.
func emailsOf(props map[string]string) []string {
	var out []string
	add := func(e string) {
		if e = fold(strings.TrimSpace(e)); e != "" && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	add(props[connectors.PropEmail])
	for _, e := range splitList(props[PropAdditionalEmails]) {
		add(e)
	}
	return out
}

// appendList appends values to a ';'-separated list, skipping the ones it
// already holds (case-insensitively) and those in except.
func appendList(list string, except string, values ...string) string {
	items := splitList(list)
	for _, v := range values {
		dup := strings.EqualFold(v, except)
		for _, have := range items {
			dup = dup || strings.EqualFold(have, v)
		}
		if !dup && v != "" {
			items = append(items, v)
		}
	}
	return strings.Join(items, ";")
}

// project copies the properties a caller asked for: every property when want
// is nil, else those in want that are set plus alwaysReturned.
func project(props map[string]string, want []string) map[string]string {
	if want == nil {
		out := maps.Clone(props)
		for _, k := range []string{PropAdditionalEmails, PropMergedObjectIDs, PropObjectID} {
			delete(out, k)
		}
		return out
	}
	out := make(map[string]string, len(want)+len(alwaysReturned))
	for _, names := range [][]string{want, alwaysReturned} {
		for _, k := range names {
			if v, ok := props[k]; ok && !contactField(k) {
				out[k] = v
			}
		}
	}
	return out
}

// contactField reports whether name is one that connectors.Contact types
// (the lists, and the id): they leave the property map for its fields (see
// contactOf), and the HTTP face serves them under their names again.
func contactField(name string) bool {
	return name == PropAdditionalEmails || name == PropMergedObjectIDs || name == PropObjectID
}

// contactOf is a stored record as a connectors.Contact: the properties want
// selects (see project), the id, and the typed lists, the key
// (connectors.PropContactgateKey, the emulator's key property) and the
// identity fields (under HubSpot's names, which are the emulator's) whatever
// want names.
func contactOf(id string, props map[string]string, want []string, created, updated time.Time) connectors.Contact {
	return connectors.Contact{
		ID: id, Properties: project(props, want), CreatedAt: created, UpdatedAt: updated,
		AdditionalEmails: splitList(props[PropAdditionalEmails]), MergedIDs: splitList(props[PropMergedObjectIDs]),
		Key:   props[connectors.PropContactgateKey],
		Email: props["email"], FirstName: props["firstname"], LastName: props["lastname"],
		Phone: props["phone"], Company: props["company"],
	}
}
