package purge

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/contactgate/contactgate/match"
)

// Clustering methods, ScanOptions.Clustering.
const (
	// ClusterComponents joins the records linked by pairs of at least
	// LinkWeight, strongest pair first, into connected components, with a
	// guard against chains (joinSupported).
	ClusterComponents = "components"
	// ClusterStar makes clusters around anchors, the records with most
	// links: a record joins only an anchor it matched itself.
	ClusterStar = "star"
)

// minSupport is the share of the smaller of two clusters that must have a
// strong link into the other for a pair to join them: one pair between
// two groups of namesakes is a bridge, not a person.
const minSupport = 0.5

// clusterComponents clusters the strong pairs (weight at least LinkWeight,
// or CorroboratedLinkWeight for a pair agreeing on more than names) by
// connected components, taking the pairs strongest first, with two
// guards against chains: a pair between two clusters joins them only when
// enough of the smaller one links into the larger (joinSupported), and a
// pair with a record without a name (a family's mailbox and address, which
// matches each of the family) joins only clusters whose most complete
// records no guard holds apart (bestDisagree). Each member is
// scored again against the cluster's master, for the plan's evidence; a
// cluster is merged automatically only when every member matches the
// master itself (a chain's far end goes to review) and it has at most
// MaxCluster records.
func clusterComponents(recs []Record, profiles []match.Profile, scorer *match.Scorer, res *ScanResult, o ScanOptions) {
	n := len(recs)
	full := make([]int32, n)
	parallel(n, func(i int) { full[i] = int32(filled(recs[i])) })

	// A pair below the link weight is strong when it is corroborated
	// (scored again for its evidence: the pairs between the two weights
	// are few).
	isStrong := make([]bool, len(res.Pairs))
	parallel(len(res.Pairs), func(k int) {
		p := res.Pairs[k]
		isStrong[k] = p.Weight >= o.LinkWeight ||
			p.Weight >= o.CorroboratedLinkWeight && mayCorroborate(&profiles[p.L], &profiles[p.R]) &&
				corroborated(scorer.Score(&profiles[p.L], &profiles[p.R]))
	})
	var strong []int32 // indexes in res.Pairs, strongest first
	for k, ok := range isStrong {
		if ok {
			strong = append(strong, int32(k))
		}
	}
	slices.SortStableFunc(strong, func(a, b int32) int { return cmp.Compare(res.Pairs[b].Weight, res.Pairs[a].Weight) })
	at := make([]int, n+1)
	for _, k := range strong {
		p := res.Pairs[k]
		at[p.L+1]++
		at[p.R+1]++
	}
	for r := range n {
		at[r+1] += at[r]
	}
	adj := make([]int32, at[n])
	fill := slices.Clone(at[:n])
	for _, k := range strong {
		p := res.Pairs[k]
		adj[fill[p.L]], adj[fill[p.R]] = p.R, p.L
		fill[p.L]++
		fill[p.R]++
	}

	root := make([]int32, n)
	members := make([][]int32, n)
	best := make([]int32, n) // the most complete record of each cluster, by root
	// work holds, by root, the records of a cluster with distinct work
	// addresses (workAddress), nil for most.
	work := make([][]int32, n)
	for i := range root {
		root[i] = int32(i)
		best[i] = int32(i)
		if workAddress(&profiles[i]) {
			work[i] = []int32{int32(i)}
		}
	}
	for _, k := range strong {
		p := res.Pairs[k]
		a, b := root[p.L], root[p.R]
		if a == b {
			continue
		}
		if size(members, a) < size(members, b) {
			a, b = b, a // b is the smaller
		}
		if !o.NoChainGuard && (!joinSupported(b, a, root, members, adj, at) ||
			(nameless(&profiles[p.L]) || nameless(&profiles[p.R])) && bestDisagree(best[a], best[b], profiles, scorer) ||
			!o.NoColleagueGuard && workApart(work[a], work[b], profiles)) {
			continue
		}
		work[a], work[b] = joinWork(work[a], work[b], profiles), nil
		if full[best[b]] > full[best[a]] {
			best[a] = best[b]
		}
		if members[a] == nil {
			members[a] = []int32{a}
		}
		small := members[b]
		if small == nil {
			small = []int32{b}
		}
		for _, r := range small {
			root[r] = a
		}
		members[a], members[b] = append(members[a], small...), nil
	}

	res.Cluster = make([]int32, n)
	type planned struct {
		master int32
		group  []int32
	}
	var groups []planned
	for r := range int32(n) {
		if root[r] != r || members[r] == nil {
			continue
		}
		g := members[r]
		slices.Sort(g)
		groups = append(groups, planned{master(recs, full, g), g})
	}
	// Plans in a stable order: by master id.
	slices.SortFunc(groups, func(a, b planned) int { return compareIDs(recs[a.master].ID, recs[b.master].ID) })
	res.Clusters = make([]Cluster, len(groups))
	parallel(len(groups), func(gi int) {
		g := groups[gi]
		var ms []Member
		var idx []int32
		band := BandAuto
		if len(g.group) > o.MaxCluster {
			band = BandReview
		}
		for _, r := range g.group {
			if r == g.master {
				continue
			}
			c := scorer.Score(&profiles[g.master], &profiles[r])
			if c.Band != match.BandMatch {
				band = BandReview
			}
			ms = append(ms, Member{ID: recs[r].ID, Weight: c.Weight, Band: c.Band, Evidence: c.Evidence})
			idx = append(idx, r)
		}
		res.Clusters[gi] = Cluster{ID: strconv.Itoa(gi + 1), Band: band, Master: recs[g.master].ID, Members: ms,
			Values: survivors(recs, full, g.master, idx)}
	})
	for i := range res.Cluster {
		res.Cluster[i] = int32(i)
	}
	for _, g := range groups {
		for _, r := range g.group {
			res.Cluster[r] = g.master
		}
	}
	for _, c := range res.Clusters {
		if c.Band == BandAuto {
			res.Stats.AutoClusters++
			res.Stats.AutoMerges += len(c.Members)
		} else {
			res.Stats.ReviewClusters++
			res.Stats.ReviewMerges += len(c.Members)
		}
	}
	res.Stats.Clusters = len(res.Clusters)
}

