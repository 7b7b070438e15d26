package match

import (
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// compare returns the level index of kind k for a and b (in the order of
// comparators[k]), or -1 when either side lacks the field; value is the
// shared value of an exact agreement, for its term frequency.
func compare(k Kind, a, b *Profile) (level int, value string) {
	switch k {
	case KindEmail:
		switch {
		case a.EmailKey == "" || b.EmailKey == "":
			return noLevel, ""
		case a.EmailKey == b.EmailKey:
			return levelExact, a.EmailKey
		case a.RoleEmail || b.RoleEmail:
			return noLevel, "" // an office's mailbox (info@, team@) says nothing of the person's own address
		case domainSlip(a, b):
			return emailDomainSlip, ""
		case a.EmailLocal == b.EmailLocal && EditDistanceAtMost1(a.EmailDomain, b.EmailDomain),
			a.EmailDomain == b.EmailDomain && untagged(a.EmailLocal) == untagged(b.EmailLocal):
			// A slip in the domain of a short local part (jo@), or a
			// sub-address's tag (RFC 5233: ann+news@).
			return emailClose, ""
		case a.EmailDomain != b.EmailDomain && (a.EmailLocal == b.EmailLocal || JaroWinkler(a.EmailLocal, b.EmailLocal) >= 0.94):
			return emailLocal, "" // one person's name at two providers
		case a.PersonalEmail != b.PersonalEmail:
			// A work address and a personal one: people have both, so
			// they differ as often for one person as for two.
			return noLevel, ""
		case NumberedApart(a.EmailLocal, b.EmailLocal):
			return emailDifferent, "" // two numbered accounts: john.smith1, john.smith2
		case a.EmailDomain == b.EmailDomain && !a.PersonalEmail && AccountsNumbered(a.EmailLocal, b.EmailLocal):
			return emailDifferent, "" // one company's second account for a namesake: skavanagh, skavanagh2
		case a.EmailDomain == b.EmailDomain && !a.PersonalEmail && namesakeInitialsOf(a, b):
			return emailDifferent, "" // a company's account for a namesake, one letter of the first name more: jscholz, juscholz
		case a.EmailDomain == b.EmailDomain && a.PersonalEmail && numberAdded(a.EmailLocal, b.EmailLocal):
			return emailDifferent, "" // a provider's numbered account for a name taken: doristhompson, doristhompson6
		case a.EmailDomain == b.EmailDomain && (!a.PersonalEmail || countDigits(a.EmailLocal) >= 2) && localSlip(a.EmailLocal, b.EmailLocal):
			// A slip inside a name at a company's domain (nicole.obusquet@,
			// nicole.bousquet@), or at a provider's beside the number both
			// addresses hold (gisueppe5531@, giuseppe5531@gmx.net).
			return emailLocalSlip, ""
		case a.EmailDomain == b.EmailDomain && EditDistanceAtMost1(a.EmailLocal, b.EmailLocal),
			JaroWinkler(a.EmailLocal, b.EmailLocal) >= 0.9 && JaroWinkler(a.EmailKey, b.EmailKey) >= 0.94:
			return emailClose, "" // slips in the address
		case a.EmailDomain == b.EmailDomain && !a.PersonalEmail && aliasesOf(a, b):
			// Two addresses at one company that each spell the name a
			// side wrote (j.hahn@, julia.hahn@ beside Julia Hahn): one
			// person's aliases as often as two namesakes' accounts.
			return noLevel, ""
		}
		return emailDifferent, ""
	case KindPhone:
		switch {
		case a.Phone != "" && a.Phone == b.Phone && a.PhoneExt != "" && b.PhoneExt != "" && a.PhoneExt != b.PhoneExt:
			return nearDifferent, "" // one switchboard, two extensions: two desks
		case a.Phone != "" && a.Phone == b.Phone:
			return levelExact, a.Phone
		case a.PhoneTail == "" || b.PhoneTail == "":
			return noLevel, ""
		case a.PhoneTail == b.PhoneTail:
			return nearClose, "" // the same local number, the area code missing or different
		case digitSlip(a.PhoneDigits, b.PhoneDigits):
			return nearClose, "" // a digit dropped or added: "510 555 43906", "510 555 4390"
		}
		return nearDifferent, ""
	case KindFirstName:
		return compareFirst(a, b)
	case KindLastName:
		l, v := similar(a.Last, b.Last, 0.92, 0.8)
		switch {
		case l == gradedFuzzy && min(len(a.Last), len(b.Last)) >= 5 && EditDistanceAtMost1(a.Last, b.Last):
			return gradedClose, "" // a slip mid-name, which Jaro-Winkler weighs more than one at the end: Salinger, Salenger
		case l == gradedDifferent && SameLetters(a.Last, b.Last):
			return gradedFuzzy, ""
		case l == gradedDifferent && (slices.Contains(a.Middle, b.Last) || slices.Contains(b.Middle, a.Last)):
			return gradedFuzzy, "" // one of two surnames, or a title's (Maria Garcia Lopez, Maria Garcia)
		case l == gradedDifferent && (oneOfTheSurnames(a.LastParts, b.Last) || oneOfTheSurnames(b.LastParts, a.Last)):
			return gradedFuzzy, "" // the first or the last of two surnames: "de Rocha Oliveira", "Oliveira"
		case l == gradedDifferent && (particlesAside(a, b) || particlesAside(b, a)):
			return gradedFuzzy, "" // a surname written without its particles: "van der Kooij", "Kooij"
		case l == gradedDifferent && (initialOf(a.Last, b.Last) || initialOf(b.Last, a.Last)):
			return gradedFuzzy, "" // a surname written as its initial, as a chat's "Barbara B.": no other name
		}
		return l, v
	case KindCompany:
		switch {
		case a.Company == "" && b.Company == "":
			if a.EmailDomain != "" && a.EmailDomain == b.EmailDomain && a.EmailKey != b.EmailKey && !a.PersonalEmail && a.EmailOrg != "" &&
				(a.RoleEmail || b.RoleEmail || aliasesOf(a, b)) {
				// Two work addresses at one company's domain that the
				// e-mail does not weigh (an office's mailbox, a person's
				// two aliases): one company, its name left out by both.
				// Where the e-mail weighs the two addresses (one, a slip,
				// two colleagues'), the domain is its evidence already.
				return gradedClose, ""
			}
			return noLevel, ""
		case a.Company == "" || b.Company == "":
			if a.Company == "" && domainSpells(a.EmailOrg, b.CompanyTokens) ||
				b.Company == "" && domainSpells(b.EmailOrg, a.CompanyTokens) {
				return gradedClose, "" // a work address at the other's company: one company, its name left out
			}
			return noLevel, ""
		case a.Company == b.Company:
			return levelExact, a.Company
		case min(len(a.Company), len(b.Company)) >= 8 && !NumberedApart(a.Company, b.Company) &&
			(EditDistanceAtMost1(a.Company, b.Company) || JaroWinkler(a.Company, b.Company) >= 0.94):
			return gradedClose, "" // one company's name with a slip ("harboursie dental"), not two numbered sites
		case min(utf8.RuneCountInString(a.Company), utf8.RuneCountInString(b.Company)) >= 5 && !NumberedApart(a.Company, b.Company) && EditDistanceAtMost1(a.Company, b.Company):
			return gradedFuzzy, "" // a slip in a short name ("sollsy", "solsy"), or two companies a letter apart: weak
		case wordsWithin(a.CompanyTokens, b.CompanyTokens):
			return gradedClose, "" // one company's name with words left out: "oaklight", "oaklight holdings"
		case TokenSetSimilarity(a.CompanyTokens, b.CompanyTokens) >= 0.5:
			return gradedFuzzy, "" // one company with words left out ("acme", "acme labs")
		case similarityWithSlips(a.CompanyTokens, b.CompanyTokens, 5) >= 0.5:
			return gradedFuzzy, "" // and a slip in a word kept ("beaconlab", "besconlab logistics"); "acme" and "acne" are two
		}
		if n := acronymLength(a.CompanyTokens, b.CompanyTokens); n >= 3 {
			return gradedClose, "" // one company by its initials: "GEN", "Global Energy Networks"
		} else if n == 2 {
			return gradedFuzzy, "" // two letters stand for many companies: "GP", "Ganga Power"
		}
		return gradedDifferent, ""
	case KindAddress:
		if len(a.Address) == 0 || len(b.Address) == 0 {
			return noLevel, ""
		}
		sim := TokenSetSimilarity(a.Address, b.Address)
		if sim == 1 || streetTypeLeftOut(a.Address, b.Address) {
			return levelExact, ""
		}
		if sim < 0.6 {
			sim = max(sim, similarityWithSlips(a.Address, b.Address, 4))
		}
		if sim < 0.6 && addressLineLeftOut(a.Address, b.Address) {
			sim = 0.6
		}
		switch {
		case sim >= 0.6:
			return gradedClose, ""
		case sim >= 0.3:
			return gradedFuzzy, ""
		}
		return gradedDifferent, ""
	case KindCity:
		l, v := similar(a.City, b.City, 0.9, 2)
		if l == gradedDifferent && SameLetters(a.City, b.City) {
			return nearClose, ""
		}
		return min(l, nearDifferent), v // similar's fuzzy never happens at 2
	case KindPostcode:
		switch l, v := exact(a.Postcode, b.Postcode); {
		case l != binaryDifferent:
			return l, v
		case EditDistanceAtMost1(a.Postcode, b.Postcode):
			return nearClose, ""
		}
		return nearDifferent, ""
	case KindState:
		return exact(a.State, b.State)
	case KindDOB:
		switch l, v := exact(a.DOB, b.DOB); {
		case l != binaryDifferent:
			return l, v
		case EditDistanceAtMost1(a.DOB, b.DOB) || dayMonthSwapped(a.DOB, b.DOB):
			return dobClose, ""
		case a.DOB[:4] == b.DOB[:4] || monthsApart(a.DOB, b.DOB) <= 12:
			return dobYear, ""
		}
		return dobDifferent, ""
	case KindJobTitle:
		return exact(a.JobTitle, b.JobTitle)
	case KindNationalID:
		switch l, v := exact(a.NationalID, b.NationalID); {
		case l != binaryDifferent:
			return l, v
		case EditDistanceAtMost1(a.NationalID, b.NationalID):
			return nearClose, ""
		}
		return nearDifferent, ""
	}
	return noLevel, ""
}

// digitSlip: two phone numbers of at least 9 digits, one a digit longer
// than the other and otherwise the same. A digit typed otherwise is not
// one: colleagues' direct lines are often one digit apart.
func digitSlip(a, b string) bool {
	return min(len(a), len(b)) >= 9 && (len(a)-len(b) == 1 || len(b)-len(a) == 1) && EditDistanceAtMost1(a, b)
}

// exact: noLevel when a side is missing, levelExact when equal, else
// binaryDifferent.
func exact(a, b string) (int, string) {
	switch {
	case a == "" || b == "":
		return noLevel, ""
	case a == b:
		return levelExact, a
	}
	return binaryDifferent, ""
}

// similar: noLevel when a side is missing, levelExact when equal,
// gradedClose at a Jaro-Winkler of close or more, gradedFuzzy at fuzzy or
// more, else gradedDifferent.
func similar(a, b string, close, fuzzy float64) (int, string) {
	switch {
	case a == "" || b == "":
		return noLevel, ""
	case a == b:
		return levelExact, a
	}
	switch jw := JaroWinkler(a, b); {
	case jw >= close:
		return gradedClose, ""
	case jw >= fuzzy:
		return gradedFuzzy, ""
	}
	return gradedDifferent, ""
}

func overlapStrings(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// generationApart: two YYYYMMDD birth dates a generation apart, and not
// by a slip in the year (the month and day differ too).
func generationApart(a, b string) bool {
	if len(a) != 8 || len(b) != 8 || a[4:] == b[4:] || a[4:6] == b[6:8] && a[6:8] == b[4:6] {
		return false
	}
	ya, errA := strconv.Atoi(a[:4])
	yb, errB := strconv.Atoi(b[:4])
	return errA == nil && errB == nil && max(ya-yb, yb-ya) >= generationYears
}

// monthsApart is how many calendar months two YYYYMMDD dates are apart
// (2009-12-21 and 2010-11-02: 11), or a large number when either is no
// date: a birth date entered a year off, or a month and a year, is still
// near (Splink's birth date comparison has a level for within a year too).
func monthsApart(a, b string) int {
	if len(a) < 6 || len(b) < 6 {
		return math.MaxInt
	}
	ya, errYA := strconv.Atoi(a[:4])
	ma, errMA := strconv.Atoi(a[4:6])
	yb, errYB := strconv.Atoi(b[:4])
	mb, errMB := strconv.Atoi(b[4:6])
	if errYA != nil || errMA != nil || errYB != nil || errMB != nil {
		return math.MaxInt
	}
	d := (ya*12 + ma) - (yb*12 + mb)
	return max(d, -d)
}

// generationYears is the least gap between a parent's and a child's
// birth years.
const generationYears = 15

// dayMonthSwapped: two YYYYMMDD dates that are one with day and month
// exchanged.
func dayMonthSwapped(a, b string) bool {
	return len(a) == 8 && len(b) == 8 && a[:4] == b[:4] && a[4:6] == b[6:8] && a[6:8] == b[4:6]
}

// streetTypes are the abbreviated street types of addressWords.
var streetTypes = map[string]bool{"st": true, "ave": true, "rd": true, "blvd": true, "dr": true, "ln": true,
	"pl": true, "ct": true, "ter": true, "pkwy": true, "hwy": true, "cres": true}

// EditDistanceAtMost1 reports whether a and b differ by at most one
// inserted, deleted or substituted byte, or two adjacent bytes swapped
// (the slips of typing digits).
func EditDistanceAtMost1(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	if lb-la > 1 {
		return false
	}
	i := 0
	for i < la && a[i] == b[i] {
		i++
	}
	if la == lb {
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swap
	}
	return a[i:] == b[i+1:] // insertion
}

// particlesAside: a's last name is written with particles (van, der, de:
// surnameParticles) before a surname of four letters or more that is b's
// last name: "van der Kooij" as directories sort it, "Kooij".
func particlesAside(a, b *Profile) bool {
	return utf8.RuneCountInString(a.LastCore) >= 4 && a.LastCore == b.Last
}

// oneOfTheSurnames: last is the first or the last of parts, the surnames
// of a compound last name: Spanish speakers go by the first, Portuguese
// speakers by the last.
func oneOfTheSurnames(parts []string, last string) bool {
	return len(parts) >= 2 && last != "" && (parts[0] == last || parts[len(parts)-1] == last)
}
