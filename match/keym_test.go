package match

import (
	"fmt"
	"testing"
)

func TestKeyPairsM(t *testing.T) {
	def := DefaultModel()
	t.Run("should learn how the file's duplicates differ from the pairs an e-mail links", func(t *testing.T) {
		// Given 200 people whose second record, under the same e-mail,
		// always has the nickname (Robert, then Bob)
		var ps []Profile
		for i := range 200 {
			email := fmt.Sprintf("r.person%d@example.org", i)
			last := fmt.Sprintf("lastname%c%c", 'a'+i%26, 'a'+i/26)
			ps = append(ps,
				NewProfile(map[Kind]string{KindFirstName: "Robert", KindLastName: last, KindEmail: email}, Options{}),
				NewProfile(map[Kind]string{KindFirstName: "Bob", KindLastName: last, KindEmail: email}, Options{}))
		}
		// When m is estimated from the pairs sharing an e-mail
		m, stats := KeyPairsM(def, ps, KeyMOptions{})
		// Then a nickname is what one person's records usually show, and
		// the e-mail's own m is the model's
		if stats.Pairs != 200 {
			t.Errorf("pairs %d, want 200", stats.Pairs)
		}
		if got := level(t, m, KindFirstName, LevelNickname).M; got < 0.5 {
			t.Errorf("nickname m %.3f, want above 0.5 (default %.3f)", got, level(t, def, KindFirstName, LevelNickname).M)
		}
		if got, want := level(t, m, KindEmail, LevelExact).M, level(t, def, KindEmail, LevelExact).M; got != want {
			t.Errorf("e-mail exact m %.3f, want the model's %.3f", got, want)
		}
		if err := m.Validate(); err != nil {
			t.Error(err)
		}
	})
	t.Run("should count a family's mailbox little", func(t *testing.T) {
		// Given one mailbox held by two people of different names, and
		// nothing else shared
		ps := []Profile{
			NewProfile(map[Kind]string{KindFirstName: "Anna", KindLastName: "Berg", KindEmail: "bergholm@example.org"}, Options{}),
			NewProfile(map[Kind]string{KindFirstName: "Lars", KindLastName: "Holm", KindEmail: "bergholm@example.org"}, Options{}),
		}
		_, stats := KeyPairsM(def, ps, KeyMOptions{})
		if stats.Pairs != 1 || stats.Matches > 0.1 {
			t.Errorf("pairs %d counted as %.3f matches, want 1 counted as at most 0.1", stats.Pairs, stats.Matches)
		}
	})
	t.Run("should leave out a key held by more than MaxGroup records", func(t *testing.T) {
		var ps []Profile
		for i := range 5 {
			ps = append(ps, NewProfile(map[Kind]string{KindFirstName: fmt.Sprint("n", i), KindPhone: "+14155550100"}, Options{}))
		}
		if _, stats := KeyPairsM(def, ps, KeyMOptions{MaxGroup: 4}); stats.Pairs != 0 {
			t.Errorf("pairs %d of a switchboard of 5, want none", stats.Pairs)
		}
		if _, stats := KeyPairsM(def, ps, KeyMOptions{}); stats.Pairs != 10 {
			t.Errorf("pairs %d of 5 records under the default MaxGroup, want 10", stats.Pairs)
		}
	})
}
