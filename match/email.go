package match

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// EmailKey is the match key of an e-mail address, "local@domain": lower-case,
// NFC, with the provider rules applied. Two addresses that reach the same
// mailbox by a documented provider rule have the same key; nothing else is
// assumed. Compare keys only with keys.
type EmailKey string

// Limits from RFC 5321 (section 4.5.3.1): a path holds at most 256 octets
// including the angle brackets, hence 254 for the address; local parts and
// labels have their own caps.
const (
	maxEmailLen  = 254
	maxLocalLen  = 64
	maxLabelLen  = 63
	maxDomainLen = 253
)

// NormalizeEmail returns the match key of an address, or an *EmailError that
// says why it has none.
//
// Accepted: the dot-atom form of RFC 5322 with UTF-8 letters and digits
// (RFC 6531), surrounded by white space, optionally as "mailto:addr",
// "<addr>" or "Display Name <addr>", the first of several separated by
// commas, semicolons or spaces (EmailAddress). Refused: quoted local
// parts, comments, IP-literal domains and single-label domains, none of
// which a CRM contact plausibly holds.
//
// The key is lower-cased (local parts are case-sensitive in theory, never in
// practice), the domain loses a trailing dot, non-ASCII text is NFC-normalized
// (IDN domains are kept in Unicode, not converted to punycode, so "bücher.de"
// and "xn--bcher-kva.de" have different keys).
//
// Provider rules, only where the provider documents the aliasing for every
// address of the domain: gmail.com and googlemail.com ignore dots and "+tag"
// and share the domain gmail.com; the Outlook.com domains (outlook, hotmail,
// live, msn, at every country domain: hotmail.nl), iCloud (icloud.com,
// me.com, mac.com), Fastmail, Proton (proton.me, protonmail.com, pm.me) and
// Yahoo (yahoo.com, yahoo.co.uk, ymail.com) ignore "+tag" (providerRuleOf).
// Any other domain keeps its local part as written: "r.smith@acmecorp.com"
// keeps its dot and "+tag".
//
// NormalizeEmail is idempotent: a key normalizes to itself.
func NormalizeEmail(s string) (EmailKey, error) {
	addr := trimEmail(s)
	if addr == "" {
		return "", &EmailError{Input: s, Problem: EmailEmpty}
	}
	if len(addr) > 4*maxEmailLen { // bound the work before the Unicode path
		return "", &EmailError{Input: s, Problem: EmailTooLong}
	}
	if !isASCII(addr) {
		addr = strings.ToLower(addr)
		if !norm.NFC.IsNormalString(addr) {
			addr = norm.NFC.String(addr)
		}
	}
	if strings.IndexByte(addr, '@') < 0 && noAddress(addr) {
		return "", &EmailError{Input: s, Problem: EmailPlaceholder}
	}
	if hasSpace(addr) {
		return "", &EmailError{Input: s, Problem: EmailSpace}
	}
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return "", &EmailError{Input: s, Problem: EmailNoAt}
	}
	local, domain := addr[:at], addr[at+1:]
	domain = strings.TrimSuffix(domain, ".")
	switch {
	case local == "":
		return "", &EmailError{Input: s, Problem: EmailEmptyLocal}
	case domain == "":
		return "", &EmailError{Input: s, Problem: EmailEmptyDomain}
	case len(local) > maxLocalLen || len(local)+1+len(domain) > maxEmailLen:
		return "", &EmailError{Input: s, Problem: EmailTooLong}
	case !validLocal(local):
		return "", &EmailError{Input: s, Problem: EmailInvalidLocal}
	case !validDomain(domain):
		return "", &EmailError{Input: s, Problem: EmailInvalidDomain}
	}

	// The key is written lower-cased into buf; it is never longer than
	// local@domain, which is at most maxEmailLen bytes.
	var buf [maxEmailLen]byte
	d := appendLowerASCII(buf[:0], domain)
	rule := providerRuleOf(string(d))
	if rule.canonical != "" {
		domain = rule.canonical
	}
	b := appendLocalKey(buf[:0], local, rule)
	b = append(b, '@')
	b = appendLowerASCII(b, domain)
	if placeholderAddress(b) {
		return "", &EmailError{Input: s, Problem: EmailPlaceholder}
	}
	if len(b) <= len(addr) && string(b) == addr[:len(b)] {
		return EmailKey(addr[:len(b)]), nil // already a key: no allocation
	}
	return EmailKey(b), nil
}

