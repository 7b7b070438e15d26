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
// of the world dials ("0044 20 7946 0958") or NANPA's "011", which are
// accepted whatever the default region's own international prefix is (the
// US dials 011; "001 415 555 0100" is still read as +1 415 555 0100 there,
// and "011 44 20 7946 0958" as +44 20 7946 0958 in GB).
//
// A trailing note in brackets without digits ("(mobile)", "[work]") is
// ignored. Only a number valid for its region makes a key: length and number
// range are checked against libphonenumber's metadata, so "555-555-5555" and
// "123-456-7890" are PhoneInvalid and cannot merge strangers.
//
// Parsing costs about 20 µs and 55 allocations (regular expressions inside
// phonenumbers); see BenchmarkNormalizePhone.
func NormalizePhone(raw, defaultRegion string) (Phone, error) {
	region := upperRegion(defaultRegion)
	n, problem := readPhone(raw, region)
	if problem != 0 {
		return Phone{}, &PhoneError{Input: raw, Region: region, Problem: problem}
	}
	return phoneOf(n), nil
}

// readPhone reads raw in region (upper-case) as NormalizePhone does. It
// returns 0 and the number when it is valid; else the problem and the number
// the parser read all the same (PhoneDigitsKey keys it), or nil when it read
// none.
//
// An international prefix the region does not dial, "00" or "011", is read
// as "+" when the number does not read as a national one: a US writer's
// "011 44 20 7946 0958" in a British event. "0117 496 0123" in GB is
// Bristol, read nationally first.
func readPhone(raw, region string) (*phonenumbers.PhoneNumber, PhoneProblem) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, PhoneEmpty
	}
	if len(s) > maxPhoneInput {
		return nil, PhoneTooLong
	}
	s = stripAnnotation(s)
	if !hasDigit(s) {
		// Cheap rejection of "n/a", "-", "none" without the parser's
		// regular expressions.
		return nil, PhoneNotANumber
	}
	rest, prefix := cutIntlPrefix(s)
	if prefix != "" && (region == "" || phonenumbers.IsNANPACountry(region)) {
		// "00" cannot start a national number here, and NANPA's own
		// prefix is "011": skip the failing parse.
		s, prefix = "+"+rest, ""
	}
	n := &phonenumbers.PhoneNumber{}
	parsed, problem := parsePhone(s, region, n)
	if problem != 0 && prefix != "" {
		alt := &phonenumbers.PhoneNumber{}
		altParsed, altProblem := parsePhone("+"+rest, region, alt)
		// A national number hardly ever starts with "00": written so, the
		// international reading is the one to key, valid or not. Many
		// start with "011" (Bristol is 0117): only a valid international
		// reading replaces the national one.
		if altProblem == 0 || altParsed && prefix == "00" {
			n, parsed, problem = alt, altParsed, altProblem
		}
	}
	if !parsed {
		n = nil
	}
	return n, problem
}

// parsePhone parses s into n and returns whether the parser read a number,
// and 0 when it is a valid number, else the problem.
func parsePhone(s, region string, n *phonenumbers.PhoneNumber) (bool, PhoneProblem) {
	if err := phonenumbers.ParseToNumber(s, region, n); err != nil {
		switch {
		case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
			return false, PhoneNoCountryCode
		case errors.Is(err, phonenumbers.ErrTooShortNSN), errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
			return false, PhoneTooShort
		case errors.Is(err, phonenumbers.ErrNumTooLong):
			return false, PhoneTooLong
		default:
			return false, PhoneNotANumber
		}
	}
	// Most numbers belong to the default region; checking it first spares
	// IsValidNumber's search through every region of the country code.
	if region != "" && phonenumbers.IsValidNumberForRegion(n, region) || phonenumbers.IsValidNumber(n) {
		return true, 0
	}
	switch phonenumbers.IsPossibleNumberWithReason(n) {
	case phonenumbers.TOO_SHORT, phonenumbers.IS_POSSIBLE_LOCAL_ONLY:
		// A local number without its area code is too short to be a key.
		return true, PhoneTooShort
	case phonenumbers.TOO_LONG:
		return true, PhoneTooLong
	case phonenumbers.INVALID_COUNTRY_CODE:
		return true, PhoneNoCountryCode
	default:
		return true, PhoneInvalid
	}
}

// stripAnnotation removes trailing notes in brackets that hold no digit,
// "(mobile)", "[work]": the parser would read their letters as a vanity
// number. An extension in brackets, "(ext 100)", loses its brackets only:
// the parser reads "ext 100" and not "(ext 100)".
func stripAnnotation(s string) string {
	s = stripTrailingWords(s)
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
		if i < 0 {
			return s
		}
		if ext, ok := bracketedExtension(s[i+1 : len(s)-1]); ok {
			return strings.TrimSpace(s[:i]) + " ext " + ext // "(ext 100)": the brackets only
		}
		if hasDigit(s[i:]) {
			return s
		}
		s = strings.TrimSpace(s[:i])
	}
	return s
}

// bracketedExtension returns the digits of an extension written in
// brackets after a number, "(ext 100)", "(x100)", "(Ext.: 12)"; false for
// anything else.
func bracketedExtension(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	marked := false
	for _, m := range []string{"extension", "ext", "x", "#"} {
		if rest, ok := strings.CutPrefix(s, m); ok {
			s, marked = rest, true
			break
		}
	}
	s = strings.TrimLeft(s, " .:")
	if !marked || !asciiDigits(s) {
		return "", false
	}
	return s, true
}

// asciiDigits: s is one or more of the digits 0-9.
func asciiDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// stripTrailingWords removes words without a digit that follow the number
// after a space, "(415) 555-0142 cell", "+44 7700 900123 mobile phone": a
// note, like one in brackets. Only after a whole number, of at least
// minPhoneDigits digits: the letters of "1 800 FLOWERS" or "800 GOT JUNK"
// are the number's own, as those of "1-800-FLOWERS" are. An extension's
// marker has digits after it.
func stripTrailingWords(s string) string {
	for {
		s = strings.TrimRight(s, " \t.,;:")
		i := strings.LastIndexAny(s, " \t")
		if i < 0 || hasDigit(s[i+1:]) || countDigits(s[:i]) < minPhoneDigits || strings.ContainsAny(s[i+1:], "()[]") {
			return s
		}
		s = s[:i]
	}
}

// countDigits counts the decimal digits of s, of any script.
func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// cutIntlPrefix returns what follows a leading international prefix, "00"
// (most of the world) or "011" (NANPA), and the prefix, allowing an opening parenthesis
// before it: "00 44 20 ...", "(0044) 20 ...", "011 44 20 ...". A country
// code never starts with 0, so "000 ..." has none.
func cutIntlPrefix(s string) (rest, prefix string) {
	s = strings.TrimLeft(s, "( ")
	switch {
	case strings.HasPrefix(s, "00"):
		prefix = "00"
	case strings.HasPrefix(s, "011"):
		prefix = "011"
	default:
		return "", ""
	}
	rest = s[len(prefix):]
	i := strings.IndexAny(rest, "0123456789")
	if i < 0 || rest[i] == '0' {
		return "", ""
	}
	return rest, prefix
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
