package match

// Soundex returns the American Soundex code of a folded name (letters a-z;
// others are skipped): its first letter and three digits, "robert" →
// "R163", "rupert" → "R163", "tymczak" → "T522"; "" when s has no letter.
// Blocking uses it so that spelling variants of a surname meet.
func Soundex(s string) string {
	var out [4]byte
	n := 0
	var last byte
	for i := 0; i < len(s) && n < 4; i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c < 'a' || c > 'z' {
			continue
		}
		code := soundexCodes[c-'a']
		if n == 0 {
			out[0] = c - ('a' - 'A')
			n, last = 1, code
			continue
		}
		switch {
		case code == '0':
			if c != 'h' && c != 'w' {
				last = 0 // a vowel separates two equal codes
			}
		case code != last:
			out[n] = code
			n++
			last = code
		}
	}
	if n == 0 {
		return ""
	}
	for ; n < 4; n++ {
		out[n] = '0'
	}
	return string(out[:])
}

// soundexCodes maps a-z to Soundex digits; '0' for the letters it skips.
var soundexCodes = [26]byte{
	'0', '1', '2', '3', '0', '1', '2', '0', '0', '2', '2', '4', '5',
	'5', '0', '1', '2', '6', '2', '3', '0', '1', '0', '2', '0', '2',
}

// SoundAlike reports whether two folded given names are one name spelt
// two ways that sound the same: the letters that write one sound in
// several ways are read as one (c and k, ck, q; s and z; ph and f), an h
// that is not sounded is dropped (after a vowel, at the end, after t: not
// in sh or ch), and doubled letters count once. "zara", "sarah" and
// "sahra" are one; so are "carl" and "karl", "erica" and "erika",
// "thomas" and "tomas". Vowels are kept, so "jon" and "joan", "aaron" and
// "erin", "paul" and "paula" stay two names. Names of fewer than three
// letters, or more than 24, are never alike. It does not allocate.
func SoundAlike(a, b string) bool {
	var ba, bb [24]byte
	sa, sb := soundSpelling(a, &ba), soundSpelling(b, &bb)
	return len(sa) >= 3 && string(sa) == string(sb)
}

// soundSpelling writes the sound-spelling of SoundAlike into buf; nil when
// it does not fit.
func soundSpelling(s string, buf *[24]byte) []byte {
	n := 0
	var prev byte // the previous letter of s
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 'a' || c > 'z' {
			continue
		}
		var next byte
		if i+1 < len(s) {
			next = s[i+1]
		}
		out := c
		switch c {
		case 'c':
			out = 'k'
			if next == 'e' || next == 'i' || next == 'y' {
				out = 's'
			}
		case 'q':
			out = 'k'
		case 'z':
			out = 's'
		case 'k':
			if prev == 'c' {
				prev = c
				continue // ck: the c was written as k
			}
		case 'p':
			if next == 'h' {
				out = 'f'
			}
		case 'h':
			if n > 0 && prev != 's' && prev != 'c' {
				prev = c
				continue // not sounded: sarah, sahra, thomas; ph was written as f
			}
		}
		prev = c
		if n > 0 && buf[n-1] == out {
			continue
		}
		if n == len(buf) {
			return nil
		}
		buf[n] = out
		n++
	}
	return buf[:n]
}
