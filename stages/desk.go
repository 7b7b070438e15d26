package stages

import (
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
)

// phoneExtension returns the extension written in a record's phone
// property (raw) when the number is key: the index keeps numbers without
// their extensions, which tell two desks behind one switchboard apart.
func (g *Gatekeeper) phoneExtension(raw, key string) string {
	if !strings.ContainsAny(raw, "xX#;") {
		return "" // no extension written: nothing to parse
	}
	p, err := match.NormalizePhone(raw, g.cfg.DefaultRegion)
	if err != nil || p.E164 != key {
		return ""
	}
	return p.Extension
}

// sameDesk: the event's phone has no extension, or c is known at the
// same one (its phone property's, or a member's). A number written with
// an extension names a desk behind a switchboard; a record known only by
// the bare number is the switchboard's, anyone's.
func (g *Gatekeeper) sameDesk(ev *event, c candidate) bool {
	if ev.ids.Phone.Extension == "" || ev.keys.phone == "" {
		return true
	}
	same, _ := g.desks(ev, c)
	return same
}

// desks reports whether c is known at the extension of the event's
// number (same) and at another one (other): by the extension of its phone
// property when that has one, else by its members' (the index keeps
// numbers without extensions).
func (g *Gatekeeper) desks(ev *event, c candidate) (same, other bool) {
	e := ev.ids.Phone.Extension
	if x := g.phoneExtension(c.property(connectors.PropPhone), ev.keys.phone); x != "" {
		return x == e, x != e
	}
	for _, m := range c.members {
		if m[memberPhone] != ev.keys.phone || m[memberPhoneExt] == "" {
			continue
		}
		if m[memberPhoneExt] == e {
			same = true
		} else {
			other = true
		}
	}
	return same, other
}

// byPhoneAtTheDesk applies the phone rule (byPhone) to the holders of the
// event's number (cands, from the index or the CRM's search) that may be
// the event's at its line. Without a full name, a number written with an
// extension is that desk's: the record of another desk, or one known by
// the bare switchboard number alone, is never the event's (sameDesk); and
// a number written bare where a holder is known at an extension of it is
// a switchboard's (atSwitchboard). (On the demo's streams replayed with
// one lane, seeds 1-5, "not another extension" had given 11 desks' events
// to their records and 3 to someone else's.) With a full name, a nameless
// holder is the event's only at its line (holdersAtTheDesk).
func (g *Gatekeeper) byPhoneAtTheDesk(ev *event, cands []candidate) resolution {
	if ev.fullName() {
		return byPhone(ev, g.holdersAtTheDesk(ev, cands), false)
	}
	atDesk := slices.DeleteFunc(slices.Clone(cands), func(c candidate) bool { return !g.sameDesk(ev, c) })
	return byPhone(ev, atDesk, g.atSwitchboard(ev, cands))
}

// atSwitchboard: the event's number has no extension and one of cands is
// known at an extension of it (desks): the number is a switchboard's.
func (g *Gatekeeper) atSwitchboard(ev *event, cands []candidate) bool {
	if ev.ids.Phone.Extension != "" || ev.keys.phone == "" {
		return false
	}
	return slices.ContainsFunc(cands, func(c candidate) bool {
		_, other := g.desks(ev, c)
		return other
	})
}

// holdersAtTheDesk returns cands without the nameless records known at
// another line of the event's number (oneDesk): the phone rule gives a
// named event the number's only holder when it has no name (byPhone), the
// record a nameless call made, and a call from another desk, or from the
// bare switchboard number where the event gives a desk (or the other way
// round), is a colleague's as often as the person's own. On the demo's
// streams replayed with one lane (seeds 1-5, many-events and messy), 5 of
// the 93 named events that took a nameless holder's record were another
// person's, each at another line; of the 88 right ones, 1 was at another
// line (the one duplicate this costs). A bridge links a nameless record by
// the same test (links). The holders dropped are still weighed by the
// scorer (byEvidence) and named by explain. cands is not changed.
func (g *Gatekeeper) holdersAtTheDesk(ev *event, cands []candidate) []candidate {
	return slices.DeleteFunc(slices.Clone(cands), func(c candidate) bool { return nameless(c) && !g.oneDesk(ev, c) })
}

// oneDesk: the event's number and c's are one line: the same extension
// (c's phone property's, or a member's: desks), or no extension known on
// either side (members that gave the bare number say nothing of a desk).
// c's phone property is read in the default region (phoneExtension): a
// number written in another country's national format shows no
// extension.
func (g *Gatekeeper) oneDesk(ev *event, c candidate) bool {
	same, other := g.desks(ev, c)
	return same || ev.ids.Phone.Extension == "" && !other
}
