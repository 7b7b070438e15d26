package demo

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/contactgate/contactgate/schemas"
)

// The sources Generate writes events from. Each has its own habits: billing
// and crm carry their own external ids, only billing sends billing_address,
// only webinar sends last_activity_date.
const (
	SourceWebForm    = "web_form"
	SourceCRM        = "crm"
	SourceWebinar    = "webinar"
	SourceBilling    = "billing"
	SourceListImport = "list_import"
)

// sources are the producers in the stream; pickSource says how often each
// one speaks.
// CustomProperties are the properties the demo's events carry (generated,
// or made by EventOf from a dataset's rows) that HubSpot does not define by
// default. The demo's CRM defines them as text properties, as a HubSpot
// admin would before wiring the sources in: HubSpot refuses a write naming
// a property the portal does not define, and the gatekeeper leaves such
// properties out (refused in the outcome), so the index would not hold
// them either.
var CustomProperties = []string{"billing_address", "last_activity_date", "national_id"}

var sources = [...]string{SourceWebForm, SourceCRM, SourceWebinar, SourceBilling, SourceListImport}

// pickSource returns web_form for 30% of events, crm and webinar for 20%
// each, billing and list_import for 15% each.
func pickSource(r *rng) string { return sources[weighted(r, 0.30, 0.20, 0.20, 0.15)] }

// defaultStart is occurred_at of the first event unless GenConfig.Start says
// otherwise: a Monday morning, so that runs compare across days.
var defaultStart = time.Date(2025, time.March, 3, 9, 0, 0, 0, time.UTC)

// GenConfig configures Generate. Only Events is required; every other zero
// field means its default.
type GenConfig struct {
	// Events is the number of events. Zero or less generates none.
	Events int
	// Persons is the number of distinct people behind the events; each one
	// appears at least once. Default Events/5 (at least 1); capped at Events.
	Persons int
	// Seed makes the output reproducible: the same config generates the same
	// events, byte for byte, on every platform and Go version (the generator
	// carries its own pseudo-random source). Any value is valid, 0 included.
	Seed int64
	// Start is occurred_at of the first event, kept to the nanosecond.
	// Default 2025-03-03T09:00:00Z.
	Start time.Time
	// Rates are the probabilities of the variations in the events. Nil means
	// DefaultRates(); to change one rate, start from DefaultRates().
	Rates *Rates
}

// Validate reports a config that Generate would have to correct: negative
// counts, more persons than events, rates outside [0, 1].
func (c GenConfig) Validate() error {
	var errs []error
	if c.Events < 0 {
		errs = append(errs, fmt.Errorf("events is %d; it must not be negative", c.Events))
	}
	if c.Persons < 0 {
		errs = append(errs, fmt.Errorf("persons is %d; it must not be negative", c.Persons))
	}
	if c.Persons > c.Events && c.Events >= 0 {
		errs = append(errs, fmt.Errorf("persons (%d) exceeds events (%d): every person appears at least once", c.Persons, c.Events))
	}
	if c.Rates != nil {
		errs = append(errs, c.Rates.Validate())
	}
	return errors.Join(errs...)
}

// withDefaults returns c with defaults filled in and out-of-range values
// corrected, and the rates to use.
func (c GenConfig) withDefaults() (GenConfig, Rates) {
	c.Events = max(c.Events, 0)
	if c.Persons <= 0 {
		c.Persons = max(c.Events/5, 1)
	}
	c.Persons = min(c.Persons, c.Events)
	if c.Start.IsZero() {
		c.Start = defaultStart
	}
	r := DefaultRates()
	if c.Rates != nil {
		r = *c.Rates
	}
	for _, f := range r.fields() {
		if !(*f.rate >= 0) { // NaN too
			*f.rate = 0
		}
		*f.rate = min(*f.rate, 1)
	}
	return c, r
}

// Generated is a stream of contact events with its truth.
type Generated struct {
	// Events are in stream order: occurred_at grows, with jitter, bursts of
	// milliseconds and the occasional late event; Rates.Displaced moves a
	// share far from their time.
	Events []schemas.ContactEvent
	// Person[i] is the index of the person who Events[i] is about, in
	// [0, Persons). It is the truth that Score measures a run against.
	Person []int
}

