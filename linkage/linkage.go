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
