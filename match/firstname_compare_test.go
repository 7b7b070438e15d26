package match

import "testing"

func TestCompareFirstNames(t *testing.T) {
	for _, c := range []struct {
		a, b, want string
	}{
		// Given names known to the census that are one name spelt as it
		// sounds are close; two names alike in letters are different.
		{"Sean", "Shawn", LevelClose}, {"Sean", "Shaun", LevelClose}, {"Derek", "Derrick", LevelClose},
		{"Lori", "Laurie", LevelClose}, {"Mark", "Marc", LevelClose},
		{"Mark", "Marsha", LevelDifferent}, {"Christian", "Christina", LevelDifferent},
		{"Darla", "Darlene", LevelDifferent}, {"Paul", "Paula", LevelDifferent},
		// A slip between two known names must spare the first letter.
		{"Andy", "Sandy", LevelDifferent}, {"Kristen", "Kristin", LevelClose},
		// Published relations and the hand relations the data lacks.
		{"Bob", "Robert", LevelNickname}, {"Katie", "Catherine", LevelNickname}, {"Stan", "Stanley", LevelNickname},
		// Names the census does not know are judged by their letters.
		{"Darla", "Darletta", LevelClose},
		// One letter typed wrong, left out or added, making no name: one
		// name mistyped, however Jaro-Winkler weighs a slip mid-name.
		{"Mdgan", "Megan", LevelClose}, {"Frqser", "Fraser", LevelClose}, {"Dejnis", "Dennis", LevelClose},
		// A slip of the full name of the other's nickname (Joey is
		// Joseph): the slip is compared with every key of the name.
		{"Jseph", "Joey", LevelClose},
		// Not in names shorter than four letters.
		{"Ay", "Amy", LevelFuzzy}, {"Юля", "Юлю", LevelFuzzy},
	} {
		a := NewProfile(map[Kind]string{KindFirstName: c.a}, Options{})
		b := NewProfile(map[Kind]string{KindFirstName: c.b}, Options{})
		if got := CompareField(KindFirstName, &a, &b); got != c.want {
			t.Errorf("%s and %s: %s, want %s", c.a, c.b, got, c.want)
		}
	}
}

