package match

import "testing"

// A nickname is one name unless the birth dates say two people: the
// earlier trial of published nickname relations, which list Mary as a
// nickname of Marsha, merged Mary Kusha (1976) and Marsha Kusha (1997) at
// the family's mailbox, because a nickname counted as one name to the
// shared-mailbox and relatives rules.
func TestNicknameWithTwoBirthDates(t *testing.T) {
	s, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	person := func(first, dob string) Profile {
		return NewProfile(map[Kind]string{KindFirstName: first, KindLastName: "Kusha",
			KindEmail: "kusha123@hmail.com", KindDOB: dob}, Options{})
	}
	t.Run("should read a nickname with another birth date as a household's mailbox", func(t *testing.T) {
		// Given Robert, born 1954, and Bob, born 1978, at one address
		a, b := person("Robert", "3/31/1954"), person("Bob", "12/11/1978")
		// Then the address is shared and the pair is no match
		if !SharedMailbox(&a, &b) {
			t.Error("SharedMailbox = false, want true")
		}
		if got := s.Score(&a, &b); got.Band == BandMatch {
			t.Errorf("band %s (%s), want below match", got.Band, got.Explain())
		}
	})
	t.Run("should keep a nickname with one birth date, or none, one person", func(t *testing.T) {
		for _, dob := range []string{"12/11/1978", ""} {
			a, b := person("Robert", dob), person("Bob", dob)
			if SharedMailbox(&a, &b) {
				t.Errorf("dob %q: SharedMailbox = true, want false", dob)
			}
			if got := s.Score(&a, &b); got.Band != BandMatch {
				t.Errorf("dob %q: band %s (%s), want match", dob, got.Band, got.Explain())
			}
		}
	})
	t.Run("should keep a nickname with another surname one person", func(t *testing.T) {
		a := person("Robert", "")
		b := NewProfile(map[Kind]string{KindFirstName: "Bob", KindLastName: "Jones", KindEmail: "kusha123@hmail.com"}, Options{})
		if SharedMailbox(&a, &b) {
			t.Error("SharedMailbox = true, want false: a married name keeps the first name")
		}
	})
}
