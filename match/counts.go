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

// Add counts the values of one record.
func (c *Counts) Add(p *Profile) {
	c.total++
	c.add(KindPhone, p.Phone)
	c.add(KindFirstName, p.First)
	c.add(KindLastName, p.Last)
	c.add(KindFullName, p.FullName)
	c.add(KindCompany, p.Company)
	c.add(KindCity, p.City)
	c.add(KindPostcode, p.Postcode)
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
