package stages

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/precedence"
	"github.com/contactgate/contactgate/schemas"
)

// SourceCRM is the provenance given to values read from the CRM for a record
// the index does not know: the CRM keeps no per-field source, and values
// people entered there rank as the precedence file ranks "crm".
const SourceCRM = "crm"

// merge decides, field by field (package precedence), what the event may
// change on its record: the record's properties as the index holds them,
// or, for a record found only in the CRM, its CRM values attributed to
// SourceCRM; nothing for a new record.
//
// The event's values are its CRM properties: email, phone, firstname,
// lastname and company from the identifier fields (as sent, trimmed; an
// invalid e-mail left out), and the rest of its properties map, trimmed;
// the map cannot set the identifier properties, which validate did not
// check there, nor Config.KeyProperty, which only creates set.
//
// What is not a change: an e-mail or phone that equals the record's as a
// match key ("R.Smith@AcmeCorp.com" for "r.smith@acmecorp.com", "(415)
// 555-0100" for "+14155550100", a number not understood with the same
// digits key), which rewriting would only churn the CRM with; the
// record's number without the extension the record has ("(415) 555-0100"
// for "+1 415 555 0100 ext. 25"), as the extension tells a desk behind a
// switchboard from its colleagues'; an office's mailbox (team@) in place
// of the own address of a record with a person's name (an organisation's
// record, a billing account, may move from ap@ to finance@); a name,
// place or company written another way by a source that does not outrank
// the record's value (sameWriting). A property the CRM does not define is
// refused (properties.go): the CRM would refuse the whole write for it.
func (g *Gatekeeper) merge(ctx context.Context, a *attempt) error {
	if a.match.replay {
		return nil
	}
	current := a.currentProperties()
	ev := a.ev
	a.addressOff = a.anothersAddress(current)
	a.merged = g.cfg.Precedence.Merge(current, g.incoming(a, current), strings.TrimSpace(ev.ce.Source), ev.occurredAt)
	keepFullFirstName(current, &a.merged)
	completeInitial(current, &a.merged)
	refused := ev.refused
	if a.addressOff {
		refused = append(slices.Clip(refused), schemas.FieldDecision{
			Field: connectors.PropEmail, Value: strings.TrimSpace(ev.ce.Email), Reason: ReasonAnothersAddress})
	}
	if len(refused) > 0 {
		a.merged.Refused = append(slices.Clone(refused), a.merged.Refused...)
		slices.SortFunc(a.merged.Refused, byField)
	}
	g.refuseUndefined(ctx, a)
	return nil
}

// currentProperties are the record's properties before the event.
func (a *attempt) currentProperties() map[string]schemas.PropertyValue {
	switch {
	case a.inIndex:
		return a.base.Properties
	case a.crm != nil:
		return crmProperties(a.crm)
	}
	return nil
}

