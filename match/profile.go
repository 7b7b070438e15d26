package match

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Profile is a contact prepared for scoring: every field normalized once,
// so that comparing two profiles allocates nothing. Empty fields are
// missing, and a missing field is no evidence either way.
type Profile struct {
	EmailKey      string // NormalizeEmail
	EmailLocal    string
	EmailDomain   string
	PersonalEmail bool
	RoleEmail     bool // IsRoleEmail: a role account's address (info@, sales@)
	// EmailOrg is the company name a work address's domain spells
	// (domainOrg), for a side that carries no company.
	EmailOrg  string
	Phone     string // E.164
	PhoneExt  string // the extension, digits
	PhoneTail string // the last 7 digits of any phone of 7 digits or more
	// PhoneDigits are the digits of the phone's key, country code first:
	// the E.164 number's, or its PhoneDigitsKey's when it does not
	// validate.
	PhoneDigits string
	First       string // NameKey of the first name
	FirstKeys   []string
	// FirstToken is the NameKey of the first name's first token when it
	// was written with several and it is no initial ("juan" of "Juan
	// Mark", whose First is "juanmark"), else "".
	FirstToken string
	Last       string // NameKey of the last name
	// LastParts are the NameKeys of a last name of two surnames or more,
	// particles left out ("de Rocha Oliveira": rocha, oliveira), nil for
	// one: many people go by one of their surnames.
	LastParts []string
	// LastCore is the NameKey of a last name written with particles
	// before it, without them ("van der Kooij": kooij); "" otherwise.
	LastCore      string
	FullName      string // First|Last, when both are known
	Company       string // FoldCompany
	CompanyTokens []string
	Address       []string // folded tokens
	City          string   // NameKey
	Postcode      string   // letters and digits, upper case
	State         string   // NameKey
	DOB           string   // YYYYMMDD
	NationalID    string   // letters and digits, upper case
	JobTitle      string   // JobTitleKey
	Generation    string   // "jr", "sr", "ii", "iii" or "iv": a suffix of the name
	// Middle are the NameKeys of the full name's tokens between its first
	// and its last ("alice mary hobson": mary), for a person known by a
	// middle name.
	Middle []string
	// NamesFromAddress: First and Last were read from the e-mail address
	// (NamesFromEmail), the contact having no name of its own.
	NamesFromAddress bool
	// LastFromAddress: Last was read from the e-mail address beside the
	// first name the contact wrote (LastNameFromEmail).
	LastFromAddress bool
	// FirstFromAddress: First was read from the e-mail address beside the
	// last name the contact wrote (FirstNameFromEmail), or in place of the
	// initial it wrote (FirstNameOfInitial).
	FirstFromAddress bool
	// InitialWritten is the initial the contact wrote for its first name
	// where its address lent the name it stands for ("v" for "V" at
	// victor.yamamoto@), else "".
	InitialWritten string
	// Seen are the times, in Unix seconds, the contact was heard of: an
	// event's occurred_at, a record's latest events'. A scorer with a
	// Recency weighs how close two contacts' nearest times are.
	Seen []int64
}

