package stages

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// explain scores, with Config.Model, what resolve decided; it changes no
// decision. It runs after upsert and does no I/O, so that it cannot fail
// an event whose CRM write is done.
//
//   - Evidence: an event applied to a record is compared with the record as
//     it was before the event (the index's, or the CRM's for a record the
//     index did not hold), whatever rule matched it: beside an exact e-mail,
//     the other fields say how much else agrees.
//   - PossibleDuplicateOf: of the records resolve weighed and did not apply
//     the event to (sharing a phone or a name-and-company key, found in the
//     CRM's search, or, for a create, namesakes at any company), the one
//     with the highest match weight at or above Model.PossibleWeight. One
//     in the match band is flagged too: the rules refused it, so a person
//     should look. The pair is proposed to Config.Review; a pair a person
//     rejected is not weighed.
//
// A replay is not explained: the record already holds the event's values.
func (g *Gatekeeper) explain(_ context.Context, a *attempt) error {
	if a.match.replay {
		return nil
	}
	ev := g.eventProfile(a.ev)
	if a.match.recordID != "" {
		var rec match.Profile
		switch {
		case a.inIndex:
			rec = g.recordProfile(a.ev, &a.base.Identifiers, recordProperty(a.base.Properties))
			rec.Seen = recordTimes(a.base.Seen, a.base.Properties)
		case a.crm != nil:
			ids := g.identifiersOfContact(a.crm)
			rec = g.recordProfile(a.ev, &ids, contactProperty(a.crm))
		}
		a.evidence = evidenceOf(g.scorer.Score(ev, &rec))
	}
	var best *match.Comparison
	var bestCand candidate
	for i := range a.weighed {
		c := &a.weighed[i]
		if c.id == a.recordID || c.id == a.match.recordID || slices.Contains(a.mergedIDs, c.id) {
			continue
		}
		p := g.recordProfile(a.ev, &c.identifiers, c.property)
		p.Seen = c.seen
		cmp := g.scorer.Score(ev, &p)
		// A pair a person rejected is read only for a candidate that
		// would be named: the index is not read for every one weighed.
		if cmp.Band != match.BandDistinct && (best == nil || cmp.Weight > best.Weight) && !g.distinct(a.recordID, c.id) {
			best, bestCand = &cmp, *c
			a.possible = &schemas.PossibleDuplicate{RecordID: c.id}
		}
	}
	if best != nil {
		a.possible.Weight, a.possible.Evidence = round(best.Weight), evidenceOf(*best)
		g.propose(a, bestCand, *best)
	}
	return nil
}

// namesakes adds to seen the records indexed under the event's first and
// last name at any company (blocking on the leading parts of the
// name-and-company key, "first|last|": see match.NameCompanyKey), for
// explain. A name more than maxCandidates records share is too common to
// say anything, and adds none.
func (g *Gatekeeper) namesakes(ev *event, seen *weighed) error {
	last := ev.ids.LastKey
	if last == "" || len(ev.ids.FirstKeys) == 0 {
		return nil
	}
	prefixes := make([]string, len(ev.ids.FirstKeys))
	for i, f := range ev.ids.FirstKeys {
		prefixes[i] = f + "|" + last + "|"
	}
	ids, truncated, err := g.ix.LookupPrefix(state.KeyNameCompany, prefixes, maxCandidates)
	if err != nil || truncated {
		return indexErrorOrNil("lookup namesakes", err)
	}
	return g.weigh(ids, seen)
}

// weigh reads the records of ids that seen does not hold yet and adds
// them to it (none when there are more than maxCandidates).
func (g *Gatekeeper) weigh(ids []string, seen *weighed) error {
	ids = slices.DeleteFunc(ids, seen.has)
	cands, err := g.candidates(ids)
	if err != nil {
		return err
	}
	seen.add(cands)
	return nil
}

func indexErrorOrNil(op string, err error) error {
	if err == nil {
		return nil
	}
	return indexError(op, err)
}

// profileProperties map CRM properties (HubSpot's names, and common
// variants) to the field kinds the scorer compares; the identifiers and
// names come from their own fields. The first non-empty property of a kind
// wins.
var profileProperties = []struct {
	name string
	kind match.Kind
}{
	{"address", match.KindAddress},
	{"street_address", match.KindAddress},
	{"mailing_address", match.KindAddress},
	{"billing_address", match.KindAddress},
	{"city", match.KindCity},
	{"zip", match.KindPostcode},
	{"postcode", match.KindPostcode},
	{"postal_code", match.KindPostcode},
	{"state", match.KindState},
	{"date_of_birth", match.KindDOB},
	{"dob", match.KindDOB},
	{"national_id", match.KindNationalID},
	{"jobtitle", match.KindJobTitle},
}

