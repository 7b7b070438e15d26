// Package linkage resolves contacts one at a time against those seen
// before: the streaming form of record linkage that the gatekeeper does per
// event, in memory, for evaluation on labelled files (contactgate
// evaluate) and as the reference the identity index is measured by.
//
// Each record added is blocked by a union of keys (exact e-mail, phone and
// national id; date of birth; surname sound and first initial; postcode and
// surname sound; first and last name; e-mail local part), so that only
// records sharing a key are compared, and scored against each of them with
// a match.Scorer (Fellegi-Sunter weights, term-frequency adjusted). The best
// candidate decides: in the match band the record joins its cluster; in
// the possible band it starts a cluster of its own and the decision names
// the candidate, for review; otherwise it starts a cluster of its own.
// A record that also matches a second cluster links the two: with
// Options.Merge the second joins the first, unless any of their members
// conflict (a pair held to possible by a differing name, Jr and Sr, or
// colleagues' addresses, or distinct for a field that disagrees), so
// that a person's parts are not kept apart because they arrived before
// the record that joins them. Without Merge, clusters never merge after the fact, like the
// gatekeeper's CRM records: the record joins the one it matches best.
//
// When no single record matches, the clusters are compared as the people
// they are: a record that agrees with one member on the e-mail and with
// another on the birth date agrees with the person on both. A cluster's
// evidence is, field by field, the strongest of its members' (those not in
// the distinct band); it matches when that evidence reaches the match
// band, unless a member's first name differs or the e-mail is only a
// shared mailbox (relatives, colleagues: a person's parts must not add up
// to someone else).
//
// A record that matches two clusters held apart about as well as each
// other (within Options.AmbiguityMargin) joins neither: it could be
// either person, and a guess merges two people, which is worse than a
// duplicate. It starts a cluster of its own, in the possible band, with
// the guard match.GuardAmbiguous; a later record torn between the same
// people (the same John Smith at that address, again without a birth
// date) joins that cluster.
package linkage

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/contactgate/contactgate/dataset"
	"github.com/contactgate/contactgate/match"
)

// Options configure a Resolver.
type Options struct {
	// Model is the scoring model. Default match.DefaultModel().
	Model *match.Model
	// Match are the normalization options (default phone region).
	Match match.Options
	// MaxBlock is how many of a block's most recent records a new record
	// is compared with: a block key shared by thousands (a common birth
	// date) is evidence only with others. Default 200.
	MaxBlock int
	// AmbiguityMargin is how much weaker than the best match, in bits, a
	// match with a second cluster held apart from the first may be for
	// the record to be ambiguous (see the package documentation).
	// Default 2; negative turns the rule off.
	AmbiguityMargin float64
	// Merge joins two clusters that a record matches both of, unless
	// their members conflict (see the package documentation).
	Merge bool
}

// Decision is what became of one record.
type Decision struct {
	// Cluster is the cluster the record joined or started.
	Cluster string
	// Band of the best candidate's comparison; BandDistinct when there was
	// none.
	Band match.Band
	// Candidate is the id of the best candidate, when there was one.
	Candidate string
	// Comparison with the best candidate.
	Comparison match.Comparison
	// Compared counts the candidates scored.
	Compared int
	// Rival is, for an ambiguous record (Comparison.Guard is
	// match.GuardAmbiguous), the best candidate of another cluster that
	// it matches about as well as Candidate's.
	Rival string
	// Merged are the clusters that joined Cluster because the record
	// matched them too (Options.Merge).
	Merged []string
}

// Resolver is the streaming resolver. It is not safe for concurrent use.
type Resolver struct {
	opts             Options
	scorer           *match.Scorer
	tf               *Frequencies
	profiles         []match.Profile
	ids              []string
	cluster          []int32
	blocks           map[string][]int32
	observedProfiles []match.Profile // by Observe, for Estimate
	mark             []uint32
	round            uint32
	scored           []scored          // this round's comparisons
	members          map[int32][]int32 // cluster → its records
	torn             map[int32][]int32 // cluster of an ambiguous record → the clusters it was torn between
	index            map[string]int32  // id → record
}

var _ dataset.Clusterer = (*Resolver)(nil)

// ClusterOf returns the current cluster of an added record: with
// Options.Merge, a later record may have merged it into another.
func (r *Resolver) ClusterOf(id string) (string, bool) {
	i, ok := r.index[id]
	if !ok {
		return "", false
	}
	return strconv.Itoa(int(r.cluster[i])), true
}

// maxEntityMembers bounds how many of a cluster's records entityMatch
// compares beyond those its blocks found.
const maxEntityMembers = 32

