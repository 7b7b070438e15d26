package salesforce

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// maxSearchRows is the most records one SOSL or SOQL request of Search
// asks for (SOSL's own cap is 2,000).
const maxSearchRows = 2000

// Search runs each filter group as one request and ORs their results:
// SOSL (FIND {term} RETURNING Contact(... WHERE group)) when the group has
// an EQ or CONTAINS_TOKEN value to search for, which reads the lagging
// search index; SOQL otherwise, which is consistent. Results are in id
// order; After is an offset into them.
func (c *Client) Search(ctx context.Context, req connectors.SearchRequest) (connectors.SearchPage, error) {
	return run(ctx, c, "search", func(ctx context.Context) (connectors.SearchPage, error) {
		seen := map[string]connectors.Contact{}
		groups, err := c.fitGroups(req.FilterGroups, req.Properties)
		if err != nil {
			return connectors.SearchPage{}, err
		}
		for _, g := range groups {
			cs, err := c.searchGroup(ctx, g, req.Properties)
			if err != nil {
				return connectors.SearchPage{}, err
			}
			for _, ct := range cs {
				seen[ct.ID] = ct
			}
		}
		ids := make([]string, 0, len(seen))
		for id := range seen {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		offset, _ := strconv.Atoi(req.After)
		limit := req.Limit
		if limit <= 0 {
			limit = 10
		}
		page := connectors.SearchPage{Total: len(ids)}
		for i := offset; i < len(ids) && i < offset+limit; i++ {
			page.Results = append(page.Results, keyOut(seen[ids[i]], req.Properties))
		}
		if offset+limit < len(ids) {
			page.After = strconv.Itoa(offset + limit)
		}
		return page, nil
	})
}

// searchGroup runs one filter group.
func (c *Client) searchGroup(ctx context.Context, g connectors.FilterGroup, properties []string) ([]connectors.Contact, error) {
	where, term, err := c.condition(g)
	if err != nil {
		return nil, err
	}
	fields := strings.Join(c.fields.fields(properties), ", ")
	if term == "" {
		q := fmt.Sprintf("SELECT %s FROM Contact WHERE %s ORDER BY Id LIMIT %d", fields, where, maxSearchRows)
		return c.soql(ctx, q, false)
	}
	q := fmt.Sprintf("FIND {%s} IN ALL FIELDS RETURNING Contact(%s WHERE %s ORDER BY Id LIMIT %d)", term, fields, where, maxSearchRows)
	r, err := jsonRequest(http.MethodGet, "/search", url.Values{"q": {q}}, nil)
	if err != nil {
		return nil, err
	}
	var out struct {
		SearchRecords []map[string]any `json:"searchRecords"`
	}
	if err := c.exchange(ctx, r, &out); err != nil {
		return nil, err
	}
	cs := make([]connectors.Contact, len(out.SearchRecords))
	for i, rec := range out.SearchRecords {
		cs[i] = c.fields.contact(rec)
	}
	return cs, nil
}

// condition writes a filter group as a SOQL condition, and picks its SOSL
// search term: the first EQ or CONTAINS_TOKEN value of two or more
// characters, "" when there is none.
func (c *Client) condition(g connectors.FilterGroup) (where, term string, err error) {
	if len(g.Filters) == 0 {
		return "", "", &connectors.ValidationError{Category: "INVALID_FILTER", Message: "a filter group without filters"}
	}
	parts := make([]string, 0, len(g.Filters))
	for _, f := range g.Filters {
		field := c.fields.sf(f.PropertyName)
		switch f.Operator {
		case connectors.OpEQ:
			parts = append(parts, field+" = "+soqlString(f.Value))
			if term == "" && len(f.Value) >= 2 {
				term = soslTerm(f.Value, false)
			}
		case connectors.OpNEQ:
			parts = append(parts, field+" != "+soqlString(f.Value))
		case connectors.OpIN:
			quoted := make([]string, len(f.Values))
			for i, v := range f.Values {
				quoted[i] = soqlString(v)
			}
			parts = append(parts, field+" IN ("+strings.Join(quoted, ", ")+")")
		case connectors.OpHasProperty:
			parts = append(parts, field+" != null")
		case connectors.OpContainsToken:
			parts = append(parts, field+" LIKE "+soqlString("%"+strings.ReplaceAll(f.Value, "*", "%")+"%"))
			if term == "" && len(strings.Trim(f.Value, "*")) >= 2 {
				term = soslTerm(f.Value, true)
			}
		default:
			return "", "", &connectors.ValidationError{Category: "INVALID_FILTER", Message: fmt.Sprintf("operator %s is not supported by the Salesforce connector", f.Operator)}
		}
	}
	return strings.Join(parts, " AND "), term, nil
}

// fitGroups splits each filter group whose request would be too long
// (tooLong) in two, by halving its longest IN list: F IN (A ∪ B) is F IN A
// OR F IN B, and the groups are OR-ed.
func (c *Client) fitGroups(groups []connectors.FilterGroup, properties []string) ([]connectors.FilterGroup, error) {
	var out []connectors.FilterGroup
	for _, g := range groups {
		where, term, err := c.condition(g)
		if err != nil {
			return nil, err
		}
		fields := strings.Join(c.fields.fields(properties), ", ")
		q, path := fmt.Sprintf("SELECT %s FROM Contact WHERE %s ORDER BY Id LIMIT %d", fields, where, maxSearchRows), "/query"
		if term != "" {
			q = fmt.Sprintf("FIND {%s} IN ALL FIELDS RETURNING Contact(%s WHERE %s ORDER BY Id LIMIT %d)", term, fields, where, maxSearchRows)
			path = "/search"
		}
		longest := -1
		for i, f := range g.Filters {
			if f.Operator == connectors.OpIN && len(f.Values) > 1 && (longest < 0 || len(f.Values) > len(g.Filters[longest].Values)) {
				longest = i
			}
		}
		if !c.tooLong(path, q) || longest < 0 {
			out = append(out, g)
			continue
		}
		halves := make([]connectors.FilterGroup, 2)
		vs := g.Filters[longest].Values
		for h, part := range [][]string{vs[:len(vs)/2], vs[len(vs)/2:]} {
			fs := slices.Clone(g.Filters)
			fs[longest].Values = part
			halves[h] = connectors.FilterGroup{Filters: fs}
		}
		split, err := c.fitGroups(halves, properties)
		if err != nil {
			return nil, err
		}
		out = append(out, split...)
	}
	return out, nil
}
