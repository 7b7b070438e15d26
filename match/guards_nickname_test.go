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

// One address at the company one side names, and one surname: two first
// names there are one person's (an English name beside a given one),
// unless the birth dates differ. Not at a domain no side's company names
// (a family's mailbox at a provider the personal list does not know), nor
// with two surnames.
func TestSharedMailboxOneOwnAddressAtACompany(t *testing.T) {
	p := func(first, last, email, company, dob string) Profile {
		return NewProfile(map[Kind]string{KindFirstName: first, KindLastName: last, KindEmail: email, KindCompany: company, KindDOB: dob}, Options{})
	}
	for _, c := range []struct {
		a, b Profile
		want bool
	}{
		{p("Kevin", "Huang", "kevin.huang@shengdatechnology.com", "Shengda Technology", ""), p("Feng", "Huang", "kevin.huang@shengdatechnology.com", "", ""), false},
		{p("Eric", "Wu", "wenhui.wu@xusemiconductor.com", "", ""), p("Wenhui", "Wu", "wenhui.wu@xusemiconductor.com", "Xu Semiconductor Co., Ltd.", ""), false},
		{p("Kevin", "Huang", "kevin.huang@shengdatechnology.com", "Shengda Technology", "1980-01-02"), p("Feng", "Huang", "kevin.huang@shengdatechnology.com", "", "1955-03-04"), true},
		{p("Mary", "Kusha", "kusha123@hmail.com", "", ""), p("Mark", "Kusha", "kusha123@hmail.com", "", ""), true},
		{p("Mary", "Kusha", "kusha123@hmail.com", "Acme", ""), p("Mark", "Kusha", "kusha123@hmail.com", "Acme", ""), true},
		{p("Kevin", "Huang", "kevin.huang@shengdatechnology.com", "Shengda Technology", ""), p("Feng", "Li", "kevin.huang@shengdatechnology.com", "", ""), true},
		{p("Kevin", "Huang", "info@shengdatechnology.com", "Shengda Technology", ""), p("Feng", "Huang", "info@shengdatechnology.com", "", ""), true},
		// A family firm's address at its surname, and an address that
		// spells neither first name.
		{p("Mary", "Smith", "smith@smithplumbing.com", "Smith Plumbing", ""), p("John", "Smith", "smith@smithplumbing.com", "Smith Plumbing", ""), true},
		{p("Mary", "Smith", "ops.smith@acmeanalytics.com", "Acme Analytics", ""), p("John", "Smith", "ops.smith@acmeanalytics.com", "", ""), true},
		// A surname the address lends is no surname written.
		{p("Mary", "", "m.smith@acmeanalytics.com", "Acme Analytics", ""), p("Michael", "Smith", "m.smith@acmeanalytics.com", "", ""), true},
	} {
		if got := SharedMailbox(&c.a, &c.b); got != c.want {
			t.Errorf("%s %s, %s %s at %s: SharedMailbox = %v, want %v", c.a.First, c.a.Last, c.b.First, c.b.Last, c.a.EmailKey, got, c.want)
		}
	}
}