// incoming returns the event's CRM properties.
func (g *Gatekeeper) incoming(a *attempt, current map[string]schemas.PropertyValue) map[string]string {
	ev := a.ev
	e := &ev.ce
	in := make(map[string]string, len(e.Properties)+5)
	for k, v := range e.Properties {
		if !slices.Contains(identityProperties, k) && (g.cfg.NoKeyProperty || k != g.cfg.KeyProperty) {
			in[k] = strings.TrimSpace(v)
		}
	}
	set := func(name, v string) {
		if v = strings.TrimSpace(v); v != "" {
			in[name] = v
		}
	}
	if ev.keys.email != "" && !a.addressOff {
		set(connectors.PropEmail, e.Email)
	}
	set(connectors.PropPhone, e.Phone)
	first, last := e.FirstName, e.LastName
	if cf, cl := current[connectors.PropFirstName].Value, current[connectors.PropLastName].Value; cf != "" && cl != "" &&
		utf8.RuneCountInString(match.NameKey(last)) == 1 && match.SwappedNames(first, last, cf, cl) {
		// The record's name written the other way round with the first
		// name's initial ("Davis", "K" for Kathryn Davis): written the
		// right way round, it changes nothing the record did not say
		// better. (Only so: two full names crossed do not say which
		// side has them the wrong way round.)
		first, last = last, first
	}
	set(connectors.PropFirstName, first)
	set(connectors.PropLastName, last)
	set(connectors.PropCompany, e.Company)

	if v, ok := in[connectors.PropEmail]; ok && ev.keys.email != "" {
		if cur := current[connectors.PropEmail].Value; cur != "" && cur != v {
			if k, err := match.NormalizeEmail(cur); err == nil && (k == ev.keys.email || officeMailbox(ev.keys.email) && !officeMailbox(k) && named(current)) {
				// The same address; or an office's (team@) that the
				// person wrote from, which never replaces their own.
				delete(in, connectors.PropEmail)
			}
		}
	}
	if v, ok := in[connectors.PropPhone]; ok && ev.keys.phone != "" {
		if cur := current[connectors.PropPhone].Value; cur != "" && cur != v {
			if p, err := match.NormalizePhone(cur, g.cfg.DefaultRegion); err == nil &&
				(p == ev.ids.Phone || p.E164 == ev.ids.Phone.E164 && ev.ids.Phone.Extension == "") {
				// The same number; one written without the extension the
				// record has loses nothing by staying unwritten, while
				// writing it would lose the desk behind a switchboard.
				delete(in, connectors.PropPhone)
			} else if match.IsPhoneDigitsKey(ev.keys.phone) && match.PhoneKey(cur, ev.ids.PhoneRegion, g.cfg.DefaultRegion) == ev.keys.phone {
				// The same digits, written otherwise.
				delete(in, connectors.PropPhone)
			}
		}
	}
	source := g.cfg.Precedence.Rank(strings.TrimSpace(e.Source))
	for _, f := range writtenFields {
		v, ok := in[f]
		cur := current[f]
		if ok && cur.Value != "" && cur.Value != v && source >= g.cfg.Precedence.Rank(cur.Source) && sameWriting(f, cur.Value, v) {
			delete(in, f)
		}
	}
	return in
}

// named: the properties hold a person's name, first or last.
func named(props map[string]schemas.PropertyValue) bool {
	return !isBlank(props[connectors.PropFirstName].Value) || !isBlank(props[connectors.PropLastName].Value)
}

// writtenFields are the properties that the same value may be written
// several ways in (sameWriting).
var writtenFields = []string{connectors.PropFirstName, connectors.PropLastName, connectors.PropCompany,
	connectors.PropAddress, connectors.PropCity, connectors.PropState, connectors.PropPostcode, connectors.PropCountry}

// sameWriting: incoming is the current value written another way: a name
// or a place in other capitals, spacing or punctuation ("ERICA", "Erica";
// "O'Brien", "OBrien"), a company with or without its legal form
// ("Lowland Malts Co.", "LOWLAND MALTS & Co."). From a source that does not
// outrank the current value's, it is no change: at equal rank the newer
// writing would replace the older with every event, churning the CRM (a
// request each) and its history, and a list in capitals would overwrite a
// form's careful writing. A stronger source's writing still wins.
func sameWriting(field, current, incoming string) bool {
	if field == connectors.PropCompany {
		c := match.FoldCompany(current)
		return c != "" && c == match.FoldCompany(incoming)
	}
	c := lettersAndDigits(current)
	return c != "" && c == lettersAndDigits(incoming)
}

// lettersAndDigits is s's letters, lower-cased, and digits, in order.
func lettersAndDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// crmProperties attributes a CRM contact's values to SourceCRM, as of its
// last modification, the identity fields from its typed fields. Properties
// the CRM computes are left out: nobody writes them (the id and the lists
// of other e-mails and merged ids are Contact's typed fields, never in its
// property map).
func crmProperties(c *connectors.Contact) map[string]schemas.PropertyValue {
	out := make(map[string]schemas.PropertyValue, len(c.Properties))
	property := contactProperty(c)
	for k := range c.Properties {
		if v := property(k); !computedProperty(k) && !isBlank(v) {
			out[k] = schemas.PropertyValue{Value: v, Source: SourceCRM, UpdatedAt: c.UpdatedAt.UTC()}
		}
	}
	return out
}

func computedProperty(name string) bool {
	switch name {
	case connectors.PropCreateDate, connectors.PropLastModified:
		return true
	}
	return false
}

func byField(x, y schemas.FieldDecision) int { return strings.Compare(x.Field, y.Field) }

