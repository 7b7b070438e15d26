package stages

import (
	"context"
	"slices"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// maxPhoneHolders bounds the records phoneAlone's look-up reads: more
// sharing a number's last seven digits is no single holder.
const maxPhoneHolders = 16

// phoneAlone: the event's only identifier is a phone number that is not
// valid in the event's region (its country property, its e-mail's country
// domain, else the default region) but has the digits of one: a number
// written in another country's national format with nothing saying which
// ("0160 19684618", a German mobile, read in the US). Resolve reads it in
// the country of the records that hold a number ending in the same digits
// (readInHoldersRegion); the record that holds it as read there takes the
// event, and a miss is dead-lettered (missPhoneAlone): a record of a number
// nobody can dial could never be found again.
func phoneAlone(ev *event) bool {
	return ev.ids.PhoneDigits != "" && ev.ids.Phone.IsZero()
}

// readInHoldersRegion reads a phoneAlone event's number in the region of
// the records whose numbers end in its last seven digits. When it reads as
// exactly one number that such a record holds, the event's identifiers are
// parsed again in that number's region, and its keys made again: it is
// resolved as an event with that number. It reports whether it found one.
func (g *Gatekeeper) readInHoldersRegion(ctx context.Context, ev *event) (bool, error) {
	if !ev.ids.Phone.IsZero() {
		return true, nil // read already, by an earlier attempt of this event
	}
	var keys []state.Key
	for _, b := range match.PhoneBlockKeys(ev.ids.PhoneDigits) {
		keys = append(keys, state.Key{Kind: state.KeyPhoneBlock, Value: b})
	}
	ids, err := g.ix.LookupAny(keys)
	if err != nil {
		return false, indexError("lookup", err)
	}
	if len(ids) > maxPhoneHolders {
		return false, nil
	}
	var region, number string
	for _, id := range ids {
		rec, ok, err := g.ix.Get(id)
		if err != nil {
			return false, indexError("get record "+id, err)
		}
		if !ok {
			continue
		}
		for _, p := range rec.Identifiers.Phones {
			r := match.RegionOfNumber(p)
			if r == "" || p == number || !match.ReadsAs(ev.ce.Phone, r, p) {
				continue
			}
			if number != "" {
				return false, nil // two numbers it could be: no one's
			}
			region, number = r, p
		}
	}
	if number == "" {
		return false, nil
	}
	e, lane := &ev.ce, ev.lane
	ev.ids = match.Normalize(match.ContactFields{
		Email: e.Email, Phone: e.Phone, FirstName: e.FirstName, LastName: e.LastName, Company: e.Company, Country: region,
	}, g.match)
	ev.refused = slices.DeleteFunc(ev.refused, func(d schemas.FieldDecision) bool { return d.Field == connectors.PropPhone })
	if err := g.normalize(ctx, ev); err != nil {
		return false, err
	}
	ev.lane = lane // the lane it was ordered in
	return ev.ids.Phone.E164 == number, nil
}

// missPhoneAlone is the dead letter of a phoneAlone event that no record
// holds.
func missPhoneAlone() error {
	return processor.DeadLetter(stageResolve, schemas.ClassValidation, &InvalidEventError{Problems: []FieldProblem{
		{"phone", "not a valid number where the event says it is, and no record holds it as read in the record's own country: with nothing else it makes no record of its own"},
		{"identifier", noIdentifier},
	}})
}
