package emulator

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/contactgate/contactgate/connectors"
)

// HubSpot operators beyond those package connectors names; the emulator
// implements them too, as the negations they are.
const (
	opNotIn            connectors.Operator = "NOT_IN"
	opNotHasProperty   connectors.Operator = "NOT_HAS_PROPERTY"
	opNotContainsToken connectors.Operator = "NOT_CONTAINS_TOKEN"
)

// search answers a search request from the index as it is at now.
func (s *store) search(req connectors.SearchRequest) (connectors.SearchPage, error) {
	offset, limit, err := validateSearch(req)
	if err != nil {
		return connectors.SearchPage{}, err
	}
	s.index.catchUp(s.now())
	hits := s.index.query(req.FilterGroups)
	sortDocs(hits, req.Sorts)
	page := connectors.SearchPage{Total: len(hits), Results: []connectors.Contact{}}
	if offset >= len(hits) {
		return page, nil
	}
	end := min(offset+limit, len(hits), connectors.MaxSearchResults)
	for _, d := range hits[offset:end] {
		page.Results = append(page.Results, contactOf(d.id, d.props, req.Properties, d.created, d.updated))
	}
	if end < len(hits) && end < connectors.MaxSearchResults {
		page.After = strconv.Itoa(end)
	}
	return page, nil
}

// validateSearch checks HubSpot's caps and returns the page's offset and
// size.
func validateSearch(req connectors.SearchRequest) (offset, limit int, err error) {
	groups, filters := len(req.FilterGroups), 0
	if groups > connectors.MaxFilterGroups {
		return 0, 0, invalid("Too many filter groups (%d). The maximum number of filter groups is %d.", groups, connectors.MaxFilterGroups)
	}
	for _, g := range req.FilterGroups {
		if len(g.Filters) > connectors.MaxFiltersPerGroup {
			return 0, 0, invalid("Too many filters (%d) in a filter group. The maximum per group is %d.", len(g.Filters), connectors.MaxFiltersPerGroup)
		}
		filters += len(g.Filters)
		for _, f := range g.Filters {
			if err := validateFilter(f); err != nil {
				return 0, 0, err
			}
		}
	}
	if err := validateSorts(req.Sorts); err != nil {
		return 0, 0, err
	}
	if filters > connectors.MaxFiltersPerRequest {
		return 0, 0, invalid("Too many filters (%d). The maximum number of filters is %d.", filters, connectors.MaxFiltersPerRequest)
	}
	switch limit = req.Limit; {
	case limit == 0:
		limit = defaultPageLimit
	case limit < 0 || limit > connectors.MaxSearchLimit:
		return 0, 0, invalid("limit %d is outside 1..%d", limit, connectors.MaxSearchLimit)
	}
	if req.After != "" {
		if offset, err = strconv.Atoi(req.After); err != nil || offset < 0 {
			return 0, 0, invalid("Invalid paging cursor %q", req.After)
		}
	}
	if offset >= connectors.MaxSearchResults {
		return 0, 0, invalid("Cannot page past %d results (after=%d).", connectors.MaxSearchResults, offset)
	}
	return offset, limit, nil
}

func validateFilter(f connectors.Filter) error {
	if f.PropertyName == "" {
		return invalid("A filter has no propertyName.")
	}
	switch f.Operator {
	case connectors.OpEQ, connectors.OpNEQ, connectors.OpHasProperty, opNotHasProperty,
		connectors.OpContainsToken, opNotContainsToken:
		return nil
	case connectors.OpIN, opNotIn:
		if len(f.Values) == 0 {
			return invalid("Operator %s on %s needs values.", f.Operator, f.PropertyName)
		}
		return nil
	}
	return invalid("Operator %q is not supported (the emulator implements EQ, NEQ, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN, NOT_CONTAINS_TOKEN).", f.Operator)
}

// query returns the docs matching any group (the filters of a group all
// match), in id order.
func (ix *searchIndex) query(groups []connectors.FilterGroup) []*doc {
	if len(groups) == 0 {
		return ix.all()
	}
	hits := map[int64]*doc{}
	for _, g := range groups {
		for _, d := range ix.candidates(g) {
			if _, seen := hits[d.num]; !seen && matchesAll(d, g.Filters) {
				hits[d.num] = d
			}
		}
	}
	docs := make([]*doc, 0, len(hits))
	for _, d := range hits {
		docs = append(docs, d)
	}
	slices.SortFunc(docs, func(a, b *doc) int { return cmp.Compare(a.num, b.num) })
	return docs
}

// candidates narrows a group by its first EQ or IN filter on an indexed
// property, or else returns every doc.
func (ix *searchIndex) candidates(g connectors.FilterGroup) []*doc {
	for _, f := range g.Filters {
		values := f.Values
		switch f.Operator {
		case connectors.OpEQ:
			values = []string{f.Value}
		case connectors.OpIN:
		default:
			continue
		}
		if slices.Contains(values, "") {
			continue // "" matches records without the property, which no index lists
		}
		if docs, ok := ix.lookup(f.PropertyName, values); ok {
			return docs
		}
	}
	return ix.all()
}

func matchesAll(d *doc, filters []connectors.Filter) bool {
	for _, f := range filters {
		if !matches(d, f) {
			return false
		}
	}
	return true
}

// matches applies one filter. Strings compare case-insensitively, as in
// HubSpot; a record without the property matches NEQ, NOT_IN and the other
// negations.
func matches(d *doc, f connectors.Filter) bool {
	v, has := d.props[f.PropertyName]
	switch f.Operator {
	case connectors.OpEQ:
		return fold(v) == fold(f.Value)
	case connectors.OpNEQ:
		return fold(v) != fold(f.Value)
	case connectors.OpIN:
		return slices.ContainsFunc(f.Values, func(x string) bool { return fold(x) == fold(v) })
	case opNotIn:
		return !slices.ContainsFunc(f.Values, func(x string) bool { return fold(x) == fold(v) })
	case connectors.OpHasProperty:
		return has
	case opNotHasProperty:
		return !has
	case connectors.OpContainsToken:
		return has && containsToken(v, f.Value)
	case opNotContainsToken:
		return !has || !containsToken(v, f.Value)
	}
	return false
}

// containsToken reports whether pattern matches the whole value or one of
// its words (runs of letters and digits), case-insensitively; '*' in pattern
// matches any run of characters ("*@example.com", "jo*").
func containsToken(value, pattern string) bool {
	value, pattern = fold(value), fold(pattern)
	if glob(pattern, value) {
		return true
	}
	words := strings.FieldsFunc(value, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return slices.ContainsFunc(words, func(w string) bool { return glob(pattern, w) })
}

// glob matches s against pattern, where '*' is the only wildcard.
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return len(s) >= len(last) && strings.HasSuffix(s, last)
}