// ReasonShorterFirstName is why a first name that is an initial or a
// shorter form of the record's ("L." or "Chris" for "Christopher") is
// refused, whatever the source's rank: it says less about the person.
const ReasonShorterFirstName = "keeps the full first name: the new one is an initial or a shorter form of it"

// ReasonInitialLastName is why a last name that is the initial of the
// record's ("D." for "Davis") is refused, whatever the source's rank.
const ReasonInitialLastName = "keeps the full last name: the new one is its initial"

// keepFullFirstName undoes a change of the first name to an initial or a
// prefix of the current one, and of the last name to its initial, and
// reports them refused. Precedence ranks sources, not values: a
// higher-ranked source writing "L." would otherwise erase "Laura" from the
// CRM. (A shorter last name is not refused: "Garcia" for "Garcia Lopez"
// may be the name the person uses now.)
func keepFullFirstName(current map[string]schemas.PropertyValue, r *precedence.Result) {
	keepFull(current, r, connectors.PropFirstName, ReasonShorterFirstName, shorterForm)
	keepFull(current, r, connectors.PropLastName, ReasonInitialLastName, func(short, long string) bool {
		// The initial as folded ("Þ." is "th", "Д." is "д"), beside the
		// fold of the long name's first letter.
		first, _ := utf8.DecodeRuneInString(strings.TrimSpace(long))
		s := match.NameKey(short)
		return s != "" && s == match.NameKey(string(first)) && shorterForm(short, long)
	})
}

// ReasonCompletesInitial is why a first name that a weaker source writes is
// taken all the same: the record's is its initial ("P." for "Pierre").
const ReasonCompletesInitial = "completes the initial the record holds, whatever the source's rank"

// completeInitial takes a first name that precedence refused by rank
// (precedence.RefusedByRank; a field's only_from, never_overwrite or
// latest is the operator's word and stands) when the record's is only its
// initial: the name says more of the person, and contradicts nothing the
// stronger source wrote. It stays that source's value, as completed: a
// weaker source's other name later is refused by rank as before.
// keepFullFirstName's converse, for initials only: a longer form of a name
// ("Christopher" for "Chris") may not be the one the person goes by.
func completeInitial(current map[string]schemas.PropertyValue, r *precedence.Result) {
	cur, ok := current[connectors.PropFirstName]
	i := slices.IndexFunc(r.Refused, func(d schemas.FieldDecision) bool { return d.Field == connectors.PropFirstName })
	if !ok || i < 0 || !precedence.RefusedByRank(r.Refused[i].Reason) ||
		utf8.RuneCountInString(match.NameKey(cur.Value)) != 1 || !shorterForm(cur.Value, r.Refused[i].Value) {
		return
	}
	taken := r.Refused[i]
	taken.Reason = ReasonCompletesInitial
	r.Refused = slices.Delete(r.Refused, i, i+1)
	r.Properties[connectors.PropFirstName] = schemas.PropertyValue{Value: taken.Value, Source: cur.Source, UpdatedAt: cur.UpdatedAt}
	r.Changed = append(r.Changed, taken)
	slices.SortFunc(r.Changed, byField)
}

// keepFull refuses r's change of field when shorter holds for the new
// value and the current one.
func keepFull(current map[string]schemas.PropertyValue, r *precedence.Result, field, reason string, shorter func(short, long string) bool) {
	cur, ok := current[field]
	i := slices.IndexFunc(r.Changed, func(d schemas.FieldDecision) bool { return d.Field == field })
	if !ok || i < 0 || !shorter(r.Changed[i].Value, cur.Value) {
		return
	}
	refused := r.Changed[i]
	refused.Reason = reason
	r.Changed = slices.Delete(r.Changed, i, i+1)
	r.Properties[field] = cur
	r.Refused = append(r.Refused, refused)
	slices.SortFunc(r.Refused, byField)
}

// shorterForm reports whether first name short is an initial of long, or
// long begins with it (folded: case, accents and dots aside), and is not
// long itself.
func shorterForm(short, long string) bool {
	s, l := match.NameKey(short), match.NameKey(long)
	return s != "" && len(s) < len(l) && strings.HasPrefix(l, s)
}
