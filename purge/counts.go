package purge

import "github.com/contactgate/contactgate/match"

// counts are the term frequencies of an export: how many records hold
// each value of the kinds the model adjusts (match.Frequencies).
type counts struct {
	byKind map[match.Kind]map[string]int
	total  int
}

func newCounts(ps []match.Profile) *counts {
	c := &counts{byKind: map[match.Kind]map[string]int{}, total: len(ps)}
	add := func(k match.Kind, v string) {
		if v == "" {
			return
		}
		m := c.byKind[k]
		if m == nil {
			m = map[string]int{}
			c.byKind[k] = m
		}
		m[v]++
	}
	for i := range ps {
		p := &ps[i]
		add(match.KindPhone, p.Phone)
		add(match.KindFirstName, p.First)
		add(match.KindLastName, p.Last)
		add(match.KindCompany, p.Company)
		add(match.KindCity, p.City)
		add(match.KindPostcode, p.Postcode)
		add(match.KindFullName, p.FullName)
	}
	return c
}

func (c *counts) Count(k match.Kind, value string) (int, int) { return c.byKind[k][value], c.total }
