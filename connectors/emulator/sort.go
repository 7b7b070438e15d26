package emulator

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/contactgate/contactgate/connectors"
)

// Search sorts (HubSpot's "sorts": propertyName and direction). The notes
// are silent on the details; these are inferred from HubSpot's search
// documentation, which allows one sorting rule per search, and chosen where
// it says nothing:
//   - values that both read as numbers compare as numbers, others as
//     strings, case-insensitively (dates in HubSpot's ISO format sort in
//     time order either way);
//   - a record without the property comes after every record with it, in
//     either direction;
//   - ties, and searches without sorts, keep id order.

// maxSorts is how many sorting rules one search takes.
const maxSorts = 1

func validateSorts(sorts []connectors.Sort) error {
	if len(sorts) > maxSorts {
		return invalid("Too many sorts (%d): a search takes at most %d sorting rule.", len(sorts), maxSorts)
	}
	for _, so := range sorts {
		switch {
		case so.PropertyName == "":
			return invalid("A sort has no propertyName.")
		case so.Direction != connectors.SortAscending && so.Direction != connectors.SortDescending:
			return invalid("Sort direction %q of %s: want %s or %s.", so.Direction, so.PropertyName, connectors.SortAscending, connectors.SortDescending)
		}
	}
	return nil
}

// sortDocs orders docs (in id order) by sorts, stably.
func sortDocs(docs []*doc, sorts []connectors.Sort) {
	if len(sorts) == 0 {
		return
	}
	slices.SortStableFunc(docs, func(a, b *doc) int {
		for _, so := range sorts {
			if c := compareBy(a, b, so); c != 0 {
				return c
			}
		}
		return 0
	})
}

// compareBy compares two docs by one sort; a missing value is last.
func compareBy(a, b *doc, so connectors.Sort) int {
	va, hasA := a.props[so.PropertyName]
	vb, hasB := b.props[so.PropertyName]
	switch {
	case !hasA && !hasB:
		return 0
	case !hasA:
		return 1
	case !hasB:
		return -1
	}
	c := compareValues(va, vb)
	if so.Direction == connectors.SortDescending {
		c = -c
	}
	return c
}

func compareValues(a, b string) int {
	fa, errA := strconv.ParseFloat(a, 64)
	fb, errB := strconv.ParseFloat(b, 64)
	if errA == nil && errB == nil {
		return cmp.Compare(fa, fb)
	}
	return cmp.Compare(fold(a), fold(b))
}
