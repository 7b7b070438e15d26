package stages

import (
	"cmp"
	"context"
	"strings"

	"github.com/contactgate/contactgate/match"
)

// Lane key prefixes: a lane key names an identity by its kind and key, so
// that an e-mail and a phone number never share a lane by accident.
const (
	laneEmail       = "email:"
	laneExternalID  = "external_id:"
	lanePhone       = "phone:"
	laneNameCompany = "name_company:"
	lanePerson      = "person:"
	// laneUndecoded holds records whose decoding was deferred to Apply; the
	// Kafka key follows.
	laneUndecoded = "undecoded:"
)

// normalize turns the identifiers that validate parsed into the keys of
// the identity index, and picks the lane. Nothing here rewrites what the
// CRM stores; keys are only compared with keys.
//
// The lane is the strongest key that events of one person most likely
// share: the e-mail key, else the external id, else the phone (its E.164
// key, or the digits key of a number not understood, which an event with a
// full name and nothing else stronger lanes by), else the canonical
// name-and-company key ("Bob" and "Robert" Smith at Acme share it). Events of one person that reach different lanes (one with an
// e-mail, one with only a phone) may run concurrently; claims keep them
// from creating twice, and a per-record lock from losing an update.
func (g *Gatekeeper) normalize(_ context.Context, ev *event) error {
	e, ids := &ev.ce, &ev.ids
	k := &ev.keys
	if ext := strings.TrimSpace(e.ExternalID); ext != "" {
		k.external = strings.TrimSpace(e.Source) + ":" + ext
	}
	k.email = ids.EmailKey
	if k.email != "" {
		if addr := strings.ToLower(strings.TrimSpace(e.Email)); addr != string(k.email) {
			k.emailAddress = addr
		}
	}
	k.phone = cmp.Or(ids.Phone.E164, ids.PhoneDigits)
	k.nameCompany = ids.NameCompanyKeys
	if len(k.nameCompany) > 0 {
		k.nameKey = match.NameCompanyKeyWithAddress(e.FirstName, e.LastName, e.Company, e.Email)
		if k.nameKey == "" {
			k.nameKey = k.nameCompany[0]
		}
	}
	switch {
	case k.email != "":
		ev.lane = laneEmail + string(k.email)
	case k.external != "":
		ev.lane = laneExternalID + k.external
	case k.phone != "":
		ev.lane = lanePhone + k.phone
	case k.nameKey != "":
		ev.lane = laneNameCompany + k.nameKey
	default:
		// A full name with a birth date or an address (validate): the
		// person's name, so that two events of them never create twice,
		// read as matching reads it ("", "Morgan, Thomas" is Thomas
		// Morgan: match.SplitFullName).
		first, last := match.SplitFullName(e.FirstName, e.LastName)
		ev.lane = lanePerson + cmp.Or(match.PersonKey(first, last), match.FoldName(first)+"|"+match.NameKey(last))
	}
	return nil
}