// NewProfile prepares the fields of one contact. A full name fills first
// and last names that are missing (its first token and its last). Values
// that do not normalize (an invalid e-mail or phone, a date that is not
// one) are left out.
func NewProfile(fields map[Kind]string, o Options) Profile {
	p := EmailProfile(fields[KindEmail])
	region := PhoneRegionOf(fields[KindPhone], fields[KindCountry], fields[KindCity], fields[KindEmail], o.defaultRegion())
	if ph, err := NormalizePhone(fields[KindPhone], region); err == nil {
		p.Phone, p.PhoneExt = ph.E164, ph.Extension
		p.PhoneDigits = strings.TrimPrefix(ph.E164, "+")
	} else if k := PhoneDigitsKey(fields[KindPhone], region); k != "" {
		p.PhoneDigits = strings.TrimPrefix(strings.TrimPrefix(k, PhoneDigitsPrefix), "+")
	}
	p.PhoneTail = PhoneTailOf(fields[KindPhone])
	first, last := fields[KindFirstName], fields[KindLastName]
	// "Sir" or "Mrs" in the first name's column names no one: the full
	// name's first token after it does, unless that is all the full name
	// holds ("Mrs Perrin": a surname).
	titled := isTitle([]byte(FoldName(first)))
	if titled {
		first = ""
	}
	if full := fullNameTokens(fields[KindFullName]); len(full) > 0 {
		if strings.TrimSpace(first) == "" && (!titled || len(full) > 1) {
			first = full[0]
		}
		if strings.TrimSpace(last) == "" && len(full) > 1 {
			last = full[len(full)-1]
		}
		for _, t := range full[1:max(1, len(full)-1)] {
			if k := NameKey(t); len(k) > 1 {
				p.Middle = append(p.Middle, k)
			}
		}
	}
	if p.EmailKey != "" {
		first, last = SplitFullNameWithAddress(first, last, fields[KindEmail])
	} else {
		first, last = SplitFullName(first, last)
	}
	if p.EmailKey != "" {
		written := first
		var lent Lent
		first, last, lent = NamesWithAddress(first, last, fields[KindEmail])
		p.NamesFromAddress, p.LastFromAddress, p.FirstFromAddress = lent == LentBoth, lent == LentLast, lent == LentFirst
		if lent == LentBoth || lent == LentFirst {
			// The name of an initial the contact wrote ("V", "J."): the
			// initial stays its own.
			if w := FoldName(written); w != "" && w != FoldName(first) {
				r, _ := utf8.DecodeRuneInString(w)
				p.InitialWritten = NameKey(string(r))
			}
		}
	}
	if f := FoldName(first); f != "" {
		if initials(f) {
			f = f[:1] // "W. H.": the first name's initial, not "wh"
		} else {
			f = strings.TrimSuffix(f, middleInitials(f)) // "Martin B.": Martin, whose middle name's initial says nothing more
		}
		p.First = NameKey(f)
		p.FirstKeys = FirstNameKeys(f)
		if token, _, several := strings.Cut(strings.TrimSpace(f), " "); several && len(NameKey(token)) > 1 {
			p.FirstToken = NameKey(token) // not an initial: "J. Robert" goes by Robert
		}
	}
	p.Last = NameKey(last)
	p.LastParts = surnameParts(last)
	p.LastCore = surnameCore(last)
	for _, name := range []string{last, fields[KindFullName], fields[KindFirstName]} {
		if p.Generation == "" {
			p.Generation = generation(name)
		}
	}
	if p.First != "" && p.Last != "" {
		p.FullName = p.First + "|" + p.Last
	}
	p.Company = FoldCompany(fields[KindCompany])
	p.CompanyTokens = CompanyTokens(fields[KindCompany])
	p.Address = addressTokens(fields[KindAddress])
	p.City = NameKey(fields[KindCity])
	p.Postcode = alnumUpper(fields[KindPostcode])
	p.State = StateKey(fields[KindState])
	p.DOB = NormalizeDate(fields[KindDOB])
	p.NationalID = nationalID(fields[KindNationalID])
	p.JobTitle = JobTitleKey(fields[KindJobTitle])
	return p
}

// EmailProfile is the profile of an e-mail address alone: its key, local
// part and domain, and what the domain says (a provider's, a role
// account's, the company it spells); no names read from it. A caller that
// weighs several addresses of one record against another contact's
// (Scorer.FieldWeight) prepares each with it. An address that does not
// normalize gives the empty profile.
func EmailProfile(address string) Profile {
	var p Profile
	if k, err := NormalizeEmail(address); err == nil {
		p.EmailKey = string(k)
		p.EmailLocal = EmailLocal(k)
		p.EmailDomain = EmailDomain(k)
		p.PersonalEmail = IsPersonalEmailDomain(EmailDomain(k))
		p.RoleEmail = IsRoleEmail(p.EmailLocal)
		p.EmailOrg = domainOrg(p.EmailDomain)
	}
	return p
}

