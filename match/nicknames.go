package match

import (
	_ "embed" // the published name data
	"slices"
	"strings"
)

// nicknameData is namedata/nicknames.txt: the "has_nickname" relations of
// the nicknames data set (carltonnorthern/nicknames 1.0.1, Apache-2.0;
// namedata/NOTICE), one given name a line followed by its nicknames.
//
//go:embed namedata/nicknames.txt
var nicknameData string

// givenNames maps a given name to the nicknames, diminutives and variants
// that stand for it, all folded (NameKey form): the published relations
// (nicknameData) and handNicknames. A published relation listed only from
// the name less common in the census (givenNameShare) is left out: the
// data lists most relations from the formal name and many both ways, and
// the few listed only from the short or rarer side ("bill" has the
// nickname "robert", "marsha" has "mary") would make that name a key that
// joins every name it is listed with (Robert and William through Bill;
// Mary and Marsha Kusha, born 1976 and 1997). A nickname listed under several
// names is ambiguous and stands for each of them ("chris": Christopher,
// Christine, Kristen...). A name may be both a given name with nicknames
// and a nickname of another ("ann": a given name, and a nickname of Anne
// and of Nancy); keys do not chain through it (firstNameKeys). Built once;
// read-only.
var givenNames = func() map[string][]string {
	m := make(map[string][]string, 1200)
	for _, line := range strings.Split(nicknameData, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		names := strings.Fields(line)
		canonical := NameKey(names[0])
		if canonical == "" {
			continue
		}
		for _, n := range names[1:] {
			n = NameKey(n)
			if n == "" || n == canonical || slices.Contains(m[canonical], n) || givenNameShare[canonical] < givenNameShare[n] {
				continue
			}
			m[canonical] = append(m[canonical], n)
		}
	}
	for canonical, nicks := range handNicknames {
		for _, n := range nicks {
			if !slices.Contains(m[canonical], n) {
				m[canonical] = append(m[canonical], n)
			}
		}
	}
	return m
}()

// firstNameKeys maps every folded name in givenNames, given name or
// nickname, to its keys: the name itself, then the given names it is a
// nickname of, in sorted order. Two names meet when their keys do: one is
// a nickname of the other (Bob, Robert), or both are nicknames of one name
// (Bob, Rob). Built once; the slices are shared and read-only.
var firstNameKeys = func() map[string][]string {
	m := make(map[string][]string, 2*len(givenNames))
	for canonical := range givenNames {
		m[canonical] = []string{canonical}
	}
	for canonical, nicks := range givenNames {
		for _, n := range nicks {
			if m[n] == nil {
				m[n] = []string{n}
			}
			m[n] = append(m[n], canonical)
		}
	}
	for n, keys := range m {
		slices.Sort(keys[1:])
		m[n] = keys[:len(keys):len(keys)] // append by a caller copies
	}
	return m
}()
