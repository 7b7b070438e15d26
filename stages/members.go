package stages

import (
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/state"
)

// The fields of a state.Member beside the person details
// (profileProperties' names).
const (
	memberFirst   = "first_name"
	memberLast    = "last_name"
	memberCompany = "company"
	memberEmail   = "email"
	memberPhone   = "phone"
	// memberPhoneExt is the extension the event gave its phone with: the
	// key has none, and two extensions of one number are two desks.
	memberPhoneExt = "phone_extension"
)

// eventMember is what the event says of its person, as a record's member:
// its names and company as sent, its e-mail and phone as their keys (and
// the phone's extension), and the person details it carries.
func eventMember(ev *event) state.Member {
	m := make(state.Member, 8)
	set := func(field, v string) {
		if !isBlank(v) {
			m[field] = v
		}
	}
	e := &ev.ce
	set(memberFirst, e.FirstName)
	set(memberLast, e.LastName)
	set(memberCompany, e.Company)
	set(memberEmail, string(ev.keys.email))
	set(memberPhone, ev.keys.phone)
	if ev.keys.phone != "" {
		set(memberPhoneExt, ev.ids.Phone.Extension)
	}
	for _, pp := range profileProperties {
		set(pp.name, e.Properties[pp.name])
	}
	return m
}

// memberProfile is a member's profile, for comparison with an event.
func (g *Gatekeeper) memberProfile(m state.Member) match.Profile {
	fields := make(map[match.Kind]string, len(m))
	fields[match.KindFirstName], fields[match.KindLastName] = m[memberFirst], m[memberLast]
	fields[match.KindCompany], fields[match.KindEmail] = m[memberCompany], m[memberEmail]
	addProfileProperties(fields, func(name string) string { return m[name] })
	p := match.NewProfile(fields, g.match)
	setPhone(&p, m[memberPhone], m[memberPhoneExt])
	return p
}
