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
