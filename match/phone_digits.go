package match

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// PhoneDigitsPrefix starts every phone digits key (PhoneDigitsKey). An
// E.164 key starts with '+', so the two never collide in one index.
const PhoneDigitsPrefix = "~"

// Bounds of a plausible phone number, in digits: a national significant
// number of fewer than 7 digits is a local or short number that many
// people share; E.164 allows 15 digits with the country code.
const (
	minPhoneDigits = 7
	maxPhoneDigits = 15
)

// IsPhoneDigitsKey reports whether key is a PhoneDigitsKey rather than an
// E.164 number.
func IsPhoneDigitsKey(key string) bool { return strings.HasPrefix(key, PhoneDigitsPrefix) }

// PhoneDigitsKey returns the weak match key of a phone number that
// NormalizePhone refuses but that looks like one: a CRM stores any phone
// text, and the same person writes the same wrong number again. It is "" for
// a valid number (its key is the E.164 form), for one without a plausible
// number of digits (7 to 15; "n/a", "12", two numbers run together) and for
// a fake one ("555-555-5555", "123-456-7890": fewer than three distinct
// digits, or a run).
//
// Format: PhoneDigitsPrefix, then "+", the country code and the national
// significant number when the number was written with a country code or
// read in region ("020 7946 095" in GB, "+44 20 7946 095" and
// "0044 20 7946 095" in US are all "~+44207946095"); else the digits as
// written ("~0207946095" without a region). The extension is left out.
//
// The key names the digits, not a line: index it as a phone, never as
// evidence stronger than a phone whose holder's name agrees.
func PhoneDigitsKey(raw, region string) string {
	n, problem := readPhone(raw, upperRegion(region))
	if problem == 0 {
		return ""
	}
	return digitsKey(n, raw)
}

// digitsKey is the PhoneDigitsKey of raw, which the parser read as n
// (invalid), or could not read (nil). A reading too short or too long to
// be a number ("01134960647", a Leeds number, read in the US as 011 34
// 960647) gives way to the digits as written: the same number written
// again meets itself.
func digitsKey(n *phonenumbers.PhoneNumber, raw string) string {
	if n != nil {
		if k := readDigitsKey(n, raw); k != "" {
			return k
		}
	}
	return readDigitsKey(nil, raw)
}

// readDigitsKey is digitsKey's key of one reading: n's country code and
// national number, or without n the digits as written.
func readDigitsKey(n *phonenumbers.PhoneNumber, raw string) string {
	var cc, nsn string
	if n != nil {
		cc, nsn = strconv.Itoa(int(n.GetCountryCode())), phonenumbers.GetNationalSignificantNumber(n)
	} else {
		// No country code and no region: the digits as written, when the
		// text is nothing but a number.
		s := strings.TrimSpace(raw)
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case '0' <= c && c <= '9':
				b.WriteByte(c)
			case strings.IndexByte(" ()-./", c) < 0:
				return ""
			}
		}
		nsn = b.String()
	}
	if len(nsn) < minPhoneDigits || len(cc)+len(nsn) > maxPhoneDigits || fakeDigits(nsn) {
		return ""
	}
	if cc == "" {
		return PhoneDigitsPrefix + nsn
	}
	return PhoneDigitsPrefix + "+" + cc + nsn
}

// fakeDigits reports digits people type when they will not give a number:
// fewer than three distinct digits ("5555555555", "0000000"), or a run up or
// down ("1234567890", "9876543").
func fakeDigits(d string) bool {
	var seen [10]bool
	distinct, up, down := 0, true, true
	for i := 0; i < len(d); i++ {
		c := d[i] - '0'
		if !seen[c] {
			seen[c], distinct = true, distinct+1
		}
		if i > 0 {
			prev := d[i-1] - '0'
			up = up && c == (prev+1)%10
			down = down && prev == (c+1)%10
		}
	}
	return distinct < 3 || up || down
}

// PhoneKey returns the match key of a phone number as written: its E.164
// form when it is valid in region or, failing that, in fallback (the
// configured default region); else its PhoneDigitsKey in region (in
// fallback when region reads no number); "" when it is neither. This is
// how Normalize keys Identifiers.Phone and Identifiers.PhoneDigits, for
// keying records the same way.
func PhoneKey(raw, region, fallback string) string {
	p, _, digits, _ := readPhoneLeniently(raw, region, fallback)
	if !p.IsZero() {
		return p.E164
	}
	return digits
}

