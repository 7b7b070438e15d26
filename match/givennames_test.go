package match

import "testing"

func TestMoreGivenNamesAreFoldedAndDistinct(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range moreGivenNames {
		if NameKey(n) != n {
			t.Errorf("%q is not folded (NameKey %q)", n, NameKey(n))
		}
		if seen[n] {
			t.Errorf("%q listed twice", n)
		}
		seen[n] = true
	}
}
