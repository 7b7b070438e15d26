package match

import (
	"slices"
	"testing"
)

// The names-differ guard holds relatives and colleagues to possible, but
// yields when stronger identifiers agree together: a first name mistyped
// beyond recognition on a record with the same birth date and a national
// id one typo apart is one person (febrl's duplicates), and so is one
// with the national id one typo apart and a birth date missing at the
// same home; twins, who share the birth date and address, stay apart. So
// is one first name, birth date and home under another surname (a married
// name), but not the same with another birth date or another home.
func TestNameDiffersGuardYieldsToStrongIdentifiers(t *testing.T) {
	s, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	base := map[Kind]string{KindFirstName: "lachlan", KindLastName: "berry", KindAddress: "69 giblin street",
		KindPostcode: "4814", KindDOB: "19990219"}
	with := func(f map[Kind]string, k Kind, v string) map[Kind]string {
		out := map[Kind]string{k: v}
		for kk, vv := range f {
			if kk != k {
				out[kk] = vv
			}
		}
		return out
	}
	without := func(f map[Kind]string, k Kind) map[Kind]string {
		out := map[Kind]string{}
		for kk, vv := range f {
			if kk != k {
				out[kk] = vv
			}
		}
		return out
	}
	cases := []struct {
		name  string
		a, b  map[Kind]string
		guard bool
	}{
		{"twins: same birth date and address", base, with(base, KindFirstName, "jasmine"), true},
		{"same birth date, national id a typo apart", with(with(base, KindAddress, "4 oak road"), KindNationalID, "7364009"),
			with(with(base, KindFirstName, "jasmine"), KindNationalID, "7364008"), false},
		{"twins: national ids differ", with(base, KindNationalID, "7364009"),
			with(with(base, KindFirstName, "jasmine"), KindNationalID, "5512873"), true},
		{"national id a typo apart, birth dates differ", with(base, KindNationalID, "7364009"),
			with(with(with(base, KindFirstName, "jasmine"), KindNationalID, "7364008"), KindDOB, "19700102"), true},
		{"national id a typo apart, a birth date missing, one home", with(base, KindNationalID, "7364009"),
			without(with(with(base, KindFirstName, "jasmine"), KindNationalID, "7364008"), KindDOB), false},
		{"national id a typo apart, a birth date missing, another home", with(base, KindNationalID, "7364009"),
			without(with(with(with(base, KindFirstName, "jasmine"), KindNationalID, "7364008"), KindAddress, "4 oak road"), KindDOB), true},
		{"national id a typo apart, one first name and home, birth dates differ", with(base, KindNationalID, "7364009"),
			with(with(with(base, KindLastName, "riding"), KindNationalID, "7364008"), KindDOB, "19700102"), false},
		{"another surname, one first name, birth date and home", with(base, KindNationalID, "7364009"),
			with(with(base, KindLastName, "mccarthy"), KindNationalID, "5512873"), false},
		{"another surname, one first name and birth date, the home a slip apart", base,
			with(with(base, KindLastName, "mccarthy"), KindAddress, "69 gibiln street"), false},
		{"another surname, one first name and home, the birth date a slip apart", base,
			with(with(base, KindLastName, "mccarthy"), KindDOB, "19990218"), false},
		{"another surname, one first name and home, birth dates differ", base,
			with(with(base, KindLastName, "mccarthy"), KindDOB, "19990812"), true},
		{"another surname, one first name and birth date, another home", base,
			with(with(base, KindLastName, "mccarthy"), KindAddress, "4 oak road"), true},
		{"another surname, a nickname, one birth date and home", with(base, KindFirstName, "robert"),
			with(with(base, KindFirstName, "bob"), KindLastName, "mccarthy"), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, b := NewProfile(c.a, Options{}), NewProfile(c.b, Options{})
			got := s.Score(&a, &b)
			if (got.Guard == GuardNameDiffers) != c.guard {
				t.Errorf("guard %q (weight %.1f: %s), want name_differs %v", got.Guard, got.Weight, got.Explain(), c.guard)
			}
		})
	}
}

