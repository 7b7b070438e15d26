package match

import "testing"

func TestFoldName(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Robert", "robert"},
		{"  ROBERT  ", "robert"},
		{"Zoë", "zoe"},
		{"Zoe", "zoe"},
		{"José María", "jose maria"},
		{"O'Brien-Müller", "obrien muller"},
		{"O’Brien", "obrien"},
		{"O´Brien", "obrien"},
		{"O Brien", "o brien"},
		{"Dr. John Smith Jr.", "john smith"},
		{"Prof. Dr. Hans Müller", "hans muller"},
		{"Mrs. Smith-Jones", "smith jones"},
		{"Smith, Ph.D.", "smith"},
		{"Smith M.D.", "smith"},
		{"Henry Ford II", "henry ford"},
		{"Martin Luther King, Jr.", "martin luther king"},
		{"Dr", "dr"},
		{"Mr Jr", "jr"},
		{"Nguyễn Văn Thắng", "nguyen van thang"},
		{"Straße", "strasse"},
		{"Ørsted Æbelø", "orsted aebelo"},
		{"Łukasz Żółć", "lukasz zolc"},
		{"İlker Işık", "ilker isik"},
		{"Þórr Ðorðević", "thorr dordevic"},
		{"ΟΔΥΣΣΕΑΣ", "οδυσσεασ"},
		{"Οδυσσέας", "οδυσσεασ"},
		{"Фёдор", "федор"},
		{"김민준", "김민준"},
		{"ﾀﾛｳ", "タロウ"},
		{"Ｊｏｈｎ", "john"},
		{"🙂 Bob 🙂", "bob"},
		{`"Bobby" Tables`, "bobby tables"},
		{"Robert'); DROP TABLE contacts;--", "robert drop table contacts"},
		{"\xff\xfeBob", "bob"},
		{"", ""},
		{"---", ""},
	}
	for _, tc := range cases {
		if got := FoldName(tc.in); got != tc.want {
			t.Errorf("FoldName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNameKey(t *testing.T) {
	groups := [][]string{
		{"O'Brien", "OBrien", "O Brien", "o-brien", "O’BRIEN", "Mr. O'Brien"},
		{"Zoë", "Zoe", "ZOE"},
		{"José", "Jose", "JOSÉ"},
		{"Mary Ann", "Maryann", "Mary-Ann"},
		{"Müller-Lüdenscheidt", "Muller Ludenscheidt"},
	}
	for _, g := range groups {
		want := NameKey(g[0])
		for _, in := range g[1:] {
			if got := NameKey(in); got != want {
				t.Errorf("NameKey(%q) = %q, want %q like %q", in, got, want, g[0])
			}
		}
	}
	if NameKey("Mueller") == NameKey("Müller") {
		t.Error("German transliteration is not folded; the test documents it")
	}
}

func TestFoldNameAllocations(t *testing.T) {
	t.Run("should not allocate for a folded name", func(t *testing.T) {
		if n := testing.AllocsPerRun(100, func() { _ = FoldName("robert smith") }); n != 0 {
			t.Errorf("allocs = %v", n)
		}
	})
	t.Run("should allocate only the result otherwise", func(t *testing.T) {
		if n := testing.AllocsPerRun(100, func() { _ = FoldName("O'Brien-Müller") }); n != 1 {
			t.Errorf("allocs = %v", n)
		}
	})
}

func TestProfileTakesTheFirstNameAfterATitle(t *testing.T) {
	t.Run("should take the full name's first name when the first name is a title", func(t *testing.T) {
		p := NewProfile(map[Kind]string{KindFirstName: "Sir", KindLastName: "Leveson", KindFullName: "Sir Granville Leveson"}, Options{})
		if p.First != "granville" || p.Last != "leveson" {
			t.Errorf("first %q last %q, want granville leveson", p.First, p.Last)
		}
	})
	t.Run("should take no first name from a full name of a title and a surname", func(t *testing.T) {
		p := NewProfile(map[Kind]string{KindFirstName: "Mrs", KindLastName: "Perrin", KindFullName: "Mrs Perrin"}, Options{})
		if p.First != "" || p.Last != "perrin" {
			t.Errorf("first %q last %q, want none and perrin", p.First, p.Last)
		}
	})
}

func TestProfileKeepsWhatATypoLeaves(t *testing.T) {
	t.Run("should keep a year-first date with a typo in its day as digits", func(t *testing.T) {
		if got := NormalizeDate("1857-05-83"); got != "18570583" {
			t.Errorf("NormalizeDate = %q, want 18570583", got)
		}
		if got := NormalizeDate("not-a-date"); got != "" {
			t.Errorf("NormalizeDate = %q, want none", got)
		}
	})
	t.Run("should take a first name of initials as its first initial", func(t *testing.T) {
		p := NewProfile(map[Kind]string{KindFirstName: "W.H.", KindLastName: "Doust"}, Options{})
		if p.First != "w" {
			t.Errorf("first %q, want w", p.First)
		}
	})
}

func TestSplitFullName(t *testing.T) {
	for _, tc := range []struct{ first, last, wantFirst, wantLast string }{
		{"Sara Ahmeed", "", "Sara", "Ahmeed"},
		{"Elena van Buuren", "", "Elena", "van Buuren"},
		{"Stephen Charlie Holland", "", "Stephen Charlie", "Holland"},
		{"John Smith Jr.", "", "John", "Smith Jr."},
		{"Ana J.", "", "Ana J.", ""},
		{"Thomas", "", "Thomas", ""},
		{"Stephen Charlie", "Holland", "Stephen Charlie", "Holland"},
		{"", "Holland", "", "Holland"},
		{"", "Morgan, Thomas", "Thomas", "Morgan"},             // "Last, First" in the last name's column
		{"EAVNS, OLIVIA S", "", "OLIVIA S", "EAVNS"},           // or in the first name's
		{"", "Alves , Mariana", "Mariana", "Alves"},            // a space before the comma
		{"John Smith, Jr.", "", "John", "Smith, Jr."},          // a suffix after the comma: no first name
		{"", "Smith, PhD", "", "Smith, PhD"},                   // nor here
		{"Thomas", "Morgan, Jones", "Thomas", "Morgan, Jones"}, // both columns given: as written
		{"", "Matthew Rodriguez", "Matthew", "Rodriguez"},      // the whole name in the last name's column
		{"", "García López", "", "García López"},               // two surnames alone stay whole
		{"", "van Buuren", "", "van Buuren"},
		{"", "Jane Smith, LCSW", "Jane", "Smith"}, // a whole name, then a credential
		{"John Smith, CFA", "", "John", "Smith"},
		{"", "Smith, Dr.", "", "Smith, Dr."},            // a title after the comma: no first name
		{"", "Martín García", "Martín", "García"},       // two surnames whose first is a given name too: split (known limit)
		{"Dr. Patty Ashhurst", "", "Patty", "Ashhurst"}, // a title names no one
		{"Mrs Perrin", "", "", "Perrin"},                // a title and one word: a surname, and no first name
		{"Mrs Taylor", "", "Mrs Taylor", ""},            // though Taylor is a given name too
		{"Dr. Jason", "", "Dr. Jason", ""},              // a given name with its title, in the first name's column
		{"Dr. Ashhurst", "", "", "Ashhurst"},
		{"Dr. J", "", "Dr. J", ""},             // an initial with its title
		{"Dr. Smith Jr", "", "", "Smith Jr"},   // a surname with its suffix
		{"Mrs Lisa", "", "Mrs Lisa", ""},       // a given name the census lists
		{"Prof. Stefanie", "", "", "Stefanie"}, // one neither list knows: read as a surname
		{"Mr", "", "", ""},                     // a title alone names no one
	} {
		if f, l := SplitFullName(tc.first, tc.last); f != tc.wantFirst || l != tc.wantLast {
			t.Errorf("SplitFullName(%q, %q) = %q, %q; want %q, %q", tc.first, tc.last, f, l, tc.wantFirst, tc.wantLast)
		}
	}
}

// A given name of two words in the first name's column, which the address
// spells as one first name beside the surname, is not split.
func TestSplitFullNameWithAddress(t *testing.T) {
	for _, c := range []struct{ first, email, wantFirst, wantLast string }{
		{"Ka Yan", "kayan.cheung@lin-technology.com.sg", "Ka Yan", ""},
		{"Mary Ann", "maryann.smith@acme.com", "Mary Ann", ""},
		{"John Smith", "john.smith@acme.com", "John", "Smith"},
		{"Ka Yan", "kyan@lin-technology.com.sg", "Ka", "Yan"},
	} {
		if f, l := SplitFullNameWithAddress(c.first, "", c.email); f != c.wantFirst || l != c.wantLast {
			t.Errorf("%q at %s: %q %q, want %q %q", c.first, c.email, f, l, c.wantFirst, c.wantLast)
		}
	}
	p := NewProfile(map[Kind]string{KindFirstName: "Ka Yan", KindEmail: "kayan.cheung@lin-technology.com.sg"}, Options{})
	if p.First != "kayan" || p.Last != "cheung" {
		t.Errorf("profile: %q %q, want kayan cheung", p.First, p.Last)
	}
	id := Normalize(ContactFields{FirstName: "Ka Yan", Email: "kayan.cheung@lin-technology.com.sg"}, Options{})
	if len(id.FirstKeys) == 0 || id.FirstKeys[0] != "kayan" || id.LastKey != "cheung" {
		t.Errorf("keys: %v %q, want kayan cheung", id.FirstKeys, id.LastKey)
	}
}

// Every contact's name is split and its surname's core read: the common
// case, a first and a last name of one word, allocates nothing.
func TestSplitFullNameAllocations(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _, _ = SplitFullName("Julia", "Scholz") }); n != 0 {
		t.Errorf("SplitFullName: %.0f allocations, want none", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = surnameCore("Scholz") }); n != 0 {
		t.Errorf("surnameCore: %.0f allocations, want none", n)
	}
}