// EmailDomain returns the domain of an e-mail key: everything after the last
// '@', or "" without one.
func EmailDomain(key EmailKey) string {
	at := strings.LastIndexByte(string(key), '@')
	if at < 0 {
		return ""
	}
	return string(key[at+1:])
}

// EmailLocal returns the local part of an e-mail key: everything before the
// last '@', or the whole key without one.
func EmailLocal(key EmailKey) string {
	at := strings.LastIndexByte(string(key), '@')
	if at < 0 {
		return string(key)
	}
	return string(key[:at])
}

// appendLocalKey appends the key form of a local part under a provider rule,
// lower-casing ASCII on the way.
func appendLocalKey(b []byte, local string, rule providerRule) []byte {
	if rule.dropTag {
		// A local part that starts with the tag separator is not an alias of
		// anything; keep it whole rather than produce an empty key.
		if i := strings.IndexByte(local, '+'); i > 0 {
			base := strings.TrimRight(local[:i], ".")
			if base != "" {
				local = base
			}
		}
	}
	if !rule.dropDots {
		return appendLowerASCII(b, local)
	}
	for i := 0; i < len(local); i++ {
		if c := local[i]; c != '.' {
			b = append(b, lowerASCII(c))
		}
	}
	return b
}

// trimEmail removes surrounding white space, a "mailto:" scheme, one pair
// of angle brackets and a full stop after the address, as mail clients
// paste them, and a comma at the domain's end; it reads a comma typed for
// a dot in the domain as the dot (commaForDot).
func trimEmail(s string) string {
	s = strings.TrimSpace(stripInvisible(s))
	if len(s) >= 7 && strings.EqualFold(s[:7], "mailto:") {
		s = strings.TrimSpace(s[7:])
	}
	if strings.Count(s, "@") > 1 {
		// Several addresses in one field ("a@x.com; b@y.com", as an
		// export joins a contact's addresses): the first.
		s = firstAddress(s)
	}
	if at := strings.IndexByte(s, '@'); at >= 0 && strings.IndexByte(s[at+1:], ',') >= 0 && strings.IndexByte(s[at+1:], '@') < 0 {
		// A comma in one address's domain: one left at its end, or one
		// typed for the dot beside it (commaForDot).
		s = s[:at+1] + commaForDot(strings.TrimSuffix(s[at+1:], ","))
	}
	if strings.HasSuffix(s, ">.") {
		s = s[:len(s)-1] // "Ann Lee <ann@acme.com>.": a sentence's full stop
	}
	if open, end := strings.LastIndexByte(s, '<'), len(s)-1; open >= 0 && end > open && s[end] == '>' {
		// "<addr>", and a display name before it: "Ann Lee <ann@x.com>",
		// "\"ann@x.com\" <ann@x.com>".
		s = strings.TrimSpace(s[open+1 : end])
	}
	if at := strings.LastIndexByte(s, '@'); at >= 0 && len(s) > at+2 && s[len(s)-1] == '.' && s[len(s)-2] != '.' {
		// "ann@acme.com." (a domain written fully qualified, or a
		// sentence's full stop): the address without it, which a CRM
		// accepts.
		s = s[:len(s)-1]
	}
	return s
}

// commaForDot returns a domain with a comma typed for the dot beside it
// on the keyboard read as that dot: one comma, no space, bracket or quote,
// and no dot before it ("verma-technologies,in", "riverstar,co.uk") or
// only a country's two letters after it ("riverstar.co,uk").
// Anything else is returned as it is: "bar.com,bar" is an address and
// something after it, which the address's check refuses.
func commaForDot(domain string) string {
	i := strings.IndexByte(domain, ',')
	if i <= 0 || strings.Count(domain, ",") > 1 || strings.ContainsAny(domain, " \t<>\";") {
		return domain
	}
	if strings.IndexByte(domain[:i], '.') >= 0 && !countryLabel(domain[i+1:]) {
		return domain // "bar.com,Bar": something after an address
	}
	return domain[:i] + "." + domain[i+1:]
}

// countryLabel: s is two ASCII letters, a country's top-level label
// ("acme.com,au", "riverstar.co,uk").
func countryLabel(s string) bool { return len(s) == 2 && isLowerAlpha(strings.ToLower(s)) }