// eventProfile prepares the event for the scorer, once per event. Its
// phone is the one validate parsed: parsing it again would cost more than
// the rest of the profile.
func (g *Gatekeeper) eventProfile(ev *event) *match.Profile {
	if ev.profile != nil {
		return ev.profile
	}
	e := &ev.ce
	fields := make(map[match.Kind]string, 4+len(profileProperties))
	fields[match.KindEmail] = ev.address()
	fields[match.KindFirstName], fields[match.KindLastName], fields[match.KindCompany] = e.FirstName, e.LastName, e.Company
	addProfileProperties(fields, func(name string) string { return e.Properties[name] })
	p := match.NewProfile(fields, g.match)
	setPhone(&p, ev.keys.phone, ev.ids.Phone.Extension)
	if !ev.occurredAt.IsZero() {
		p.Seen = []int64{ev.occurredAt.Unix()}
	}
	ev.profile = &p
	return ev.profile
}

// address is the event's e-mail as written (lower-cased), which has the
// same key: a provider's rule drops the dots of luke.kim@gmail.com from its
// key, and with them the name the address spells (match.NamesFromEmail).
func (ev *event) address() string {
	if ev.keys.emailAddress != "" {
		return ev.keys.emailAddress
	}
	return string(ev.keys.email)
}

// recordProfile prepares a record for comparison with ev. A record may hold
// several e-mails and phones; the profile takes the event's when the record
// holds it, else the primary e-mail and the first phone (E.164, without
// extension: the index keeps none).
func (g *Gatekeeper) recordProfile(ev *event, ids *schemas.Identifiers, property func(string) string) match.Profile {
	fields := make(map[match.Kind]string, 4+len(profileProperties))
	switch email := string(ev.keys.email); {
	case email != "" && slices.Contains(ids.Emails, email):
		fields[match.KindEmail] = ev.address()
	case !isBlank(property(connectors.PropEmail)):
		fields[match.KindEmail] = property(connectors.PropEmail)
	case len(ids.Emails) > 0:
		fields[match.KindEmail] = ids.Emails[0]
	}
	if email := string(ev.keys.email); email != "" && len(ids.Emails) > 0 && !slices.Contains(ids.Emails, email) {
		fields[match.KindEmail] = g.nearestEmail(ev, fields[match.KindEmail], ids.Emails)
	}
	fields[match.KindFirstName] = property(connectors.PropFirstName)
	fields[match.KindLastName] = property(connectors.PropLastName)
	fields[match.KindCompany] = property(connectors.PropCompany)
	addProfileProperties(fields, property)
	p := match.NewProfile(fields, g.match)
	switch {
	case ev.keys.phone != "" && slices.Contains(ids.Phones, ev.keys.phone):
		setPhone(&p, ev.keys.phone, g.phoneExtension(property(connectors.PropPhone), ev.keys.phone))
	case len(ids.Phones) > 0 && heldUnread(ids.Phones, ev.keys.phone, property):
		setPhone(&p, ev.keys.phone, "")
	case len(ids.Phones) > 0:
		setPhone(&p, g.nearestPhone(ev, ids.Phones), "")
	}
	return p
}

// heldUnread reports whether a record holds unread the number e164 that the
// event read: as a digits key (a number no region read when it was written)
// or, when its current phone (property) was written nationally with
// nothing the record holds saying its country (match.PhoneUnplaced), as
// the number the default region made of it ("(31) 5211-4275" from a chat
// is +1 315 211 4275 in the US). Either way its national digits, read in
// the region of the event's number (an address at .com.br: +55 31 5211
// 4275), are that number: the event says where the record's number is.
// Only a key ending in the event's last seven digits is read further.
func heldUnread(phones []string, e164 string, property func(string) string) bool {
	if e164 == "" || match.IsPhoneDigitsKey(e164) {
		return false
	}
	tail := e164[len(e164)-7:]
	region := ""
	for _, k := range phones {
		if len(k) < 7 || k == e164 || k[len(k)-7:] != tail {
			continue
		}
		d, ok := strings.CutPrefix(k, match.PhoneDigitsPrefix)
		if !ok {
			raw := property(connectors.PropPhone)
			if match.PhoneTailOf(raw) != tail ||
				!match.PhoneUnplaced(raw, property(propCountry), property(connectors.PropCity), property(connectors.PropEmail)) {
				continue // another number than the current one, or written with its country
			}
			d = match.NationalDigits(k)
		}
		if region == "" {
			if region = match.RegionOfNumber(e164); region == "" {
				return false
			}
		}
		if match.ReadsAs(d, region, e164) {
			return true
		}
	}
	return false
}

