package stages

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
)

// ErrInvalidEvent is wrapped by every *InvalidEventError.
var ErrInvalidEvent = errors.New("invalid contact event")

// InvalidEventError lists why an event cannot be processed. It is permanent,
// and dead-lettered with class validation. Its text names fields and
// problems, never the values: e-mails and phone numbers are personal data
// and the text ends up in logs and dead-letter headers.
type InvalidEventError struct {
	Problems []FieldProblem
}

// FieldProblem is one field at fault.
type FieldProblem struct {
	Field   string // the ContactEvent field, by its wire name
	Problem string
}

func (e *InvalidEventError) Error() string {
	var b strings.Builder
	b.WriteString("invalid contact event: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Field + ": " + p.Problem)
	}
	return b.String()
}

// Unwrap returns ErrInvalidEvent.
func (e *InvalidEventError) Unwrap() error { return ErrInvalidEvent }

// propCountry is the CRM property (HubSpot's) that names a contact's
// country; it picks the region of a phone number written in national format
// (match.RegionOf).
const propCountry = "country"

// noIdentifier is the problem of an event without any usable identifier.
const noIdentifier = "none usable: want external_id, email, phone, a national_id, or first_name and last_name with company or with a phone number"

// phoneNotUnderstood starts the refused reason of a phone number that makes
// no E.164 key; the number is written to the CRM all the same.
const phoneNotUnderstood = "not understood, written as sent: "

// validate checks what the later stages rely on: an event id, a source, and
// at least one identifier that makes a match key: an external id, a valid
// e-mail or phone, a first name, last name and company, or a first and last
// name beside a phone number that is not valid but has the digits of one
// (match.PhoneDigitsKey: "020 7946 095", a London number one digit short).
// Identifiers are parsed here (match.Normalize), once; normalize turns them
// into keys. A phone number is read in the event's region: its country
// property, else its e-mail's country domain, else Config.DefaultRegion; "00"
// and "011" read as international prefixes.
//
// An invalid e-mail beside another identifier does not fail the event: it is
// left out of the CRM write, which the CRM would reject as a whole, and
// reported as refused. A phone number is never the reason an event with
// another identifier, or with a full name and a plausible number, fails: it
// is written as sent (the CRM stores any text as a phone) and reported as
// refused with phoneNotUnderstood; its digits key, if any, is weak evidence
// (byPhone: names must agree). An event with nothing else usable is
// dead-lettered: it could never be found again, and each one would make
// another record; a full name alone (beside a placeholder address too:
// nameAlone) is first weighed against the records, and dead-lettered in
// resolve when none takes it.
// A missing occurred_at falls back to the Kafka record's timestamp, then to
// the clock.
func (g *Gatekeeper) validate(_ context.Context, ev *event) error {
	e := &ev.ce
	var problems []FieldProblem
	if isBlank(e.EventID) {
		problems = append(problems, FieldProblem{"event_id", "required"})
	}
	if isBlank(e.Source) {
		problems = append(problems, FieldProblem{"source", "required"})
	}
	// The address alone, as the CRM is to hold it: not "mailto:", a
	// display name, brackets, a second address or an invisible character.
	e.Email = match.EmailAddress(e.Email)
	ev.ids = match.Normalize(match.ContactFields{
		Email: e.Email, Phone: e.Phone, FirstName: e.FirstName, LastName: e.LastName, Company: e.Company,
		Country: e.Properties[propCountry], City: e.Properties[connectors.PropCity],
	}, g.match)
	if isBlank(e.ExternalID) && !ev.ids.HasKey() && !g.findableByEvidence(ev) {
		ev.nameAlone, ev.phoneAlone = nameAlone(ev), phoneAlone(ev)
		if !ev.nameAlone && !ev.phoneAlone {
			problems = append(problems, identifierProblems(ev)...)
		}
	}
	if len(problems) > 0 {
		return processor.DeadLetter(stageValidate, schemas.ClassValidation, &InvalidEventError{Problems: problems})
	}
	g.markAnothersAddress(ev)
	for _, err := range ev.ids.Invalid {
		switch {
		case errors.Is(err, match.ErrInvalidEmail):
			ev.refused = append(ev.refused, schemas.FieldDecision{
				Field: connectors.PropEmail, Value: strings.TrimSpace(e.Email), Reason: err.Error()})
		case errors.Is(err, match.ErrInvalidPhone):
			ev.refused = append(ev.refused, schemas.FieldDecision{
				Field: connectors.PropPhone, Value: strings.TrimSpace(e.Phone), Reason: phoneNotUnderstood + err.Error()})
		}
	}
	ev.occurredAt = e.OccurredAt
	if ev.occurredAt.IsZero() {
		ev.occurredAt = ev.timestamp
	}
	if ev.occurredAt.IsZero() {
		ev.occurredAt = g.cfg.Now()
	}
	ev.occurredAt = ev.occurredAt.UTC()
	return nil
}

