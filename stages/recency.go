package stages

import (
	"math"
	"sync"

	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
)

// recencyLevels are the gaps recencyStats weighs, each the ring beyond the
// one before: within a minute, ten minutes, an hour. A day was weighed too,
// and left out: on the looked-at streams it joined a tenth to a sixth more
// duplicates than the three levels do alone (14 to 18 records a stream
// set), and added a false merge (two Claus-Dieter Lorches on one day):
// the weakest evidence, and the least sure.
var recencyLevels = [...]struct {
	name string
	max  int64 // seconds
}{{"minute", 60}, {"ten_minutes", 600}, {"hour", 3600}}

// minRecencySamples is how many events matched by an identifier
// recencyStats must have seen before it weighs a gap: below that, m is
// a guess.
const minRecencySamples = 200

// recencyStats is the gatekeeper's match.Recency, measured from the stream
// it serves. For a gap level:
//
//   - m is the share of the events an identifier matched (an e-mail, an
//     external id: no name decided them) whose record's nearest earlier
//     event lay at that gap: how one person's events fall together;
//   - u is the share of the index's records with an event at that gap from
//     the time in question, beyond the nearer levels: how often anyone's
//     do. Events are counted by the minute of their occurred_at; a record
//     with several events in a ring counts several times, which can only
//     make u larger and the weight smaller.
//
// The weight is log2(m/u), when positive and when m rests on
// minRecencySamples events. In a dense backlog (the demo's ten thousand
// events of one afternoon) u is near m at every level and nothing is
// added; in a stream of years, one name twice in an hour is one person.
// Safe for concurrent use.
type recencyStats struct {
	records func() int // the index's records (termCounts' total)

	mu sync.RWMutex
	// mine are the events this gatekeeper applied (add), counted by the
	// minute of their occurred_at, a day's counters allocated when one of
	// its events is first counted: 2.8 KiB a day, 4 MiB for a stream of
	// four years, whatever its number of events. restored are the times
	// the index's records held at start (addRestored), every instance's.
	mine, restored map[int64]*dayCounts
	m              [len(recencyLevels)]int
	samples        int // matched events with a gap (m's denominator, every gap)
	// own counts the events this gatekeeper applied, followed the
	// outcomes of every instance's that the index's follower applied: one
	// of several instances applies its share of the stream's events while
	// the index holds every instance's records, and its count is divided
	// by that share. Without a follower (the demo) the share is 1.
	own, followed int
}

// dayCounts are one day's events by minute, saturating.
type dayCounts [24 * 60]uint16

func newRecencyStats(records func() int) *recencyStats {
	return &recencyStats{records: records, mine: make(map[int64]*dayCounts), restored: make(map[int64]*dayCounts)}
}

// add counts an event this gatekeeper applied, at Unix time at.
func (r *recencyStats) add(at int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.own++
	count(r.mine, at)
}

// addRestored counts a time a record of the index held at start.
func (r *recencyStats) addRestored(at int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	count(r.restored, at)
}

// count adds one at Unix time at to days.
func count(days map[int64]*dayCounts, at int64) {
	if at <= 0 {
		return
	}
	minute := floorDiv(at, 60)
	day := floorDiv(minute, 24*60)
	d := days[day]
	if d == nil {
		d = new(dayCounts)
		days[day] = d
	}
	if i := minute - day*24*60; d[i] < 1<<16-1 {
		d[i]++
	}
}

// follow counts an outcome the index's follower applied, any instance's.
func (r *recencyStats) follow() {
	r.mu.Lock()
	r.followed++
	r.mu.Unlock()
}

// sample counts an event an identifier matched to a record whose nearest
// time was gap seconds before or after it.
func (r *recencyStats) sample(gap int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.samples++
	if i := recencyLevel(gap); i >= 0 {
		r.m[i]++
	}
}

// Weight implements match.Recency.
func (r *recencyStats) Weight(gap, at int64) (string, float64) {
	i := recencyLevel(gap)
	if i < 0 || at <= 0 {
		return "", 0
	}
	n := r.records()
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.samples < minRecencySamples || n < 2 || r.m[i] == 0 {
		return "", 0
	}
	m := float64(r.m[i]) / float64(r.samples)
	share := 1.0
	if r.followed > 0 {
		share = min(1, float64(r.own)/float64(r.followed))
	}
	// The stream's events in the ring (those applied here over this
	// instance's share, and those the index held at start), less the
	// pair's own record's event in it.
	ring := func(days map[int64]*dayCounts) float64 {
		c := within(days, at, recencyLevels[i].max)
		if i > 0 {
			c -= within(days, at, recencyLevels[i-1].max)
		}
		return float64(c)
	}
	u := math.Max(ring(r.mine)/share+ring(r.restored)-1, 1) / float64(n)
	if u >= 1 {
		return recencyLevels[i].name, 0
	}
	return recencyLevels[i].name, math.Log2(m / u)
}

// within counts the events of days within d seconds of at, by whole
// minutes (a little more than the exact count).
func within(days map[int64]*dayCounts, at, d int64) int {
	n := 0
	for minute := floorDiv(at-d, 60); minute <= floorDiv(at+d, 60); minute++ {
		day := floorDiv(minute, 24*60)
		if c := days[day]; c != nil {
			n += int(c[minute-day*24*60])
		}
	}
	return n
}

// recencyLevel returns the index of the level gap falls in, or -1 beyond
// the last.
func recencyLevel(gap int64) int {
	for i, l := range recencyLevels {
		if gap < l.max {
			return i
		}
	}
	return -1
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// recordTimes are the Unix times a record was heard of: its latest
// events' (state.Record.Seen), else, for a record the index rebuilt from
// the outcome topic, the latest write of its properties.
func recordTimes(seen []int64, props map[string]schemas.PropertyValue) []int64 {
	if len(seen) > 0 {
		return seen
	}
	var latest int64
	for _, p := range props {
		if !p.UpdatedAt.IsZero() {
			latest = max(latest, p.UpdatedAt.Unix())
		}
	}
	if latest <= 0 {
		return nil
	}
	return []int64{latest}
}

// countSeen counts the event a just written into the recency statistics:
// its time, and, when an identifier matched it to a record the index held
// (an e-mail, an external id: no name decided it), how close it came to
// that record's latest events.
func (g *Gatekeeper) countSeen(a *attempt) {
	if g.recency == nil || a.ev.occurredAt.IsZero() {
		return
	}
	at := a.ev.occurredAt.Unix()
	g.recency.add(at)
	if by := a.match.by; a.inIndex && (by == schemas.MatchedByEmail || by == schemas.MatchedByExternalID) {
		if times := recordTimes(a.base.Seen, a.base.Properties); len(times) > 0 {
			gap, _ := match.NearestGap([]int64{at}, times)
			g.recency.sample(gap)
		}
	}
}