func TestConsonantSkeleton(t *testing.T) {
	for in, want := range map[string]string{
		"shawn": "sn", "sean": "sn", "derrick": "drk", "derek": "drk", "philip": "flp", "zoe": "s", "laurie": "lr",
	} {
		if got := consonantSkeleton(in); got != want {
			t.Errorf("consonantSkeleton(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalAmong(t *testing.T) {
	for _, c := range []struct {
		name, want string
	}{
		{"liz", "elizabeth"}, // Elisabeth, Lizzie: rare, or Elizabeth's own
		{"bob", "robert"},    // Bobby is Robert's too
		{"sam", "sam"},       // Samuel and Samantha: ambiguous
		{"chris", "chris"},
		{"peggy", "margaret"},
	} {
		if got := CanonicalFirstName(c.name); got != c.want {
			t.Errorf("CanonicalFirstName(%q) = %q (keys %v), want %q", c.name, got, FirstNameKeys(c.name), c.want)
		}
	}
}

func TestAnInitialInBothHistoriesIsNoSharedName(t *testing.T) {
	// Two records each once written "R. Owen": Randy and Rory are two
	// names, whatever initial both were seen with.
	a := Profile{First: "randy", FirstKeys: []string{"randy", "r"}}
	b := Profile{First: "rory", FirstKeys: []string{"rory", "r"}}
	if level, _ := compareFirst(&a, &b); level != firstDifferent {
		t.Fatalf("level %d, want firstDifferent (%d)", level, firstDifferent)
	}
	// A name both were seen with is still one name.
	b.FirstKeys = append(b.FirstKeys, "randy")
	if level, _ := compareFirst(&a, &b); level != firstNickname {
		t.Fatalf("level %d, want firstNickname (%d)", level, firstNickname)
	}
}

func TestFirstNameFromAMiddleName(t *testing.T) {
	t.Run("should not call a middle name a different first name", func(t *testing.T) {
		a := NewProfile(map[Kind]string{KindFirstName: "Alice", KindLastName: "Hobson", KindFullName: "Alice Mary Hobson"}, Options{})
		b := NewProfile(map[Kind]string{KindFirstName: "Mary", KindLastName: "Hobson"}, Options{})
		if l, _ := compareFirst(&a, &b); l != firstFuzzy {
			t.Errorf("level %d, want firstFuzzy (%d)", l, firstFuzzy)
		}
	})
	t.Run("should still call two first names without a middle name different", func(t *testing.T) {
		a := NewProfile(map[Kind]string{KindFirstName: "Alice", KindLastName: "Hobson", KindFullName: "Alice Hobson"}, Options{})
		b := NewProfile(map[Kind]string{KindFirstName: "Mary", KindLastName: "Hobson"}, Options{})
		if l, _ := compareFirst(&a, &b); l != firstDifferent {
			t.Errorf("level %d, want firstDifferent (%d)", l, firstDifferent)
		}
	})
}

func TestLastNameAmongTheOtherFullName(t *testing.T) {
	t.Run("should call one of two surnames fuzzy, not different", func(t *testing.T) {
		a := NewProfile(map[Kind]string{KindFullName: "Maria Garcia Lopez"}, Options{})
		b := NewProfile(map[Kind]string{KindFirstName: "Maria", KindLastName: "Garcia"}, Options{})
		if l, _ := compare(KindLastName, &a, &b); l != 2 {
			t.Errorf("level %d, want 2 (fuzzy)", l)
		}
	})
	t.Run("should still call two surnames different", func(t *testing.T) {
		a := NewProfile(map[Kind]string{KindFullName: "Maria Lopez"}, Options{})
		b := NewProfile(map[Kind]string{KindFirstName: "Maria", KindLastName: "Garcia"}, Options{})
		if l, _ := compare(KindLastName, &a, &b); l != 3 {
			t.Errorf("level %d, want 3 (different)", l)
		}
	})
}

func TestFirstNameWithAMiddleNameByItsFirstToken(t *testing.T) {
	prof := func(first string) Profile {
		return NewProfile(map[Kind]string{KindFirstName: first, KindLastName: "Glover"}, Options{})
	}
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"Jaun", "Juan Mark", firstClose}, // a slip in the first name beside one written with its middle name
		{"Juan Mark", "Jaun", firstClose},
		{"Juan Mark", "Juan", firstNickname}, // the keys overlap, as before
		{"Peter John", "Paul", firstDifferent},
		{"Mary Ann", "Jaun", firstDifferent},
		{"J. Robert", "Jane", firstDifferent}, // an initial, then the name he goes by: no first token
	} {
		a, b := prof(c.a), prof(c.b)
		if got, _ := compareFirst(&a, &b); got != c.want {
			t.Errorf("compareFirst(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestAnInitialOfANameTheRecordWasSeenWith(t *testing.T) {
	// Isla Ray's record, whose first name a later source wrote Ayla:
	// "I. Ray" is her initial, not another name.
	record := Profile{First: "ayla", FirstKeys: []string{"ayla", "isla"}}
	event := Profile{First: "i", FirstKeys: []string{"i"}}
	for _, p := range [2][2]*Profile{{&event, &record}, {&record, &event}} {
		if level, _ := compareFirst(p[0], p[1]); level != firstInitial {
			t.Fatalf("level %d, want firstInitial (%d)", level, firstInitial)
		}
	}
	// An initial is one letter, not one byte: Cyrillic too.
	event = Profile{First: "и", FirstKeys: []string{"и"}}
	if level, _ := compareFirst(&event, &Profile{First: "олег", FirstKeys: []string{"олег", "иван"}}); level != firstInitial {
		t.Fatalf("Cyrillic: level %d, want firstInitial (%d)", level, firstInitial)
	}
	// An initial of no name it was seen with is still a different name.
	event = Profile{First: "m", FirstKeys: []string{"m"}}
	if level, _ := compareFirst(&event, &record); level != firstDifferent {
		t.Fatalf("level %d, want firstDifferent (%d)", level, firstDifferent)
	}
}

func TestASurnameWithoutItsParticles(t *testing.T) {
	// "van der Kooij" as a directory sorts it, "Kooij": weak evidence, as
	// "Oliveira" beside "de Rocha Oliveira", not a different name.
	for _, c := range []struct{ a, b, want string }{
		{"van der Kooij", "Kooij", LevelFuzzy},
		{"Kooij", "van der Kooij", LevelFuzzy},
		{"de la Cruz", "Cruz", LevelFuzzy},
		{"Vanderbilt", "Bilt", LevelDifferent}, // no particle before it: another name
		{"de An", "An", LevelDifferent},        // too short to be a surname left alone
		{"van der Kooij", "Kooi", LevelDifferent},
	} {
		a := NewProfile(map[Kind]string{KindLastName: c.a}, Options{})
		b := NewProfile(map[Kind]string{KindLastName: c.b}, Options{})
		if got := CompareField(KindLastName, &a, &b); got != c.want {
			t.Errorf("%s and %s: %s, want %s", c.a, c.b, got, c.want)
		}
	}
}
