package match

import "testing"

func TestAddressOfAnother(t *testing.T) {
	cases := []struct {
		email, first, last string
		want               bool
		why                string
	}{
		{"luke.kim@gmail.com", "Stacey", "Jenkins", true, "a colleague's address on Stacey's form"},
		{"alan.pritchard90@gmail.com", "Stanley", "McDonald", true, "a name the names share nothing with"},
		{"lawrence.long@vercor.com", "Larry", "Ling", false, "a nickname and a slip of the surname"},
		{"james.martin@x.com", "Jim", "Mattin", false, "a nickname and a slip"},
		{"john.lamb87@comcast.net", "Jack Kevin", "Freeman", false, "Jack is a nickname of John"},
		{"jane.smith@x.com", "Jane", "Doe", false, "a married name keeps the first"},
		{"bob.jones@x.com", "Robert", "Jones", false, "the surname"},
		{"burns.isla@x.com", "Isla", "Burns", false, "the name the other way round"},
		{"zachary.hussain@x.com", "Zack", "Hsusain", false, "a nickname and a transposition"},
		{"blue.sky@x.com", "Jane", "Doe", false, "no given name"},
		{"ivan.petrov@x.ru", "Иван", "Петров", false, "names in letters no address is written in"},
		{"juergen.foerster@faust.de", "Jürgen", "Förster", false, "umlauts written out"},
		{"luke.kim@gmail.com", "Stacey", "", false, "no last name to tell"},
		{"lukekim@gmail.com", "Stacey", "Jenkins", false, "one word spells no name"},
		{"info.sales@x.com", "Stacey", "Jenkins", false, "a role's address"},
	}
	for _, c := range cases {
		if got := AddressOfAnother(c.email, c.first, c.last); got != c.want {
			t.Errorf("AddressOfAnother(%q, %q, %q) = %v, want %v (%s)", c.email, c.first, c.last, got, c.want, c.why)
		}
	}
}
