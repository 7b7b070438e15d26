package stages

import (
	"slices"

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

// keepDesks returns kept, the members a record keeps (state.JoinMembers:
// the most recent, at most state.MaxMembers), with each desk of all that
// kept lacks put back in place of the oldest member that gave no
// extension: a number's extension is a fact about the person, which the
// record's other desks are told apart by (desks, oneDesk), and a person
// with many events would otherwise forget it once six later events gave
// the bare number or none. The event's own member, kept[0], stays. kept
// is reordered in place.
func keepDesks(kept, all []state.Member) []state.Member {
	desk := func(m state.Member) string {
		if m[memberPhoneExt] == "" {
			return ""
		}
		return m[memberPhone] + ";ext=" + m[memberPhoneExt]
	}
	for _, m := range all {
		d := desk(m)
		if d == "" || slices.ContainsFunc(kept, func(k state.Member) bool { return desk(k) == d }) {
			continue
		}
		i := len(kept) - 1
		for i > 0 && desk(kept[i]) != "" {
			i--
		}
		if i == 0 {
			break // every kept member but the event's own is a desk
		}
		kept = append(slices.Delete(kept, i, i+1), m)
	}
	return kept
}