// At two domains, two local parts a letter or two apart that each spell
// their own record's surname (tara.guzeloski@, tara.guguloski@) are two
// names' addresses, not one name at two providers: the e-mail differs. A
// surname mistyped in its field beside an address at another provider
// that keeps the right spelling is still one local part.
func TestLocalPartsSpellingTheirOwnSurnamesDiffer(t *testing.T) {
	s, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lastB, emailB string
		level         string
	}{
		{"guguloski", "tara.guguloski@example4.com", LevelDifferent},
		{"guzelosky", "tara.guzelosky@example4.com", LevelDifferent},
		{"guzelsoki", "tara.guzeloski@othermail.net", LevelLocal}, // the field's slip, the address's right spelling
	} {
		a := NewProfile(map[Kind]string{KindFirstName: "tara", KindLastName: "guzeloski", KindEmail: "tara.guzeloski@example0.com"}, Options{})
		b := NewProfile(map[Kind]string{KindFirstName: "tara", KindLastName: c.lastB, KindEmail: c.emailB}, Options{})
		got := s.Score(&a, &b)
		i := slices.IndexFunc(got.Evidence, func(e Evidence) bool { return e.Kind == KindEmail })
		if i < 0 || got.Evidence[i].Level != c.level {
			t.Errorf("tara.guzeloski@ / %s beside %s: %s, want the e-mail %s", c.emailB, c.lastB, got.Explain(), c.level)
		}
		if c.level == LevelDifferent && got.Band == BandMatch {
			t.Errorf("tara.guzeloski@ / %s beside %s: %s in the match band", c.emailB, c.lastB, got.Explain())
		}
	}
	emailOf := func(a, b map[Kind]string) Evidence {
		pa, pb := NewProfile(a, Options{}), NewProfile(b, Options{})
		got := s.Score(&pa, &pb)
		if i := slices.IndexFunc(got.Evidence, func(e Evidence) bool { return e.Kind == KindEmail }); i >= 0 {
			return got.Evidence[i]
		}
		return Evidence{}
	}
	// A work address and a personal one, each of its own surname: no
	// evidence, as for any work and personal address.
	if e := emailOf(map[Kind]string{KindFirstName: "tara", KindLastName: "guzeloski", KindEmail: "tara.guzeloski@outlook.com"},
		map[Kind]string{KindFirstName: "tara", KindLastName: "guguloski", KindEmail: "tara.guguloski@acme.com"}); e.Weight != 0 {
		t.Errorf("a personal and a work address of two surnames: e-mail %s %.1f, want no weight", e.Level, e.Weight)
	}
	// One surname within the other is one person's, the shorter with a
	// surname left out.
	if e := emailOf(map[Kind]string{KindFirstName: "maria", KindLastName: "garcia", KindEmail: "maria.garcia@outlook.com"},
		map[Kind]string{KindFirstName: "maria", KindLastName: "garcia lopez", KindEmail: "maria.garcialopez@yahoo.com"}); e.Level == LevelDifferent {
		t.Errorf("Garcia and Garcia Lopez: e-mail %s %.1f, want not different", e.Level, e.Weight)
	}
	// One local part at two domains is one name at two providers, whatever
	// the surnames in the name fields.
	if e := emailOf(map[Kind]string{KindFirstName: "ann", KindLastName: "smith", KindEmail: "ann.smithjones@outlook.com"},
		map[Kind]string{KindFirstName: "ann", KindLastName: "jones", KindEmail: "ann.smithjones@yahoo.com"}); e.Level != LevelLocal {
		t.Errorf("one local part at two domains: e-mail %s %.1f, want %s", e.Level, e.Weight, LevelLocal)
	}
}

