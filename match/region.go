package match

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// RegionOf returns the ISO 3166-1 alpha-2 region (upper-case) that a
// contact's phone number written in national format most likely belongs to,
// from the evidence the contact itself carries:
//
//  1. its country, as people write it: a name ("United Kingdom", "U.K.",
//     "Deutschland", "日本") or a code ("GB", "de", "JPN"); see
//     countryRegion;
//  2. else the country-code top-level domain of its e-mail address
//     ("x@acme.co.uk" → GB, "x@acme.de" → DE), for the ccTLDs that are used
//     for their country (ccTLDRegions); ".co", ".io", ".ai", ".me", ".tv" and
//     the like are sold to everyone and say nothing;
//  3. else fallback (the configured default region), as given.
//
// A country it does not know is no evidence: the e-mail decides, then
// fallback. It does not check that the result is a region NormalizePhone
// supports; every value in its tables is. PhoneRegionOf adds the city.
func RegionOf(country, email, fallback string) string {
	if r := countryRegion(country); r != "" {
		return r
	}
	if r := emailRegion(email); r != "" {
		return r
	}
	return fallback
}

// PhoneRegionOf returns the region the phone number raw is read in:
// RegionOf's, unless the number is valid neither there nor in fallback
// but is in the country the contact's city names (cityRegion: "0157
// 44108841" from Nuernberg, with nothing else saying Germany). A city only
// rescues a number nothing else reads: several countries accept ten digits
// that are a US number (Hanover, New Hampshire, is a German city's name
// too), and a country or an e-mail's domain says more of the number than a
// city's name does.
func PhoneRegionOf(raw, country, city, email, fallback string) string {
	region := RegionOf(country, email, fallback)
	c := cityRegion(city)
	if c == "" || c == upperRegion(region) || c == upperRegion(fallback) || isBlank(raw) {
		return region
	}
	if validIn(raw, region) || region != fallback && validIn(raw, fallback) || !validIn(raw, c) {
		return region
	}
	return c
}

// PhoneUnplaced reports whether the phone number raw is written without its
// country code (WrittenNationally) and nothing beside it says its country:
// no country, no city that tells one, no e-mail at a country's domain
// (PhoneRegionOf with no fallback finds none). The default region reads
// such a number, as a guess.
func PhoneUnplaced(raw, country, city, email string) bool {
	return WrittenNationally(raw) && PhoneRegionOf(raw, country, city, email, "") == ""
}

// validIn: raw is a valid number as read in region.
func validIn(raw, region string) bool {
	if region == "" {
		return false
	}
	_, problem := readPhone(raw, upperRegion(region))
	return problem == 0
}

// countryRegion returns the region of a country name or code, or "": an
// ISO 3166-1 code of two letters, or of three ("JPN", "DEU"); a name that
// the Unicode CLDR gives the country in English or in one of
// regionNameLanguages ("China", "Deutschland", "日本", "Sverige"); one of
// regionAliases; or, for a name with a qualifier after a comma, the name
// before it (ISO's "Taiwan, Province of China"). Nothing else: a word that
// begins a country's name ("Caribbean", "American") names none.
func countryRegion(country string) string {
	if isBlank(country) {
		return ""
	}
	var buf [64]byte
	key := string(placeKey(buf[:0], country))
	if r, ok := regionAliases[key]; ok {
		return r
	}
	if isLetters(key) {
		switch len(key) {
		case 2:
			if r := strings.ToUpper(key); ValidRegion(r) {
				return r
			}
		case 3:
			if r, err := language.ParseRegion(key); err == nil && r.IsCountry() && ValidRegion(r.String()) {
				return r.String()
			}
		}
	}
	if r := regionNames()[key]; r != "" {
		return r
	}
	if name, _, ok := strings.Cut(country, ","); ok {
		return countryRegion(name)
	}
	return ""
}

// isLetters: s is ASCII letters only (an ISO code, not UN M.49's digits).
func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// regionAliases maps what people write for a country that CLDR's names
// do not hold, folded and without spaces (appendFold, joinTokens), to its
// region: the United Kingdom's nations and its customary code (its ISO
// code is GB), ISO's long names, everyday names beside the official ones,
// and Hong Kong's and Macao's names as people and the UN write them
// ("Hong Kong SAR", "China, Hong Kong SAR"; CLDR's is "Hong Kong SAR
// China").
var regionAliases = map[string]string{
	"uk": "GB", "greatbritain": "GB", "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
	"northernireland": "GB", "unitedkingdomofgreatbritainandnorthernireland": "GB",
	"america": "US", "unitedstatesofamerica": "US",
	"thenetherlands": "NL", "republicofireland": "IE", "eire": "IE",
	"hongkongsar": "HK", "macaosar": "MO", "macausar": "MO", "chinahongkongsar": "HK", "chinamacaosar": "MO",
}

// regionNameLanguages are the languages whose CLDR names of every country
// countryRegion reads, beside English and each country's own main
// language: those of the regions most contacts come from.
var regionNameLanguages = []language.Tag{
	language.German, language.French, language.Spanish, language.Italian, language.Portuguese,
	language.Dutch, language.Swedish, language.Danish, language.Norwegian, language.Finnish,
	language.Polish, language.Czech, language.Russian, language.Turkish, language.Greek,
	language.Japanese, language.Chinese, language.Korean, language.Hindi, language.Arabic, language.Hebrew,
}

// regionNames maps the folded CLDR names (appendFold, joinTokens) of every
// region NormalizePhone supports to the region; a name two regions bear
// in some language is neither's. It is made once, at the first call, from
// the CLDR data of golang.org/x/text.
var regionNames = sync.OnceValue(func() map[string]string {
	byName := map[string]string{}
	ambiguous := map[string]bool{}
	add := func(name, region string) {
		var buf [128]byte
		key := string(placeKey(buf[:0], name))
		if key == "" || ambiguous[key] {
			return
		}
		if r, ok := byName[key]; ok && r != region {
			delete(byName, key)
			ambiguous[key] = true
			return
		}
		byName[key] = region
	}
	namers := []display.Namer{display.English.Regions()}
	for _, t := range regionNameLanguages {
		if nm := display.Regions(t); nm != nil {
			namers = append(namers, nm)
		}
	}
	for code := range supportedRegions {
		reg, err := language.ParseRegion(code)
		if err != nil {
			continue
		}
		for _, nm := range namers {
			add(nm.Name(reg), code)
		}
		if own, err := language.Compose(language.Und, reg); err == nil {
			if base, conf := own.Base(); conf != language.No {
				if nm := display.Regions(language.Make(base.String())); nm != nil {
					add(nm.Name(reg), code)
				}
			}
		}
	}
	return byName
})

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
