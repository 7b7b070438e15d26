package linkage

import "github.com/contactgate/contactgate/match"

// Frequencies counts how many records hold each value of the kinds the
// model adjusts by term frequency (match.Frequencies).
type Frequencies struct {
	counts   map[match.Kind]map[string]int
	total    int
	observed bool // filled by Observe: Resolve does not count again
}

// NewFrequencies returns empty counts.
func NewFrequencies() *Frequencies {
	return &Frequencies{counts: make(map[match.Kind]map[string]int)}
}

// Add counts the values of one record.
func (f *Frequencies) Add(p *match.Profile) {
	f.total++
	for k, v := range map[match.Kind]string{
		match.KindPhone: p.Phone, match.KindFirstName: p.First, match.KindLastName: p.Last,
		match.KindCompany: p.Company, match.KindCity: p.City, match.KindPostcode: p.Postcode, match.KindFullName: p.FullName,
	} {
		if v == "" {
			continue
		}
		m := f.counts[k]
		if m == nil {
			m = make(map[string]int)
			f.counts[k] = m
		}
		m[v]++
	}
}

// Count returns how many records hold value, and how many were counted.
func (f *Frequencies) Count(k match.Kind, value string) (count, total int) {
	return f.counts[k][value], f.total
}
