package match

import "testing"

func TestLevelNames(t *testing.T) {
	for _, c := range []struct {
		kind  Kind
		level int
		name  string
	}{
		{KindEmail, levelExact, LevelExact}, {KindEmail, emailLocal, LevelLocal},
		{KindEmail, emailClose, LevelClose}, {KindEmail, emailLocalSlip, LevelLocalSlip},
		{KindEmail, emailDomainSlip, LevelDomainSlip}, {KindEmail, emailDifferent, LevelDifferent},
		{KindFirstName, firstExact, LevelExact}, {KindFirstName, firstNickname, LevelNickname},
		{KindFirstName, firstClose, LevelClose}, {KindFirstName, firstFuzzy, LevelFuzzy},
		{KindFirstName, firstInitial, LevelInitial}, {KindFirstName, firstDifferent, LevelDifferent},
		{KindDOB, dobClose, LevelClose}, {KindDOB, dobYear, LevelYear}, {KindDOB, dobDifferent, LevelDifferent},
		{KindState, binaryDifferent, LevelDifferent}, {KindJobTitle, binaryDifferent, LevelDifferent},
	} {
		if got := comparators[c.kind][c.level]; got != c.name {
			t.Errorf("%s level %d is %q, want %q", c.kind, c.level, got, c.name)
		}
	}
	for _, k := range []Kind{KindLastName, KindCompany, KindAddress} {
		for level, name := range map[int]string{levelExact: LevelExact, gradedClose: LevelClose, gradedFuzzy: LevelFuzzy, gradedDifferent: LevelDifferent} {
			if got := comparators[k][level]; got != name {
				t.Errorf("%s level %d is %q, want %q", k, level, got, name)
			}
		}
	}
	for _, k := range []Kind{KindPhone, KindCity, KindPostcode, KindNationalID} {
		for level, name := range map[int]string{levelExact: LevelExact, nearClose: LevelClose, nearDifferent: LevelDifferent} {
			if got := comparators[k][level]; got != name {
				t.Errorf("%s level %d is %q, want %q", k, level, got, name)
			}
		}
	}
	for k, levels := range comparators {
		if levels[0] != LevelExact || levels[len(levels)-1] != LevelDifferent {
			t.Errorf("%s levels %q: want exact first and different last", k, levels)
		}
	}
}