// firstAddress returns the first of several addresses in s: up to the first
// comma or semicolon outside quotes and angle brackets, else, when that is
// all of s, up to the first white space after an '@' outside them (a name
// in quotes or an address in brackets is no separate address).
func firstAddress(s string) string {
	quoted, bracketed, at := false, false, false
	for i, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '<':
			bracketed = true
		case r == '>':
			if bracketed {
				return strings.TrimSpace(s[:i+1]) // "Name <addr>" ends the first
			}
		case bracketed:
		case r == ',' || r == ';':
			return strings.TrimSpace(s[:i])
		case r == '@':
			at = true
		case (r == ' ' || r == '\t') && at:
			if rest := strings.TrimSpace(s[i:]); rest != "" && rest[0] != '<' {
				return strings.TrimSpace(s[:i])
			}
		}
	}
	return s
}

// stripInvisible removes the format characters (Unicode category Cf: a
// zero-width space, joiner or no-break, a byte-order mark, a soft hyphen)
// that text copied from a web page or a document carries unseen.
func stripInvisible(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if strings.IndexFunc(s[i:], isInvisible) < 0 {
				return s
			}
			return strings.Map(func(r rune) rune {
				if isInvisible(r) {
					return -1
				}
				return r
			}, s)
		}
	}
	return s
}

func isInvisible(r rune) bool { return unicode.Is(unicode.Cf, r) }

// EmailAddress returns the address in an e-mail field as the sender wrote
// it, without what surrounds it: white space and invisible characters,
// "mailto:", a display name ("Ann Lee <ann@x.com>"), angle brackets, the
// addresses after the first of several, and a full stop after the domain.
// It is what a CRM is given; "" when the field holds nothing.
func EmailAddress(s string) string { return trimEmail(s) }

// atext marks the ASCII characters RFC 5322 allows in a dot-atom besides the
// dot.
var atext = func() (t [utf8.RuneSelf]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "!#$%&'*+-/=?^_`{|}~" {
		t[c] = true
	}
	return t
}()

// validLocal reports whether local is a dot-atom: atext and UTF-8 letters,
// marks and digits, in dot-separated non-empty atoms.
func validLocal(local string) bool {
	prevDot := true // a leading dot is as wrong as a doubled one
	for i := 0; i < len(local); {
		c := local[i]
		if c < utf8.RuneSelf {
			i++
			if c == '.' {
				if prevDot {
					return false
				}
				prevDot = true
				continue
			}
			if !atext[c] {
				return false
			}
			prevDot = false
			continue
		}
		r, n := utf8.DecodeRuneInString(local[i:])
		i += n
		if !isWordRune(r) {
			return false
		}
		prevDot = false
	}
	return !prevDot
}

// validDomain reports whether domain is a host name of at least two labels:
// letters, digits and inner hyphens (Unicode letters for IDNs), each label 1
// to 63 bytes, and a top-level label of two bytes or more that is not all
// digits (no IP addresses).
func validDomain(domain string) bool {
	if len(domain) > maxDomainLen {
		return false
	}
	labels, start, digitsOnly := 0, 0, true
	for i := 0; i <= len(domain); {
		if i == len(domain) || domain[i] == '.' {
			n := i - start
			if n == 0 || n > maxLabelLen || domain[start] == '-' || domain[i-1] == '-' {
				return false
			}
			labels++
			if i == len(domain) {
				break
			}
			i++
			start, digitsOnly = i, true
			continue
		}
		c := domain[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case '0' <= c && c <= '9':
			case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '-':
				digitsOnly = false
			default:
				return false
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(domain[i:])
		i += n
		if !isWordRune(r) {
			return false
		}
		digitsOnly = false
	}
	return labels >= 2 && !digitsOnly && len(domain)-start >= 2 // no top-level domain has one letter: a@b.c
}

// isWordRune reports whether a non-ASCII rune may appear in an
// internationalized address: letters, combining marks and digits, not
// symbols, spaces, format characters or invalid UTF-8.
func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r))
}

// hasSpace reports whether s holds any white space, ASCII or Unicode.
func hasSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || '\t' <= c && c <= '\r' {
				return true
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return true
		}
		i += n - 1
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// appendLowerASCII appends s with its ASCII letters lower-cased; other bytes
// pass unchanged.
func appendLowerASCII(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		b = append(b, lowerASCII(s[i]))
	}
	return b
}
