package emulator

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// readOnly are the properties HubSpot computes; writing one is a 400.
var readOnly = map[string]bool{
	connectors.PropObjectID:        true,
	connectors.PropCreateDate:      true,
	connectors.PropLastModified:    true,
	connectors.PropMergedObjectIDs: true,
}

// alwaysReturned are returned whatever properties a read asks for, as HubSpot
// does.
var alwaysReturned = []string{connectors.PropObjectID, connectors.PropCreateDate, connectors.PropLastModified}

// DefaultProperties are what an HTTP read without a properties parameter
// returns, like HubSpot's default set. In-process reads with nil properties
// return every property instead.
var DefaultProperties = []string{
	connectors.PropEmail, connectors.PropFirstName, connectors.PropLastName,
	connectors.PropObjectID, connectors.PropCreateDate, connectors.PropLastModified,
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
		case name == connectors.PropAdditionalEmails:
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
	for _, e := range splitList(props[connectors.PropAdditionalEmails]) {
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
		return maps.Clone(props)
	}
	out := make(map[string]string, len(want)+len(alwaysReturned))
	for _, names := range [][]string{want, alwaysReturned} {
		for _, k := range names {
			if v, ok := props[k]; ok {
				out[k] = v
			}
		}
	}
	return out
}