// joinSupported reports whether the clusters of roots small and large may
// join: a record alone joins on its one pair; otherwise at least
// minSupport of the smaller cluster's records must have a strong link
// into the larger.
func joinSupported(small, large int32, root []int32, members [][]int32, adj []int32, at []int) bool {
	group := members[small]
	if group == nil {
		return true
	}
	linked := 0
	for _, r := range group {
		for _, nb := range adj[at[r]:at[r+1]] {
			if root[nb] == large {
				linked++
				break
			}
		}
	}
	return float64(linked) >= minSupport*float64(len(group))
}

// size is the number of records of the cluster of root r.
func size(members [][]int32, r int32) int { return max(1, len(members[r])) }

// bestDisagree reports whether the most complete records of two clusters
// about to join are held apart by a guard: the names differ, or a father
// and son. A join through a nameless record must be supported by each
// cluster's best evidence, so that such a record does not join the people
// it resembles one after another.
func bestDisagree(a, b int32, profiles []match.Profile, scorer *match.Scorer) bool {
	c := scorer.Score(&profiles[a], &profiles[b])
	return c.Guard == match.GuardNameDiffers || c.Guard == match.GuardGenerations
}

// corroborated reports whether a pair's evidence holds more than names
// and surroundings: a birth date, an address, a postcode or a national id
// that agrees at a level with positive weight. Not an e-mail's local part
// or a phone: the one is made of the name, the other a company's
// switchboard as often (with them, a synthetic export of 1,000,000
// records lost precision 0.950 -> 0.945 to namesakes at one company).
func corroborated(c match.Comparison) bool {
	for _, e := range c.Evidence {
		switch e.Kind {
		case match.KindDOB, match.KindAddress, match.KindPostcode, match.KindNationalID:
			if e.Weight > 0 {
				return true
			}
		}
	}
	return false
}

// mayCorroborate reports whether both records hold a field that could
// corroborate their pair, so that a pair that cannot is not scored again.
func mayCorroborate(a, b *match.Profile) bool {
	return a.DOB != "" && b.DOB != "" || len(a.Address) > 0 && len(b.Address) > 0 ||
		a.Postcode != "" && b.Postcode != "" || a.NationalID != "" && b.NationalID != ""
}

// workAddress reports whether a record's e-mail is a person's address at
// a company: neither at a consumer mail provider nor a role account's.
func workAddress(p *match.Profile) bool {
	return p.EmailKey != "" && !p.PersonalEmail && !p.RoleEmail
}

// workApart reports whether two clusters hold different work addresses at
// one company's domain, beyond a slip (the scorer's colleagues guard:
// jrogers@ and jrogers2@, diana.wagner@ and dwagner@): two colleagues,
// whatever chain of records without an address links them. On a
// synthetic export of 1,000,000 records, a third of the records wrongly
// merged were in such clusters, and no true cluster held two such
// addresses.
func workApart(a, b []int32, profiles []match.Profile) bool {
	for _, x := range a {
		for _, y := range b {
			pa, pb := &profiles[x], &profiles[y]
			if pa.EmailDomain == pb.EmailDomain && pa.EmailKey != pb.EmailKey && !match.OneMailbox(pa.EmailLocal, pb.EmailLocal) &&
				(match.NumberedApart(pa.EmailLocal, pb.EmailLocal) || match.NamesakeAccounts(pa.EmailLocal, pb.EmailLocal) ||
					match.JaroWinkler(pa.EmailLocal, pb.EmailLocal) < 0.9 && !addressSlips(pa.EmailLocal, pb.EmailLocal)) {
				return true
			}
		}
	}
	return false
}

// addressSlips reports whether two local parts at one domain may be one
// address mistyped: at most a third of the longer one's characters
// edited (becky18 and b1cky8, olsodanielle and oleondanisle in the shared
// datasets' Splink fake_1000). The cluster guard overrides what a chain
// of pairs says, so it takes a wider margin than the scorer's colleagues
// guard (JaroWinkler under 0.9), which cost that file's halves 0.986 ->
// 0.983 and 0.994 -> 0.992. Colleagues' addresses differ by whole names
// (diana.wagner and dwagner: 5 of 12).
func addressSlips(a, b string) bool {
	return 3*editDistance(a, b) <= max(len(a), len(b))
}

// editDistance is the Levenshtein distance of two short strings, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// joinWork is the work addresses of two clusters joined, one record per
// address.
func joinWork(a, b []int32, profiles []match.Profile) []int32 {
	for _, y := range b {
		if !slices.ContainsFunc(a, func(x int32) bool { return profiles[x].EmailKey == profiles[y].EmailKey }) {
			a = append(a, y)
		}
	}
	return a
}

// nameless reports whether a record has no name: it can link people only
// by what they share (a family's mailbox, an office's address).
func nameless(p *match.Profile) bool { return p.First == "" && p.Last == "" }