// nearestEmail is the address the record is compared with for an event at
// an address it does not hold: its current one (current: the CRM's
// property, or its first key), unless another it holds (emails) agrees
// with the event's at a level the model weighs more, and above nothing. A
// record is the profile of all it was seen with: nicole@hptmail.fr is a
// slip of the address Nicole wrote a year before, though her record's
// current address is her employer's. The choice is by the e-mail level's
// own weight (Scorer.FieldWeight); an address that level puts below zero is
// never taken in place of the current one.
func (g *Gatekeeper) nearestEmail(ev *event, current string, emails []string) string {
	key := current
	if k, err := match.NormalizeEmail(current); err == nil {
		key = string(k) // the CRM's property as written (capitals, a provider's dots)
	}
	if !slices.ContainsFunc(emails, func(e string) bool { return e != key }) {
		return current // nothing else held: most records
	}
	evp := g.eventProfile(ev)
	if evp.EmailKey == "" || evp.RoleEmail {
		return current // an office's mailbox agrees with no one's own
	}
	return nearest(current, emails, func(e string) float64 {
		p := match.EmailProfile(e)
		w, _ := g.scorer.FieldWeight(match.KindEmail, evp, &p)
		return w
	})
}

// nearestPhone is the key among the record's phones (at least one) that
// the record is compared with for an event whose phone it does not hold:
// its first, unless another agrees with the event's (a digit slip of it,
// or its local number under another area code), as nearestEmail.
func (g *Gatekeeper) nearestPhone(ev *event, phones []string) string {
	if ev.keys.phone == "" || len(phones) == 1 {
		return phones[0]
	}
	evp := g.eventProfile(ev)
	return nearest(phones[0], phones[1:], func(key string) float64 {
		var p match.Profile
		setPhone(&p, key, "")
		w, _ := g.scorer.FieldWeight(match.KindPhone, evp, &p)
		return w
	})
}

// nearest is the value among current and others that weighs most
// (weigh), current on a tie, and current unless another weighs above
// zero: agreement moves the choice, a difference never does.
func nearest(current string, others []string, weigh func(string) float64) string {
	best, bestW := current, max(weigh(current), 0)
	for _, v := range others {
		if v == current {
			continue
		}
		if w := weigh(v); w > bestW {
			best, bestW = v, w
		}
	}
	return best
}

func addProfileProperties(fields map[match.Kind]string, property func(string) string) {
	for _, pp := range profileProperties {
		if _, ok := fields[pp.kind]; ok {
			continue
		}
		if v := strings.TrimSpace(property(pp.name)); v != "" {
			fields[pp.kind] = v
		}
	}
}

// setPhone fills the profile's phone fields from a phone key already made,
// as match.NewProfile would from the number as written: the E.164 form, its
// extension, and its last seven digits (Profile.PhoneTail). A digits key
// (a number not understood) gives only the last digits, as NewProfile's
// would: it is no E.164 number to agree exactly on.
func setPhone(p *match.Profile, key, extension string) {
	if key == "" {
		return
	}
	digits := strings.TrimPrefix(key, match.PhoneDigitsPrefix)
	if len(digits) == len(key) {
		p.Phone, p.PhoneExt = key, extension
	}
	if digits = strings.TrimPrefix(digits, "+"); len(digits) >= 7 {
		p.PhoneTail = digits[len(digits)-7:]
	}
	p.PhoneDigits = digits
}

// evidenceOf is a comparison's evidence as the outcome carries it, weights
// rounded to 0.01.
func evidenceOf(c match.Comparison) []schemas.Evidence {
	if len(c.Evidence) == 0 {
		return nil
	}
	out := make([]schemas.Evidence, len(c.Evidence))
	for i, e := range c.Evidence {
		out[i] = schemas.Evidence{Field: string(e.Kind), Level: e.Level, Weight: round(e.Weight)}
	}
	return out
}

func round(w float64) float64 { return math.Round(w*100) / 100 }

// weighed are candidates by record id, each once, the latest read kept.
type weighed []candidate

// add records cands; a nil receiver records nothing.
func (w *weighed) add(cands []candidate) {
	if w == nil {
		return
	}
	for _, c := range cands {
		if i := slices.IndexFunc(*w, func(x candidate) bool { return x.id == c.id }); i >= 0 {
			(*w)[i] = c
		} else {
			*w = append(*w, c)
		}
	}
}

func (w *weighed) has(id string) bool {
	return w != nil && slices.ContainsFunc(*w, func(x candidate) bool { return x.id == id })
}
