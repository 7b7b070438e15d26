package match

import (
	"strings"

	"golang.org/x/net/publicsuffix"
)

// FoldCompany folds a company name for comparison: characters folded as for
// names (see Folding in the package documentation; '&' separates like any
// symbol), then
//
//  1. the stop words "the", "of" and "and" are dropped, so '&' and "and" are
//     the same;
//  2. runs of single letters are joined, so that abbreviations written with
//     dots or spaces read as one token: "S.A." → "sa", "L.L.C." → "llc",
//     "P & G" → "pg", "I B M" → "ibm" (a run that spells a stop word is
//     dropped too);
//  3. legal forms are removed from the end, repeatedly ("Acme Corp, Inc." →
//     "acme", "Müller GmbH & Co. KG" → "muller", "Grupo Bimbo S.A.B. de C.V."
//     → "grupo bimbo"), with "de"/"y"/"und"/"et" between two legal forms.
//
// Tokens are joined with single spaces. Nothing is removed from a name that
// would leave it empty: "The Company" → "company", "Inc." → "inc". Descriptive
// words such as "group", "holdings" or "international" are kept; they tell
// companies apart more often than they vary. A company written as its web
// address is the name the address spells (companyDomain: "acme-labs.com" →
// "acme labs"). FoldCompany is idempotent.
func FoldCompany(s string) string {
	s = companyDomains(s)
	var buf, out [128]byte
	b := foldCompany(out[:0], appendFold(buf[:0], s))
	if string(b) == s {
		return s
	}
	return string(b)
}

// CompanyTokens returns the tokens of FoldCompany(s), for token-set
// comparisons; nil when there are none.
func CompanyTokens(s string) []string {
	f := FoldCompany(s)
	if f == "" {
		return nil
	}
	return strings.Fields(f)
}

// companyDomains returns s with each word that is a web address written
// as the company it names (companyDomain): "Booking.com B.V." is Booking
// B.V., as "Booking.com" is Booking. s itself when no word is one.
func companyDomains(s string) string {
	if !strings.Contains(s, ".") || !anyWord(s, func(w string) bool { return hostLike(strings.TrimRight(w, ",;")) }) {
		return s // no allocation for the names that are not addresses
	}
	words := strings.Fields(s)
	changed := false
	for i, w := range words {
		if org := companyDomain(strings.TrimRight(w, ",;")); org != "" {
			words[i], changed = org, true
		}
	}
	if !changed {
		return s
	}
	return strings.Join(words, " ")
}

// anyWord reports whether ok holds for a word of s (split at white space).
func anyWord(s string, ok func(string) bool) bool {
	for s != "" {
		s = strings.TrimLeft(s, " \t")
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			end = len(s)
		}
		if end > 0 && ok(s[:end]) {
			return true
		}
		s = s[end:]
	}
	return false
}

// companyDomain returns the company that w, a company's name written as its
// web address, names ("premierstonefinancial.com", "www.sonnen-energie.de",
// "https://acme.co.uk/"): the label the registry sold, beneath a public
// suffix of ICANN's (registeredLabel), its hyphens read as spaces ("sonnen
// energie"); "" for anything else ("S.A.", "Acme Corp.", and "Acme.Co.Ltd",
// whose label is a legal form).
func companyDomain(w string) string {
	if !hostLike(w) {
		return ""
	}
	host := strings.ToLower(w)
	for _, p := range []string{"https://", "http://"} {
		host = strings.TrimPrefix(host, p)
	}
	host = strings.TrimPrefix(strings.TrimRight(host, "/."), "www.")
	if _, icann := publicsuffix.PublicSuffix(host); !icann {
		return ""
	}
	label := registeredLabel(host)
	if len(label) < 2 || strings.HasPrefix(label, "xn--") || isLegalForm([]byte(label)) {
		return ""
	}
	return strings.ReplaceAll(label, "-", " ")
}

// hostLike: w is written as a host name may be, a scheme and a trailing
// slash or dot allowed: ASCII letters, digits, dots and hyphens, at least
// two labels, the last of two letters or more (a top-level domain's).
// "S.A." is not. It is checked before anything allocates.
func hostLike(w string) bool {
	w = strings.TrimRight(w, "/.")
	if len(w) > 253 {
		return false
	}
	dots, n, letters := 0, 0, true // n: the characters of the label so far
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9', c == '-', c == ':', c == '/':
			letters = false // no top-level domain holds one
		case c == '.':
			if n == 0 {
				return false // an empty label
			}
			dots, n, letters = dots+1, 0, true
			continue
		default:
			return false
		}
		n++
	}
	return dots > 0 && letters && n >= 2
}

// companyKey is FoldCompany without spaces, for blocking keys.
func companyKey(s string) string {
	s = companyDomains(s)
	var buf, out [128]byte
	return string(joinTokens(foldCompany(out[:0], appendFold(buf[:0], s))))
}

