package purge

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/match"
)

// cluster turns the strong pairs into clusters around anchors (star
// clustering): records are taken in order of their strong links, most
// first; an unassigned record anchors a cluster of its unassigned
// neighbours, each of which matched it directly. Only the pairs of the
// clusters are scored again, for their evidence, so it runs in time linear
// in the pairs, and no chain of weak links can join two records that did
// not match the same anchor.
func cluster(recs []Record, profiles []match.Profile, scorer *match.Scorer, res *ScanResult, o ScanOptions) {
	n := len(recs)
	full := make([]int32, n) // filled fields, by record
	parallel(n, func(i int) { full[i] = int32(filled(recs[i])) })

	// The strong links of each record, adj[at[r]:at[r+1]], in pair order.
	type edge struct {
		to, pair int32 // the neighbour, and the index of the pair in res.Pairs
	}
	at := make([]int, n+1)
	for _, p := range res.Pairs {
		if p.Weight >= o.LinkWeight {
			at[p.L+1]++
			at[p.R+1]++
		}
	}
	for r := range n {
		at[r+1] += at[r]
	}
	adj := make([]edge, at[n])
	fill := slices.Clone(at[:n])
	for k, p := range res.Pairs {
		if p.Weight >= o.LinkWeight {
			adj[fill[p.L]] = edge{p.R, int32(k)}
			fill[p.L]++
			adj[fill[p.R]] = edge{p.L, int32(k)}
			fill[p.R]++
		}
	}
	links := func(r int32) []edge { return adj[at[r]:at[r+1]] }

	// Anchors first: most links, then most complete, then oldest; the
	// ids are compared by a number made of their first bytes, and as
	// strings only when those are equal.
	type anchorKey struct {
		links, full, rec int32
		id               uint64
	}
	var order []anchorKey
	for r := range int32(n) {
		if l := len(links(r)); l > 0 {
			order = append(order, anchorKey{int32(l), full[r], r, idKey(recs[r].ID)})
		}
	}
	slices.SortFunc(order, func(a, b anchorKey) int {
		switch {
		case a.links != b.links:
			return cmp.Compare(b.links, a.links)
		case a.full != b.full:
			return cmp.Compare(b.full, a.full)
		case a.id != b.id:
			return cmp.Compare(a.id, b.id)
		}
		return compareIDs(recs[a.rec].ID, recs[b.rec].ID)
	})

	res.Cluster = make([]int32, n)
	for i := range res.Cluster {
		res.Cluster[i] = -1
	}
	// The evidence of each member, scored again once the clusters are
	// known, in parallel.
	type explained struct{ cluster, member, pair int32 }
	var explain []explained
	for _, a := range order {
		anchor := a.rec
		if res.Cluster[anchor] >= 0 {
			continue
		}
		var members []Member
		var memberIdx []int32
		for _, e := range links(anchor) {
			if res.Cluster[e.to] >= 0 {
				continue
			}
			res.Cluster[e.to] = anchor
			p := res.Pairs[e.pair]
			explain = append(explain, explained{int32(len(res.Clusters)), int32(len(members)), e.pair})
			members = append(members, Member{ID: recs[e.to].ID, Weight: p.Weight, Band: p.Band})
			memberIdx = append(memberIdx, e.to)
		}
		res.Cluster[anchor] = anchor
		if len(members) == 0 {
			continue
		}
		band := BandAuto
		if len(members)+1 > o.MaxCluster {
			band = BandReview
		}
		// The master, the record that survives, is the most complete of the
		// cluster (then the oldest): not always the anchor.
		m := master(recs, full, append([]int32{anchor}, memberIdx...))
		if m != anchor {
			for k := range members {
				if memberIdx[k] == m {
					c := scorer.Score(&profiles[m], &profiles[anchor])
					members[k] = Member{ID: recs[anchor].ID, Weight: c.Weight, Band: c.Band, Evidence: c.Evidence}
					memberIdx[k] = anchor
					explain[len(explain)-len(members)+k].pair = -1
				}
			}
		}
		for _, mem := range members {
			if mem.Band != match.BandMatch {
				band = BandReview // a weaker link: a person decides
			}
		}
		res.Clusters = append(res.Clusters, Cluster{ID: strconv.Itoa(len(res.Clusters) + 1), Band: band,
			Master: recs[m].ID, Members: members, Values: survivors(recs, full, m, memberIdx)})
		if band == BandAuto {
			res.Stats.AutoClusters++
			res.Stats.AutoMerges += len(members)
		} else {
			res.Stats.ReviewClusters++
			res.Stats.ReviewMerges += len(members)
		}
	}
	parallel(len(explain), func(k int) {
		if x := explain[k]; x.pair >= 0 {
			p := res.Pairs[x.pair]
			res.Clusters[x.cluster].Members[x.member].Evidence = scorer.Score(&profiles[p.L], &profiles[p.R]).Evidence
		}
	})
	for i := range res.Cluster {
		if res.Cluster[i] < 0 {
			res.Cluster[i] = int32(i)
		}
	}
	res.Stats.Clusters = len(res.Clusters)
}

