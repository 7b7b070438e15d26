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
// domain, else the default region; its city's country when that reads it)
// but has the digits of one: a number
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
	region, number, err := g.holdersReading(ev, ev.ids.PhoneDigits)
	if err != nil || number == "" {
		return false, err
	}
	if err := g.readAgainIn(ctx, ev, region); err != nil {
		return false, err
	}
	return ev.ids.Phone.E164 == number, nil
}

// readNationalInHoldersRegion reads again, in a record's region, the
// number of an event that writes it without a country code and says
// nothing of its country (no country, no city that tells one, no e-mail
// at a country's domain): the default region read it, as a number no
// record holds (an Indian mobile, 91745 34567, is a valid New York number
// in the US; a French one, 06 35 38 48 03, no number at all). When it
// reads as exactly one number a record holds in that record's region
// (holdersReading), the event is resolved with that number, as
// readInHoldersRegion resolves a phoneAlone event. Else nothing changes.
func (g *Gatekeeper) readNationalInHoldersRegion(ctx context.Context, ev *event) error {
	key := ev.keys.phone
	if ev.phoneAlone || key == "" ||
		!match.PhoneUnplaced(ev.ce.Phone, ev.ce.Properties[propCountry], ev.ce.Properties[connectors.PropCity], ev.ce.Email) {
		return nil
	}
	held, err := g.ix.Lookup(state.Key{Kind: state.KeyPhone, Value: key})
	if err != nil {
		return indexError("lookup", err)
	}
	if len(held) > 0 {
		return nil // a record holds it as read: another event wrote it so
	}
	region, number, err := g.holdersReading(ev, key)
	if err != nil || number == "" {
		return err
	}
	return g.readAgainIn(ctx, ev, region)
}

// holdersReading returns the one number, and its region, that a record
// whose number ends in the last seven digits of phoneKey holds and that
// the event's phone, as written, reads as in that record's region; "" when
// none does or two do.
func (g *Gatekeeper) holdersReading(ev *event, phoneKey string) (region, number string, err error) {
	var keys []state.Key
	for _, b := range match.PhoneBlockKeys(phoneKey) {
		keys = append(keys, state.Key{Kind: state.KeyPhoneBlock, Value: b})
	}
	ids, err := g.ix.LookupAny(keys)
	if err != nil {
		return "", "", indexError("lookup", err)
	}
	if len(ids) > maxPhoneHolders {
		return "", "", nil
	}
	for _, id := range ids {
		rec, ok, err := g.ix.Get(id)
		if err != nil {
			return "", "", indexError("get record "+id, err)
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
				return "", "", nil // two numbers it could be: no one's
			}
			region, number = r, p
		}
	}
	return region, number, nil
}

// readAgainIn parses the event's identifiers again with its phone read in
// region, and makes its keys again.
func (g *Gatekeeper) readAgainIn(ctx context.Context, ev *event, region string) error {
	e, lane := &ev.ce, ev.lane
	ev.ids = match.Normalize(match.ContactFields{
		Email: e.Email, Phone: e.Phone, FirstName: e.FirstName, LastName: e.LastName, Company: e.Company, Country: region,
	}, g.match)
	ev.refused = slices.DeleteFunc(ev.refused, func(d schemas.FieldDecision) bool { return d.Field == connectors.PropPhone })
	if err := g.normalize(ctx, ev); err != nil {
		return err
	}
	ev.lane = lane // the lane it was ordered in
	return nil
}

// missPhoneAlone is the dead letter of a phoneAlone event that no record
// holds.
func missPhoneAlone() error {
	return processor.DeadLetter(stageResolve, schemas.ClassValidation, &InvalidEventError{Problems: []FieldProblem{
		{"phone", "not a valid number where the event says it is, and no record holds it as read in the record's own country: with nothing else it makes no record of its own"},
		{"identifier", noIdentifier},
	}})
}