// scored is one comparison of a round.
type scored struct {
	j int32
	c match.Comparison
}

// New returns a Resolver. Term frequencies are counted from the records
// added; Observe counts records ahead of their turn (a pass over a file
// before it is resolved).
func New(o Options) (*Resolver, error) {
	if o.Model == nil {
		m := match.DefaultModel()
		o.Model = &m
	}
	if o.MaxBlock <= 0 {
		o.MaxBlock = 200
	}
	if o.AmbiguityMargin == 0 {
		o.AmbiguityMargin = 2
	}
	tf := NewFrequencies()
	s, err := match.NewScorer(*o.Model, tf)
	if err != nil {
		return nil, fmt.Errorf("linkage: %w", err)
	}
	return &Resolver{opts: o, scorer: s, tf: tf, blocks: make(map[string][]int32),
		members: make(map[int32][]int32), torn: make(map[int32][]int32), index: make(map[string]int32)}, nil
}

// Observe counts the values of a record for the term frequencies, without
// resolving it.
func (r *Resolver) Observe(fields map[match.Kind]string) {
	p := match.NewProfile(fields, r.opts.Match)
	r.tf.Add(&p)
	r.tf.observed = true
	r.observedProfiles = append(r.observedProfiles, p)
}

// Add resolves a record and returns its cluster (for dataset.Resolver).
func (r *Resolver) Add(id string, fields map[match.Kind]string) (string, error) {
	return r.Resolve(id, fields).Cluster, nil
}

// Resolve resolves a record and says why.
func (r *Resolver) Resolve(id string, fields map[match.Kind]string) Decision {
	p := match.NewProfile(fields, r.opts.Match)
	if !r.tf.observed {
		r.tf.Add(&p)
	}
	idx := int32(len(r.profiles))
	keys := match.BlockKeys(&p)
	d := Decision{Band: match.BandDistinct}
	best := int32(-1)
	r.round++
	r.scored = r.scored[:0]
	for _, k := range keys {
		members := r.blocks[k]
		if len(members) > r.opts.MaxBlock {
			members = members[len(members)-r.opts.MaxBlock:]
		}
		for _, j := range members {
			if r.markSeen(j) {
				continue
			}
			d.Compared++
			c := r.scorer.Score(&p, &r.profiles[j])
			r.scored = append(r.scored, scored{j, c})
			if best < 0 || c.Weight > d.Comparison.Weight {
				best, d.Comparison = j, c
			}
		}
	}
	if best >= 0 && d.Comparison.Band != match.BandMatch {
		if j, c, ok := r.entityMatch(&p); ok {
			best, d.Comparison = j, c
		}
	}
	cluster := idx
	var torn []int32
	if best >= 0 {
		d.Band, d.Candidate = d.Comparison.Band, r.ids[best]
		if d.Band == match.BandMatch {
			cluster = r.cluster[best]
			if rival, among, ok := r.ambiguous(&p, best, d.Comparison.Weight); ok {
				if c, ok := r.tornAlike(among); ok {
					// Torn as that cluster's first record was: the same
					// undecidable person, seen again.
					cluster = c
					if j, cmp := r.bestIn(c); j >= 0 {
						d.Candidate, d.Comparison = r.ids[j], cmp
					}
				} else {
					cluster, torn = idx, among
					d.Band, d.Rival = match.BandPossible, r.ids[rival]
					d.Comparison.Guard = match.GuardAmbiguous
				}
			}
		}
	}
	if torn != nil {
		r.torn[idx] = torn
	}
	if r.opts.Merge && d.Band == match.BandMatch && len(r.torn[cluster]) == 0 {
		d.Merged = r.mergeLinked(&p, cluster)
	}
	r.index[id] = idx
	r.profiles = append(r.profiles, p)
	r.ids = append(r.ids, id)
	r.cluster = append(r.cluster, cluster)
	r.members[cluster] = append(r.members[cluster], idx)
	r.mark = append(r.mark, 0)
	for _, k := range keys {
		r.blocks[k] = append(r.blocks[k], idx)
	}
	d.Cluster = strconv.Itoa(int(cluster))
	return d
}

