package match

import "testing"

func TestGivenNameShare(t *testing.T) {
	t.Run("should read the census shares of persons", func(t *testing.T) {
		// Mary: 2.629 % of women and 0.009 % of men in the 1990 census.
		if got, want := givenNameShare["mary"], (2.629+0.009)/2/100; got < want*0.999 || got > want*1.001 {
			t.Errorf("share of mary %v, want %v", got, want)
		}
		if len(givenNameShare) < 5000 {
			t.Errorf("%d given names, want the census's 5,000 and more", len(givenNameShare))
		}
	})
	t.Run("should hold folded names only", func(t *testing.T) {
		for n := range givenNameShare {
			if NameKey(n) != n {
				t.Errorf("%q is not folded", n)
			}
		}
	})
	t.Run("should know common given names and not rare spellings", func(t *testing.T) {
		for _, n := range []string{"mary", "darla", "darlene", "mark", "christina", "austin", "marsha"} {
			if !knownGivenName(n) {
				t.Errorf("%q (share %v) is not a known given name", n, givenNameShare[n])
			}
		}
		for _, n := range []string{"marry", "jonh", "izn", ""} {
			if knownGivenName(n) {
				t.Errorf("%q (share %v) is a known given name", n, givenNameShare[n])
			}
		}
	})
}
