package match

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ContactFields are a contact's identifiers as a producer sent them; the
// ContactEvent fields of the same names. External ids need no normalization
// and are not here.
type ContactFields struct {
	Email     string
	Phone     string
	FirstName string
	LastName  string
	Company   string
	// Country is the contact's country as the producer wrote it, a name
	// ("United Kingdom") or an ISO code ("GB"), or "". With the e-mail's
	// country domain it picks the region of a phone number written in
	// national format (RegionOf).
	Country string
	// City is the contact's city as the producer wrote it, or "". A city
	// whose name tells the country reads a number that nothing else reads
	// (PhoneRegionOf).
	City string
}

// Options configure Normalize. The zero value is usable.
type Options struct {
	// DefaultRegion is the ISO 3166-1 alpha-2 region, any case ("US", "gb"),
	// that phone numbers written in national format belong to. Default "":
	// only numbers written with a country code ("+", or "00") make a key.
	DefaultRegion string
}

// PhoneRegion is the region that Normalize reads c's phone number in:
// PhoneRegionOf(c.Phone, c.Country, c.City, c.Email, o.DefaultRegion).
func (o Options) PhoneRegion(c ContactFields) string {
	return PhoneRegionOf(c.Phone, c.Country, c.City, c.Email, o.DefaultRegion)
}

// Validate reports a DefaultRegion that is not a supported region, wrapping
// ErrUnknownRegion. Check it once, with the configuration: NormalizePhone
// with an unknown region reports every national number as
// PhoneNoCountryCode.
func (o Options) Validate() error {
	if o.DefaultRegion != "" && !ValidRegion(o.DefaultRegion) {
		return fmt.Errorf("match: default region %q: %w", o.DefaultRegion, ErrUnknownRegion)
	}
	return nil
}

// Identifiers are the match keys of one contact, as Normalize makes them. A
// key is empty when its field was missing or invalid; Invalid says which were
// invalid.
type Identifiers struct {
	// EmailKey is the NormalizeEmail key.
	EmailKey EmailKey
	// PersonalEmail reports that EmailKey is at a consumer mail provider
	// (IsPersonalEmailDomain), so it says nothing about Company.
	PersonalEmail bool
	// Phone is the NormalizePhone key.
	Phone Phone
	// PhoneDigits is the PhoneDigitsKey of a phone number that makes no
	// Phone but looks like one (its *PhoneError is in Invalid): weak
	// evidence, a key to index and look up as a phone whose holder's name
	// must agree. "" when Phone is set or the number is not plausible.
	PhoneDigits string
	// PhoneRegion is the region Phone (or PhoneDigits) was read in
	// (Options.PhoneRegion, or DefaultRegion when the number is valid only
	// there); "" without a key. Compare other forms of the same number, as written by the same
	// producer, in this region.
	PhoneRegion string
	// FirstKeys are FirstNameKeys(FoldName(first name)): the name without
	// spaces, then the canonical names it may stand for. Shared: do not
	// modify.
	FirstKeys []string
	// LastKey is NameKey of the last name.
	LastKey string
	// CompanyKey is FoldCompany of the company.
	CompanyKey string
	// NameCompanyKeys are the blocking keys (NameCompanyKeys), one per
	// first-name key; nil unless first name, last name and company all fold
	// to something.
	NameCompanyKeys []string
	// NameCompanyLookupKeys are the keys to look records up by: those of
	// FirstNameLookupKeys, so that an event finds a record indexed under an
	// ambiguous nickname of its first name. NameCompanyKeys come first.
	// Shared with NameCompanyKeys: do not modify.
	NameCompanyLookupKeys []string
	// Invalid holds one error per field that was given but makes no key: an
	// *EmailError, a *PhoneError. A field that is empty or only white space
	// is missing, not invalid.
	Invalid []error
}

// Err returns the errors of Invalid joined (errors.Is(err, ErrInvalidEmail)
// works on it), or nil.
func (id *Identifiers) Err() error { return errors.Join(id.Invalid...) }