// mergeLinked merges into cluster the other clusters the record matched
// this round, but those whose members conflict with cluster's and those of
// ambiguous records (which stay apart from both people they could be).
// A link the record proves (provesLink) leaves fewer conflicts.
func (r *Resolver) mergeLinked(p *match.Profile, cluster int32) (merged []string) {
	for _, sc := range r.scored {
		other := r.cluster[sc.j]
		if other == cluster || sc.c.Band != match.BandMatch || len(r.torn[other]) > 0 {
			continue
		}
		if proven := r.provesLink(p, sc.c, cluster, other); r.conflictsWithRecord(other, proven) || r.conflict(cluster, other, proven) {
			continue
		}
		for _, m := range r.members[other] {
			r.cluster[m] = cluster
		}
		r.members[cluster] = append(r.members[cluster], r.members[other]...)
		delete(r.members, other)
		merged = append(merged, strconv.Itoa(int(other)))
	}
	return merged
}

// conflictsWithRecord: this round's record conflicts (as in conflict) with
// a member of cluster c that it was compared with.
func (r *Resolver) conflictsWithRecord(c int32, proven proof) bool {
	for _, sc := range r.scored {
		if r.cluster[sc.j] == c && conflicting(sc.c, proven) {
			return true
		}
	}
	return false
}

// conflict: a member of cluster a and one of b (the most recent
// maxEntityMembers of each) are two people (conflicting).
func (r *Resolver) conflict(a, b int32, proven proof) bool {
	ma, mb := r.members[a], r.members[b]
	ma, mb = ma[max(0, len(ma)-maxEntityMembers):], mb[max(0, len(mb)-maxEntityMembers):]
	for _, i := range ma {
		for _, j := range mb {
			if conflicting(r.scorer.Score(&r.profiles[i], &r.profiles[j]), proven) {
				return true
			}
		}
	}
	return false
}

// conflicting: the comparison says two people: a guard's rule, or the
// distinct band with a field that disagrees (two records that share only
// a name are distinct for want of evidence, and do not conflict). A link
// the record proves leaves fewer conflicts: with an e-mail address, only
// the guards' rules and birth dates or national ids that differ (not a
// move); with a national id, not a differing name either (an alias, a
// married name).
func conflicting(c match.Comparison, proof proof) bool {
	switch c.Guard {
	case match.GuardGenerations, match.GuardColleagues:
		return true
	case match.GuardNameDiffers:
		if proof < proofNationalID {
			return true
		}
	}
	if proof > proofNone {
		for _, e := range c.Evidence {
			if (e.Kind == match.KindDOB || e.Kind == match.KindNationalID) && e.Level == match.LevelDifferent {
				return true
			}
		}
		return false
	}
	if c.Band != match.BandDistinct {
		return false
	}
	for _, e := range c.Evidence {
		if e.Weight < 0 {
			return true // distinct for what disagrees, not for what is missing
		}
	}
	return false
}

// markSeen marks j as compared in this round; true if it already was.
func (r *Resolver) markSeen(j int32) bool {
	if r.mark[j] == r.round {
		return true
	}
	r.mark[j] = r.round
	return false
}

// entityMatch compares the record with the clusters of this round's
// candidates, field by field (see the package documentation), and returns
// the best member of the cluster that matches best, with the cluster's
// comparison; ok is false when none matches.
func (r *Resolver) entityMatch(p *match.Profile) (member int32, c match.Comparison, ok bool) {
	// The blocks found some members of each candidate cluster; the person
	// is all of them.
	for i, n := 0, len(r.scored); i < n; i++ {
		members := r.members[r.cluster[r.scored[i].j]]
		if len(members) > maxEntityMembers {
			members = members[len(members)-maxEntityMembers:]
		}
		for _, j := range members {
			if !r.markSeen(j) {
				r.scored = append(r.scored, scored{j, r.scorer.Score(p, &r.profiles[j])})
			}
		}
	}
	type entity struct {
		member       int32   // its best-scored member
		memberWeight float64 // and that member's weight
		best         map[match.Kind]float64
		veto         bool
	}
	entities := map[int32]*entity{}
	for _, sc := range r.scored {
		cl := r.cluster[sc.j]
		e := entities[cl]
		if e == nil {
			e = &entity{member: sc.j, memberWeight: sc.c.Weight, best: map[match.Kind]float64{}}
			entities[cl] = e
		} else if sc.c.Weight > e.memberWeight {
			e.member, e.memberWeight = sc.j, sc.c.Weight
		}
		if sc.c.Band == match.BandDistinct || sc.c.Guard == match.GuardGenerations || sc.c.Guard == match.GuardColleagues {
			e.veto = true
			continue
		}
		for _, ev := range sc.c.Evidence {
			if ev.Level == match.LevelShared || ev.Kind == match.KindFirstName && ev.Level == match.LevelDifferent {
				e.veto = true
			}
			if w, seen := e.best[ev.Kind]; !seen || ev.Weight > w {
				e.best[ev.Kind] = ev.Weight
			}
		}
	}
	model := r.scorer.Model()
	prior := math.Log2(model.Prior / (1 - model.Prior))
	for _, e := range entities {
		if e.veto {
			continue
		}
		w := prior
		for _, x := range e.best {
			w += x
		}
		if w >= model.MatchWeight && (!ok || w > c.Weight) {
			member, ok = e.member, true
			c = match.Comparison{Weight: w, Band: match.BandMatch, Evidence: entityEvidence(model, e.best)}
		}
	}
	return member, c, ok
}

