package match

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// FoldName folds a person's name for comparison: lower-case, without accents
// or punctuation, titles (Mr, Dr, Prof, ...) dropped from the front and
// suffixes (Jr, III, PhD, ...) from the end. Characters are folded as the
// package documentation says (Folding); tokens are separated by single
// spaces.
//
// Apostrophes join and every other separator splits: "O'Brien-Müller" →
// "obrien muller", "José María" → "jose maria", "Zoë" → "zoe". Tokens are kept
// apart so that comparisons can work on them (a missing second surname, a
// swapped order); for exact matching use NameKey, which also joins them, so
// that O'Brien, OBrien, O Brien and O-Brien have one key.
//
// A name made only of titles or suffixes is kept as it is ("Dr" stays "dr"),
// and FoldName is idempotent: FoldName(FoldName(s)) == FoldName(s).
func FoldName(s string) string {
	var buf [128]byte
	b := foldName(buf[:0], s)
	if string(b) == s {
		return s
	}
	return string(b)
}

// NameKey is FoldName without the spaces: the exact-match key of a first or
// last name. "O'Brien", "O Brien" and "o-brien" → "obrien"; "Mary Ann" and
// "Maryann" → "maryann".
func NameKey(s string) string {
	var buf [128]byte
	b := joinTokens(foldName(buf[:0], s))
	if string(b) == s {
		return s
	}
	return string(b)
}

// foldName appends the folded name to dst, without titles and suffixes,
// and nothing for a placeholder (namePlaceholder: "N/A", "Mr. Unknown").
// dst is empty in every caller: a title is cut from b's start.
func foldName(dst []byte, s string) []byte {
	b := appendFold(dst, s)
	for {
		sp := bytes.IndexByte(b, ' ')
		if sp < 0 || !isTitle(b[:sp]) {
			break
		}
		b = b[sp+1:]
	}
	for {
		sp := bytes.LastIndexByte(b, ' ')
		if sp < 0 {
			break
		}
		last := b[sp+1:]
		if isNameSuffix(last) {
			b = b[:sp]
			continue
		}
		// "Ph.D." and "M.D." fold to two tokens.
		if string(last) == "d" {
			if p := bytes.LastIndexByte(b[:sp], ' '); p >= 0 {
				if prev := string(b[p+1 : sp]); prev == "ph" || prev == "m" {
					b = b[:p]
					continue
				}
			}
		}
		break
	}
	if namePlaceholder(b) {
		return b[:0]
	}
	return b
}

// joinTokens removes the spaces of b in place.
func joinTokens(b []byte) []byte {
	out := b[:0]
	for _, c := range b {
		if c != ' ' {
			out = append(out, c)
		}
	}
	return out
}

// isTitle reports forms of address written before a name.
func isTitle(tok []byte) bool {
	switch string(tok) {
	case "mr", "mrs", "ms", "miss", "mx", "mstr", "dr", "prof", "sir",
		"dame", "lord", "lady", "rt", "rev", "revd", "fr", "hon", "herr", "frau", "mme", "mlle",
		"sra", "srta":
		return true
	}
	return false
}

// isNameSuffix reports generational suffixes, degrees and honours written
// after a name.
func isNameSuffix(tok []byte) bool {
	switch string(tok) {
	case "jr", "jnr", "junior", "sr", "snr", "senior", "ii", "iii", "iv",
		"2nd", "3rd", "4th", "phd", "md", "dds", "dmd", "dvm", "jd", "esq",
		"mba", "cpa", "rn", "obe", "mbe", "cbe", "kbe", "dbe", "frcs":
		return true
	}
	return false
}

// surnameParticles begin a surname of several words (van Buuren, de la
// Cruz, von Trapp): a full name is split before them, not at its last word.
var surnameParticles = map[string]bool{"van": true, "von": true, "de": true, "der": true, "den": true,
	"del": true, "della": true, "da": true, "di": true, "du": true, "le": true, "la": true, "dos": true,
	"das": true, "ter": true, "ten": true}

