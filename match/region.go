package match

import "strings"

// RegionOf returns the ISO 3166-1 alpha-2 region (upper-case) that a
// contact's phone number written in national format most likely belongs to,
// from the evidence the contact itself carries:
//
//  1. its country, as people write it: a name ("United Kingdom", "U.K.",
//     "Deutschland") or a code ("GB", "de"); see countryRegions;
//  2. else the country-code top-level domain of its e-mail address
//     ("x@acme.co.uk" → GB, "x@acme.de" → DE), for the ccTLDs that are used
//     for their country (ccTLDRegions); ".co", ".io", ".ai", ".me", ".tv" and
//     the like are sold to everyone and say nothing;
//  3. else fallback (the configured default region), as given.
//
// A country it does not know is no evidence: the e-mail decides, then
// fallback. It does not check that the result is a region NormalizePhone
// supports; every value in its tables is.
func RegionOf(country, email, fallback string) string {
	if r := countryRegion(country); r != "" {
		return r
	}
	if r := emailRegion(email); r != "" {
		return r
	}
	return fallback
}

// countryRegion returns the region of a country name or code, or "".
func countryRegion(country string) string {
	if isBlank(country) {
		return ""
	}
	var buf [64]byte
	key := string(joinTokens(appendFold(buf[:0], country)))
	if r, ok := countryRegions[key]; ok {
		return r
	}
	if len(key) == 2 {
		if r := strings.ToUpper(key); ValidRegion(r) {
			return r
		}
	}
	return ""
}

// emailRegion returns the region of an e-mail address's ccTLD, or "".
func emailRegion(email string) string {
	email = strings.TrimSpace(email)
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	domain := strings.TrimSuffix(email[at+1:], ".")
	dot := strings.LastIndexByte(domain, '.')
	if dot < 0 {
		return ""
	}
	return ccTLDRegions[strings.ToLower(domain[dot+1:])]
}

// countryRegions maps country names and common abbreviations, folded and
// without spaces (appendFold, joinTokens), to their region. Two-letter ISO
// codes need no entry: countryRegion accepts every supported region code.
// "uk" is here because the ISO code of the United Kingdom is GB.
var countryRegions = map[string]string{
	"uk": "GB", "unitedkingdom": "GB", "greatbritain": "GB", "britain": "GB",
	"england": "GB", "scotland": "GB", "wales": "GB", "northernireland": "GB",
	"unitedkingdomofgreatbritainandnorthernireland": "GB",

	"usa": "US", "unitedstates": "US", "unitedstatesofamerica": "US", "america": "US",

	"ireland": "IE", "republicofireland": "IE", "eire": "IE",
	"canada": "CA", "australia": "AU", "newzealand": "NZ", "southafrica": "ZA",
	"india": "IN", "singapore": "SG", "hongkong": "HK", "japan": "JP",
	"germany": "DE", "deutschland": "DE", "france": "FR", "spain": "ES",
	"espana": "ES", "italy": "IT", "italia": "IT", "portugal": "PT",
	"netherlands": "NL", "thenetherlands": "NL", "holland": "NL",
	"belgium": "BE", "switzerland": "CH", "austria": "AT", "sweden": "SE",
	"norway": "NO", "denmark": "DK", "finland": "FI", "poland": "PL",
	"mexico": "MX", "brazil": "BR", "argentina": "AR",
}

// ccTLDRegions maps the country-code top-level domains that are used for
// their country to its region. Deliberately an allow-list: ccTLDs marketed
// as generic (.co, .io, .ai, .me, .tv, .fm, .ly, .cc, .ws, .to, .gg, .so,
// .sh, .ac, ...) are left out, and so is every generic TLD.
var ccTLDRegions = map[string]string{
	"uk": "GB", "us": "US", "ie": "IE", "ca": "CA", "au": "AU", "nz": "NZ",
	"za": "ZA", "in": "IN", "sg": "SG", "hk": "HK", "jp": "JP", "de": "DE",
	"fr": "FR", "es": "ES", "it": "IT", "pt": "PT", "nl": "NL", "be": "BE",
	"ch": "CH", "at": "AT", "se": "SE", "no": "NO", "dk": "DK", "fi": "FI",
	"pl": "PL", "mx": "MX", "br": "BR", "ar": "AR",
}