// idKey orders ids as compareIDs does, by a number: the length, then the
// first seven bytes. Ids of equal keys must still be compared as strings.
func idKey(id string) uint64 {
	if len(id) >= 0xff {
		return 1<<64 - 1
	}
	k := uint64(len(id)) << 56
	for i := 0; i < 7 && i < len(id); i++ {
		k |= uint64(id[i]) << (48 - 8*i)
	}
	return k
}

// master picks a cluster's master: the most complete record (most fields
// filled), then the oldest (the lowest id, numerically when ids are CRM
// numbers).
func master(recs []Record, full []int32, group []int32) int32 {
	return slices.MinFunc(group, func(a, b int32) int {
		return cmp.Or(cmp.Compare(full[b], full[a]), compareIDs(recs[a].ID, recs[b].ID))
	})
}

func filled(r Record) int {
	n := 0
	for _, v := range r.Fields {
		if v != "" {
			n++
		}
	}
	return n
}

func compareIDs(a, b string) int {
	return cmp.Or(cmp.Compare(len(a), len(b)), cmp.Compare(a, b))
}

// crmProperty names the property of a field kind, for the values a plan
// writes on a master: the core's names (connectors.Prop*), which each
// connector maps to its CRM's (HubSpot's are the same; Salesforce's
// firstname is FirstName, zip MailingPostalCode), so that a plan is
// applied to any CRM.
var crmProperty = map[match.Kind]string{
	match.KindEmail: connectors.PropEmail, match.KindPhone: connectors.PropPhone,
	match.KindFirstName: connectors.PropFirstName, match.KindLastName: connectors.PropLastName,
	match.KindCompany: connectors.PropCompany, match.KindAddress: connectors.PropAddress,
	match.KindCity: connectors.PropCity, match.KindPostcode: connectors.PropPostcode, match.KindState: connectors.PropState,
	match.KindCountry: connectors.PropCountry, match.KindDOB: connectors.PropDateOfBirth,
	match.KindJobTitle: connectors.PropJobTitle,
}

// survivors are the values the master gains: for each field it lacks,
// the value of the most complete member that has it. The master's own
// values win (a CRM's merge keeps the primary's too), so they need no
// write.
func survivors(recs []Record, full []int32, anchor int32, members []int32) map[string]string {
	byCompleteness := slices.Clone(members)
	slices.SortStableFunc(byCompleteness, func(a, b int32) int { return cmp.Compare(full[b], full[a]) })
	out := map[string]string{}
	for kind, prop := range crmProperty {
		if recs[anchor].Fields[kind] != "" {
			continue
		}
		for _, i := range byCompleteness {
			if v := recs[i].Fields[kind]; v != "" {
				out[prop] = v
				break
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