// HasKey reports whether the contact can be looked up by anything: an
// e-mail, a phone or a name-and-company key. PhoneDigits does not count:
// alone it identifies no one.
func (id *Identifiers) HasKey() bool {
	return id.EmailKey != "" || !id.Phone.IsZero() || len(id.NameCompanyKeys) > 0
}

// Normalize makes every match key of a contact. A field that cannot be
// normalized does not stop the others: an invalid e-mail beside a valid
// phone yields the phone key and an *EmailError in Invalid. It never fails as
// a whole; callers decide what a contact without keys means (DESIGN.md: the
// validate stage dead-letters events without identifiers).
//
// A phone number is read in the contact's own region (Options.PhoneRegion:
// its country, else its e-mail's country domain, else DefaultRegion), and in
// DefaultRegion when it is valid only there. One valid in neither keeps its
// PhoneDigitsKey in PhoneDigits when it has one (see PhoneKey).
func Normalize(c ContactFields, o Options) Identifiers {
	var id Identifiers
	if !isBlank(c.Email) {
		if k, err := NormalizeEmail(c.Email); err != nil {
			id.Invalid = append(id.Invalid, err)
		} else {
			id.EmailKey = k
			id.PersonalEmail = IsPersonalEmailDomain(EmailDomain(k))
		}
	}
	if !isBlank(c.Phone) {
		p, region, digits, err := readPhoneLeniently(c.Phone, o.PhoneRegion(c), o.DefaultRegion)
		if err != nil {
			id.Invalid = append(id.Invalid, err)
			id.PhoneDigits = digits
		} else {
			id.Phone = p
		}
		if !p.IsZero() || digits != "" {
			id.PhoneRegion = region
		}
	}
	var firstName, lastName string
	if id.EmailKey != "" {
		firstName, lastName = SplitFullNameWithAddress(c.FirstName, c.LastName, c.Email)
		firstName, lastName, _ = NamesWithAddress(firstName, lastName, c.Email)
	} else {
		firstName, lastName = SplitFullName(c.FirstName, c.LastName)
	}
	first := FoldName(firstName)
	id.FirstKeys = FirstNameKeys(first)
	id.LastKey = NameKey(lastName)
	id.CompanyKey = FoldCompany(c.Company)
	if len(id.FirstKeys) > 0 && id.LastKey != "" && id.CompanyKey != "" {
		company := joinSpaces(id.CompanyKey)
		id.NameCompanyKeys = make([]string, len(id.FirstKeys))
		for i, f := range id.FirstKeys {
			id.NameCompanyKeys[i] = nameCompanyKey(f, id.LastKey, company)
		}
		id.NameCompanyLookupKeys = id.NameCompanyKeys
		if lookup := FirstNameLookupKeys(first); len(lookup) > len(id.FirstKeys) {
			id.NameCompanyLookupKeys = slices.Clip(id.NameCompanyKeys)
			for _, f := range lookup[len(id.FirstKeys):] {
				id.NameCompanyLookupKeys = append(id.NameCompanyLookupKeys, nameCompanyKey(f, id.LastKey, company))
			}
		}
	}
	return id
}

// NameCompanyKey returns the blocking key of a person at a company:
//
//	canonical first name "|" last name "|" company
//
// each part folded and without spaces: CanonicalFirstName(FoldName(first)),
// NameKey(last), FoldCompany(company) with its spaces removed. "Bob
// O'Brien", "ACME Corp." → "robert|obrien|acme". It is "" when any part folds
// to nothing. '|' cannot occur inside a part. The names are split as
// SplitFullName splits them: "Patricia Moore" written whole into the first
// name's column is Patricia Moore's key. A contact with an e-mail address
// is keyed as Normalize reads it by NameCompanyKeyWithAddress.
//
// A blocking key finds candidates; it decides nothing. People with the same
// name at the same company share it, and an ambiguous nickname keeps its own
// key ("chris|..."), so Chris and Christopher share one only through
// NameCompanyKeys.
func NameCompanyKey(first, last, company string) string {
	first, last = SplitFullName(first, last)
	return nameCompanyKey(CanonicalFirstName(FoldName(first)), NameKey(last), companyKey(company))
}

