package stages

import (
	"context"
	"sync"
	"time"

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
	counting sync.Once     // the index's records, by Recover
	stop     func()        // stops counting them
	counted  chan struct{} // closed once they are counted, or counting stopped

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

// countIndex counts, once, in the background, the records the index held
// before the gatekeeper started (a million in about seven seconds, which a
// restarted instance does not wait for: until then, the scorer's term
// frequencies are those counted so far, smoothed towards each level's
// average). Close stops it.
func (g *Gatekeeper) countIndex(ctx context.Context) {
	t := g.terms
	t.counting.Do(func() {
		ctx, t.stop = context.WithCancel(ctx)
		t.counted = make(chan struct{})
		go func() {
			defer close(t.counted)
			start, n := time.Now(), 0
			err := g.ix.EachRecord(func(r state.Record) error {
				p := g.termProfile(r)
				t.write(nil, &p, 0)
				n++
				return ctx.Err()
			})
			switch {
			case ctx.Err() != nil:
			case err != nil:
				g.cfg.Logger.Warn("stages: counting the index's term frequencies", "err", err, "records", n)
			default:
				g.cfg.Logger.Info("stages: counted the index's term frequencies", "records", n, "took", time.Since(start).Round(time.Millisecond))
			}
		}()
	})
}

// waitCounted waits until the index's records are counted (countIndex).
func (t *termCounts) waitCounted() {
	if t.counted != nil {
		<-t.counted
	}
}

// Close stops what the Gatekeeper does in the background (counting the
// index's term frequencies) and waits for it to end. Call it before
// closing the index.
func (g *Gatekeeper) Close() {
	t := g.terms
	t.counting.Do(func() {}) // nothing to stop if it never started
	if t.stop != nil {
		t.stop()
		<-t.counted
	}
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
