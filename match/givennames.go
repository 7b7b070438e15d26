package match

import (
	_ "embed" // the published name data
	"strconv"
	"strings"
)

// givenData is namedata/given.txt: the U.S. Census Bureau's 1990
// given-name frequencies (public domain; namedata/NOTICE), one name a line
// with its frequency among women and among men in thousandths of a
// percent.
//
//go:embed namedata/given.txt
var givenData string

// givenNameWomen maps a folded given name to the share of women among the
// census's bearers of it, its frequencies among women and men weighed
// alike: Jean 0.90, Juan 0.01, Jessie 0.60. Filled with givenNameShare;
// read-only.
var givenNameWomen = make(map[string]float64, 5200)

// givenNameShare maps a folded given name (NameKey form) to its share of
// persons in the 1990 census: the mean of its frequencies among women and
// among men, so that Mary (2.629 % of women) is 1.3 % and Marsha (0.078 %
// of women) 0.039 %. Built once from givenData; read-only.
var givenNameShare = func() map[string]float64 {
	m := make(map[string]float64, 5200)
	for _, line := range strings.Split(givenData, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			panic("match: namedata/given.txt: malformed line " + strconv.Quote(line))
		}
		women, errW := strconv.Atoi(f[1])
		men, errM := strconv.Atoi(f[2])
		if errW != nil || errM != nil {
			panic("match: namedata/given.txt: malformed line " + strconv.Quote(line))
		}
		if k := NameKey(f[0]); k != "" {
			m[k] += float64(women+men) / 2 / 100_000 // thousandths of a percent of each sex → share of persons
			if women+men > 0 {
				givenNameWomen[k] = float64(women) / float64(women+men)
			}
		}
	}
	return m
}()

// givenNameFloor is the least census share of persons (givenNameShare) at
// which a name is a given name in its own right (knownGivenName): 1 in
// 8,000 persons, the 940 most common names (Mary, Darla, Marsha,
// Kristin; not Susanne, Isabella or Darletta). Below it the census lists
// rarer spellings and variants of common names, as often one name written
// otherwise as another name. Decided on the tune halves of the labelled
// datasets (docs/matching.md): floors from 0.012 % to 0.1 % score alike
// there and lower ones lose Susan and Susanne Mooney, one person; the
// floor is the lowest of those, to know as many names as the tune halves
// allow.
const givenNameFloor = 0.000125

// knownGivenName: a common given name, one the 1990 census counts for at
// least givenNameFloor of persons. Two known given names that differ are
// two names, not a slip in one (Darla and Darlene, Mark and Mary).
func knownGivenName(s string) bool {
	return givenNameShare[s] >= givenNameFloor
}

// namesOfOppositeSexes: two census given names, one borne by women nine
// times in ten or more and the other by men as often (Jean and Juan):
// two people's names, however alike they sound.
func namesOfOppositeSexes(a, b string) bool {
	wa, okA := givenNameWomen[a]
	wb, okB := givenNameWomen[b]
	return okA && okB && (wa >= 0.9 && wb <= 0.1 || wb >= 0.9 && wa <= 0.1)
}
