package match

// Counts are the term frequencies of a set of records: how many hold each
// value of the kinds the default model adjusts (phone, first, last and
// full name, company, city, postcode). It implements Frequencies. Not safe
// for concurrent Add; Count may run concurrently once counting is done.
type Counts struct {
	byKind map[Kind]map[string]int
	total  int
}

// NewCounts returns empty counts.
func NewCounts() *Counts { return &Counts{byKind: make(map[Kind]map[string]int)} }

// TermKinds are the kinds whose values term frequencies count: those the
// default model adjusts by frequency.
var TermKinds = [...]Kind{KindPhone, KindFirstName, KindLastName, KindFullName, KindCompany, KindCity, KindPostcode, KindJobTitle}

// TermValue is p's value of kind k as term frequencies count it (the
// value compare hands the scorer on an exact agreement); "" for a kind
// not in TermKinds.
func TermValue(k Kind, p *Profile) string {
	switch k {
	case KindPhone:
		return p.Phone
	case KindFirstName:
		return p.First
	case KindLastName:
		return p.Last
	case KindFullName:
		return p.FullName
	case KindCompany:
		return p.Company
	case KindJobTitle:
		return p.JobTitle
	case KindCity:
		return p.City
	case KindPostcode:
		return p.Postcode
	}
	return ""
}

// Add counts the values of one record.
func (c *Counts) Add(p *Profile) {
	c.total++
	for _, k := range TermKinds {
		c.add(k, TermValue(k, p))
	}
}

func (c *Counts) add(k Kind, v string) {
	if v == "" {
		return
	}
	m := c.byKind[k]
	if m == nil {
		m = make(map[string]int)
		c.byKind[k] = m
	}
	m[v]++
}

// Count returns how many records hold value, and how many were counted.
func (c *Counts) Count(k Kind, value string) (count, total int) { return c.byKind[k][value], c.total }