// ambiguous reports whether the record p, matching best with weight w,
// also matches, within the margin, a record of another cluster held apart
// from best's by what p lacks (heldApart); rival is the strongest such
// record, and among the clusters of every match within the margin.
func (r *Resolver) ambiguous(p *match.Profile, best int32, w float64) (rival int32, among []int32, ok bool) {
	if r.opts.AmbiguityMargin < 0 {
		return 0, nil, false
	}
	rival = -1
	var rivalWeight float64
	for _, sc := range r.scored {
		if sc.c.Band != match.BandMatch || sc.c.Weight < w-r.opts.AmbiguityMargin {
			continue
		}
		cl := r.cluster[sc.j]
		if !slices.Contains(among, cl) {
			among = append(among, cl)
		}
		if cl == r.cluster[best] || rival >= 0 && sc.c.Weight <= rivalWeight {
			continue
		}
		if heldApart(p, &r.profiles[best], &r.profiles[sc.j]) {
			rival, rivalWeight = sc.j, sc.c.Weight
		}
	}
	return rival, among, rival >= 0
}

// heldApart: a and b are two people by a field that p lacks: birth dates
// that differ beyond a slip, national ids that differ, Jr and Sr. Two
// records of one person split by typos differ in the fields p has too,
// and stay mere rivals.
func heldApart(p, a, b *match.Profile) bool {
	switch {
	case p.DOB == "" && match.CompareField(match.KindDOB, a, b) == match.LevelDifferent:
		return true
	case p.NationalID == "" && match.CompareField(match.KindNationalID, a, b) == match.LevelDifferent:
		return true
	}
	return p.Generation == "" && a.Generation != "" && b.Generation != "" && a.Generation != b.Generation
}

// tornAlike returns a cluster among those the record matches whose first
// record was ambiguous between clusters that are all among them too.
func (r *Resolver) tornAlike(among []int32) (int32, bool) {
	for _, c := range among {
		t := r.torn[c]
		if len(t) == 0 {
			continue
		}
		all := true
		for _, x := range t {
			all = all && slices.Contains(among, x)
		}
		if all {
			return c, true
		}
	}
	return 0, false
}

// bestIn returns this round's best-scored record of cluster c, or -1.
func (r *Resolver) bestIn(c int32) (best int32, cmp match.Comparison) {
	best = -1
	for _, sc := range r.scored {
		if r.cluster[sc.j] == c && (best < 0 || sc.c.Weight > cmp.Weight) {
			best, cmp = sc.j, sc.c
		}
	}
	return best, cmp
}

// proof is what the record proves of its link with another cluster.
type proof int

const (
	proofNone       proof = iota
	proofEmail            // an exact e-mail address that no third cluster holds
	proofNationalID       // an exact national id
)

// provesLink returns what the record's comparison c with a member of
// cluster other proves: an exact national id, or an exact e-mail address
// that no cluster but these two holds (a mailbox held by a family's
// several members is no one's proof).
func (r *Resolver) provesLink(p *match.Profile, c match.Comparison, cluster, other int32) proof {
	best := proofNone
	for _, e := range c.Evidence {
		switch {
		case e.Kind == match.KindNationalID && e.Level == match.LevelExact:
			return proofNationalID
		case e.Kind == match.KindEmail && e.Level == match.LevelExact:
			held := true
			for _, j := range r.blocks[match.EmailBlockKey(p)] {
				held = held && (r.cluster[j] == cluster || r.cluster[j] == other)
			}
			if held {
				best = proofEmail
			}
		}
	}
	return best
}

// entityEvidence lists a cluster's evidence in the model's field order;
// the level is "entity": the strongest of several members'.
func entityEvidence(m match.Model, best map[match.Kind]float64) []match.Evidence {
	out := make([]match.Evidence, 0, len(best))
	for _, f := range m.Fields {
		if w, ok := best[f.Kind]; ok {
			out = append(out, match.Evidence{Kind: f.Kind, Level: "entity", Weight: w})
		}
	}
	return out
}