// foldCompany appends to dst the company form of folded, the output of
// appendFold.
func foldCompany(dst, folded []byte) []byte {
	var tokBuf, wordBuf [24]span
	var joinBuf [128]byte
	toks := appendSpans(tokBuf[:0], folded)
	toks = dropStopWords(folded, toks)

	// Join runs of single ASCII letters into joined; words are spans there.
	joined, words := joinBuf[:0], wordBuf[:0]
	for i, t := range toks {
		tok := folded[t.lo:t.hi]
		if i > 0 && isSingleLetter(tok) && isSingleLetter(folded[toks[i-1].lo:toks[i-1].hi]) {
			joined = append(joined, tok...)
			words[len(words)-1].hi = len(joined)
			continue
		}
		words = append(words, span{len(joined), len(joined) + len(tok)})
		joined = append(joined, tok...)
	}
	// Joined letters may spell a stop word ("T.H.E."); its neighbours are not
	// single letters, so dropping it joins nothing new.
	words = dropStopWords(joined, words)

	// Legal forms from the end, keeping at least one word. A link word goes
	// only once the form after it went: "x sa de cv" → "x", while "x sa de"
	// stays.
	word := func(i int) []byte { return joined[words[i].lo:words[i].hi] }
	n := len(words)
	for n > 1 {
		last := word(n - 1)
		if isLegalForm(last) ||
			n < len(words) && isLegalFormLink(last) && isLegalForm(word(n-2)) {
			n--
			continue
		}
		break
	}
	start := len(dst)
	for i := range n {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, word(i)...)
	}
	if placeholder(dst[start:]) || noEmployer(dst[start:]) {
		return dst[:start] // "N/A", "Self-employed": no company
	}
	return dst
}

// dropStopWords removes the spans of b that are stop words, unless nothing
// else would be left, and returns the shortened spans.
func dropStopWords(b []byte, spans []span) []span {
	kept := 0
	for _, t := range spans {
		if !isCompanyStopWord(b[t.lo:t.hi]) {
			kept++
		}
	}
	if kept == 0 || kept == len(spans) {
		return spans
	}
	w := 0
	for _, t := range spans {
		if !isCompanyStopWord(b[t.lo:t.hi]) {
			spans[w] = t
			w++
		}
	}
	return spans[:w]
}

func isSingleLetter(t []byte) bool {
	return len(t) == 1 && 'a' <= t[0] && t[0] <= 'z'
}

func isCompanyStopWord(t []byte) bool {
	switch string(t) {
	case "the", "of", "and":
		return true
	}
	return false
}

// isLegalFormLink reports the words that join two legal forms: "GmbH & Co",
// "S.A. de C.V.", "S.A. y Cía", "AG und Co", "et Cie".
func isLegalFormLink(t []byte) bool {
	switch string(t) {
	case "de", "y", "und", "et", "en":
		return true
	}
	return false
}

// isLegalForm reports company-type designations and their abbreviations, as
// folded (dots and spaces removed by the steps above). Written from general
// knowledge of business entity types in the US, UK and Commonwealth, EU,
// Nordics, Latin America and East Asia.
func isLegalForm(t []byte) bool {
	switch string(t) {
	case "inc", "incorporated", "corp", "corporation", "co", "company", "cie", "cia",
		"llc", "lc", "pllc", "llp", "lllp", "lp", "ltd", "limited", "plc", "ulc",
		"pty", "pte", "pvt", "bhd", "sdn", "tbk", "nl", "pc",
		"gmbh", "mbh", "ag", "kg", "kgaa", "ohg", "ug", "ev", "eg", "se",
		"sa", "sas", "sasu", "sarl", "sca", "scs", "snc", "sl", "slu", "spa", "srl",
		"srls", "sapa", "ltda", "lda", "sae", "sab", "saa", "sac", "cv", "scl",
		"bv", "nv", "vof", "oy", "oyj", "ab", "publ", "as", "asa", "aps", "hf", "ehf",
		"sro", "spol", "sp", "zoo", "kft", "zrt", "nyrt", "rt", "doo", "dd", "ad",
		"ood", "eood", "ou", "uab", "sia", "kk", "gk", "yk":
		return true
	}
	return false
}

// acronymLength returns the length of the acronym when one company's name
// is a single word made of the initials of the other's words (legal forms
// and stop words left out by CompanyTokens), with or without its
// particles ("snt", "Société Nationale de Télécommunications SA"), else 0.
func acronymLength(a, b []string) int {
	if len(a) != 1 {
		a, b = b, a
	}
	if len(a) != 1 || len(b) < 2 {
		return 0
	}
	for _, skipParticles := range []bool{false, true} {
		n := 0
		for _, w := range b {
			if skipParticles && acronymParticles[w] {
				continue
			}
			if n >= len(a[0]) || w[0] != a[0][n] {
				n = -1
				break
			}
			n++
		}
		if n == len(a[0]) && n >= 2 {
			return n
		}
	}
	return 0
}

// acronymParticles are the short words of company names that acronyms
// often leave out (de, la, von, und ...).
var acronymParticles = map[string]bool{"de": true, "du": true, "des": true, "la": true, "le": true, "les": true,
	"da": true, "do": true, "dos": true, "das": true, "di": true, "del": true, "della": true, "der": true,
	"van": true, "von": true, "y": true, "e": true, "et": true, "und": true, "en": true}