// identifierProblems says why an event has no usable identifier: the
// invalid ones (by their problem, not their value), else what is missing.
func identifierProblems(ev *event) []FieldProblem {
	var out []FieldProblem
	for _, err := range ev.ids.Invalid {
		field := "phone"
		if errors.Is(err, match.ErrInvalidEmail) {
			field = "email"
		}
		out = append(out, FieldProblem{field, err.Error()})
	}
	e := &ev.ce
	for _, f := range []struct{ field, value, folded string }{
		{"first_name", e.FirstName, match.FoldName(e.FirstName)},
		{"last_name", e.LastName, match.FoldName(e.LastName)},
		{"company", e.Company, match.FoldCompany(e.Company)},
	} {
		if !isBlank(f.value) && f.folded == "" {
			out = append(out, FieldProblem{f.field, "a placeholder, not a value (n/a, none, unknown; for a company, self-employed or freelance too)"})
		}
	}
	if (!isBlank(e.FirstName) || !isBlank(e.LastName)) && len(ev.ids.NameCompanyKeys) == 0 {
		out = append(out, FieldProblem{"first_name, last_name, company", "one name identifies only with a date of birth or a national id; both names with a company, a phone number, a date of birth or an address"})
	}
	return append(out, FieldProblem{"identifier", noIdentifier})
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// nameAlone: the event's only identifier is a full name, with no phone
// beside it (nor one without a digit: "tbd") and no e-mail but a
// placeholder (none@none.com, "n/a", "-": no address given; an address or
// a number given wrong is an identifier lost, not absent). Resolve weighs
// it against the records its name's blocking keys find; the one it matches
// takes it, and a miss is dead-lettered (missNameAlone): a record of a name
// alone could never be told from a namesake, nor found again.
func nameAlone(ev *event) bool {
	if !ev.fullName() || hasDigit(ev.ce.Phone) {
		return false
	}
	for _, err := range ev.ids.Invalid {
		var ee *match.EmailError
		var pe *match.PhoneError
		switch {
		case errors.As(err, &ee) && ee.Problem == match.EmailPlaceholder:
		case errors.As(err, &pe): // no digit in it: no number given ("tbd")
		default:
			return false
		}
	}
	return true
}

// hasDigit: s holds a digit; a phone field without one ("tbd", "n/a")
// gives no number.
func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// missNameAlone is the dead letter of a nameAlone event that matched no
// record.
func missNameAlone() error {
	return processor.DeadLetter(stageResolve, schemas.ClassValidation, &InvalidEventError{Problems: []FieldProblem{
		{"first_name, last_name", "a full name alone matched no record: with nothing else (an e-mail, a phone, a company, a date of birth, an address) it makes no record of its own"},
		{"identifier", noIdentifier},
	}})
}

// phoneGiven: the event has a phone with at least 7 digits, understood or
// not. Beside a full name it is written as sent, and the outcome says it
// was not understood: a CRM keeps any phone text, and the person is found
// again by the name's blocking keys.
func phoneGiven(e *schemas.ContactEvent) bool {
	n := 0
	for _, r := range e.Phone {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n >= 7
}

// findableByEvidence: an event without an exact key (e-mail, phone,
// external id, name and company) that the scorer can still find again and
// tell from a namesake: the predicate byEvidence applies (identifiable),
// and a full name comes with something beyond itself, a phone number
// understood or not, or a person detail. One name beside an address is a
// household, not a person (byEvidence would never single it out), so it is
// dead-lettered rather than made into a record no event can reach.
func (g *Gatekeeper) findableByEvidence(ev *event) bool {
	e := &ev.ce
	fields := make(map[match.Kind]string, len(profileProperties)+2)
	fields[match.KindFirstName], fields[match.KindLastName] = e.FirstName, e.LastName
	addProfileProperties(fields, func(name string) string { return e.Properties[name] })
	p := match.NewProfile(fields, g.match)
	if !identifiable(ev, &p) {
		return false
	}
	return !ev.fullName() || ev.ids.PhoneDigits != "" || phoneGiven(e) || hasPersonDetail(e)
}

// personDetails are the properties that, beside a full name, let the
// scorer tell a person from a namesake: a date of birth, an address, a
// postcode, a national id (profileProperties' names).
var personDetails = []string{"date_of_birth", "dob", "address", "zip", "postcode", "postal_code", "national_id"}

// hasPersonDetail: the event carries one of personDetails. With a name,
// it is a person a CRM keeps: found again through the blocking keys of
// the name and the details, and told apart by the scorer.
func hasPersonDetail(e *schemas.ContactEvent) bool {
	for _, name := range personDetails {
		if !isBlank(e.Properties[name]) {
			return true
		}
	}
	return false
}

// ReasonAnothersAddress is why an e-mail that spells another person's name
// than the event's (match.AddressOfAnother) is neither written to a record
// that has an address already nor made its key.
const ReasonAnothersAddress = "another person's address: it spells a name the event's name shares nothing with"

// markAnothersAddress marks an address that spells another person's name
// than the event's (match.AddressOfAnother: "Donald Barker" from
// isla.burns@), when the event has another way to be found (an external
// id, a phone, a name and company, a name with details). It still looks
// records up, and the scorer weighs it against the names; but a record
// that has an address already does not take it (anothersAddress): on
// Donald's record beside his own it would file Isla's next events under
// him. A new record, or one without an address, takes it as any: a person
// who writes from a family's mailbox is found again by it.
func (g *Gatekeeper) markAnothersAddress(ev *event) {
	e := &ev.ce
	if ev.ids.EmailKey == "" || !match.AddressOfAnother(e.Email, e.FirstName, e.LastName) {
		return
	}
	without := ev.ids
	without.EmailKey, without.PersonalEmail = "", false
	ev.anothersAddress = !isBlank(e.ExternalID) || without.HasKey() || g.findableByEvidence(ev)
}

// anothersAddress: the event's e-mail is another person's
// (markAnothersAddress) and the record has an address of its own already,
// in its e-mail property or among the index's keys of it (current are its
// properties before the event): the record does not take the event's. The
// record's own address, whatever its capitals or a provider's dots, is no
// other's.
func (a *attempt) anothersAddress(current map[string]schemas.PropertyValue) bool {
	if !a.ev.anothersAddress {
		return false
	}
	own := a.ev.keys.email
	emails := a.base.Identifiers.Emails
	if slices.Contains(emails, string(own)) {
		return false
	}
	if v := current[connectors.PropEmail].Value; !isBlank(v) {
		k, err := match.NormalizeEmail(v)
		return err != nil || k != own
	}
	return len(emails) > 0
}
