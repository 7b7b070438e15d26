package match

import (
	"maps"
	"math"
	"slices"
)

// KeyMOptions configure KeyPairsM. The zero value takes every default.
type KeyMOptions struct {
	// MaxGroup is the most records sharing one key whose pairs are
	// counted: a larger group is a switchboard or a shared mailbox, not a
	// person. Default 10.
	MaxGroup int
	// PriorPairs is how many pairs the model's own m counts for. Default
	// 50.
	PriorPairs float64
}

// KeyMStats say what KeyPairsM counted.
type KeyMStats struct {
	// Pairs are the pairs sharing a key; Matches the sum of their
	// posteriors, what the m counts are made of.
	Pairs   int     `json:"pairs"`
	Matches float64 `json:"matches"`
}

// keyKinds are the identifiers whose exact agreement finds the pairs of
// KeyPairsM; their own m stays the model's, as pairs chosen for agreeing
// on them say nothing of how often one person's records disagree there.
var keyKinds = []Kind{KindEmail, KindPhone, KindNationalID}

// KeyPairsM returns m with the m probabilities of every field but the
// identifiers (e-mail, phone, national id) estimated from the pairs of
// records that share an identifier exactly: those are almost all one
// person, so how often they agree at each level of a name, a birth date or
// an address is m, as in the file (how often its duplicates carry an
// initial, a nickname, a typo). Each pair counts by its posterior under m
// (a family's mailbox, two names differing, counts little); each level
// starts from the model's m as PriorPairs pairs' worth of evidence. u, the
// prior and the thresholds stay the model's. This is Splink's training on
// the pairs of a deterministic rule, one round.
func KeyPairsM(m Model, profiles []Profile, o KeyMOptions) (Model, KeyMStats) {
	if o.MaxGroup <= 0 {
		o.MaxGroup = 10
	}
	if o.PriorPairs <= 0 {
		o.PriorPairs = 50
	}
	groups := map[string][]int32{}
	for i := range profiles {
		p := &profiles[i]
		if p.EmailKey != "" && !p.RoleEmail {
			groups["e"+p.EmailKey] = append(groups["e"+p.EmailKey], int32(i))
		}
		if p.Phone != "" && p.PhoneExt == "" {
			groups["p"+p.Phone] = append(groups["p"+p.Phone], int32(i))
		}
		if p.NationalID != "" {
			groups["n"+p.NationalID] = append(groups["n"+p.NationalID], int32(i))
		}
	}
	weights := make([][]float64, len(m.Fields))
	key := make([]bool, len(m.Fields))
	for i, f := range m.Fields {
		for _, l := range f.Levels {
			weights[i] = append(weights[i], l.Weight())
		}
		for _, k := range keyKinds {
			key[i] = key[i] || f.Kind == k
		}
	}
	logPrior := math.Log2(m.Prior / (1 - m.Prior))
	counts := newLevelCounts(m)
	seen := map[[2]int32]bool{}
	var stats KeyMStats
	levels := make([]int8, len(m.Fields))
	for _, k := range slices.Sorted(maps.Keys(groups)) {
		g := groups[k]
		if len(g) < 2 || len(g) > o.MaxGroup {
			continue
		}
		for x, i := range g {
			for _, j := range g[x+1:] {
				if seen[[2]int32{i, j}] {
					continue // shares two identifiers: counted once
				}
				seen[[2]int32{i, j}] = true
				w := logPrior
				for f := range m.Fields {
					l, _ := compare(m.Fields[f].Kind, &profiles[i], &profiles[j])
					levels[f] = int8(l)
					if l >= 0 {
						w += weights[f][l]
					}
				}
				p := 1 / (1 + math.Exp2(-w))
				stats.Pairs++
				stats.Matches += p
				for f, l := range levels {
					if l >= 0 && !key[f] {
						counts[f][l] += p
					}
				}
			}
		}
	}
	out := m.clone()
	for f := range out.Fields {
		if key[f] {
			continue
		}
		var compared float64
		for _, c := range counts[f] {
			compared += c
		}
		for l := range out.Fields[f].Levels {
			lv := &out.Fields[f].Levels[l]
			lv.M = clamp((counts[f][l] + o.PriorPairs*lv.M) / (compared + o.PriorPairs))
		}
	}
	return out, stats
}
