// Package match turns identifiers as producers send them into match keys:
// the values that the resolve stage and the batch duplicate scan compare and
// index. It never rewrites what the CRM stores; a key is derived, lossy and
// only ever compared with other keys made by this package.
//
// Everything here is a pure function of its arguments: no I/O, no clocks, no
// caches, safe for concurrent use. Hot paths avoid regexp, and each function
// allocates little more than the key it returns; phone parsing, delegated to
// nyaruka/phonenumbers, is the exception (about 20 µs and 55 allocations;
// see BenchmarkNormalizePhone).
//
// The keys, by identifier (DESIGN.md section 1, stage "normalize"):
//
//   - E-mail (NormalizeEmail): trimmed, lower-cased, trailing dot of the domain
//     removed; provider rules where the provider documents them: Gmail ignores
//     dots and "+tag", and googlemail.com is gmail.com; Outlook/Hotmail/Live/MSN,
//     iCloud, Fastmail, Proton and Yahoo drop "+tag". Corporate domains keep
//     their local part as written (r.smith@acmecorp.com keeps its dot).
//   - Phone (NormalizePhone): E.164 with a default region for national
//     formats, the extension kept apart. Only numbers valid for their region
//     make a key, so placeholders such as 555-555-5555 do not.
//   - Names (FoldName, NameKey, FirstNameKeys): case, accents and punctuation
//     folded; titles and suffixes dropped; nicknames mapped to the given names
//     they stand for, as a set when a nickname is ambiguous.
//   - Company (FoldCompany): folded like names, without legal forms and stop
//     words.
//   - Normalize gathers all of them for one contact and reports field-level
//     problems without giving up on the other fields.
//
// Beyond keys, the package scores pairs in the Fellegi-Sunter way
// (score.go): NewProfile prepares a contact's fields of every Kind once;
// a Model gives each field agreement levels (exact, nickname, close by
// Jaro-Winkler, ... different) with m and u probabilities, whose log2
// ratios add up to a match weight, adjusted by term frequency (a shared
// rare surname weighs more than "Smith"); the weight falls in a Band
// (match, possible, distinct) and every Comparison carries the evidence
// of each field. EstimateU and EstimateM (em.go) set m and u from
// unlabelled records: u from random pairs, m by expectation maximisation
// over the pairs that blocking brings together.
//
// Errors are typed: *EmailError wraps ErrInvalidEmail and *PhoneError wraps
// ErrInvalidPhone, each with a Problem that says why. Both are permanent: the
// same input never yields a key. Their texts leave the value out (personal
// data); the Input field holds it.
//
// # Folding
//
// Names and company names are folded character by character, the same way
// for both:
//
//   - each character is decomposed (Unicode NFKD: "é" → "e" and an accent,
//     "ﬁ" → "fi", full-width → ASCII) and the diacritics of Latin, Greek,
//     Cyrillic, Hebrew and Arabic are dropped; marks that change the letter in
//     other scripts (kana voicing, Indic vowel signs) are kept;
//   - letters without a decomposition are spelled out (ß → ss, æ → ae,
//     ø → o, ł → l, þ → th) and everything is lower-cased;
//   - apostrophes, straight or curly, join: "O'Brien" → "obrien";
//   - every other character that is not a letter or digit (space, hyphen,
//     dot, comma, '&', quotes, symbols, emoji, invalid UTF-8) separates
//     tokens, and tokens are joined with single spaces.
//
// German transliterations are not folded: "Müller" is "muller", "Mueller"
// stays "mueller".
package match
