package match

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	cases := []struct {
		name   string
		region string
		in     []string
		want   Phone
	}{
		{"should read US national, international and 00 forms as one number", "US",
			[]string{"+1 (415) 555-0100", "415.555.0100", "(415) 555-0100", "001 415 555 0100",
				"+14155550100", "1-415-555-0100", "011 1 415 555 0100", " tel:+1-415-555-0100 ",
				"(415) 555-0100 cell", "415.555.0100 mobile phone", "415-555-0100 (work)"},
			Phone{E164: "+14155550100"}},
		{"should accept a lower-case region", "us",
			[]string{"(415) 555-0100"}, Phone{E164: "+14155550100"}},
		{"should read the 00 prefix without a default region", "",
			[]string{"001 415 555 0100", "+1 415 555 0100", "(001) 415 555 0100"},
			Phone{E164: "+14155550100"}},
		{"should read a UK national number with GB", "GB",
			[]string{"020 7946 0958", "+44 20 7946 0958", "0044 20 7946 0958", "+44 (0)20 7946 0958"},
			Phone{E164: "+442079460958"}},
		{"should read a UK number written internationally from the US", "US",
			[]string{"+44 20 7946 0958", "011 44 20 7946 0958", "0044 20 7946 0958"},
			Phone{E164: "+442079460958"}},
		{"should read NANPA's 011 prefix as + where it is not a national number", "GB",
			[]string{"011 44 20 7946 0958", "(011) 44 20 7946 0958"}, Phone{E164: "+442079460958"}},
		{"should read 011 nationally first where it is an area code (Bristol)", "GB",
			[]string{"0117 496 0123"}, Phone{E164: "+441174960123"}},
		{"should read NANPA's 011 prefix without a default region", "",
			[]string{"011 44 20 7946 0958"}, Phone{E164: "+442079460958"}},
		{"should keep extensions apart", "US",
			[]string{"+1 415-555-0100 ext. 12", "415-555-0100 x12", "+14155550100;ext=12",
				"415-555-0100 (ext 12)", "415-555-0100 (x12)", "415-555-0100 (Ext.: 12)",
				"(415) 555-0100 extension 12", "415 555 0100 #12", "415.555.0100 ext 12"},
			Phone{E164: "+14155550100", Extension: "12"}},
		{"should read a German number", "DE",
			[]string{"030 123456", "+49 30 123456", "0049 30 123456"}, Phone{E164: "+4930123456"}},
		{"should keep the Italian leading zero", "IT",
			[]string{"06 1234 5678", "+39 06 1234 5678"}, Phone{E164: "+390612345678"}},
		{"should read a French mobile", "FR",
			[]string{"06 12 34 56 78", "+33 6 12 34 56 78"}, Phone{E164: "+33612345678"}},
		{"should read vanity letters", "US",
			[]string{"1-800-FLOWERS", "1 800 FLOWERS", "+1 800 FLOWERS"}, Phone{E164: "+18003569377"}},
		{"should ignore labels and bracketed notes", "US",
			[]string{"Tel: 415-555-0100", "+1 415 555 0100 (mobile)", "(415) 555-0100 [work] (main)"},
			Phone{E164: "+14155550100"}},
		{"should read full-width digits", "US",
			[]string{"４１５５５５０１００"}, Phone{E164: "+14155550100"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, in := range tc.in {
				got, err := NormalizePhone(in, tc.region)
				if err != nil || got != tc.want {
					t.Errorf("NormalizePhone(%q, %q) = %+v, %v; want %+v", in, tc.region, got, err, tc.want)
				}
			}
		})
	}
}

func TestNormalizePhoneInvalid(t *testing.T) {
	cases := []struct {
		in, region string
		want       PhoneProblem
	}{
		{"", "US", PhoneEmpty},
		{"   ", "US", PhoneEmpty},
		{"n/a", "US", PhoneNotANumber},
		{"none", "US", PhoneNotANumber},
		{"🙂", "US", PhoneNotANumber},
		{"(mobile)", "US", PhoneNotANumber},
		{"415-555-0100 / 415-555-0101", "US", PhoneTooLong},
		{"12", "US", PhoneTooShort},
		{"555-0100", "US", PhoneTooShort},
		{"555-555-5555", "US", PhoneInvalid},
		{"123-456-7890", "US", PhoneInvalid},
		{"000-000-0000", "US", PhoneInvalid},
		{"+1 415 555 0100 0100 0100", "US", PhoneTooLong},
		{"020 7946 0958", "", PhoneNoCountryCode},
		{"020 7946 0958", "XX", PhoneNoCountryCode},
		{"+999 123 456 789", "US", PhoneNoCountryCode},
		{strings.Repeat("1", 300), "US", PhoneTooLong},
		{"'); DROP TABLE contacts;--", "US", PhoneNotANumber},
	}
	for _, tc := range cases {
		t.Run("should refuse "+tc.want.String()+": "+shorten(tc.in), func(t *testing.T) {
			got, err := NormalizePhone(tc.in, tc.region)
			var pe *PhoneError
			if !errors.As(err, &pe) || pe.Problem != tc.want {
				t.Fatalf("NormalizePhone(%q, %q) = %+v, %v; want problem %q", tc.in, tc.region, got, err, tc.want)
			}
			if !errors.Is(err, ErrInvalidPhone) || pe.Input != tc.in || !got.IsZero() {
				t.Errorf("error %v does not wrap ErrInvalidPhone or lost its input", err)
			}
		})
	}
}

func TestPhoneString(t *testing.T) {
	if s := (Phone{E164: "+14155550100", Extension: "12"}).String(); s != "+14155550100;ext=12" {
		t.Errorf("String() = %q", s)
	}
	if s := (Phone{E164: "+14155550100"}).String(); s != "+14155550100" {
		t.Errorf("String() = %q", s)
	}
}

func TestValidRegion(t *testing.T) {
	for _, r := range []string{"US", "gb", "De", " FR "} {
		if !ValidRegion(r) {
			t.Errorf("ValidRegion(%q) = false", r)
		}
	}
	for _, r := range []string{"", "XX", "USA", "ZZ"} {
		if ValidRegion(r) {
			t.Errorf("ValidRegion(%q) = true", r)
		}
	}
}

func TestNormalizePhoneConcurrently(t *testing.T) {
	// phonenumbers keeps a shared regexp cache; -race checks it is guarded.
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				if p, err := NormalizePhone("020 7946 0958", "GB"); err != nil || p.E164 != "+442079460958" {
					t.Errorf("got %+v, %v", p, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
