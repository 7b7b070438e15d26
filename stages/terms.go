package stages

import (
	"sync"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
	"github.com/contactgate/contactgate/state"
)

// termCounts are the term frequencies of the index's records, which the
// scorer weighs an exact agreement by (match.Frequencies): "Llewellyn" at
// one company says more than "Smith" does, as Fellegi-Sunter with term
// frequencies (and Splink) weigh it. A record counts once for each value it
// holds now or held when it was written (a value it lost is not taken
// back: counts only grow, and a value's share is an estimate either way).
// Records merged away are taken off the total. The gatekeeper counts the
// records it writes; Gatekeeper.Recover counts what the index held before.
// Safe for concurrent use.
type termCounts struct {
	counted sync.Once // the index's records, by Recover
	err     error     // of counting them

	mu     sync.RWMutex
	byKind map[match.Kind]map[string]int32
	total  int
}

// termKinds are the kinds the default model adjusts by frequency.
var termKinds = [...]match.Kind{match.KindPhone, match.KindFirstName, match.KindLastName, match.KindFullName,
	match.KindCompany, match.KindCity, match.KindPostcode}

func newTermCounts() *termCounts {
	return &termCounts{byKind: make(map[match.Kind]map[string]int32, len(termKinds))}
}

// Count implements match.Frequencies.
func (t *termCounts) Count(k match.Kind, value string) (count, total int) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return int(t.byKind[k][value]), t.total
}

// write counts a record written: the values of after that before (the
// record as the index held it; nil for a new one) lacked, and merged
// records merged away into it.
func (t *termCounts) write(before, after *match.Profile, merged int) {
	type term struct {
		k match.Kind
		v string
	}
	var add [len(termKinds)]term
	n := 0
	for _, k := range termKinds {
		v := termValue(k, after)
		if v != "" && (before == nil || termValue(k, before) != v) {
			add[n] = term{k, v}
			n++
		}
	}
	if n == 0 && before != nil && merged == 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if before == nil {
		t.total++
	}
	t.total = max(t.total-merged, 0)
	for _, a := range add[:n] {
		m := t.byKind[a.k]
		if m == nil {
			m = make(map[string]int32)
			t.byKind[a.k] = m
		}
		m[a.v]++
	}
}

func termValue(k match.Kind, p *match.Profile) string {
	switch k {
	case match.KindPhone:
		return p.Phone
	case match.KindFirstName:
		return p.First
	case match.KindLastName:
		return p.Last
	case match.KindFullName:
		return p.FullName
	case match.KindCompany:
		return p.Company
	case match.KindCity:
		return p.City
	case match.KindPostcode:
		return p.Postcode
	}
	return ""
}

// countOnce runs count the first time it is called, and returns its error
// every time.
func (t *termCounts) countOnce(count func() error) error {
	t.counted.Do(func() { t.err = count() })
	return t.err
}

// Followed counts a record another instance created, read from the outcome
// topic once the index holds it (processor.FollowConfig.OnApplied); the
// records this gatekeeper writes it counts itself.
func (g *Gatekeeper) Followed(o *schemas.Outcome) {
	if o.Action != schemas.ActionCreated || g.MadeHere(o.RecordID) {
		return
	}
	r, ok, err := g.ix.Get(o.RecordID)
	if err != nil || !ok {
		return // merged away since, or an index error the next write reports
	}
	p := g.termProfile(r)
	g.terms.write(nil, &p, 0)
}

// termProfile is the part of record r's profile that termCounts counts: the
// values recordProfile gives it, without the phone parsing and e-mail
// reading that counting needs none of (an index of a million records is
// counted at start).
func (g *Gatekeeper) termProfile(r state.Record) match.Profile {
	property := recordProperty(r.Properties)
	fields := map[match.Kind]string{
		match.KindFirstName: property(connectors.PropFirstName),
		match.KindLastName:  property(connectors.PropLastName),
		match.KindCompany:   property(connectors.PropCompany),
	}
	if fields[match.KindFirstName] == "" && fields[match.KindLastName] == "" {
		fields[match.KindEmail] = property(connectors.PropEmail) // names read from the address
	}
	addProfileProperties(fields, property)
	p := match.NewProfile(fields, g.match)
	if len(r.Identifiers.Phones) > 0 {
		setPhone(&p, r.Identifiers.Phones[0], "")
	}
	return p
}

// countIndex counts every record the index holds.
func (g *Gatekeeper) countIndex() error {
	return g.ix.EachRecord(func(r state.Record) error {
		p := g.termProfile(r)
		g.terms.write(nil, &p, 0)
		return nil
	})
}
