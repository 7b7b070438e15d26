package match

import (
	"errors"
	"strings"
	"testing"
)

func TestPhoneDigitsKey(t *testing.T) {
	cases := []struct {
		name   string
		region string
		in     []string
		want   string
	}{
		{"should key a London number one digit short by country code and digits", "GB",
			[]string{"020 7946 095", "+44 20 7946 095", "0044 20 7946 095", "(0044) 20 7946 095", "+44 (0)20 7946 095",
				"020 7946 095 ext. 12"},
			"~+44207946095"},
		{"should key a short UK number written internationally from the US", "US",
			[]string{"+44 20 7946 095", "0044 20 7946 095", "011 44 20 7946 095"}, "~+44207946095"},
		{"should key a 00 number by its country code where 00 is not the international prefix", "JP",
			[]string{"0044 20 7946 095"}, "~+44207946095"},
		{"should key a national number without a region by its digits as written", "",
			[]string{"020 7946 095", "(020) 7946-095"}, "~0207946095"},
		{"should key a German mobile with +49 that is too short", "US",
			[]string{"+49 151 123456", "0049 151 123456", "011 49 151 123456"}, "~+49151123456"},
		{"should key a Leeds number read in the US by its digits as written, not as 011 34 960647", "US",
			[]string{"01134960647", "0113 496 0647", "(0113) 496-0647"}, "~01134960647"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, in := range tc.in {
				if got := PhoneDigitsKey(in, tc.region); got != tc.want {
					t.Errorf("PhoneDigitsKey(%q, %q) = %q, want %q", in, tc.region, got, tc.want)
				}
			}
		})
	}
}

func TestPhoneDigitsKeyNone(t *testing.T) {
	cases := []struct {
		why, in, region string
	}{
		{"no digits", "n/a", "US"},
		{"no digits", "none", "US"},
		{"too few digits", "12", "US"},
		{"too few digits", "79 46 09", "GB"},
		{"a fake number of one digit", "555-555-5555", "US"},
		{"a fake number of two digits", "000-000-0001", "US"},
		{"a fake run of digits", "123-456-7890", "US"},
		{"two numbers run together", "415-555-0100 / 415-555-0101", "US"},
		{"more than any number", strings.Repeat("1", 300), "US"},
		{"text with digits", "call 020 7946 095 after six", ""},
		{"a valid number, keyed by E.164", "+44 20 7946 0958", "US"},
	}
	for _, tc := range cases {
		t.Run("should not key "+tc.why+": "+shorten(tc.in), func(t *testing.T) {
			if got := PhoneDigitsKey(tc.in, tc.region); got != "" {
				t.Fatalf("PhoneDigitsKey(%q, %q) = %q, want none", tc.in, tc.region, got)
			}
		})
	}
}

func TestPhoneKey(t *testing.T) {
	cases := []struct {
		name, in, region, fallback, want string
	}{
		{"should read 0044 as + with region US", "0044 20 7946 0958", "US", "US", "+442079460958"},
		{"should read 011 as + with region GB", "011 44 20 7946 0958", "GB", "US", "+442079460958"},
		{"should read a German number with +49 from the US", "+49 30 123456", "US", "US", "+4930123456"},
		{"should read a number valid only in the fallback there", "(415) 555-0100", "GB", "US", "+14155550100"},
		{"should key a London number one digit short by its digits", "020 7946 095", "GB", "US", "~+44207946095"},
		{"should key a national number in the fallback when the region reads none", "020 7946 095", "", "GB", "~+44207946095"},
		{"should leave garbage unkeyed", "n/a", "US", "US", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := PhoneKey(tc.in, tc.region, tc.fallback); got != tc.want {
				t.Fatalf("PhoneKey(%q, %q, %q) = %q, want %q", tc.in, tc.region, tc.fallback, got, tc.want)
			}
		})
	}
}

func TestNormalizeKeepsPhoneDigits(t *testing.T) {
	// Given a British contact whose number is one digit short
	id := Normalize(ContactFields{Phone: "020 7946 095", FirstName: "Ann", LastName: "Lee", Country: "United Kingdom"},
		Options{DefaultRegion: "US"})
	// Then it has no phone key, a weak digits key, and the phone is reported invalid
	if !id.Phone.IsZero() || id.PhoneDigits != "~+44207946095" || id.PhoneRegion != "GB" {
		t.Fatalf("Phone %+v, PhoneDigits %q in %q", id.Phone, id.PhoneDigits, id.PhoneRegion)
	}
	if !errors.Is(id.Err(), ErrInvalidPhone) || id.HasKey() {
		t.Fatalf("Err() = %v, HasKey() = %v; want an invalid phone and no key", id.Err(), id.HasKey())
	}
	// And a valid number makes no digits key
	if id := Normalize(ContactFields{Phone: "020 7946 0958", Country: "GB"}, Options{}); id.PhoneDigits != "" || id.Phone.E164 != "+442079460958" {
		t.Fatalf("valid number: Phone %+v, PhoneDigits %q", id.Phone, id.PhoneDigits)
	}
}

func TestWrittenNationally(t *testing.T) {
	for raw, want := range map[string]bool{
		"020 7946 0958":     true,  // London, or nothing, as the region says
		"06 35 38 48 03":    true,  // a French mobile
		"91745 34567":       true,  // an Indian mobile, a New York number in the US
		"+44 20 7946 0958":  false, // its country code says where
		"0044 20 7946 0958": false,
		"n/a":               false,
		"":                  false,
	} {
		if got := WrittenNationally(raw); got != want {
			t.Errorf("WrittenNationally(%q) = %v, want %v", raw, got, want)
		}
	}
}