// NameCompanyKeyWithAddress is NameCompanyKey with the names read as
// Normalize reads a contact's beside its e-mail address
// (SplitFullNameWithAddress, NamesWithAddress): "Ka Yan" at kayan.cheung@
// is kayan|cheung|..., not ka|yan|....
func NameCompanyKeyWithAddress(first, last, company, email string) string {
	if isBlank(email) {
		return NameCompanyKey(first, last, company)
	}
	first, last = SplitFullNameWithAddress(first, last, email)
	first, last, _ = NamesWithAddress(first, last, email)
	return nameCompanyKey(CanonicalFirstName(FoldName(first)), NameKey(last), companyKey(company))
}

// NameCompanyKeys returns one blocking key (format as NameCompanyKey) per
// FirstNameKeys element of the first name: "Chris Smith, Acme" →
// [chris|smith|acme christian|smith|acme christina|smith|acme
// christine|smith|acme christopher|smith|acme]. Index a record under all of
// its keys and look an event up by all of its keys: two contacts meet when
// their first names are compatible. nil when any part folds to nothing.
func NameCompanyKeys(first, last, company string) []string {
	first, last = SplitFullName(first, last)
	l, c := NameKey(last), companyKey(company)
	if l == "" || c == "" {
		return nil
	}
	fs := FirstNameKeys(FoldName(first))
	if len(fs) == 0 {
		return nil
	}
	keys := make([]string, len(fs))
	for i, f := range fs {
		keys[i] = nameCompanyKey(f, l, c)
	}
	return keys
}

// SplitNameCompanyKey returns the first and last name of a key made by
// NameCompanyKey; ok is false for anything else.
func SplitNameCompanyKey(key string) (first, last string, ok bool) {
	first, rest, ok1 := strings.Cut(key, nameCompanyKeySep)
	last, _, ok2 := strings.Cut(rest, nameCompanyKeySep)
	if !ok1 || !ok2 || first == "" || last == "" {
		return "", "", false
	}
	return first, last, true
}

// nameCompanyKeySep separates the parts of a name-and-company key.
const nameCompanyKeySep = "|"

