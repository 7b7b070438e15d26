package match

import "strings"

// BlockKeys returns the blocking keys of a profile, a union: records that
// share none are never compared, records that share one are candidates.
// Exact identifiers (e-mail key, e-mail local part, phone, national id,
// date of birth) each make one; names make the sound of the surname with
// the first initial, the first and last name, each nickname key with the
// last name; combinations catch what a typo in one field hides (postcode
// and surname sound, birth year and surname sound, birth year and
// initials, company and surname sound). The keys of different kinds never
// collide: each starts with its own tag.
func BlockKeys(p *Profile) []string {
	var keys []string
	add := func(parts ...string) {
		n := 0
		for _, s := range parts {
			if s == "" {
				return
			}
			n += len(s) + 1
		}
		var k strings.Builder // one allocation per key
		k.Grow(n)
		for _, s := range parts {
			k.WriteString(s)
			k.WriteByte('|')
		}
		keys = append(keys, k.String())
	}
	add("e", p.EmailKey) // EmailBlockKey
	add("el", p.EmailLocal)
	add("p", p.Phone)
	add("pt", p.PhoneTail)
	add("n", p.NationalID)
	add("d", p.DOB)
	sx := Soundex(p.Last)
	add("lf", sx, initial(p.First))
	add("pl", p.Postcode, sx)
	add("fl", p.First, p.Last)
	for _, k := range p.FirstKeys {
		add("kl", k, p.Last)
	}
	add("dl", yearOf(p.DOB), sx)
	add("df", yearOf(p.DOB), initial(p.First), initial(p.Last))
	add("cl", p.Company, sx)
	if p.Last == "" && p.First == "" {
		// An organisation: its name, and its street.
		add("c", p.Company)
		if len(p.Address) >= 2 {
			add("a", p.Address[0], p.Address[1])
		}
	}
	return keys
}

func initial(s string) string {
	if s == "" {
		return ""
	}
	return s[:1]
}

func yearOf(dob string) string {
	if len(dob) < 4 {
		return ""
	}
	return dob[:4]
}

// EmailBlockKey is the key of BlockKeys that the records holding p's exact
// e-mail address share, or "" when p has none.
func EmailBlockKey(p *Profile) string {
	if p.EmailKey == "" {
		return ""
	}
	return "e|" + p.EmailKey + "|"
}
