package demo

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Rates are the probabilities of the variations Generate builds in, each in
// [0, 1]: 0 never, 1 always. The first group shapes the world (who exists);
// the second how each producer writes a person down in one event. Defaults
// are in DefaultRates.
type Rates struct {
	// UK is the share of companies in the United Kingdom: UK cities,
	// numbers in Ofcom's drama ranges, .co.uk domains, Ltd and PLC. 0.15.
	UK float64
	// CorporateEmail is the share of persons with an address at their
	// company's domain, in the company's pattern: first.last@, flast@ or
	// first@ (a digit is added when a colleague has it already). 0.85.
	CorporateEmail float64
	// PersonalEmail is the share of persons with an address at gmail.com,
	// yahoo.com, outlook.com, hotmail.com or icloud.com. Some persons have
	// both addresses, a few neither. 0.40.
	PersonalEmail float64
	// Phone is the share of persons with a phone number. 0.75.
	Phone float64
	// Switchboard is the share of companies whose people give the company's
	// switchboard number, each with an extension of their own, instead of a
	// direct line: one phone shared by colleagues with different names and
	// e-mails. 0.15.
	Switchboard float64
	// Relative is the share of persons who have the surname of a colleague
	// at the same company and another first name (Nancy and Nicole
	// Campbell), one with no nickname in common. 0.03.
	Relative float64
	// Namesake is the share of persons who have the full name of someone at
	// another company, with their own e-mail and phone. 0.02.
	Namesake float64
	// FamilyMailbox is the share of persons with a personal address whose
	// address is someone else's, at another company: a couple's or a
	// family's mailbox, which each writes from in their own name. 0.01.
	FamilyMailbox float64
	// Foreign is the share of companies in Germany, France or Australia,
	// whose people give numbers of that country (in the ranges kept for
	// fiction where there are some) in the ways people write them there
	// and from abroad: "+49 30 5555 0123", "0049 …", "011 49 …" dialled
	// from the US, "030/5555 0123", "01.99.00.12.34", "(02) 5550 1234". A
	// national format reads as the right number only with the event's
	// country (see PhoneNoCountry), one with 011 only without it. Drawn after the rest of the world, from
	// a stream of its own: the persons stay who they are, their company
	// and phone move abroad. 0.
	Foreign float64

	// Burst is the share of visits (a person showing up) that come as 2 to
	// 4 events 1–20 ms apart: a form submitted twice, a webhook retried,
	// several tools reacting to one sign-up. 0.05.
	Burst float64
	// OutOfOrder is the share of visits whose occurred_at lies 1 s to 10 min
	// before the event ahead of them in the stream. 0.01.
	OutOfOrder float64
	// ExternalID is the share of billing and crm events that carry the
	// person's id in that source ("cus_…" and "003…"); other sources never
	// do. 0.80.
	ExternalID float64
	// PreferPersonal is the share of events about a person with both
	// addresses that give the personal one. 0.30.
	PreferPersonal float64
	// EmailAlias is the share of personal addresses written as an alias of
	// the same mailbox: dots added or removed in gmail (or googlemail.com
	// for gmail.com), a "+tag" at a provider that ignores it. 0.20.
	EmailAlias float64
	// EmailCase is the share of e-mails in other letter case
	// ("John.Smith@Acme.com", all capitals). 0.10.
	EmailCase float64
	// EmailSpace is the share of e-mails with white space around them. 0.03.
	EmailSpace float64
	// PhoneExt is the share of switchboard numbers written with the
	// person's extension ("ext. 12", "x12"). 0.50.
	PhoneExt float64
	// UKNational is the share of UK numbers written in national format
	// ("020 7946 0958"), which reads as a UK number only with the default
	// region GB (the event's country property says so); the others are
	// international ("+44 20 7946 0958", "0044 20 7946 0958"). 0.50.
	UKNational float64
	// Nickname is the share of events that give a nickname (Bob, Rob for
	// Robert; Liz, Beth for Elizabeth) when the first name has one. 0.15.
	Nickname float64
	// NameTypo is the share of events with one typo in the first or the last
	// name: two letters swapped, one dropped, or one replaced by a
	// neighbour on the keyboard. 0.03.
	NameTypo float64
	// NameCase is the share of events with the names in capitals or in
	// lower case. 0.05.
	NameCase float64
	// CompanyVariant is the share of events that spell the company another
	// way: another spelling of its legal form ("Acme Corporation" for "Acme
	// Corp"), another legal form ("Acme, Inc."), none, capitals, "and" for
	// "&". 0.40.
	CompanyVariant float64
	// MissingEmail, MissingPhone, MissingCompany and MissingName are the
	// shares of events without the e-mail, the phone, the company, or both
	// names, when the person has them. An event left without any identifier
	// gets one back (the e-mail, else the phone, else names and company),
	// so the measured shares are a little lower. 0.10, 0.30, 0.15, 0.05.
	MissingEmail, MissingPhone, MissingCompany, MissingName float64

	// The rates below are drawn from random streams of their own, so that
	// at 0 (their default) the events are what they were before these
	// knobs existed, byte for byte.

	// Displaced is the share of events that arrive far from their time
	// order: taken out of the stream and put back at a random position,
	// keeping their occurred_at (a backfill, a replayed queue, a batch
	// import of old sign-ups). 1 shuffles the stream completely. Event ids
	// follow arrival: Events[i] is still "evt-…i". 0.
	Displaced float64
	// Initial is the share of events that give the first name as an
	// initial, "L." or "L" (after any nickname, typo or case). 0.
	Initial float64
	// NameSpelling is the share of events that spell the first name
	// another way when it has one (Katherine, Catherine, Kathryn; Steven,
	// Stephen; Sean, Shaun). 0.
	NameSpelling float64
	// CompanyTypo is the share of events with one typo in the company name,
	// as NameTypo makes them. 0.
	CompanyTypo float64
	// PhoneInvalid is the share of phone numbers written wrong: one digit
	// short, one digit too many, or, for a number outside the US, its
	// country code and national number without "+" or "00" ("44 20 7946
	// 0958") and without the country property: read in the region US, it
	// is a number that does not exist. A German number one digit off is
	// often another valid number. 0.
	PhoneInvalid float64
	// PhoneNoCountry is the share of events with a number outside the US
	// that do not carry the country property, so that the gatekeeper reads
	// a national format in its default region (US) unless the e-mail's
	// domain names the country. 0.
	PhoneNoCountry float64
}

