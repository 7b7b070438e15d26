package demo

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/match"
)

// generateWith generates 3,000 events with DefaultRates changed by set.
func generateWith(t *testing.T, set func(r *Rates)) (*world, Generated) {
	t.Helper()
	r := DefaultRates()
	set(&r)
	return generate(t, GenConfig{Events: 3000, Seed: 21, Rates: &r})
}

// isInitial reports whether a first name is an initial: "L." or "L".
func isInitial(s string) bool { return len(s) == 1 || len(s) == 2 && s[1] == '.' }

func TestGenerateVariants(t *testing.T) {
	t.Run("should write every first name as an initial at Initial 1, none at 0", func(t *testing.T) {
		_, all := generateWith(t, func(r *Rates) { r.Initial = 1 })
		_, none := generateWith(t, func(r *Rates) { r.NameTypo = 0 })
		var named int
		for i := range all.Events {
			if f := all.Events[i].FirstName; f != "" {
				named++
				if !isInitial(f) {
					t.Fatalf("event %d: first name %q at Initial 1", i, f)
				}
			}
			if f := none.Events[i].FirstName; isInitial(f) {
				t.Fatalf("event %d: first name %q at Initial 0", i, f)
			}
		}
		if named < 2000 {
			t.Errorf("only %d events with a first name", named)
		}
	})

	t.Run("should spell every first name that has another spelling otherwise at NameSpelling 1", func(t *testing.T) {
		plain := func(r *Rates) { r.Nickname, r.NameTypo, r.NameCase = 0, 0, 0 }
		w, all := generateWith(t, func(r *Rates) { plain(r); r.NameSpelling = 1 })
		_, none := generateWith(t, plain)
		var spelled int
		for i := range all.Events {
			p := &w.persons[all.Person[i]]
			if f := none.Events[i].FirstName; f != "" && f != p.first {
				t.Fatalf("event %d: first name %q of %s at NameSpelling 0", i, f, p.first)
			}
			f := all.Events[i].FirstName
			if f == "" || len(nameSpellings[p.first]) == 0 {
				continue
			}
			spelled++
			if !slices.Contains(nameSpellings[p.first], f) {
				t.Fatalf("event %d: first name %q of %s at NameSpelling 1", i, f, p.first)
			}
		}
		if spelled < 100 {
			t.Errorf("only %d events about a name with other spellings", spelled)
		}
	})

	t.Run("should misspell every company at CompanyTypo 1, none at 0", func(t *testing.T) {
		w, all := generateWith(t, func(r *Rates) { r.CompanyTypo = 1 })
		_, none := generate(t, GenConfig{Events: 3000, Seed: 21})
		for i := range all.Events {
			spellings := w.companies[w.persons[all.Person[i]].company].spellings
			// A typo may make another spelling ("Acme, LLC" → "Acme LLC"),
			// never the one the event had without it.
			if c := all.Events[i].Company; c != "" && c == none.Events[i].Company {
				t.Fatalf("event %d: company %q is spelled right at CompanyTypo 1", i, c)
			}
			if c := none.Events[i].Company; c != "" && !slices.Contains(spellings, c) {
				t.Fatalf("event %d: company %q is none of %q at CompanyTypo 0", i, c, spellings)
			}
		}
	})

	t.Run("should write every phone number wrong at PhoneInvalid 1, none at 0", func(t *testing.T) {
		_, all := generateWith(t, func(r *Rates) { r.PhoneInvalid, r.UK = 1, 0.5 })
		_, none := generateWith(t, func(r *Rates) { r.UK = 0.5 })
		for i := range all.Events {
			// A number written bare is valid in its own region, so every
			// one is read as the gatekeeper reads an event without country.
			if ph := all.Events[i].Phone; ph != "" {
				if _, err := match.NormalizePhone(ph, "US"); err == nil {
					t.Fatalf("event %d: phone %q reads as a number at PhoneInvalid 1", i, ph)
				}
			}
			e := &none.Events[i]
			if e.Phone == "" {
				continue
			}
			if _, err := match.NormalizePhone(e.Phone, match.PhoneRegionOf(e.Phone, e.Properties["country"], e.Properties["city"], e.Email, "US")); err != nil {
				t.Fatalf("event %d: phone %q at PhoneInvalid 0: %v", i, e.Phone, err)
			}
		}
	})

	t.Run("should move every company abroad at Foreign 1, keeping the persons", func(t *testing.T) {
		_, base := generate(t, GenConfig{Events: 3000, Seed: 21})
		_, all := generateWith(t, func(r *Rates) { r.Foreign = 1 })
		if !reflect.DeepEqual(base.Person, all.Person) {
			t.Error("moving companies abroad changed who the events are about")
		}
		countries := map[string]string{"Germany": "+49", "France": "+33", "Australia": "+61"}
		seen := map[string]int{}
		for i := range all.Events {
			e := &all.Events[i]
			if c, ok := e.Properties["country"]; ok && countries[c] == "" {
				t.Fatalf("event %d: country %q at Foreign 1", i, c)
			}
			if e.Phone == "" || e.Properties["country"] == "" || strings.HasPrefix(e.Phone, "011 ") {
				continue // dialled from the US: right only in a NANPA region
			}
			p, err := match.NormalizePhone(e.Phone, match.PhoneRegionOf(e.Phone, e.Properties["country"], e.Properties["city"], e.Email, "US"))
			if err != nil || !strings.HasPrefix(p.E164, countries[e.Properties["country"]]) {
				t.Fatalf("event %d: phone %q in %s reads as %v, %v", i, e.Phone, e.Properties["country"], p, err)
			}
			seen[e.Properties["country"]]++
		}
		if len(seen) != 3 {
			t.Errorf("numbers by country %v, want all three", seen)
		}
	})

	t.Run("should leave the country out beside every foreign number at PhoneNoCountry 1", func(t *testing.T) {
		w, all := generateWith(t, func(r *Rates) { r.PhoneNoCountry, r.Foreign, r.UK = 1, 0.3, 0.3 })
		var foreign int
		for i := range all.Events {
			e, p := &all.Events[i], &w.persons[all.Person[i]]
			if e.Phone != "" && (p.phone.place.uk || p.phone.place.cc != "") {
				foreign++
				if c, ok := e.Properties["country"]; ok {
					t.Fatalf("event %d: country %q beside %q", i, c, e.Phone)
				}
			}
		}
		if foreign < 500 {
			t.Errorf("only %d events with a foreign number", foreign)
		}
	})

	t.Run("should shuffle the arrival at Displaced 1, numbering ids by arrival", func(t *testing.T) {
		_, base := generate(t, GenConfig{Events: 3000, Seed: 21})
		_, all := generateWith(t, func(r *Rates) { r.Displaced = 1 })
		late := 0
		for i := range all.Events {
			if all.Events[i].EventID != eventID(i) {
				t.Fatalf("Events[%d] has id %s", i, all.Events[i].EventID)
			}
			if i > 0 && all.Events[i].OccurredAt.Before(all.Events[i-1].OccurredAt) {
				late++
			}
		}
		if late < 1000 {
			t.Errorf("%d of 3000 events earlier than the one before; want about half", late)
		}
		a, b := slices.Clone(base.Person), slices.Clone(all.Person)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Error("displacing events changed who they are about")
		}
	})
}