func nameCompanyKey(first, last, company string) string {
	if first == "" || last == "" || company == "" {
		return ""
	}
	return first + nameCompanyKeySep + last + nameCompanyKeySep + company
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// PersonKey returns the name key of a person seen without a company:
// NameCompanyKey's format (and reading) with the company left empty,
// "robert|smith|". A record keeps it among its name keys so that its fuzzy
// blocking key (NameBlockKey) finds it; no name-and-company key of an event
// equals it. "" when either name folds to nothing.
func PersonKey(first, last string) string {
	first, last = SplitFullName(first, last)
	f, l := CanonicalFirstName(FoldName(first)), NameKey(last)
	if f == "" || l == "" {
		return ""
	}
	return f + nameCompanyKeySep + l + nameCompanyKeySep
}

// NameBlockKey returns the fuzzy blocking key of a name key
// (NameCompanyKey's or PersonKey's format):
//
//	first initial "|" Soundex of the last name "|" company
//
// "leonard|mitchell|vantagepointmedia" → "l|M324|vantagepointmedia",
// "leonard|mitchell|" → "l|M324|". Two writings of one person meet under
// its leading part (NameBlockPrefix) when the first name is a typo, an
// initial or a nickname the table does not know, or the surname is spelt
// another way that sounds alike (Sullivan, Sullifan): the keys that find
// candidates, not the evidence that decides. "" for anything else.
func NameBlockKey(nameKey string) string {
	first, rest, ok1 := strings.Cut(nameKey, nameCompanyKeySep)
	last, company, ok2 := strings.Cut(rest, nameCompanyKeySep)
	if !ok1 || !ok2 || first == "" {
		return ""
	}
	prefix := NameBlockPrefix(first, last)
	if prefix == "" {
		return ""
	}
	return prefix + company
}

// FirstCompanyBlockKey returns the blocking key of a name key's first
// name at its company (NameCompanyKey's format):
//
//	first name "||" company
//
// "tessa|stephens|arrowheadflour" → "tessa||arrowheadflour". It finds a
// person whose surname was mistyped into another sound (Stephens and
// Stephes, Shah and Sgah, Nichols and Nichos: NameBlockKey's Soundex
// differs) at the company where the first name was not. "" without a
// first name of two letters or more, or without a company; the empty
// segment keeps it apart from NameBlockKey's, whose first part is one
// letter and whose second is never empty.
func FirstCompanyBlockKey(nameKey string) string {
	first, rest, ok1 := strings.Cut(nameKey, nameCompanyKeySep)
	_, company, ok2 := strings.Cut(rest, nameCompanyKeySep)
	if !ok1 || !ok2 || len(first) < 2 || company == "" {
		return ""
	}
	return first + nameCompanyKeySep + nameCompanyKeySep + company
}

// NameBlockPrefix is the leading part of the NameBlockKeys of a first
// name (folded, or its first letter) and a last name: "l|M324|". Look it
// up as a prefix to find the person at every company, and without one.
func NameBlockPrefix(first, last string) string {
	sx := Soundex(last)
	if first == "" || sx == "" {
		return ""
	}
	return first[:1] + nameCompanyKeySep + sx + nameCompanyKeySep
}

// DetailBlockKeys returns the blocking keys of a contact's details, for
// contacts that have no e-mail, phone or company to be found by: its date
// of birth and its postcode, each with the initial of either name
// ("dob:19850312:j", "dob:19850312:d", "pc:2615:j", "pc:2615:d": a typo
// rarely hits an initial, names written the other way round keep theirs,
// and a record missing one name is found by the other), and its national
// id alone ("nid:2042439:"), an identifier of its own: two writings of one
// person whose names were swapped or replaced, or left out, and whose
// details were mistyped still share it; and its e-mail's local part
// ("eml:lolat86:", emailLocalBlock), with, for a local part of eight
// letters and digits or more, each end of it at its domain
// ("emh:davisrivera.io:jwas:", "emt:davisrivera.io:gton:"), which a slip
// in the other end leaves whole; for an address with a subaddress, its
// mailbox's (MailboxBlockKey); and the last name at the company
// ("sc:thornhurst:harborrockretail:"), which finds a record or an event
// that wrote no first name, or one the name keys do not read alike (an
// initial beside a full name). No other key without a name.
func DetailBlockKeys(p *Profile) []string {
	var initials []string
	for _, n := range []string{p.First, p.Last} {
		if n != "" && !slices.Contains(initials, n[:1]) {
			initials = append(initials, n[:1])
		}
	}
	var keys []string
	for _, detail := range []string{"dob:" + p.DOB, "pc:" + p.Postcode} {
		if strings.HasSuffix(detail, ":") {
			continue
		}
		for _, i := range initials {
			keys = append(keys, detail+":"+i)
		}
	}
	if p.NationalID != "" {
		keys = append(keys, "nid:"+p.NationalID+":")
	}
	if p.Last != "" && len(p.CompanyTokens) > 0 {
		keys = append(keys, "sc:"+p.Last+":"+strings.Join(p.CompanyTokens, "")+":")
	}
	if k := MailboxBlockKey(p); k != "" && untagged(p.EmailLocal) != p.EmailLocal {
		keys = append(keys, k) // a subaddress: found by its mailbox's bare address
	}
	if l := emailLocalBlock(p); l != "" {
		keys = append(keys, "eml:"+l+":")
		keys = appendSlipKeys(keys, l, p.EmailDomain, p.PersonalEmail)
	}
	return keys
}

// EmailSlipKeys returns the blocking keys of e-mail key k that find a slip
// in its local part at its domain (DetailBlockKeys' "emh:" and "emt:"
// keys): none for a role account's address or a local part shorter than
// minLocalBlock. The index keeps them for every address a record holds,
// not only its current one: a slip of an address the person gave before
// finds the record too.
func EmailSlipKeys(k string) []string {
	local, domain := EmailLocal(EmailKey(k)), EmailDomain(EmailKey(k))
	if l := localBlock(local, IsRoleEmail(local)); l != "" {
		return appendSlipKeys(nil, l, domain, IsPersonalEmailDomain(domain))
	}
	return nil
}

// appendSlipKeys appends the slip keys of local part l (emailLocalBlock's
// letters and digits) at domain: each end of it, slipBlockEnd letters of
// a part of minSlipBlock or more. A slip in the local part at the same
// domain ("j.washinngton@", "j.washington@") keeps one end of it whole. A
// shorter part ("rennee@", "renee@") has ends of shortSlipBlockEnd letters
// where a slip in it may weigh as the address (LevelLocalSlip): at a
// company's domain, or with a number of two digits or more; at a provider
// of millions such short ends are too many people's to find anyone.
func appendSlipKeys(keys []string, l, domain string, personal bool) []string {
	end := slipBlockEnd
	if len(l) < minSlipBlock {
		if personal && countDigits(l) < 2 {
			return keys
		}
		end = shortSlipBlockEnd
	}
	if domain == "" {
		return keys
	}
	return append(keys, "emh:"+domain+":"+l[:end]+":", "emt:"+domain+":"+l[len(l)-end:]+":")
}

// MailboxBlockKey is the blocking key of p's mailbox: its address without
// a subaddress ("mbx:anil@crescentpeak.com:" for anil+events@ and for
// anil@); "" for no address or an office's. DetailBlockKeys holds it for a
// subaddress only: an event at the bare address looks it up, and one at a
// subaddress looks the bare address up as an e-mail key.
func MailboxBlockKey(p *Profile) string {
	if a := MailboxAddress(p); a != "" {
		return "mbx:" + a + ":"
	}
	return ""
}

// MailboxAddress is p's e-mail key without its subaddress
// ("anil@crescentpeak.com" for anil+events@, "info@acme.com" for
// info+billing@), the key the mailbox's bare address has; "" for no
// address, or an office's written bare (info@: its subaddresses are
// anyone's to find).
func MailboxAddress(p *Profile) string {
	bare := untagged(p.EmailLocal)
	if p.EmailLocal == "" || p.EmailDomain == "" || p.RoleEmail && bare == p.EmailLocal {
		return ""
	}
	return bare + "@" + p.EmailDomain
}

// IsEmailSlipKey reports whether a DetailBlockKeys key is one of an
// e-mail's ends ("emh:", "emt:"), which find only a slip in the address.
func IsEmailSlipKey(k string) bool {
	return strings.HasPrefix(k, "emh:") || strings.HasPrefix(k, "emt:")
}

// minSlipBlock is the shortest local part (letters and digits) whose two
// ends, slipBlockEnd letters each, are blocking keys at its domain; a
// shorter one, of minLocalBlock or more, has ends of shortSlipBlockEnd (a
// slip in its middle may touch both).
const (
	minSlipBlock      = 8
	slipBlockEnd      = 4
	shortSlipBlockEnd = 3
)

// minLocalBlock is the shortest local part that is a blocking key: "jt"
// or "ann" at two domains are two people as often as one.
const minLocalBlock = 5

// emailLocalBlock is the blocking key of an e-mail's local part, its
// letters and digits alone and its +tag left out, for an address that is
// not a role's: one person's address at another provider or a mistyped
// domain ("lolat86@bishop-gilels.com", "lolat86+work@bishop-giles.com")
// shares it. "" when it is shorter than minLocalBlock.
func emailLocalBlock(p *Profile) string {
	if p.EmailLocal == "" {
		return ""
	}
	return localBlock(p.EmailLocal, p.RoleEmail)
}

// localBlock is emailLocalBlock of a local part, role telling whether it
// is a role account's.
func localBlock(local string, role bool) string {
	if role {
		return ""
	}
	local = untagged(local)
	b := make([]byte, 0, len(local))
	for i := 0; i < len(local); i++ {
		if c := local[i]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	if len(b) < minLocalBlock {
		return ""
	}
	return string(b)
}
