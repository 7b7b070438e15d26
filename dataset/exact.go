package dataset

import (
	"fmt"
	"unicode"

	"github.com/contactgate/contactgate/match"
)

// ExactKeys is the "exact keys only" baseline resolver: records that share
// a normalized e-mail (match.NormalizeEmail), phone number in E.164 with
// its extension (match.NormalizePhone, in the region of the record's
// country or e-mail, else the default region) or national id (its letters
// and digits, upper case; at least one digit) are one cluster, and so,
// transitively, are their clusters (union-find). Names, addresses and
// dates are ignored. It is not safe for concurrent use.
type ExactKeys struct {
	region string
	owner  map[string]int32 // key → first record that had it
	parent []int32          // union-find; a root is its cluster's first record
	ids    []string
	index  map[string]int32
}

var _ Clusterer = (*ExactKeys)(nil)

// DefaultRegion is the region of phone numbers written without a country
// code when none is given: the resolvers' default (match.Options), so that
// the strong-identifier groups Evaluate counts are made of the keys the
// resolvers read.
const DefaultRegion = "US"

// NewExactKeys returns an empty ExactKeys resolver that reads phone
// numbers without a country code in defaultRegion ("" is DefaultRegion).
func NewExactKeys(defaultRegion string) *ExactKeys {
	if defaultRegion == "" {
		defaultRegion = DefaultRegion
	}
	return &ExactKeys{region: defaultRegion, owner: map[string]int32{}, index: map[string]int32{}}
}

// Add joins the record to every earlier cluster that shares one of its
// keys, merging them, and returns the cluster: the id of its first
// record. A record without keys starts a cluster of its own.
func (e *ExactKeys) Add(id string, fields map[match.Kind]string) (string, error) {
	if _, dup := e.index[id]; dup {
		return "", fmt.Errorf("exact keys: id %q added twice", id)
	}
	n := int32(len(e.ids))
	e.ids = append(e.ids, id)
	e.parent = append(e.parent, n)
	e.index[id] = n
	for _, key := range ExactMatchKeys(fields, e.region) {
		if other, ok := e.owner[key]; ok {
			e.union(n, other)
		} else {
			e.owner[key] = n
		}
	}
	return e.ids[e.find(n)], nil
}

// ClusterOf returns the current cluster of an added record.
func (e *ExactKeys) ClusterOf(id string) (string, bool) {
	n, ok := e.index[id]
	if !ok {
		return "", false
	}
	return e.ids[e.find(n)], true
}

func (e *ExactKeys) find(n int32) int32 {
	for e.parent[n] != n {
		e.parent[n] = e.parent[e.parent[n]] // path halving
		n = e.parent[n]
	}
	return n
}

// union keeps the older root, so that a cluster is named by its first
// record whatever the order of merges.
func (e *ExactKeys) union(a, b int32) {
	ra, rb := e.find(a), e.find(b)
	if ra == rb {
		return
	}
	if ra < rb {
		e.parent[rb] = ra
	} else {
		e.parent[ra] = rb
	}
}

// ExactMatchKeys returns the exact keys of a record, each prefixed by its
// kind ("email:", "phone:", "national_id:"): the keys ExactKeys links
// records by. Values that do not normalize make no key.
func ExactMatchKeys(fields map[match.Kind]string, defaultRegion string) []string {
	var keys []string
	if k, err := match.NormalizeEmail(fields[match.KindEmail]); err == nil {
		keys = append(keys, string(match.KindEmail)+":"+string(k))
	}
	region := match.PhoneRegionOf(fields[match.KindPhone], fields[match.KindCountry], fields[match.KindCity], fields[match.KindEmail], defaultRegion)
	if p, err := match.NormalizePhone(fields[match.KindPhone], region); err == nil {
		keys = append(keys, string(match.KindPhone)+":"+p.String())
	}
	if id := nationalID(fields[match.KindNationalID]); id != "" {
		keys = append(keys, string(match.KindNationalID)+":"+id)
	}
	return keys
}

// nationalID keeps the letters and digits of s, upper case, or "" when it
// has no digit (placeholders such as "N/A").
func nationalID(s string) string {
	out := make([]rune, 0, len(s))
	digit := false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digit = true
			out = append(out, r)
		case unicode.IsLetter(r):
			out = append(out, unicode.ToUpper(r))
		}
	}
	if !digit {
		return ""
	}
	return string(out)
}