// DefaultRates returns the rates Generate uses when GenConfig.Rates is nil;
// each field's comment gives its default.
func DefaultRates() Rates {
	return Rates{
		UK: 0.15, CorporateEmail: 0.85, PersonalEmail: 0.40, Phone: 0.75,
		Switchboard: 0.15, Relative: 0.03, Namesake: 0.02, FamilyMailbox: 0.01,

		Burst: 0.05, OutOfOrder: 0.01, ExternalID: 0.80, PreferPersonal: 0.30,
		EmailAlias: 0.20, EmailCase: 0.10, EmailSpace: 0.03, PhoneExt: 0.50,
		UKNational: 0.50, Nickname: 0.15, NameTypo: 0.03, NameCase: 0.05,
		CompanyVariant: 0.40,
		MissingEmail:   0.10, MissingPhone: 0.30, MissingCompany: 0.15, MissingName: 0.05,
	}
}

// Validate reports every rate outside [0, 1], by name.
func (r *Rates) Validate() error {
	var errs []error
	for _, f := range r.fields() {
		if !(*f.rate >= 0 && *f.rate <= 1) {
			errs = append(errs, fmt.Errorf("rate %s is %v; it must be in [0, 1]", f.name, *f.rate))
		}
	}
	return errors.Join(errs...)
}

type namedRate struct {
	name string
	rate *float64
}

// fields lists the rates with their names, for checks that go over all.
func (r *Rates) fields() []namedRate {
	return []namedRate{
		{"UK", &r.UK}, {"CorporateEmail", &r.CorporateEmail},
		{"PersonalEmail", &r.PersonalEmail}, {"Phone", &r.Phone},
		{"Switchboard", &r.Switchboard}, {"Relative", &r.Relative},
		{"Namesake", &r.Namesake}, {"FamilyMailbox", &r.FamilyMailbox}, {"Burst", &r.Burst}, {"OutOfOrder", &r.OutOfOrder},
		{"ExternalID", &r.ExternalID}, {"PreferPersonal", &r.PreferPersonal},
		{"EmailAlias", &r.EmailAlias}, {"EmailCase", &r.EmailCase},
		{"EmailSpace", &r.EmailSpace}, {"PhoneExt", &r.PhoneExt},
		{"UKNational", &r.UKNational}, {"Nickname", &r.Nickname},
		{"NameTypo", &r.NameTypo}, {"NameCase", &r.NameCase},
		{"CompanyVariant", &r.CompanyVariant}, {"MissingEmail", &r.MissingEmail},
		{"MissingPhone", &r.MissingPhone}, {"MissingCompany", &r.MissingCompany},
		{"MissingName", &r.MissingName}, {"Foreign", &r.Foreign},
		{"Displaced", &r.Displaced}, {"Initial", &r.Initial},
		{"NameSpelling", &r.NameSpelling}, {"CompanyTypo", &r.CompanyTypo},
		{"PhoneInvalid", &r.PhoneInvalid}, {"PhoneNoCountry", &r.PhoneNoCountry},
	}
}

// ErrUnknownRate is wrapped by the error of Set for a name that is no rate.
var ErrUnknownRate = errors.New("unknown rate")

// Set sets the rate called name, by its field name in any letter case
// ("nametypo" sets NameTypo), to v. A name that is no rate wraps
// ErrUnknownRate and lists the names; v outside [0, 1] is an error. r is
// unchanged on error.
func (r *Rates) Set(name string, v float64) error {
	var names []string
	for _, f := range r.fields() {
		if !strings.EqualFold(f.name, name) {
			names = append(names, f.name)
			continue
		}
		if !(v >= 0 && v <= 1) {
			return fmt.Errorf("rate %s is %v; it must be in [0, 1]", f.name, v)
		}
		*f.rate = v
		return nil
	}
	return fmt.Errorf("%w %q; the rates are %s", ErrUnknownRate, name, strings.Join(names, ", "))
}

// SetString sets one rate from "Name=value" ("NameTypo=0.1"), as Set does.
func (r *Rates) SetString(s string) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("rate %q: want Name=value, e.g. NameTypo=0.1", s)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
	if err != nil {
		return fmt.Errorf("rate %q: the value is not a number", s)
	}
	return r.Set(strings.TrimSpace(name), v)
}
