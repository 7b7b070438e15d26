package match

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// appendFold appends the folded tokens of s to dst, separated by single
// spaces, and returns the extended slice: the character rules of the package
// documentation (Folding), shared by FoldName and FoldCompany.
// appendFold(appendFold(s)) == appendFold(s).
func appendFold(dst []byte, s string) []byte {
	f := folder{start: len(dst)}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = f.ascii(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError:
			f.sep = true
		case isApostrophe(r):
			// Before decomposition: NFKD turns U+00B4 into a space and a mark.
		default:
			if d := norm.NFKD.PropertiesString(s[i:]).Decomposition(); d != nil {
				for j := 0; j < len(d); {
					dr, dn := utf8.DecodeRune(d[j:])
					dst = f.rune(dst, dr)
					j += dn
				}
			} else {
				dst = f.rune(dst, r)
			}
		}
		i += n
	}
	return dst
}

// folder is the state of appendFold between runes. The buffer is passed
// along rather than held, so that a caller's stack buffer stays on the stack.
type folder struct {
	start int  // where this fold's output begins in the buffer
	sep   bool // a separator is pending before the next token byte
}

// open writes the pending separator, if any, before a token byte.
func (f *folder) open(b []byte) []byte {
	if f.sep {
		if len(b) > f.start {
			b = append(b, ' ')
		}
		f.sep = false
	}
	return b
}

func (f *folder) ascii(b []byte, c byte) []byte {
	switch {
	case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
	case 'A' <= c && c <= 'Z':
		c += 'a' - 'A'
	case c == '\'' || c == '`':
		return b
	default:
		f.sep = true
		return b
	}
	return append(f.open(b), c)
}

// rune folds one rune of a decomposition.
func (f *folder) rune(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		return f.ascii(b, byte(r))
	}
	if isApostrophe(r) || isStrippedMark(r) {
		return b
	}
	r = unicode.ToLower(r)
	if s := spelledOut(r); s != "" {
		return append(f.open(b), s...)
	}
	if r < utf8.RuneSelf {
		return f.ascii(b, byte(r))
	}
	if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) {
		return utf8.AppendRune(f.open(b), r)
	}
	f.sep = true
	return b
}

// isApostrophe reports the characters written for an apostrophe in names:
// typewriter and typographic quotes, the modifier letter apostrophe and
// ʻokina, acute and grave accents, the prime.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', '\u00B4', '\u02B9', '\u02BB', '\u02BC', '\u02BD',
		'\u2018', '\u2019', '\u201B', '\u2032', '\uFF07':
		return true
	}
	return false
}

// isStrippedMark reports the combining marks that only decorate a letter:
// the general diacritics blocks, and Hebrew and Arabic vowel points, which are
// optional in writing. Marks of other scripts change the letter and stay.
func isStrippedMark(r rune) bool {
	switch {
	case 0x0300 <= r && r <= 0x036F, // Combining Diacritical Marks
		0x1AB0 <= r && r <= 0x1AFF, // ... Extended
		0x1DC0 <= r && r <= 0x1DFF, // ... Supplement
		0x20D0 <= r && r <= 0x20FF, // ... for Symbols
		0xFE20 <= r && r <= 0xFE2F: // Combining Half Marks
		return true
	case 0x0591 <= r && r <= 0x05C7, 0x0610 <= r && r <= 0x06ED:
		return unicode.Is(unicode.Mn, r)
	}
	return false
}

// spelledOut returns the ASCII spelling of lower-case letters that have no
// decomposition, and the non-final form of Greek sigma; "" for anything else.
func spelledOut(r rune) string {
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ø':
		return "o"
	case 'đ', 'ð':
		return "d"
	case 'þ':
		return "th"
	case 'ł':
		return "l"
	case 'ı':
		return "i"
	case 'ħ':
		return "h"
	case 'ŧ':
		return "t"
	case 'ς':
		return "σ"
	}
	return ""
}

// span is a token's byte range in a folded buffer.
type span struct{ lo, hi int }

// appendSpans appends the spans of the space-separated tokens of b.
func appendSpans(spans []span, b []byte) []span {
	lo := 0
	for i := 0; i <= len(b); i++ {
		if i == len(b) || b[i] == ' ' {
			if i > lo {
				spans = append(spans, span{lo, i})
			}
			lo = i + 1
		}
	}
	return spans
}
