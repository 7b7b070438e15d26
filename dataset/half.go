package dataset

import (
	"fmt"
	"hash/fnv"
	"iter"
)

// Half is a part of a labelled dataset, split by true cluster so that the
// records of one person are always in one half: matching rules are tuned
// on HalfTune and the figures reported are measured on HalfCheck, which
// tuning never looked at.
type Half string

// The halves. HalfAll is the whole dataset.
const (
	HalfAll   Half = "all"
	HalfTune  Half = "tune"
	HalfCheck Half = "check"
)

// ParseHalf returns the half named s ("" is HalfAll).
func ParseHalf(s string) (Half, error) {
	switch h := Half(s); h {
	case "":
		return HalfAll, nil
	case HalfAll, HalfTune, HalfCheck:
		return h, nil
	default:
		return "", fmt.Errorf("unknown half %q: want %s, %s or %s", s, HalfTune, HalfCheck, HalfAll)
	}
}

// HalfOf returns the half that holds the true cluster labelled cluster:
// HalfTune when the FNV-1a hash of the label is even, else HalfCheck. The
// split depends on nothing but the label, so it is the same on every
// machine, in every run and whatever the order of the rows.
func HalfOf(cluster string) Half {
	h := fnv.New32a()
	_, _ = h.Write([]byte(cluster))
	if h.Sum32()%2 == 0 {
		return HalfTune
	}
	return HalfCheck
}

// Holds reports whether the half holds the true cluster labelled cluster.
func (h Half) Holds(cluster string) bool { return h == HalfAll || h == "" || HalfOf(cluster) == h }

// Rows yields the rows of rows whose true cluster is in the half, and every
// error (a bad row has no truth to split by: it is reported in either
// half). Rows without a truth are yielded too, for Evaluate to refuse.
func (h Half) Rows(rows iter.Seq2[Row, error]) iter.Seq2[Row, error] {
	if h == HalfAll || h == "" {
		return rows
	}
	return func(yield func(Row, error) bool) {
		for row, err := range rows {
			if err == nil && row.Truth != "" && !h.Holds(row.Truth) {
				continue
			}
			if !yield(row, err) {
				return
			}
		}
	}
}