// SplitFullName reads a full name written whole into the first name's
// column, with the last name's left empty ("Sara Ahmeed", "", "Elena van
// Buuren", ""), as the first name and the last: the last word, or the words
// from a surname particle on, is the last name. A single word, a last word
// that is an initial ("Ana J."), or a last name given, leaves the two as
// they are. A whole name written into the last name's column, the first
// left empty, is split the same way when its first word is a given name
// (startsWithGivenName: "", "Matthew Rodriguez"). A name written "Last,
// First" into either column, the other left empty ("", "Morgan, Thomas";
// "Evans, Olivia S", ""), as directories and exports write it, is read so
// too; a suffix or a title after the comma ("Smith, Jr.", "Smith, Dr.") is
// no first name, and a whole name before it is the name, whatever follows
// ("Jane Smith, LCSW"). A title before a name of two words or more is left
// out ("Dr. Patty Ashhurst"); a title and one word (and a suffix) is the
// first name with its title when the word is a given name the census or
// the nickname data knows, or an initial ("Dr. Jason", "Mrs Lisa", "Dr.
// J": the first name's column), else a surname with no first name ("Mrs
// Perrin", "Dr. Smith Jr"; so too a given name neither list knows,
// "Prof. Stefanie"). A title alone names no one.
func SplitFullName(first, last string) (string, string) {
	if titleWord(strings.TrimSpace(first)) {
		first = "" // "Mrs" alone in the first name's column names no one
	}
	if f, l, ok := lastCommaFirst(first, last); ok {
		if l != "" {
			return f, l
		}
		first, last = f, "" // "Jane Smith, LCSW": the whole name before the comma
	}
	if strings.TrimSpace(first) == "" && startsWithGivenName(last) {
		first, last = last, "" // the whole name in the last name's column: "Philipp Schneider"
	}
	if strings.TrimSpace(last) != "" {
		return first, last
	}
	toks := strings.Fields(first)
	named := withoutTitles(toks)
	core := len(named) // the words before a suffix (Jr, PhD)
	for core > 0 && isNameSuffix([]byte(strings.ToLower(strings.Trim(named[core-1], ".,")))) {
		core--
	}
	if len(named) < len(toks) && core == 1 {
		// A title and one word (and a suffix): a given name with its
		// title, which folding leaves out ("Dr. Jason"), or an initial
		// ("Dr. J"); else a surname, and the title no first name ("Mrs
		// Perrin", "Dr. Smith Jr").
		if k := NameKey(named[0]); utf8.RuneCountInString(k) < 2 || knownGivenName(k) || len(FirstNameKeys(k)) > 1 {
			return first, last
		}
		return "", strings.Join(named, " ")
	}
	if len(named) > 1 {
		toks = named // "Dr. Patty Ashhurst": a title names no one
	}
	n := len(toks) // the words before a suffix (Jr, PhD), which stays with the last name
	for n > 0 && isNameSuffix([]byte(strings.ToLower(strings.Trim(toks[n-1], ".,")))) {
		n--
	}
	if n < 2 {
		return first, last
	}
	i := n - 1
	for j := 1; j < n-1; j++ {
		if surnameParticles[strings.ToLower(toks[j])] {
			i = j
			break
		}
	}
	if l := strings.Trim(toks[n-1], ".,"); utf8.RuneCountInString(l) < 2 {
		return first, last
	}
	return strings.Join(toks[:i], " "), strings.Join(toks[i:], " ")
}

// SplitFullNameWithAddress is SplitFullName for a contact with an e-mail
// address, unless the address spells the whole first name's column as its
// first name beside another surname: "Ka Yan" at kayan.cheung@ is a given
// name of two words (NamesWithAddress then lends the surname), not Ka of
// the Yan family.
func SplitFullNameWithAddress(first, last, email string) (string, string) {
	f, l := SplitFullName(first, last)
	if !isBlank(last) || isBlank(l) || isBlank(email) {
		return f, l
	}
	if af, al := NamesFromEmail(email); af != "" && NameKey(first) == NameKey(af) && NameKey(al) != NameKey(l) {
		return first, ""
	}
	return f, l
}

