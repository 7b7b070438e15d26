package match

import (
	"errors"
	"math"
	"math/rand/v2"
)

// Levels returns, per field of the model, the level index at which a and b
// agree, or -1 where a side lacks the field: the comparison vector that
// the estimators count.
func (m Model) Levels(a, b *Profile) []int8 {
	out := make([]int8, len(m.Fields))
	for i, f := range m.Fields {
		l, _ := compare(f.Kind, a, b)
		out[i] = int8(l)
	}
	return out
}

// EstimateU sets the u probabilities of m from random pairs of profiles:
// two records drawn at random are almost never one person, so how often
// they agree at each level is u. samples pairs are drawn with the seed.
func EstimateU(m Model, profiles []Profile, samples int, seed uint64) (Model, error) {
	if len(profiles) < 2 {
		return m, errors.New("estimate u: fewer than two records")
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	counts := newLevelCounts(m)
	for range samples {
		i, j := rng.IntN(len(profiles)), rng.IntN(len(profiles))
		if i == j {
			continue
		}
		for f, l := range m.Levels(&profiles[i], &profiles[j]) {
			if l >= 0 {
				counts[f][l]++
			}
		}
	}
	out := m.clone()
	for f := range out.Fields {
		setProbabilities(out.Fields[f].Levels, counts[f], func(l *Level) float64 { return l.U }, func(l *Level, p float64) { l.U = p })
	}
	return out, nil
}

// EstimateM sets the m probabilities and the prior of m by expectation
// maximisation over candidate pairs (pairs that share a blocking key),
// with u held: each round weighs every pair by the probability that it is
// one person under the current m, then sets m to the levels' weighted
// shares. Labels are never needed. Vectors are from Model.Levels.
func EstimateM(m Model, vectors [][]int8, rounds int) (Model, error) {
	if len(vectors) == 0 {
		return m, errors.New("estimate m: no candidate pairs")
	}
	out := m.clone()
	for range rounds {
		counts := newLevelCounts(out)
		var matched float64
		for _, v := range vectors {
			lm, lu := math.Log(out.Prior), math.Log(1-out.Prior)
			for f, l := range v {
				if l >= 0 {
					lv := out.Fields[f].Levels[l]
					lm += math.Log(lv.M)
					lu += math.Log(lv.U)
				}
			}
			p := 1 / (1 + math.Exp(lu-lm))
			matched += p
			for f, l := range v {
				if l >= 0 {
					counts[f][l] += p
				}
			}
		}
		out.Prior = clamp(matched / float64(len(vectors)))
		for f := range out.Fields {
			setProbabilities(out.Fields[f].Levels, counts[f], func(l *Level) float64 { return l.M }, func(l *Level, p float64) { l.M = p })
		}
	}
	return out, nil
}

func (m Model) clone() Model {
	out := m
	out.Fields = make([]FieldModel, len(m.Fields))
	for i, f := range m.Fields {
		f.Levels = append([]Level(nil), f.Levels...)
		out.Fields[i] = f
	}
	return out
}

func newLevelCounts(m Model) [][]float64 {
	c := make([][]float64, len(m.Fields))
	for i, f := range m.Fields {
		c[i] = make([]float64, len(f.Levels))
	}
	return c
}

// priorPairs is how many pairs the model's own probabilities count for in
// an estimate: a level that the data rarely or never shows keeps about
// the weight the model gave it, instead of becoming certain evidence
// against (an unseen "nickname" level would otherwise weigh -9).
const priorPairs = 20

// setProbabilities turns counts into shares, smoothed towards the current
// probabilities by priorPairs pseudo-pairs and kept inside (0, 1); a field
// never compared keeps its probabilities.
func setProbabilities(levels []Level, counts []float64, get func(*Level) float64, set func(*Level, float64)) {
	var total float64
	for _, n := range counts {
		total += n
	}
	if total == 0 {
		return
	}
	for i := range levels {
		set(&levels[i], clamp((counts[i]+priorPairs*get(&levels[i]))/(total+priorPairs)))
	}
}

func clamp(p float64) float64 { return min(max(p, 1e-6), 1-1e-6) }
