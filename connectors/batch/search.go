package batch

import (
	"context"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/connectors"
)

// maxSearchPages bounds the pages one coalesced search reads; a search with
// more results than that is asked again call by call.
const maxSearchPages = 5

// searchAll answers searches with one search request whose filter is an IN
// over every call's values (phones; last names and companies), paged, and
// gives each call the results that its own filter would have returned. A
// chunk may hold both kinds (paced: they share the search limiter): then
// the request ORs a filter group of each.
func (b *Batcher) searchAll(ctx context.Context, calls []*call) {
	req := connectors.SearchRequest{Limit: connectors.MaxSearchLimit}
	var phones, lasts, companies []string
	for _, c := range calls {
		phones = unionFold(phones, c.phones...)
		if c.kind == callSearchName {
			lasts = unionFold(lasts, c.last)
			companies = unionFold(companies, c.company)
		}
		req.Properties = union(req.Properties, c.want...)
	}
	if len(phones) > 0 {
		req.Properties = union(req.Properties, connectors.PropPhone)
		req.FilterGroups = append(req.FilterGroups, connectors.FilterGroup{Filters: []connectors.Filter{
			{PropertyName: connectors.PropPhone, Operator: connectors.OpIN, Values: phones}}})
	}
	if len(lasts) > 0 && len(companies) > 0 {
		req.Properties = union(req.Properties, connectors.PropLastName, connectors.PropCompany)
		req.FilterGroups = append(req.FilterGroups, connectors.FilterGroup{Filters: []connectors.Filter{
			{PropertyName: connectors.PropLastName, Operator: connectors.OpIN, Values: lasts},
			{PropertyName: connectors.PropCompany, Operator: connectors.OpIN, Values: companies}}})
	}
	if len(req.FilterGroups) == 0 {
		for _, c := range calls {
			c.found = nil // nothing to look for: a search without filters finds everyone
		}
		return
	}
	if len(calls) == 1 {
		req.Limit = b.searchCap + 1 // one caller: more than the cap is none
	}
	var found []connectors.Contact
	for pages := 0; ; pages++ {
		if pages == maxSearchPages {
			for _, c := range calls {
				b.searchAll(ctx, []*call{c})
			}
			return
		}
		page, err := b.crm.Search(ctx, req)
		if err != nil {
			failAll(calls, err)
			return
		}
		found = append(found, page.Results...)
		if page.After == "" || len(calls) == 1 {
			break
		}
		req.After = page.After
	}
	for _, c := range calls {
		c.found = nil
		for i := range found {
			if c.selects(&found[i]) {
				c.found = append(c.found, project(&found[i], c.want))
			}
		}
		if len(c.found) > b.searchCap || len(calls) == 1 && len(found) > b.searchCap {
			c.found = nil
		}
	}
}

// selects: the contact is one that c's own filter (EQ) would have found.
func (c *call) selects(r *connectors.Contact) bool {
	eq := func(field, v string) bool {
		return strings.EqualFold(strings.TrimSpace(field), strings.TrimSpace(v))
	}
	if c.kind == callSearchPhone {
		return slices.ContainsFunc(c.phones, func(p string) bool { return eq(r.Phone, p) })
	}
	return !isBlank(c.last) && !isBlank(c.company) &&
		eq(r.LastName, c.last) && eq(r.Company, c.company)
}

// unionFold appends the values not yet in set, case and surrounding space
// aside; empty values are left out (an empty IN value would match contacts
// without the property).
func unionFold(set []string, values ...string) []string {
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v != "" && !slices.ContainsFunc(set, func(x string) bool { return strings.EqualFold(x, v) }) {
			set = append(set, v)
		}
	}
	return set
}

// isBlank: s holds nothing but space.
func isBlank(s string) bool { return strings.TrimSpace(s) == "" }