func TestRatesSet(t *testing.T) {
	t.Run("should set a rate by its name in any case", func(t *testing.T) {
		r := DefaultRates()
		if err := r.SetString("nametypo=0.25"); err != nil || r.NameTypo != 0.25 {
			t.Errorf("SetString: %v, NameTypo %v", err, r.NameTypo)
		}
		if err := r.Set("DISPLACED", 1); err != nil || r.Displaced != 1 {
			t.Errorf("Set: %v, Displaced %v", err, r.Displaced)
		}
	})
	t.Run("should refuse an unknown name, a value out of range, a malformed pair", func(t *testing.T) {
		r := DefaultRates()
		if err := r.SetString("Typos=0.1"); !errors.Is(err, ErrUnknownRate) || !strings.Contains(err.Error(), "NameTypo") {
			t.Errorf("unknown name: %v", err)
		}
		for _, s := range []string{"NameTypo=1.5", "NameTypo=-0.1", "NameTypo=NaN", "NameTypo", "NameTypo=x"} {
			if err := r.SetString(s); err == nil {
				t.Errorf("SetString(%q) accepted", s)
			}
		}
		if r != DefaultRates() {
			t.Error("a refused rate changed the rates")
		}
	})
}

func TestSettings(t *testing.T) {
	for _, name := range SettingNames() {
		s, err := LookupSetting(strings.ToUpper(name))
		if err != nil || s.Name != name || s.Rates.Validate() != nil {
			t.Errorf("LookupSetting(%q) = %+v, %v", name, s, err)
		}
	}
	if s, _ := LookupSetting(SettingManyEvents); s.Persons(10000) != 500 {
		t.Errorf("many-events: %d persons behind 10,000 events, want 500", s.Persons(10000))
	}
	if s, _ := LookupSetting(SettingDefault); s.Persons(10000) != 0 || s.Rates != DefaultRates() {
		t.Errorf("default is not GenConfig's default: %+v", s)
	}
	if _, err := LookupSetting("tidy"); !errors.Is(err, ErrUnknownSetting) {
		t.Errorf("unknown setting: %v", err)
	}
}
