package demo

// place is a city where companies sit and people work, with the phone
// numbering that goes with it.
type place struct {
	city string
	// region is the US state; empty in the UK.
	region string
	// postcode starts every postcode there: the first three digits of a US
	// ZIP code, or a UK outward code.
	postcode string
	// national is what precedes the line number in national format: the US
	// area code and exchange ("415 555"), or the UK trunk prefix, area code
	// and the fixed part of the number ("020 7946 0").
	national string
	uk       bool
	// country names a place outside the US and the UK ("Germany"), and cc
	// is its country calling code ("49"); both empty in the US and the UK.
	country, cc string
}

// lines is how many line numbers a place has: 0100–9999 after a US
// 555 exchange, 000–999 in a UK drama range, 0000–9999 abroad.
func (p *place) lines() int {
	if p.uk {
		return 1000
	}
	if p.cc != "" {
		return 10000
	}
	return 9900
}

// usPlaces are US cities with one of their area codes. Numbers there use
// the 555 exchange, which NANPA keeps out of service (0100–0199 are reserved
// for fiction outright); libphonenumber accepts them as valid.
var usPlaces = []place{
	{city: "New York", region: "NY", postcode: "100", national: "212 555"},
	{city: "Brooklyn", region: "NY", postcode: "112", national: "718 555"},
	{city: "San Francisco", region: "CA", postcode: "941", national: "415 555"},
	{city: "Palo Alto", region: "CA", postcode: "943", national: "650 555"},
	{city: "San Jose", region: "CA", postcode: "951", national: "408 555"},
	{city: "Oakland", region: "CA", postcode: "946", national: "510 555"},
	{city: "Los Angeles", region: "CA", postcode: "900", national: "213 555"},
	{city: "Santa Monica", region: "CA", postcode: "904", national: "310 555"},
	{city: "San Diego", region: "CA", postcode: "921", national: "619 555"},
	{city: "Seattle", region: "WA", postcode: "981", national: "206 555"},
	{city: "Bellevue", region: "WA", postcode: "980", national: "425 555"},
	{city: "Portland", region: "OR", postcode: "972", national: "503 555"},
	{city: "Chicago", region: "IL", postcode: "606", national: "312 555"},
	{city: "Boston", region: "MA", postcode: "021", national: "617 555"},
	{city: "Waltham", region: "MA", postcode: "024", national: "781 555"},
	{city: "Washington", region: "DC", postcode: "200", national: "202 555"},
	{city: "Arlington", region: "VA", postcode: "222", national: "703 555"},
	{city: "Philadelphia", region: "PA", postcode: "191", national: "215 555"},
	{city: "Pittsburgh", region: "PA", postcode: "152", national: "412 555"},
	{city: "Atlanta", region: "GA", postcode: "303", national: "404 555"},
	{city: "Miami", region: "FL", postcode: "331", national: "305 555"},
	{city: "Orlando", region: "FL", postcode: "328", national: "407 555"},
	{city: "Tampa", region: "FL", postcode: "336", national: "813 555"},
	{city: "Dallas", region: "TX", postcode: "752", national: "214 555"},
	{city: "Austin", region: "TX", postcode: "787", national: "512 555"},
	{city: "Houston", region: "TX", postcode: "770", national: "713 555"},
	{city: "San Antonio", region: "TX", postcode: "782", national: "210 555"},
	{city: "Denver", region: "CO", postcode: "802", national: "303 555"},
	{city: "Phoenix", region: "AZ", postcode: "850", national: "602 555"},
	{city: "Scottsdale", region: "AZ", postcode: "852", national: "480 555"},
	{city: "Las Vegas", region: "NV", postcode: "891", national: "702 555"},
	{city: "Salt Lake City", region: "UT", postcode: "841", national: "801 555"},
	{city: "Minneapolis", region: "MN", postcode: "554", national: "612 555"},
	{city: "St. Louis", region: "MO", postcode: "631", national: "314 555"},
	{city: "Kansas City", region: "MO", postcode: "641", national: "816 555"},
	{city: "Detroit", region: "MI", postcode: "482", national: "313 555"},
	{city: "Cleveland", region: "OH", postcode: "441", national: "216 555"},
	{city: "Columbus", region: "OH", postcode: "432", national: "614 555"},
	{city: "Cincinnati", region: "OH", postcode: "452", national: "513 555"},
	{city: "Indianapolis", region: "IN", postcode: "462", national: "317 555"},
	{city: "Milwaukee", region: "WI", postcode: "532", national: "414 555"},
	{city: "Nashville", region: "TN", postcode: "372", national: "615 555"},
	{city: "Charlotte", region: "NC", postcode: "282", national: "704 555"},
	{city: "Raleigh", region: "NC", postcode: "276", national: "919 555"},
	{city: "Richmond", region: "VA", postcode: "232", national: "804 555"},
	{city: "Baltimore", region: "MD", postcode: "212", national: "410 555"},
	{city: "Jersey City", region: "NJ", postcode: "073", national: "201 555"},
	{city: "Newark", region: "NJ", postcode: "071", national: "973 555"},
	{city: "Stamford", region: "CT", postcode: "069", national: "203 555"},
	{city: "Providence", region: "RI", postcode: "029", national: "401 555"},
	{city: "Honolulu", region: "HI", postcode: "968", national: "808 555"},
	{city: "Anchorage", region: "AK", postcode: "995", national: "907 555"},
}

// ukPlaces are UK cities with the range Ofcom reserves there for drama
// (numbers guaranteed never to be allocated) that libphonenumber still
// accepts as valid. 0115 496 and 07700 900 are left out: libphonenumber
// rejects them.
var ukPlaces = []place{
	{city: "London", postcode: "EC2A", national: "020 7946 0", uk: true},
	{city: "Manchester", postcode: "M1", national: "0161 496 0", uk: true},
	{city: "Leeds", postcode: "LS1", national: "0113 496 0", uk: true},
	{city: "Sheffield", postcode: "S1", national: "0114 496 0", uk: true},
	{city: "Leicester", postcode: "LE1", national: "0116 496 0", uk: true},
	{city: "Bristol", postcode: "BS1", national: "0117 496 0", uk: true},
	{city: "Reading", postcode: "RG1", national: "0118 496 0", uk: true},
	{city: "Birmingham", postcode: "B1", national: "0121 496 0", uk: true},
	{city: "Edinburgh", postcode: "EH1", national: "0131 496 0", uk: true},
	{city: "Glasgow", postcode: "G1", national: "0141 496 0", uk: true},
	{city: "Liverpool", postcode: "L1", national: "0151 496 0", uk: true},
	{city: "Newcastle upon Tyne", postcode: "NE1", national: "0191 498 0", uk: true},
	{city: "Belfast", postcode: "BT1", national: "028 9649 6", uk: true},
	{city: "Cardiff", postcode: "CF10", national: "029 2018 0", uk: true},
}
