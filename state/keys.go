package state

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/contactgate/contactgate/match"
)

// KeyKind is a kind of match key.
type KeyKind string

// Kinds of match keys, strongest first (DESIGN.md section 1, resolve).
const (
	// KeyExternalID is a producer's id of the contact, as "source:id".
	KeyExternalID KeyKind = "external_id"
	// KeyEmail is a normalized e-mail key.
	KeyEmail KeyKind = "email"
	// KeyPhone is a phone number in E.164 ("+" first), or the digits key of
	// a number that is not valid (match.PhoneDigitsKey, "~" first). Several
	// records may share one.
	KeyPhone KeyKind = "phone"
	// KeyNameCompany is a folded first+last+company blocking key. Several
	// records may share one.
	KeyNameCompany KeyKind = "name_company"
	// KeyNameBlock is a fuzzy blocking key of each name-and-company key:
	// first initial, the last name's Soundex and the company
	// (match.NameBlockKey), and the first name at the company
	// (match.FirstCompanyBlockKey). It finds candidates for the scorer,
	// never a match alone.
	KeyNameBlock KeyKind = "name_block"
	// KeyDetailBlock is a blocking key of a record's details
	// (schemas.Identifiers.DetailKeys): a date of birth, a postcode with
	// initials; and the e-mail slip keys of every address the record holds
	// (match.EmailSlipKeys).
	KeyDetailBlock KeyKind = "detail_block"
	// KeyPhoneBlock is a fuzzy blocking key (match.PhoneBlockKeys) of each
	// phone: its first ten digits, and its last seven.
	KeyPhoneBlock KeyKind = "phone_block"
)

// code is the one-byte tag of a kind in stored keys.
func (k KeyKind) code() (byte, bool) {
	switch k {
	case KeyExternalID:
		return 'x', true
	case KeyEmail:
		return 'e', true
	case KeyPhone:
		return 'p', true
	case KeyNameCompany:
		return 'n', true
	case KeyNameBlock:
		return 'b', true
	case KeyPhoneBlock:
		return 'q', true
	case KeyDetailBlock:
		return 'v', true
	}
	return 0, false
}

// kindOfCode is the inverse of KeyKind.code.
func kindOfCode(c byte) (KeyKind, bool) {
	switch c {
	case 'x':
		return KeyExternalID, true
	case 'e':
		return KeyEmail, true
	case 'p':
		return KeyPhone, true
	case 'n':
		return KeyNameCompany, true
	case 'b':
		return KeyNameBlock, true
	case 'q':
		return KeyPhoneBlock, true
	case 'v':
		return KeyDetailBlock, true
	}
	return "", false
}

// Key is one match key. Value is already normalized by the caller (package
// match); the index compares values byte for byte.
type Key struct {
	Kind  KeyKind
	Value string
}

func (k Key) String() string { return string(k.Kind) + ":" + k.Value }

// validate refuses a key the layout cannot store: an unknown kind, or a value
// with a NUL byte (the separator between a key and a record id).
func (k Key) validate() error {
	if _, ok := k.Kind.code(); !ok {
		return fmt.Errorf("%w: unknown key kind %q", ErrInvalid, k.Kind)
	}
	if strings.IndexByte(k.Value, 0) >= 0 {
		return fmt.Errorf("%w: %s key holds a NUL byte", ErrInvalid, k.Kind)
	}
	return nil
}

// compareKeys orders keys by kind code, then value.
func compareKeys(a, b Key) int {
	ca, _ := a.Kind.code()
	cb, _ := b.Kind.code()
	if ca != cb {
		return int(ca) - int(cb)
	}
	return strings.Compare(a.Value, b.Value)
}

