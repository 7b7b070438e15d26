package purge

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/match"
)

func TestExtraKeys(t *testing.T) {
	keys := func(f map[match.Kind]string) []string {
		p := match.NewProfile(f, match.Options{})
		return extraKeys(&p)
	}
	shared := func(a, b []string) bool {
		return slices.ContainsFunc(a, func(k string) bool { return slices.Contains(b, k) })
	}
	t.Run("should block swapped first and last names together", func(t *testing.T) {
		a := keys(map[match.Kind]string{match.KindFirstName: "Sienna", match.KindLastName: "Taylor"})
		b := keys(map[match.Kind]string{match.KindFirstName: "Taylor", match.KindLastName: "Sienna"})
		if !shared(a, b) {
			t.Errorf("%q and %q share no key", a, b)
		}
	})
	t.Run("should block a name with an address made of it", func(t *testing.T) {
		a := keys(map[match.Kind]string{match.KindFirstName: "Dorothy", match.KindLastName: "Tucker"})
		b := keys(map[match.Kind]string{match.KindEmail: "dorothy.tucker@quarrystoneworks.com"})
		c := keys(map[match.Kind]string{match.KindEmail: "tucker_dorothy@example.org"})
		if !shared(a, b) || !shared(a, c) {
			t.Errorf("%q, %q and %q do not all share a key", a, b, c)
		}
	})
	t.Run("should make no name key of other local parts", func(t *testing.T) {
		for _, e := range []string{"dmeyer73@googlemail.com", "info@acme.com", "a.b@acme.com", "j.smith2@acme.com"} {
			if k := keys(map[match.Kind]string{match.KindEmail: e}); len(k) != 0 {
				t.Errorf("%s: keys %q", e, k)
			}
		}
	})
	t.Run("should block a sparse record with another at its postcode by first name", func(t *testing.T) {
		a := keys(map[match.Kind]string{match.KindFirstName: "George", match.KindPostcode: "BR6 7QJ"})
		b := keys(map[match.Kind]string{match.KindFirstName: "George", match.KindLastName: "Leveson", match.KindPostcode: "br6 7qj"})
		if !shared(a, b) {
			t.Errorf("%q and %q share no key", a, b)
		}
	})
	t.Run("should block by postcode district and initials", func(t *testing.T) {
		a := keys(map[match.Kind]string{match.KindFirstName: "Georgie", match.KindLastName: "Leveson", match.KindPostcode: "TN14 7AX"})
		b := keys(map[match.Kind]string{match.KindFirstName: "George", match.KindLastName: "Leveson-Gower", match.KindPostcode: "TN14 7BF"})
		if !shared(a, b) {
			t.Errorf("%q and %q share no key", a, b)
		}
	})
}

func TestLoneNameKeyedAsASurname(t *testing.T) {
	t.Run("should block a lone name with the record whose surname it is", func(t *testing.T) {
		lone := match.NewProfile(map[match.Kind]string{match.KindFirstName: "Oldmixon", match.KindDOB: "1673-01-01", match.KindCity: "Birmingham"}, match.Options{})
		full := match.NewProfile(map[match.Kind]string{match.KindFirstName: "John", match.KindLastName: "Oldmixon", match.KindDOB: "1673-02-01", match.KindCity: "Birmingham"}, match.Options{})
		a, b := blockKeys(&lone), blockKeys(&full)
		if !slices.ContainsFunc(a, func(k string) bool { return slices.Contains(b, k) }) {
			t.Errorf("%q and %q share no key", a, b)
		}
	})
}

func TestPostcodeDistrict(t *testing.T) {
	for pc, want := range map[string]string{"TN147AX": "TN14", "W25RB": "W2", "SW1W8RP": "SW1W", "94105": "941", "2119": "211", "ABC": ""} {
		if got := postcodeDistrict(pc); got != want {
			t.Errorf("postcodeDistrict(%q) = %q, want %q", pc, got, want)
		}
	}
}

func TestEmailOrderPutsAHandleBesideItsSlip(t *testing.T) {
	profiles := []match.Profile{
		match.NewProfile(map[match.Kind]string{match.KindLastName: "lalWac", match.KindEmail: "jonathn74@gloverc.om"}, match.Options{}),
		match.NewProfile(map[match.Kind]string{match.KindFirstName: "George", match.KindLastName: "Wallace", match.KindEmail: "jonathan74@glover.com"}, match.Options{}),
		match.NewProfile(map[match.Kind]string{match.KindFirstName: "Fiona", match.KindLastName: "Hart", match.KindEmail: "fiona.hart@upland.com"}, match.Options{}),
	}
	for range 20 { // between lalWac and Wallace in the order of the names
		profiles = append(profiles, match.NewProfile(map[match.Kind]string{match.KindLastName: "Peters"}, match.Options{}))
	}
	keys := windowKeys(profiles, 4)
	share := func(a, b int) bool {
		return slices.ContainsFunc(keys[a], func(k string) bool { return slices.Contains(keys[b], k) })
	}
	if !share(0, 1) {
		t.Errorf("jonathn74@ and jonathan74@ share no window key: %q, %q", keys[0], keys[1])
	}
	if slices.ContainsFunc(keys[2], func(k string) bool { return strings.HasPrefix(k, "se|") }) {
		t.Errorf("fiona.hart@ beside Fiona Hart is in the e-mail order: %q", keys[2])
	}
}

// windowKeys are windowEntries' keys by record, spelled out: the slow
// definition the blocks' tests check them against.
func windowKeys(profiles []match.Profile, step int) [][]string {
	keys := make([][]string, len(profiles))
	for _, o := range []struct {
		prefix string
		order  []int32
	}{{"sw|", nameOrder(profiles)}, {"se|", emailOrder(profiles)}} {
		for pos, r := range o.order {
			c := pos / step
			keys[r] = append(keys[r], o.prefix+strconv.Itoa(c)+"|")
			if c > 0 {
				keys[r] = append(keys[r], o.prefix+strconv.Itoa(c-1)+"|")
			}
		}
	}
	return keys
}