// Generate returns cfg.Events realistic contact events about cfg.Persons
// people, with the truth of who is who. Every event has a unique event_id
// ("evt-000042" for Events[42]) and at least one identifier (external_id,
// email, phone, or first name, last name and company), so all of them pass
// validation; they differ the way producers differ (see Rates).
//
// The world behind the events: companies from a list of a few hundred, each
// with a domain, an e-mail pattern, a legal form it is spelled with in
// several ways, a city and, for some, a switchboard; persons with names from
// lists of common US and UK given names and surnames, a corporate and/or a
// personal address, a phone, a city, a job title and an id in billing and in
// the crm. Hard negatives, which a careless matcher merges, are built in:
// colleagues behind one switchboard number, relatives at one company (same
// surname, different first name), namesakes at other companies. Sources:
// web_form 30% of events, crm 20%, webinar 20%, billing 15%, list_import
// 15%.
//
// Generate never fails: a config that Validate rejects is corrected
// (negative counts to zero, persons capped at events, rates clamped to
// [0, 1]). 100,000 events take well under a second (BenchmarkGenerate100k).
func Generate(cfg GenConfig) Generated {
	cfg, rates := cfg.withDefaults()
	out := Generated{
		Events: make([]schemas.ContactEvent, 0, cfg.Events),
		Person: make([]int, 0, cfg.Events),
	}
	if cfg.Events == 0 {
		return out
	}
	w := newWorld(cfg.Seed, cfg.Persons, rates)
	r, x := newRNG(cfg.Seed, streamEvents), newRNG(cfg.Seed, streamVariants)
	visits := schedule(newRNG(cfg.Seed, streamSchedule), cfg.Events, cfg.Persons, rates.Burst)

	var clock, at time.Duration // since cfg.Start: the stream's present, and this event's time
	source := ""
	for _, v := range visits {
		for k := range v.events {
			switch {
			case len(out.Events) == 0:
			case k > 0: // a burst: the same person again within milliseconds
				at += time.Duration(1+r.intn(20)) * time.Millisecond
				clock = max(clock, at)
			default:
				// Gaps of 50 ms and more, about 1.5 s on average.
				clock += 50*time.Millisecond + time.Duration(r.exp()*1450)*time.Millisecond
				at = clock
				if r.chance(rates.OutOfOrder) {
					at -= time.Second + time.Duration(r.intn(600_000))*time.Millisecond
				}
			}
			// A burst is mostly one producer retrying; sometimes several
			// producers reacting to one action.
			if k == 0 || r.chance(0.3) {
				source = pickSource(r)
			}
			i := len(out.Events)
			out.Events = append(out.Events, w.event(r, x, v.person, eventID(i), source, cfg.Start.Add(at)))
			out.Person = append(out.Person, v.person)
		}
	}
	displace(newRNG(cfg.Seed, streamArrival), &out, rates.Displaced)
	return out
}

// visit is a person showing up in the stream: one event, or a burst.
type visit struct {
	person int
	events int
}

// schedule decides who the events are about, in stream order. Each person
// gets one visit; the events left over go to further visits, to persons
// drawn with a skew (some contacts are far busier than others), and to
// bursts, which therefore need Events > Persons.
func schedule(r *rng, events, persons int, burst float64) []visit {
	spare := events - persons
	visits := make([]visit, 0, persons+spare)
	add := func(p int) {
		n := 1
		if spare > 0 && r.chance(burst) {
			k := min(1+r.intn(3), spare)
			n += k
			spare -= k
		}
		visits = append(visits, visit{person: p, events: n})
	}
	for p := range persons {
		add(p)
	}
	for spare > 0 {
		spare--
		add(r.skewed(persons))
	}
	for i := len(visits) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		visits[i], visits[j] = visits[j], visits[i]
	}
	return visits
}

// eventID returns "evt-" and i in at least six digits.
func eventID(i int) string {
	var b [32]byte
	n := len(b)
	for v := i; v > 0 || n > len(b)-6; v /= 10 {
		n--
		b[n] = byte('0' + v%10)
	}
	n -= 4
	copy(b[n:], "evt-")
	return string(b[n:])
}

// rng is a SplitMix64 generator. Generate carries its own instead of
// math/rand so that a seed means the same events on every Go version.
type rng struct{ state uint64 }

// The independent streams Generate draws from, so that changing an event
// rate leaves the world (the persons) as it was.
const (
	streamWorld uint64 = iota + 1
	streamSchedule
	streamEvents
	streamMailboxes // who shares a family's mailbox: the world as it was, but for them
	streamForeign   // which companies are abroad (Rates.Foreign)
	streamVariants  // the variations of generator_variants.go in each event
	streamArrival   // which events arrive displaced (Rates.Displaced)
)

func newRNG(seed int64, stream uint64) *rng {
	r := &rng{state: uint64(seed) ^ stream*0xd1b54a32d192ed03}
	r.uint64() // step off the seed
	return r
}

func (r *rng) uint64() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a number in [0, n) for 0 < n < 2^32, by multiply-shift from
// 32 random bits; the bias, below n/2^32, is far beneath anything a demo can
// observe.
func (r *rng) intn(n int) int {
	return int((r.uint64() >> 32) * uint64(n) >> 32)
}

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.uint64()>>11) / (1 << 53) }

// chance reports true with probability p: never for 0, always for 1.
func (r *rng) chance(p float64) bool { return r.float() < p }

// exp returns an exponentially distributed number with mean 1.
func (r *rng) exp() float64 { return -math.Log(1 - r.float()) }

// skewed returns an index in [0, n), half the time uniformly and half the
// time drawn towards 0, so that low indices are the busy ones.
func (r *rng) skewed(n int) int {
	if r.chance(0.5) {
		return r.intn(n)
	}
	u := r.float()
	return min(int(float64(n)*u*math.Sqrt(u)), n-1)
}

// pick returns one of list.
func pick[T any](r *rng, list []T) T { return list[r.intn(len(list))] }