// readPhoneLeniently reads raw in region, then in fallback: the number and
// the region it is valid in; else the digits key of the first reading that
// read a number and the first reading's *PhoneError.
func readPhoneLeniently(raw, region, fallback string) (p Phone, readIn, digits string, err error) {
	region, fallback = upperRegion(region), upperRegion(fallback)
	n, problem := readPhone(raw, region)
	if problem == 0 {
		return phoneOf(n), region, "", nil
	}
	err = &PhoneError{Input: raw, Region: region, Problem: problem}
	if problem == PhoneEmpty || problem == PhoneNotANumber {
		return Phone{}, "", "", err
	}
	if fallback != region {
		// The country may be where the company is, the number from home:
		// a number valid only in the default region is read there.
		fn, fproblem := readPhone(raw, fallback)
		if fproblem == 0 {
			return phoneOf(fn), fallback, "", nil
		}
		if n == nil && fn != nil {
			return Phone{}, fallback, digitsKey(fn, raw), err
		}
	}
	if digits = digitsKey(n, raw); digits != "" {
		readIn = region
	}
	return Phone{}, readIn, digits, err
}

func phoneOf(n *phonenumbers.PhoneNumber) Phone {
	return Phone{E164: phonenumbers.Format(n, phonenumbers.E164), Extension: n.GetExtension()}
}

// PhoneBlockKeys returns the fuzzy blocking keys of a phone key (an E.164
// number or a PhoneDigitsKey): "^" and its first 10 digits, country code
// included, and "$" and its last 7 digits; none for a number of fewer than
// 7 digits. A number with a digit dropped or added at the end ("+1
// 510-555-43906", "(919) 555-649") meets the number it was meant to be
// under the first; one written without its country code or area code, or
// read in the wrong region ("(08) 7010 0199" read in the US), under the
// second. The scorer decides whether they are one (KindPhone's close
// level).
func PhoneBlockKeys(phoneKey string) []string {
	d := strings.TrimPrefix(strings.TrimPrefix(phoneKey, PhoneDigitsPrefix), "+")
	if len(d) < minPhoneDigits {
		return nil
	}
	keys := []string{"$" + d[len(d)-minPhoneDigits:]}
	if len(d) >= phoneBlockDigits {
		keys = append(keys, "^"+d[:phoneBlockDigits])
	}
	return keys
}

// phoneBlockDigits is how many leading digits PhoneBlockKeys keeps.
const phoneBlockDigits = 10

// RegionOfNumber returns the region (ISO 3166-1 alpha-2) of a valid
// E.164 number, or "" when it names none: for a country code that several
// regions share (+1, +44 with its crown dependencies) the region the number
// belongs to.
func RegionOfNumber(e164 string) string {
	if !strings.HasPrefix(e164, "+") {
		return ""
	}
	n, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return ""
	}
	return phonenumbers.GetRegionCodeForNumber(n)
}

// ReadsAs reports whether raw, read in region, is the valid number e164:
// a number written in national format ("0160 19684618") is the German
// mobile "+4916019684618" when read in DE.
func ReadsAs(raw, region, e164 string) bool {
	n, problem := readPhone(raw, upperRegion(region))
	return problem == 0 && phonenumbers.Format(n, phonenumbers.E164) == e164
}

// WrittenNationally reports whether the phone number raw is written
// without its country code, so that what it reads as depends on the region
// ("020 7946 0958", "06 35 38 48 03", "(415) 555-0142"): its first
// character that is no space or bracket is a digit, and it does not begin
// with an international prefix ("0044 20 7946 0958", "011 44 20 7946
// 0958"; "+44 20 7946 0958" begins with "+"). Text without digits is not.
// It reads the text only, parsing nothing: it runs for every event with a
// phone.
func WrittenNationally(raw string) bool {
	s := strings.TrimLeft(raw, " \t(")
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	return !strings.HasPrefix(s, "00") && !strings.HasPrefix(s, "011")
}

// NationalDigits returns the national significant number of a valid E.164
// number (+13152114275: "3152114275"), or "" when e164 is none.
func NationalDigits(e164 string) string {
	if !strings.HasPrefix(e164, "+") {
		return ""
	}
	n, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return ""
	}
	return phonenumbers.GetNationalSignificantNumber(n)
}

// IsMobileNumber reports whether the valid E.164 number e164 is a mobile
// one by its country's numbering plan (+447700900123, +33612345678): one
// person's, where a fixed line may be a household's or an office's
// switchboard. A plan that does not tell mobiles apart (the United States',
// FIXED_LINE_OR_MOBILE) says no.
func IsMobileNumber(e164 string) bool {
	if !strings.HasPrefix(e164, "+") || strings.HasPrefix(e164, "+1") {
		return false // no number, or the North American plan's: no parse
	}
	n, err := phonenumbers.Parse(e164, "")
	return err == nil && phonenumbers.GetNumberType(n) == phonenumbers.MOBILE
}