// Handle reports whether p wrote no name and the names it reads from its
// consumer address (NamesFromAddress) begin with no given name the census
// knows: verde.runner87@gmail.com is a handle, not Verde Runner, and says
// nothing of whose it is. At a company's domain an address is its person's
// name.
func (p *Profile) Handle() bool {
	return p.Nameless() && p.PersonalEmail && !knownGivenName(p.First)
}

// NameFromAddress reports whether a name of p was read from its e-mail
// address rather than written (NamesFromAddress, LastFromAddress,
// FirstFromAddress).
func (p *Profile) NameFromAddress() bool {
	return p.NamesFromAddress || p.LastFromAddress || p.FirstFromAddress
}

// initials reports a folded name of single letters only ("w h"), two or
// more.
func initials(f string) bool {
	toks := strings.Fields(f)
	if len(toks) < 2 {
		return false
	}
	for _, t := range toks {
		if len(t) != 1 {
			return false
		}
	}
	return true
}

func (o Options) defaultRegion() string {
	if o.DefaultRegion == "" {
		return "US"
	}
	return o.DefaultRegion
}

// addressWords maps the words of street addresses to the abbreviations
// postal services use, so that "2950 W. 25th Street" and "2950 W 25th St"
// are one address.
var addressWords = map[string]string{
	"street": "st", "avenue": "ave", "av": "ave", "road": "rd", "boulevard": "blvd", "drive": "dr", "lane": "ln",
	"place": "pl", "court": "ct", "terrace": "ter", "parkway": "pkwy", "highway": "hwy", "square": "sq",
	"north": "n", "south": "s", "east": "e", "west": "w", "suite": "ste", "apartment": "apt", "room": "rm",
	"floor": "fl", "building": "bldg", "crescent": "cres", "close": "cl",
}

// addressTokens folds an address into tokens, abbreviated (addressWords).
func addressTokens(s string) []string {
	toks := strings.Fields(FoldName(s))
	for i, t := range toks {
		if a, ok := addressWords[t]; ok {
			toks[i] = a
		} else if n, ok := ordinalNumber(t); ok {
			toks[i] = n
		}
	}
	return toks
}

// ordinalNumber returns the number of an ordinal written with its suffix
// ("113th", "1st", "22nd": "113", "1", "22"): "E 113th St" and "E 113 St"
// are one street, as "Street" and "St" are.
func ordinalNumber(t string) (string, bool) {
	if len(t) < 3 {
		return "", false
	}
	n, suffix := t[:len(t)-2], t[len(t)-2:]
	if suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th" || !asciiDigits(n) {
		return "", false
	}
	return n, true
}

// middleInitials returns the single letters that end a folded first name
// of a name and initials ("martin b", "julian b"), with the space before
// them (" b"); "" when it has none or is not a name with initials.
func middleInitials(f string) string {
	i := len(f)
	for i >= 2 && f[i-2] == ' ' && f[i-1] >= 'a' && f[i-1] <= 'z' {
		i -= 2
	}
	if i == len(f) || strings.IndexByte(f[:i], ' ') >= 0 || i < 2 {
		return ""
	}
	return f[i:]
}

// fullNameTokens folds a full name into its tokens, first name first:
// "Salenger, Kristin" is Kristin Salenger, while the comma of "John
// Smith, Jr." only sets off a suffix.
func fullNameTokens(s string) []string {
	if last, first, ok := strings.Cut(s, ","); ok {
		if f := FoldName(first); f != "" && !isNameSuffix([]byte(f)) {
			return strings.Fields(f + " " + FoldName(last))
		}
	}
	return strings.Fields(FoldName(s))
}

// Generation returns the generational suffix that ends a name ("jr",
// "sr", "ii", ...; "" for none), as Profile.Generation holds it.
func Generation(name string) string { return generation(name) }

