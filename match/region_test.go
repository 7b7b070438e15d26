package match

import "testing"

func TestRegionOf(t *testing.T) {
	cases := []struct {
		name, country, email, fallback, want string
	}{
		{"should read a country name", "United Kingdom", "", "US", "GB"},
		{"should read a country name in any case and punctuation", " u.k. ", "", "US", "GB"},
		{"should read an ISO code", "de", "", "US", "DE"},
		{"should read an ISO code of three letters", "JPN", "", "US", "JP"},
		{"should read a name CLDR gives in English", "China", "", "US", "CN"},
		{"should read a name CLDR gives in the country's language", "Sverige", "", "US", "SE"},
		{"should read a name in another script", "日本", "", "US", "JP"},
		{"should read a name in another language", "Allemagne", "", "US", "DE"},
		{"should read a CLDR name without its country after SAR", "Hong Kong SAR", "", "US", "HK"},
		{"should read the name before a qualifier", "Taiwan, Province of China", "", "US", "TW"},
		{"should take a word that begins a name as no evidence", "Caribbean", "", "US", "US"},
		{"should take a few letters of a name as no evidence", "Рос", "", "US", "US"},
		{"should take a number as no evidence", "276", "", "US", "US"},
		{"should prefer the country to the e-mail", "Ireland", "x@acme.co.uk", "US", "IE"},
		{"should read the e-mail's country domain without a country", "", "Eowens@Dunebuggyrentals.Co.Uk", "US", "GB"},
		{"should read a country domain of one label", "", "anna@firma.de", "US", "DE"},
		{"should fall back for a generic top-level domain", "", "bob@acme.com", "US", "US"},
		{"should fall back for a ccTLD sold as generic", "", "bob@acme.io", "US", "US"},
		{"should fall back for .co, which is not Colombia in an e-mail", "", "bryan@moorlandwool.co", "US", "US"},
		{"should take an unknown country as no evidence", "Atlantis", "x@acme.co.uk", "US", "GB"},
		{"should fall back without any evidence", "", "", "CA", "CA"},
		{"should fall back for an address without a domain", "", "not an address", "US", "US"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := RegionOf(c.country, c.email, c.fallback); got != c.want {
				t.Fatalf("RegionOf(%q, %q, %q) = %q, want %q", c.country, c.email, c.fallback, got, c.want)
			}
		})
	}
}

func TestPhoneRegionOf(t *testing.T) {
	cases := []struct {
		name, phone, country, city, email, want string
	}{
		{"should read a number nothing else reads in the city's country", "0157 44108841", "", "Nuernberg", "", "DE"},
		{"should read a city's name in any case and spacing", "069 3548 9292", "", " FRANKFURT am main ", "", "DE"},
		{"should keep a number the default region reads, whatever the city", "(603) 646-1110", "", "Hanover", "", "US"},
		{"should keep a number the e-mail's country domain reads", "01205 314200", "", "Boston", "x@acme.co.uk", "GB"},
		{"should prefer the country to the city", "(416) 736-2100", "Canada", "Berlin", "", "CA"},
		{"should read in the city's country a number the country reads invalid", "0157 44108841", "Canada", "Berlin", "", "DE"},
		{"should take a city two countries share as no evidence", "0161 496 0000", "", "Manchester", "", "US"},
		{"should take an unknown city as no evidence", "0157 44108841", "", "New Thomasville", "", "US"},
		{"should keep the region when the city's country reads it invalid too", "12", "", "Berlin", "", "US"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := PhoneRegionOf(c.phone, c.country, c.city, c.email, "US"); got != c.want {
				t.Fatalf("PhoneRegionOf(%q, %q, %q, %q, US) = %q, want %q", c.phone, c.country, c.city, c.email, got, c.want)
			}
		})
	}
}

func TestNormalizePhoneRegion(t *testing.T) {
	us := Options{DefaultRegion: "US"}
	cases := []struct {
		name        string
		c           ContactFields
		wantE164    string
		wantRegion  string
		wantInvalid bool
	}{
		{"should read a UK national number in GB when the country says so",
			ContactFields{Phone: "0191 498 0490", Country: "United Kingdom"}, "+441914980490", "GB", false},
		{"should read a UK national number in GB when the e-mail is at a .uk domain",
			ContactFields{Phone: "01614960004", Email: "m.armstrong@ivyleaguetutors.co.uk"}, "+441614960004", "GB", false},
		{"should read a Japanese national number in JP when the country is its ISO code of three letters",
			ContactFields{Phone: "03-3224-9999", Country: "JPN"}, "+81332249999", "JP", false},
		{"should read a Chinese national number in CN when the country is written in Chinese",
			ContactFields{Phone: "010 6552 9988", Country: "中国"}, "+861065529988", "CN", false},
		{"should read a 00 international number whatever the region",
			ContactFields{Phone: "0044 191 498 0490"}, "+441914980490", "US", false},
		{"should read a US number in the default region when the GB reading is invalid",
			ContactFields{Phone: "(415) 555-0100", Country: "United Kingdom"}, "+14155550100", "US", false},
		{"should read a German mobile in DE when the city is Nuremberg, however written",
			ContactFields{Phone: "0157 44108841", City: "Nuernberg"}, "+4915744108841", "DE", false},
		{"should read a US number in the default region when the city's country reads it invalid",
			ContactFields{Phone: "(603) 555-0142", City: "Paris"}, "+16035550142", "US", false},
		{"should not read a UK national number in the default region US, only key its digits there",
			ContactFields{Phone: "0191 498 0490"}, "", "US", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Given a contact with a phone, When it is normalized with default region US
			id := Normalize(c.c, us)
			// Then the number is read in the region its own evidence names
			if id.Phone.E164 != c.wantE164 || id.PhoneRegion != c.wantRegion || (len(id.Invalid) > 0) != c.wantInvalid {
				t.Fatalf("Phone %q in %q, invalid %v; want %q in %q", id.Phone.E164, id.PhoneRegion, id.Invalid, c.wantE164, c.wantRegion)
			}
		})
	}
}