// keySet is keys without empty values and duplicates, sorted, after checking
// that each can be stored.
func keySet(keys []Key) ([]Key, error) {
	out := make([]Key, 0, len(keys))
	for _, k := range keys {
		if k.Value == "" {
			continue
		}
		if err := k.validate(); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	slices.SortFunc(out, compareKeys)
	return slices.Compact(out), nil
}

// Stored keys; doc.go describes the layout.
var (
	prefixRecord    = []byte("r/")
	prefixPosting   = []byte("k/")
	prefixProcessed = []byte("e/")
	prefixClaim     = []byte("c/")
	prefixClaimKey  = []byte("ck/")
	prefixOffset    = []byte("o/")
	prefixRedirect  = []byte("m/")
)

func recordKey(id string) []byte       { return append(bytes.Clone(prefixRecord), id...) }
func processedKey(event string) []byte { return append(bytes.Clone(prefixProcessed), event...) }
func claimKey(owner string) []byte     { return append(bytes.Clone(prefixClaim), owner...) }
func redirectKey(id string) []byte     { return append(bytes.Clone(prefixRedirect), id...) }

// matchKey is "<prefix><kind code>/<value>".
func matchKey(prefix []byte, k Key) []byte {
	c, _ := k.Kind.code()
	b := make([]byte, 0, len(prefix)+2+len(k.Value))
	b = append(b, prefix...)
	b = append(b, c, '/')
	return append(b, k.Value...)
}

// postingPrefix is what every posting of k starts with: "k/<kind>/<value>\x00".
func postingPrefix(k Key) []byte { return append(matchKey(prefixPosting, k), 0) }

// postingKey is the posting "record id holds k": "k/<kind>/<value>\x00<id>".
func postingKey(k Key, id string) []byte { return append(postingPrefix(k), id...) }

// claimedKey is "ck/<kind>/<value>", whose value is the owner of the claim.
func claimedKey(k Key) []byte { return matchKey(prefixClaimKey, k) }

// offsetKey is "o/<topic>/<partition>"; Kafka topic names hold no '/'.
func offsetKey(topic string, partition int32) []byte {
	b := append(bytes.Clone(prefixOffset), topic...)
	b = append(b, '/')
	return strconv.AppendInt(b, int64(partition), 10)
}

// Keys returns every match key of the record, sorted: its external ids,
// e-mail keys, phones, name key and the name keys it was seen with, its
// detail keys, and the fuzzy blocking keys of each phone and name key
// (match.PhoneBlockKeys, match.NameBlockKey) and e-mail
// (match.EmailSlipKeys).
func (r Record) Keys() []Key {
	ids := r.Identifiers
	keys := make([]Key, 0, len(ids.ExternalIDs)+3*len(ids.Emails)+3*len(ids.Phones)+2*(1+len(ids.NameKeys))+len(ids.DetailKeys))
	for _, v := range ids.ExternalIDs {
		keys = append(keys, Key{KeyExternalID, v})
	}
	for _, v := range ids.Emails {
		keys = append(keys, Key{KeyEmail, v})
		for _, b := range match.EmailSlipKeys(v) {
			keys = append(keys, Key{KeyDetailBlock, b})
		}
	}
	for _, v := range ids.Phones {
		keys = append(keys, Key{KeyPhone, v})
		for _, b := range match.PhoneBlockKeys(v) {
			keys = append(keys, Key{KeyPhoneBlock, b})
		}
	}
	nameKey := func(v string) { // empty ones go below, with every empty key
		keys = append(keys, Key{KeyNameCompany, v}, Key{KeyNameBlock, match.NameBlockKey(v)},
			Key{KeyNameBlock, match.FirstCompanyBlockKey(v)})
	}
	nameKey(ids.NameKey)
	for _, v := range ids.NameKeys {
		nameKey(v)
	}
	for _, v := range ids.DetailKeys {
		keys = append(keys, Key{KeyDetailBlock, v})
	}
	keys = slices.DeleteFunc(keys, func(k Key) bool { return k.Value == "" })
	slices.SortFunc(keys, compareKeys)
	return slices.Compact(keys)
}
