package match

import (
	"testing"
	"unicode/utf8"
)

// TestIdempotentForEveryRune checks, for every Unicode scalar value, the
// property the fuzz targets check on random text: a folded value folds to
// itself. Single runes reach the case-mapping and decomposition corners that
// random bytes rarely do.
func TestIdempotentForEveryRune(t *testing.T) {
	if testing.Short() {
		t.Skip("1.1 million runes")
	}
	buf := make([]byte, 0, 16)
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		buf = append(append(append(buf[:0], 'A'), string(r)...), 'b')
		s := string(buf)
		if f := FoldName(s); FoldName(f) != f {
			t.Errorf("FoldName(%U): %q → %q → %q", r, s, f, FoldName(f))
		}
		if f := FoldCompany(s); FoldCompany(f) != f {
			t.Errorf("FoldCompany(%U): %q → %q → %q", r, s, f, FoldCompany(f))
		}
		if k, err := NormalizeEmail(s + "@x" + string(r) + ".com"); err == nil {
			if again, err := NormalizeEmail(string(k)); err != nil || again != k {
				t.Errorf("NormalizeEmail(%U): %q → %q, %v", r, k, again, err)
			}
		}
	}
}