// Two colleagues' addresses, each spelling its own surname (fiona.hart@,
// fiona.harris@), are no slip of one address but two accounts. A surname
// mistyped in its field beside an address that keeps the right spelling
// still is a slip.
func TestAddressesSpellingTheirOwnSurnamesAreNoSlip(t *testing.T) {
	s, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lastB, emailB string
		slip          bool // the e-mail is a slip (close or local_slip), else different
	}{
		{"harris", "fiona.harris@uplandoutdoor.com", false},
		{"hrat", "fiona.hrat@uplandoutdoor.com", false}, // one slip in both: another's account
		{"hrat", "fiona.hartt@uplandoutdoor.com", true},
	} {
		a := NewProfile(map[Kind]string{KindFirstName: "fiona", KindLastName: "hart", KindEmail: "fiona.hart@uplandoutdoor.com",
			KindCompany: "Upland Outdoor"}, Options{})
		b := NewProfile(map[Kind]string{KindFirstName: "fiona", KindLastName: c.lastB, KindEmail: c.emailB,
			KindCompany: "Upland Outdoor"}, Options{})
		got := s.Score(&a, &b)
		for _, e := range got.Evidence {
			if e.Kind != KindEmail {
				continue
			}
			if (e.Level == LevelClose || e.Level == LevelLocalSlip) != c.slip || (e.Weight > 0) != c.slip {
				t.Errorf("%s / %s beside %s: e-mail %s %.1f (%s)", "fiona.hart@", c.emailB, c.lastB, e.Level, e.Weight, got.Explain())
			}
		}
	}
}

// Two colleagues' addresses, each spelling its own first name (yuka.ono@,
// yuki.ono@), are two accounts of two names, as two surnames' are; a
// nickname beside its name is one person's.
func TestAddressesSpellingTheirOwnFirstNamesAreNoSlip(t *testing.T) {
	s, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	score := func(firstA, emailA, firstB, emailB string) Comparison {
		a := NewProfile(map[Kind]string{KindFirstName: firstA, KindLastName: "Ono", KindEmail: emailA, KindCompany: "Chubu Seimitsu"}, Options{})
		b := NewProfile(map[Kind]string{KindFirstName: firstB, KindLastName: "Ono", KindEmail: emailB, KindCompany: "Chubu Seimitsu K.K."}, Options{})
		return s.Score(&a, &b)
	}
	got := score("Yuka", "yuka.ono@cs.com", "Yuki", "yuki.ono@cs.com")
	if got.Band == BandMatch || got.Level(KindEmail) != LevelDifferent {
		t.Errorf("Yuka and Yuki at their own addresses: band %s (%s), want the e-mail different and no match", got.Band, got.Explain())
	}
	// A first name mistyped in its field beside an address one slip from
	// the other's, which spells it right, is one person.
	got = score("Yukq", "yuka.onoo@cs.com", "Yuka", "yuka.ono@cs.com")
	if got.Band != BandMatch {
		t.Errorf("a first name mistyped beside one address: band %s (%s), want match", got.Band, got.Explain())
	}
	// A work address and a personal one, each of its own first name: no
	// evidence either way, as for any work and personal address.
	a := NewProfile(map[Kind]string{KindFirstName: "Christina", KindLastName: "Johansson", KindEmail: "christina.johansson@acme.com"}, Options{})
	b := NewProfile(map[Kind]string{KindFirstName: "Christine", KindLastName: "Johansson", KindEmail: "christine.johansson@gmail.com"}, Options{})
	if got := s.Score(&a, &b); got.Level(KindEmail) == LevelDifferent {
		t.Errorf("a work and a personal address of two first names: %s, want no evidence", got.Explain())
	}
}

