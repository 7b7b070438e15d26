package salesforce

import "testing"

func TestBirthdateIsWrittenAsSalesforceTakesIt(t *testing.T) {
	m := newFieldMap("contactgate_key__c")
	for _, c := range []struct{ in, want string }{
		{"1980-03-14", "1980-03-14"},
		{"19800314", "1980-03-14"},
		{"03/14/1980", "1980-03-14"},
		{"14 Mar 1980", "1980-03-14"},
		{"sometime in spring", "sometime in spring"}, // no date: the org refuses it with its own reason
	} {
		rec := m.record(map[string]string{"date_of_birth": c.in})
		if got := rec[fieldBirthdate]; got != c.want {
			t.Errorf("%q written as %v, want %q", c.in, got, c.want)
		}
	}
}
