package stages

import (
	"context"
	"hash/maphash"
	"slices"
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
// back: counts only grow, and a value's share is an estimate either way);
// a value it gets back is not counted again, nor one its members (the
// writings it was made of) hold: a person whose events swap
// "Noah Watson" and "Watson Noah" would otherwise make both names look
// common, ever weaker evidence of the one person they name.
// Records merged away are taken off the total. The gatekeeper counts the
// records it writes; Gatekeeper.Recover counts what the index held before.
// Safe for concurrent use.
type termCounts struct {
	counting sync.Once     // the index's records, by Recover
	stop     func()        // stops counting them
	counted  chan struct{} // closed once they are counted, or counting stopped

	mu sync.RWMutex
	// once is a Bloom filter of the (kind, value)s counted once: most
	// values (a phone, a full name) are one record's, and a set of bits
	// holds them in a few megabytes where a map of a million records'
	// values took 180. A value counted once whose bits were all set
	// already reads as counted twice, which changes no weight: the
	// scorer leaves the pair's own two records out of a count (others).
	once []uint64
	// repeated are the counts of the values counted more than once.
	repeated map[match.Kind]map[string]int32
	total    int
	seed     maphash.Seed
}

// onceBits is the size of termCounts.once: with three bits a value, one
// value in twenty reads as counted before once three million values were.
const onceBits = 1 << 25

func newTermCounts() *termCounts {
	return &termCounts{repeated: make(map[match.Kind]map[string]int32, len(match.TermKinds)), seed: maphash.MakeSeed()}
}

// records returns how many records are counted.
func (t *termCounts) records() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.total
}

// Count implements match.Frequencies.
func (t *termCounts) Count(k match.Kind, value string) (count, total int) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if n, ok := t.repeated[k][value]; ok {
		return int(n), t.total
	}
	if t.once != nil && t.bits(k, value, false) {
		return 1, t.total
	}
	return 0, t.total
}

// bits reports whether the once filter has every bit of (k, value), and
// sets them when set is true. The caller holds t.mu (for writing to set).
func (t *termCounts) bits(k match.Kind, value string, set bool) bool {
	var h maphash.Hash
	h.SetSeed(t.seed)
	h.WriteString(string(k))
	h.WriteByte(0)
	h.WriteString(value)
	sum := h.Sum64()
	h1, h2 := uint32(sum), uint32(sum>>32)|1
	all := true
	for i := range uint32(3) {
		bit := (h1 + i*h2) % onceBits
		w, mask := bit/64, uint64(1)<<(bit%64)
		all = all && t.once[w]&mask != 0
		if set {
			t.once[w] |= mask
		}
	}
	return all
}

// write counts a record written: the values of after that none of before
// (the record as the index held it and its members; empty for a new one)
// held, and merged records merged away into it.
func (t *termCounts) write(before []*match.Profile, after *match.Profile, merged int) {
	type term struct {
		k match.Kind
		v string
	}
	var add [len(match.TermKinds)]term
	n := 0
	for _, k := range match.TermKinds {
		v := match.TermValue(k, after)
		if v != "" && !slices.ContainsFunc(before, func(b *match.Profile) bool { return match.TermValue(k, b) == v }) {
			add[n] = term{k, v}
			n++
		}
	}
	if n == 0 && len(before) > 0 && merged == 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(before) == 0 {
		t.total++
	}
	t.total = max(t.total-merged, 0)
	if t.once == nil {
		t.once = make([]uint64, onceBits/64)
	}
	for _, a := range add[:n] {
		m := t.repeated[a.k]
		if c, ok := m[a.v]; ok {
			m[a.v] = c + 1
			continue
		}
		if t.bits(a.k, a.v, true) {
			if m == nil {
				m = make(map[string]int32)
				t.repeated[a.k] = m
			}
			m[a.v] = 2
		}
	}
}

// mergedAway takes n records merged into others off the total.
func (t *termCounts) mergedAway(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.total = max(t.total-n, 0)
}

// countIndex counts, once, in the background, the records the index held
// before the gatekeeper started (a million in 3 to 7 seconds, which a
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
				if g.recency != nil {
					for _, at := range recordTimes(r.Seen, r.Properties) {
						g.recency.addRestored(at)
					}
				}
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
// records this gatekeeper writes it counts itself. Every outcome counts
// towards this instance's share of the stream (recencyStats).
func (g *Gatekeeper) Followed(o *schemas.Outcome) {
	if g.recency != nil && o.Action != schemas.ActionIgnored && o.Source != reconcileSource && !o.ProcessedAt.Before(g.started) {
		// An event applied since this gatekeeper started, by whichever
		// instance: the follower's catch-up of what came before is no
		// part of the stream this one has a share of.
		g.recency.follow()
	}
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