// withoutTitles returns toks from the first that is no title (Dr, Mrs).
func withoutTitles(toks []string) []string {
	for len(toks) > 0 && titleWord(toks[0]) {
		toks = toks[1:]
	}
	return toks
}

// titleWord: w, a dot or a comma aside and in any case, is a title
// (isTitle: Dr, Mrs). It allocates nothing: SplitFullName reads every
// contact's name.
func titleWord(w string) bool {
	w = strings.Trim(w, ".,")
	var buf [8]byte
	if w == "" || len(w) > len(buf) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return isTitle(buf[:len(w)])
}

// startsWithGivenName: s has two words or more and its first is a given
// name (a census one, or one the nickname data knows), so that a surname
// of two words alone ("García López", "van Buuren") is left whole. Two
// surnames whose first is a given name too ("Martín García", "Lloyd
// Webber"), or a name written surname first ("Kim Min-jun"), are split
// all the same: with the first name's column empty, a whole name is the
// likelier reading.
func startsWithGivenName(s string) bool {
	toks := strings.Fields(s)
	if len(toks) < 2 || surnameParticles[strings.ToLower(toks[0])] {
		return false
	}
	k := NameKey(FoldName(toks[0]))
	return k != "" && (knownGivenName(k) || len(FirstNameKeys(k)) > 1)
}

// lastCommaFirst reads "Last, First" written into one of the two columns,
// the other empty.
func lastCommaFirst(first, last string) (string, string, bool) {
	whole := last
	switch {
	case strings.TrimSpace(first) == "" && strings.TrimSpace(last) != "":
	case strings.TrimSpace(last) == "" && strings.TrimSpace(first) != "":
		whole = first
	default:
		return first, last, false
	}
	l, f, found := strings.Cut(whole, ",")
	l, f = strings.TrimSpace(l), strings.TrimSpace(f)
	if !found || l == "" || f == "" || strings.Contains(f, ",") {
		return first, last, false
	}
	for _, tok := range strings.Fields(f) {
		if t := []byte(strings.ToLower(strings.Trim(tok, "."))); isNameSuffix(t) || isTitle(t) {
			return first, last, false // "Smith, Jr.", "Jane Smith, PhD", "Smith, Dr."
		}
	}
	if startsWithGivenName(l) {
		return l, "", true // "Jane Smith, LCSW": a whole name, then a credential
	}
	return f, l, true
}

// surnameCore is the NameKey of last without the particles written
// before it as words of their own ("van der Kooij": kooij, "de la
// Cruz": cruz); "" for a last name without them ("Vanderbilt").
func surnameCore(last string) string {
	if !strings.Contains(strings.TrimSpace(last), " ") {
		return "" // the common case: one word, no allocation
	}
	toks := strings.Fields(last)
	i := 0
	for i < len(toks)-1 && surnameParticles[strings.ToLower(toks[i])] {
		i++
	}
	if i == 0 {
		return ""
	}
	return NameKey(strings.Join(toks[i:], " "))
}

// surnameParts returns the NameKeys of a last name's surnames when it has
// two or more, its particles left out ("de Rocha Oliveira": rocha,
// oliveira; "García-López": garcia, lopez), else nil.
func surnameParts(last string) []string {
	if !strings.ContainsAny(last, " -") {
		return nil // the common case: one word, no allocation
	}
	var parts []string
	for _, tok := range strings.FieldsFunc(last, func(r rune) bool { return r == ' ' || r == '-' }) {
		if k := NameKey(tok); k != "" && !surnameParticles[k] && !isNameSuffix([]byte(k)) {
			parts = append(parts, k)
		}
	}
	if len(parts) < 2 {
		return nil
	}
	return parts
}
