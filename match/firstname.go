package match

import (
	"slices"
	"strings"
)

// CanonicalFirstName returns the canonical given name of a folded first name
// (FoldName or NameKey output): "bob" → "robert", "catherine" → "katherine".
// A name that is already canonical, unknown, or an ambiguous nickname ("chris",
// "alex", "sam") is returned as it is, without spaces; use FirstNameKeys to
// match those. For several tokens, the joined name decides when the table
// knows it ("mary ann"), else the first token ("bob j" → "robert").
func CanonicalFirstName(folded string) string {
	folded = strings.TrimSpace(folded)
	joined := joinSpaces(folded)
	if keys, ok := firstNameKeys[joined]; ok || joined == folded {
		return canonicalOf(joined, keys)
	}
	first, _, _ := strings.Cut(folded, " ")
	if keys, ok := firstNameKeys[first]; ok {
		return canonicalOf(first, keys)
	}
	return joined
}

// canonicalOf returns the canonical name among keys (the name's
// firstNameKeys) that the name stands for (canonicalAmong), else name.
func canonicalOf(name string, keys []string) string {
	if c, ok := canonicalAmong(keys); ok {
		return c
	}
	return name
}

// canonicalAmong returns the one name that keys[1:] (the names a nickname
// stands for) point to: the only one; else the only given name in its own
// right among them (knownGivenName) that is not itself a nickname of
// another of them ("liz" stands for Elizabeth, and for Elisabeth, Elsie
// and Lizbeth, whom few are called; "bob" for Robert and for Bobby, itself
// Robert's). ok is false when the nickname stands for none or for several
// common names ("chris", "alex", "sam"): it is ambiguous.
func canonicalAmong(keys []string) (canonical string, ok bool) {
	if len(keys) == 2 {
		return keys[1], true
	}
	if len(keys) < 2 {
		return "", false
	}
	names := keys[1:]
	for _, k := range names {
		if !knownGivenName(k) || overlapStrings(firstNameKeys[k][1:], names) {
			continue // rare, or a nickname of another of them
		}
		if ok {
			return "", false
		}
		canonical, ok = k, true
	}
	return canonical, ok
}

// FirstNameKeys returns the match keys of a folded first name (FoldName
// output): the name itself without spaces first, then every canonical name it
// may stand for. Two first names are compatible when their key sets
// intersect: "bob" → [bob robert] meets "robert" → [robert] and "rob" → [rob
// robert]; "chris" → [chris christian christina christine christopher] meets
// both "christopher" and "christine", which do not meet each other; "nancy"
// → [nancy] never meets "nicole" → [nicole].
//
// A name followed by initials is the name ("robert j" → [robert]: see
// middleInitials); a name of several tokens also gets the keys of its first
// token, because first-name fields often carry a middle name: "mary ann" →
// [maryann mary]; "maryann" stays [maryann].
//
// The result may be shared: do not modify its elements. It is nil for "".
func FirstNameKeys(folded string) []string {
	folded = strings.TrimSpace(folded)
	folded = strings.TrimSuffix(folded, middleInitials(folded)) // "martin b": Martin's keys
	joined := joinSpaces(folded)
	if joined == "" {
		return nil
	}
	keys, known := firstNameKeys[joined]
	if joined == folded {
		if known {
			return keys
		}
		return []string{joined}
	}
	first, _, _ := strings.Cut(folded, " ")
	firstKeys, ok := firstNameKeys[first]
	if !ok {
		firstKeys = []string{first}
	}
	out := make([]string, 0, max(len(keys), 1)+len(firstKeys))
	out = append(out, joined)
	if known {
		out = append(out, keys[1:]...)
	}
	for _, k := range firstKeys {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// FirstNameLookupKeys returns the first-name parts of every key a record with
// a compatible first name can be indexed under (NameCompanyKey, which keeps
// an ambiguous nickname as it is): FirstNameKeys, then the ambiguous
// nicknames of the canonical names among them. "alexander" → [alexander alex
// sandy sasha]: a record of "Alex Perkins" is indexed as "alex|perkins|...",
// and "Alexander Perkins" finds it only by "alex". Whether the two agree is
// still for FirstNameKeys to say; this only finds them.
//
// The result may be shared: do not modify its elements. It is nil for "".
func FirstNameLookupKeys(folded string) []string {
	keys := FirstNameKeys(folded)
	var out []string
	for _, k := range keys {
		for _, n := range ambiguousNicknames[k] {
			if !slices.Contains(keys, n) && !slices.Contains(out, n) {
				if out == nil {
					out = slices.Clone(keys)
				}
				out = append(out, n)
			}
		}
	}
	if out == nil {
		return keys
	}
	return out
}

// ambiguousNicknames maps a canonical name to its nicknames that stand for
// several names, in sorted order; CanonicalFirstName keeps those as they
// are.
var ambiguousNicknames = func() map[string][]string {
	m := make(map[string][]string)
	for canonical, nicks := range givenNames {
		for _, n := range nicks {
			if _, ok := canonicalAmong(firstNameKeys[n]); !ok {
				m[canonical] = append(m[canonical], n)
			}
		}
		slices.Sort(m[canonical])
	}
	return m
}()

// FirstNamesMatch reports whether two folded first names share a key.
func FirstNamesMatch(a, b string) bool {
	ka, kb := FirstNameKeys(a), FirstNameKeys(b)
	for _, x := range ka {
		for _, y := range kb {
			if x == y {
				return true
			}
		}
	}
	return false
}

// joinSpaces removes the spaces of a folded name, allocating only when there
// are some.
func joinSpaces(s string) string {
	if strings.IndexByte(s, ' ') < 0 {
		return s
	}
	return strings.ReplaceAll(s, " ", "")
}
