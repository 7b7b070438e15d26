package match

// StateKey is the comparison key of a state or province: NameKey, with the
// names of the United States' states, Canada's provinces and territories
// and Australia's states and territories written as their postal codes,
// so that "Ohio" and "OH", "New South Wales" and "NSW" agree.
func StateKey(s string) string {
	k := NameKey(s)
	if code, ok := stateCodes[k]; ok {
		return code
	}
	return k
}

// stateCodes maps the NameKey of a state's name to its postal code.
var stateCodes = map[string]string{
	// United States (USPS), the District of Columbia and Puerto Rico.
	"alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca",
	"colorado": "co", "connecticut": "ct", "delaware": "de", "florida": "fl", "georgia": "ga",
	"hawaii": "hi", "idaho": "id", "illinois": "il", "indiana": "in", "iowa": "ia",
	"kansas": "ks", "kentucky": "ky", "louisiana": "la", "maine": "me", "maryland": "md",
	"massachusetts": "ma", "michigan": "mi", "minnesota": "mn", "mississippi": "ms", "missouri": "mo",
	"montana": "mt", "nebraska": "ne", "nevada": "nv", "newhampshire": "nh", "newjersey": "nj",
	"newmexico": "nm", "newyork": "ny", "northcarolina": "nc", "northdakota": "nd", "ohio": "oh",
	"oklahoma": "ok", "oregon": "or", "pennsylvania": "pa", "rhodeisland": "ri", "southcarolina": "sc",
	"southdakota": "sd", "tennessee": "tn", "texas": "tx", "utah": "ut", "vermont": "vt",
	"virginia": "va", "washington": "wa", "westvirginia": "wv", "wisconsin": "wi", "wyoming": "wy",
	"districtofcolumbia": "dc", "puertorico": "pr",
	// Canada.
	"alberta": "ab", "britishcolumbia": "bc", "manitoba": "mb", "newbrunswick": "nb",
	"newfoundlandandlabrador": "nl", "novascotia": "ns", "ontario": "on", "princeedwardisland": "pe",
	"quebec": "qc", "saskatchewan": "sk", "northwestterritories": "nt", "nunavut": "nu", "yukon": "yt",
	// Australia.
	"newsouthwales": "nsw", "victoria": "vic", "queensland": "qld", "westernaustralia": "wa",
	"southaustralia": "sa", "tasmania": "tas", "northernterritory": "nt", "australiancapitalterritory": "act",
}
