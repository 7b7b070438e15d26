package linkage

import (
	"math"
	"slices"

	"github.com/contactgate/contactgate/match"
)

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
