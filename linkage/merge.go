package linkage

import (
	"strconv"

	"github.com/contactgate/contactgate/match"
)

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