// A surname a side did not write but read from its own mistyped address
// ("Fiona" at fiona.hrat@) is no surname of its own: the two addresses are
// one address mistyped, not two accounts of two surnames.
func TestASurnameLentByAMistypedAddressIsNoSecondAccount(t *testing.T) {
	s, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The scale-out world's Ines Polokaski, who wrote her surname but not
	// her first name, beside Ines Popokaski at gmail.com: each address
	// spells its own written surname, two accounts.
	ines := NewProfile(map[Kind]string{KindLastName: "Polokaski", KindEmail: "ines.polokaski@gmail.com", KindCompany: "Firma felo GmbH"}, Options{})
	popokaski := NewProfile(map[Kind]string{KindFirstName: "Ines", KindLastName: "Popokaski", KindEmail: "ines.popokaski@gmail.com", KindCompany: "Firma lofe GmbH"}, Options{})
	if got := s.Score(&ines, &popokaski); got.Band == BandMatch || got.Level(KindEmail) != LevelDifferent {
		t.Errorf("Polokaski at her address beside Ines Popokaski: band %s (%s), want the e-mail different", got.Band, got.Explain())
	}
	a := NewProfile(map[Kind]string{KindFirstName: "Fiona", KindEmail: "fiona.hrat@acme-widgets.com"}, Options{})
	b := NewProfile(map[Kind]string{KindFirstName: "Fiona", KindLastName: "Hart", KindEmail: "fiona.hart@acme-widgets.com"}, Options{})
	if got := s.Score(&a, &b); got.Band != BandMatch || got.Level(KindEmail) != LevelLocalSlip {
		t.Errorf("Fiona at fiona.hrat@ beside Fiona Hart: band %s (%s), want match by %s", got.Band, got.Explain(), LevelLocalSlip)
	}
	// And a name read in part from a mistyped address weighs nothing where
	// it agrees: the slip weighs as the address, once.
	a = NewProfile(map[Kind]string{KindFirstName: "J", KindLastName: "Smith", KindEmail: "john.smith@gmail.con"}, Options{})
	b = NewProfile(map[Kind]string{KindFirstName: "John", KindLastName: "Smith", KindEmail: "john.smith@gmail.com"}, Options{})
	for _, e := range s.Score(&a, &b).Evidence {
		if e.Kind == KindFirstName && e.Weight != 0 {
			t.Errorf("the first name read from a mistyped address for its initial: %s %+.1f, want no weight", e.Level, e.Weight)
		}
	}
}

// Two addresses at one company that each spell the full name a side wrote
// are one person's aliases (julia.hahn@ and j.hahn@ beside Julia Hahn),
// not two colleagues; a namesake's numbered account, or an address that
// spells another name, still is a colleague's.
func TestAliasesOfOneNameAreNoColleagues(t *testing.T) {
	s, err := NewScorer(DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	record := NewProfile(map[Kind]string{KindFirstName: "Julia", KindLastName: "Hahn", KindEmail: "j.hahn@bergtechnik.example", KindCompany: "Bergtechnik"}, Options{})
	for _, c := range []struct {
		email string
		match bool
	}{
		{"julia.hahn@bergtechnik.example", true},
		{"j.hahn2@bergtechnik.example", false}, // the company's second J. Hahn
		{"jens.hahn@bergtechnik.example", false},
		{"m.weber@bergtechnik.example", false},
	} {
		// Given a nameless event from the address, whose names its address lends
		ev := NewProfile(map[Kind]string{KindEmail: c.email}, Options{})
		got := s.Score(&ev, &record)
		if (got.Band == BandMatch) != c.match {
			t.Errorf("%s beside Julia Hahn at j.hahn@: band %s (%s), want a match: %v", c.email, got.Band, got.Explain(), c.match)
		}
	}
}

func TestSpellsFullName(t *testing.T) {
	for local, want := range map[string]bool{
		"julia.hahn": true, "j.hahn": true, "jhahn": true, "juliah": true, "hahn.julia": true, "hahnj": true,
		"julia_hahn+news": true, "jhahn84": true,
		"julia": false, "hahn": false, "jh": false, "ju.hahn": false, "julia.hahn.de": false,
	} {
		if got := SpellsFullName(local, "julia", "hahn"); got != want {
			t.Errorf("SpellsFullName(%q, julia, hahn) = %v, want %v", local, got, want)
		}
	}
}
