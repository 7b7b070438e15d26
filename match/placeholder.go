package match

import (
	"bytes"
	"strings"
)

// Placeholders: values a form, an import or a CRM writes where it has none
// ("N/A", "None", "unknown", Salesforce's "[not provided]"). They say
// nothing of a person, so they fold to nothing: no key is made of them,
// and two records with "N/A" for a company share no company, while a
// record with "None" and an event with its real company do not differ.
// What the CRM holds is unchanged; only matching reads them so.
//
// The null tokens are pandas' default missing-value strings (read_csv's
// na_values, BSD-3-Clause: "", "#N/A", "N/A", "NA", "<NA>", "NULL", "NaN",
// "None", "n/a", "nan", "null" and their signed and Excel forms), folded as
// the package folds text, with "unknown", "nil" and "not provided" /
// "not available", which CRMs write for a required field left empty, and
// "test", a tester's record's name (Test Salieri at Giulio Salieri's own
// address is his event, not a second person at his mailbox). In a
// name, "Na", "Nan" and "Nil" are names (a surname, Nancy's nickname, a
// given name): only the rest are placeholders there (namePlaceholder).
func placeholder(folded []byte) bool {
	switch string(folded) {
	case "na", "nan", "nil":
		return true
	}
	return namePlaceholder(folded)
}

// namePlaceholder reports the placeholders that are never a name, and
// keyboard mash (keyboardMash: "asdf", "xxx").
func namePlaceholder(folded []byte) bool {
	switch string(folded) {
	case "n a", "null", "none", "unknown", "not provided", "not available", "test":
		return true
	}
	return keyboardMash(folded)
}

// keyboardRows are the letter rows of a QWERTY keyboard.
var keyboardRows = [...]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// keyboardMash reports a value typed to get past a required field: one
// letter three times or more ("xxx", "aaaa"), or four letters or more
// struck in a row along one row of the keyboard ("asdf", "qwerty",
// "hjkl"). No given name or surname is either; three keys in a row are
// ("Yui", "Ty" are names), so a run is four or more.
func keyboardMash(folded []byte) bool {
	if len(folded) < 3 {
		return false
	}
	if bytes.Count(folded, folded[:1]) == len(folded) {
		return true
	}
	if len(folded) < 4 {
		return false
	}
	for _, row := range keyboardRows {
		if strings.Contains(row, string(folded)) {
			return true
		}
	}
	return false
}

// noEmployer reports a folded company that names a way of working, not an
// organisation: two self-employed people share no employer, and a record
// "Freelance" and an event with the company its person joined do not
// differ.
func noEmployer(folded []byte) bool {
	switch string(folded) {
	case "self employed", "selfemployed", "freelance", "freelancer", "retired", "student", "unemployed":
		return true
	}
	return false
}

// placeholderAddress reports an e-mail key written where there is no
// address: a local part that is a placeholder (namePlaceholder: none@,
// null@, test@; noemail@, no@), or the registered domain's own name
// (none@none.com, asdf@asdf.com, test@test.com; not mail@mail.acme.com).
// Such an address is shared by whoever's form had none: it identifies no
// one, and a CRM that keeps one contact per address would give every
// later one a 409.
func placeholderAddress(key []byte) bool {
	at := bytes.LastIndexByte(key, '@')
	if at <= 0 {
		return false
	}
	local, domain := key[:at], key[at+1:]
	switch string(local) {
	case "noemail", "no-email", "no": // no@: a form's "no" where it asked for an address (a Korean No's own is rarer than the placeholder)
		return true
	}
	if namePlaceholder(local) { // not na@, nan@, nil@: Nan's own address
		return true
	}
	if len(domain) <= len(local) || !bytes.HasPrefix(domain, local) || domain[len(local)] != '.' {
		return false // the hot path: no domain named as its local part
	}
	return string(local) == registeredLabel(string(domain))
}

// noAddress reports a value without an '@' written in an e-mail field where
// there is no address: one letter or digit or none ("-", "x", "."), a
// placeholder (placeholder: "n/a", "none", "null"), or a form's answer that
// it has none ("noemail", "no email", "no", "tbd"). Unlike an address typed
// wrong ("ann.lee.acme.com"), it is an identifier never given, not one lost.
func noAddress(s string) bool {
	var buf [64]byte
	folded := appendFold(buf[:0], s)
	alnum := 0
	for _, c := range folded {
		if c != ' ' {
			alnum++
		}
	}
	if alnum <= 1 || placeholder(folded) {
		return true
	}
	switch string(joinTokens(folded)) {
	case "noemail", "no", "tbd", "tba", "notgiven", "noaddress":
		return true
	}
	return false
}
