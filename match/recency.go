package match

// KindSeen is the evidence of two contacts heard of close together in time
// (Recency). It names no field of a contact: no column maps to it.
const KindSeen Kind = "seen"

// Recency weighs the time between two contacts' nearest events, for a
// pair whose first and last names, written by both, already agree: the
// events of one person come in sessions (a form, and the CRM's copy of it a
// minute later; a webinar's registration, attendance and follow-up), while
// two namesakes' events fall together only as often as any two people's.
// How much more often is a property of the stream, not of contact data:
// in a stream of years, two events of one name in the same minute are one
// person; in a backlog of one afternoon, every record was active within
// the hour and closeness says nothing. An implementation measures both
// from the stream it serves (the gatekeeper's: how close the events its
// identifiers matched came to their records' last ones, and how many
// records had an event as close to the time in question), and says
// nothing until it has seen enough.
//
// Only agreement adds weight: a long gap is no evidence of two people (a
// customer returns after a year), and a pair the names do not already
// link gains nothing.
type Recency interface {
	// Weight returns the level and the match weight of two contacts whose
	// nearest events are gap seconds apart, around Unix time at; a weight
	// of 0 or less is no evidence.
	Weight(gap, at int64) (level string, w float64)
}

// WithRecency returns a scorer that weighs two contacts' times by r (see
// Recency); nil weighs none.
func (s *Scorer) WithRecency(r Recency) *Scorer {
	c := *s
	c.recency = r
	return &c
}

// NearestGap returns the smallest distance between a time of a and a time
// of b, in seconds, and the time of a it was measured at.
func NearestGap(a, b []int64) (gap, at int64) {
	gap = -1
	for _, x := range a {
		for _, y := range b {
			d := x - y
			if d < 0 {
				d = -d
			}
			if gap < 0 || d < gap {
				gap, at = d, x
			}
		}
	}
	return gap, at
}