// generation returns the generational suffix that ends a name, in one
// spelling ("Junior" and "Jr." are "jr"): a father and his son share the
// rest of their names, and often an address.
func generation(name string) string {
	if strings.TrimSpace(name) == "" || !strings.ContainsAny(strings.TrimSpace(name), " .,") {
		return ""
	}
	toks := strings.Fields(string(appendFold(nil, name)))
	if len(toks) < 2 {
		return ""
	}
	switch toks[len(toks)-1] {
	case "jr", "jnr", "junior":
		return "jr"
	case "sr", "snr", "senior":
		return "sr"
	case "i", "1st":
		return "i" // "Morris I": only ever told from "Morris II"
	case "ii", "2nd":
		return "ii"
	case "iii", "3rd":
		return "iii"
	case "iv", "4th":
		return "iv"
	}
	return ""
}

// PhoneTailOf returns the last 7 digits of s, a phone as written, "" when it
// has fewer (Profile.PhoneTail): local numbers written without an area
// code still meet their full form.
func PhoneTailOf(s string) string {
	var digits []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits = append(digits, s[i])
		}
	}
	if len(digits) < 7 {
		return ""
	}
	return string(digits[len(digits)-7:])
}

// alnumUpper keeps the letters and digits of s, upper-cased: postcodes and
// identity numbers are compared without their spaces and dashes.
// minIDDigits is the fewest digits a national id has: a passport, a social
// security or a national insurance number carries six to eleven.
const minIDDigits = 5

// nationalID is a national id's key, its letters and digits upper-cased;
// "" for what is no id, whose agreement would be taken for proof: fewer
// than minIDDigits digits ("n/a", "none", "-") or one digit repeated
// ("000-00-0000", "999999999").
func nationalID(s string) string {
	id := alnumUpper(s)
	digits, same := 0, true
	var first rune
	for _, r := range id {
		if !unicode.IsDigit(r) {
			continue
		}
		if digits == 0 {
			first = r
		}
		same = same && r == first
		digits++
	}
	if digits < minIDDigits || same {
		return ""
	}
	return id
}

func alnumUpper(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// dateLayouts are the date formats NormalizeDate reads, month-first before
// day-first where both could apply (the US habit of CRM exports).
var dateLayouts = []string{
	"20060102", "2006-01-02", "2006/01/02", "2006.01.02",
	"1/2/2006", "01/02/2006", "2/1/2006", "02/01/2006", "2-1-2006", "02-01-2006", "2.1.2006", "02.01.2006",
	"2006-01-02T15:04:05Z07:00", "2 Jan 2006", "Jan 2, 2006", "January 2, 2006",
}

// shortYearLayouts are the dates with two-digit years ("10/27/76"),
// month first as above; a year that would be in the future is a century
// earlier (a date of birth).
var shortYearLayouts = []string{"1/2/06", "01/02/06", "2/1/06", "02/01/06", "2-1-06", "2.1.06"}

// NormalizeDate reads a date of birth in the common formats and returns it
// as YYYYMMDD, or "" when it is not a date. "12/11/1978" is read month
// first (1978-12-11); "25/11/1978" can only be day first.
func NormalizeDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("20060102")
		}
	}
	for _, layout := range shortYearLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() > time.Now().Year() {
				t = t.AddDate(-100, 0, 0)
			}
			return t.Format("20060102")
		}
	}
	if len(s) == 8 && strings.Trim(s, "0123456789") == "" {
		return s // eight digits that are no date: a typo is still evidence
	}
	if len(s) == 10 && (s[4] == '-' || s[4] == '/' || s[4] == '.') && s[7] == s[4] &&
		strings.Trim(s[:4]+s[5:7]+s[8:], "0123456789") == "" {
		return s[:4] + s[5:7] + s[8:] // 1857-05-83: a year first, a typo in the day or month
	}
	return ""
}

// JobTitleKey folds a job title for comparison: its words folded (the
// package's character rules), without "of", "and" and "the", in
// alphabetical order, so that "Director of Finance" and "FINANCE
// DIRECTOR" agree; "" for none.
func JobTitleKey(s string) string {
	var buf [128]byte
	folded := appendFold(buf[:0], s)
	if placeholder(folded) {
		return "" // "N/A", "None", "Unknown"
	}
	words := strings.Fields(string(folded))
	words = slices.DeleteFunc(words, func(w string) bool { return w == "of" || w == "and" || w == "the" })
	slices.Sort(words)
	return strings.Join(words, " ")
}
