package match

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// Phone is the match key of a phone number: the number in E.164 and, apart,
// the extension. Numbers compare by E164; a switchboard shared by many people
// differs only by Extension.
type Phone struct {
	// E164 is "+" then the country code and the national significant
	// number, digits only: "+14155550100".
	E164 string
	// Extension holds the digits after "ext.", "x", "#" or ";ext=", or "".
	Extension string
}

// String returns E164, followed by ";ext=" and the extension when there is
// one (the RFC 3966 parameter form).
func (p Phone) String() string {
	if p.Extension == "" {
		return p.E164
	}
	return p.E164 + ";ext=" + p.Extension
}

// IsZero reports whether p holds no number.
func (p Phone) IsZero() bool { return p.E164 == "" }

// maxPhoneInput is phonenumbers' own cap on what it parses.
const maxPhoneInput = phonenumbers.MAX_INPUT_STRING_LENGTH

// NormalizePhone parses a phone number as people write it and returns its
// E.164 form and extension, or a *PhoneError.
//
// defaultRegion is the ISO 3166-1 alpha-2 code ("US", "GB"; any case) that a
// number in national format belongs to: "(415) 555-0100" with "US",
// "020 7946 0958" with "GB". Numbers written internationally need none:
// "+44 20 7946 0958", "tel:+1-415-555-0100", or with the "00" prefix that most
// of the world dials ("0044 20 7946 0958"), which is accepted whatever the
// default region's own international prefix is (the US dials 011; "001 415
// 555 0100" is still read as +1 415 555 0100 there).
//
// A trailing note in brackets without digits ("(mobile)", "[work]") is
// ignored. Only a number valid for its region makes a key: length and number
// range are checked against libphonenumber's metadata, so "555-555-5555" and
// "123-456-7890" are PhoneInvalid and cannot merge strangers.
//
// Parsing costs about 20 µs and 55 allocations (regular expressions inside
// phonenumbers); see BenchmarkNormalizePhone.
func NormalizePhone(raw, defaultRegion string) (Phone, error) {
	s := strings.TrimSpace(raw)
	region := upperRegion(defaultRegion)
	if s == "" {
		return Phone{}, &PhoneError{Input: raw, Region: region, Problem: PhoneEmpty}
	}
	if len(s) > maxPhoneInput {
		return Phone{}, &PhoneError{Input: raw, Region: region, Problem: PhoneTooLong}
	}
	s = stripAnnotation(s)
	if !hasDigit(s) {
		// Cheap rejection of "n/a", "-", "none" without the parser's
		// regular expressions.
		return Phone{}, &PhoneError{Input: raw, Region: region, Problem: PhoneNotANumber}
	}
	rest, doubleZero := cutDoubleZero(s)
	if doubleZero && (region == "" || phonenumbers.IsNANPACountry(region)) {
		// "00" cannot start a national number here: skip the failing parse.
		s, doubleZero = "+"+rest, false
	}
	n := &phonenumbers.PhoneNumber{}
	problem := parsePhone(s, region, n)
	if problem != 0 {
		if doubleZero {
			alt := &phonenumbers.PhoneNumber{}
			if parsePhone("+"+rest, region, alt) == 0 {
				n, problem = alt, 0
			}
		}
	}
	if problem != 0 {
		return Phone{}, &PhoneError{Input: raw, Region: region, Problem: problem}
	}
	return Phone{
		E164:      phonenumbers.Format(n, phonenumbers.E164),
		Extension: n.GetExtension(),
	}, nil
}

// parsePhone parses s into n and returns 0 when it is a valid number, else
// the problem.
func parsePhone(s, region string, n *phonenumbers.PhoneNumber) PhoneProblem {
	if err := phonenumbers.ParseToNumber(s, region, n); err != nil {
		switch {
		case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
			return PhoneNoCountryCode
		case errors.Is(err, phonenumbers.ErrTooShortNSN), errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
			return PhoneTooShort
		case errors.Is(err, phonenumbers.ErrNumTooLong):
			return PhoneTooLong
		default:
			return PhoneNotANumber
		}
	}
	// Most numbers belong to the default region; checking it first spares
	// IsValidNumber's search through every region of the country code.
	if region != "" && phonenumbers.IsValidNumberForRegion(n, region) || phonenumbers.IsValidNumber(n) {
		return 0
	}
	switch phonenumbers.IsPossibleNumberWithReason(n) {
	case phonenumbers.TOO_SHORT, phonenumbers.IS_POSSIBLE_LOCAL_ONLY:
		// A local number without its area code is too short to be a key.
		return PhoneTooShort
	case phonenumbers.TOO_LONG:
		return PhoneTooLong
	case phonenumbers.INVALID_COUNTRY_CODE:
		return PhoneNoCountryCode
	default:
		return PhoneInvalid
	}
}

// stripAnnotation removes trailing notes in brackets that hold no digit,
// "(mobile)", "[work]": the parser would read their letters as a vanity
// number.
func stripAnnotation(s string) string {
	for len(s) > 0 {
		var open byte
		switch s[len(s)-1] {
		case ')':
			open = '('
		case ']':
			open = '['
		default:
			return s
		}
		i := strings.LastIndexByte(s, open)
		if i < 0 || hasDigit(s[i:]) {
			return s
		}
		s = strings.TrimSpace(s[:i])
	}
	return s
}

// cutDoubleZero returns what follows a leading "00" international prefix,
// allowing an opening parenthesis before it: "00 44 20 ...", "(0044) 20 ...".
// A country code never starts with 0, so "000 ..." has none.
func cutDoubleZero(s string) (string, bool) {
	s = strings.TrimLeft(s, "( ")
	if len(s) < 3 || s[0] != '0' || s[1] != '0' {
		return "", false
	}
	rest := s[2:]
	i := strings.IndexAny(rest, "0123456789")
	if i < 0 || rest[i] == '0' {
		return "", false
	}
	return rest, true
}

// hasDigit reports whether s holds a decimal digit of any script (the parser
// reads Arabic-Indic and full-width digits too).
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if '0' <= c && c <= '9' {
			return true
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsDigit(r) {
				return true
			}
			i += n - 1
		}
	}
	return false
}

// upperRegion upper-cases a region code without allocating when it already
// is upper-case.
func upperRegion(r string) string {
	r = strings.TrimSpace(r)
	for i := 0; i < len(r); i++ {
		if 'a' <= r[i] && r[i] <= 'z' {
			return strings.ToUpper(r)
		}
	}
	return r
}

// ValidRegion reports whether region (any case) is a region phone numbers
// can be parsed for, as Options.Validate checks.
func ValidRegion(region string) bool {
	_, ok := supportedRegions[upperRegion(region)]
	return ok
}

var supportedRegions = phonenumbers.GetSupportedRegions()
