package demo

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/schemas"
)

// generate returns the events of cfg with the world behind them, rebuilt the
// way Generate builds it.
func generate(t testing.TB, cfg GenConfig) (*world, Generated) {
	t.Helper()
	g := Generate(cfg)
	c, r := cfg.withDefaults()
	return newWorld(c.Seed, c.Persons, r), g
}

func encodeAll(t testing.TB, g Generated) []byte {
	t.Helper()
	var buf bytes.Buffer
	for i := range g.Events {
		b, err := schemas.EncodeContactEventJSON(&g.Events[i])
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

func TestGenerate(t *testing.T) {
	t.Run("should generate the same events for the same config, byte for byte", func(t *testing.T) {
		// Given one config
		cfg := GenConfig{Events: 3000, Seed: 42}
		// When it is generated twice
		a, b := Generate(cfg), Generate(cfg)
		// Then the events and the truth are identical
		if !bytes.Equal(encodeAll(t, a), encodeAll(t, b)) {
			t.Error("two runs of one config differ")
		}
		if !reflect.DeepEqual(a.Person, b.Person) {
			t.Error("the truth differs between two runs of one config")
		}
	})

	t.Run("should generate other events for another seed", func(t *testing.T) {
		a := Generate(GenConfig{Events: 3000, Seed: 42})
		b := Generate(GenConfig{Events: 3000, Seed: 43})
		if bytes.Equal(encodeAll(t, a), encodeAll(t, b)) {
			t.Error("seeds 42 and 43 generate the same events")
		}
	})

	t.Run("should keep the people when only how they are written changes", func(t *testing.T) {
		// Given two configs that differ in an event rate only
		rates := DefaultRates()
		rates.Nickname = 1
		a := Generate(GenConfig{Events: 2000, Seed: 7})
		b := Generate(GenConfig{Events: 2000, Seed: 7, Rates: &rates})
		// Then the same persons show up in the same order, written otherwise
		if !reflect.DeepEqual(a.Person, b.Person) {
			t.Error("changing Nickname changed who the events are about")
		}
		if bytes.Equal(encodeAll(t, a), encodeAll(t, b)) {
			t.Error("changing Nickname changed nothing")
		}
	})

	t.Run("should give every event a unique event_id, a source and an identifier", func(t *testing.T) {
		g := Generate(GenConfig{Events: 20000, Seed: 1})
		if len(g.Events) != 20000 || len(g.Person) != 20000 {
			t.Fatalf("got %d events and %d persons, want 20000 each", len(g.Events), len(g.Person))
		}
		if g.Events[42].EventID != "evt-000042" {
			t.Errorf("event 42 has id %q, want evt-000042", g.Events[42].EventID)
		}
		sources := map[string]bool{SourceWebForm: true, SourceCRM: true, SourceWebinar: true, SourceBilling: true, SourceListImport: true}
		seen := make(map[string]bool, len(g.Events))
		for i, e := range g.Events {
			if seen[e.EventID] {
				t.Fatalf("event_id %q appears twice", e.EventID)
			}
			seen[e.EventID] = true
			if !sources[e.Source] {
				t.Errorf("event %d has source %q", i, e.Source)
			}
			if e.ExternalID == "" && e.Email == "" && e.Phone == "" && (e.FirstName == "" || e.LastName == "" || e.Company == "") {
				t.Errorf("event %d has no identifier: %+v", i, e)
			}
			if e.Phone != "" && phoneKey(e.Phone) == "" {
				t.Errorf("event %d: phone %q does not read as one US or UK number", i, e.Phone)
			}
			if _, billing := e.Properties["billing_address"]; billing != (e.Source == SourceBilling) {
				t.Errorf("event %d from %s: billing_address present = %v", i, e.Source, billing)
			}
			if _, activity := e.Properties["last_activity_date"]; activity != (e.Source == SourceWebinar) {
				t.Errorf("event %d from %s: last_activity_date present = %v", i, e.Source, activity)
			}
		}
	})

	t.Run("should have every person appear, Events/5 of them by default", func(t *testing.T) {
		g := Generate(GenConfig{Events: 5000, Seed: 3})
		persons := map[int]bool{}
		for _, p := range g.Person {
			persons[p] = true
		}
		if len(persons) != 1000 {
			t.Errorf("%d distinct persons, want 1000", len(persons))
		}
	})

	t.Run("should start at Start and move forward, with a few late events", func(t *testing.T) {
		start := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
		g := Generate(GenConfig{Events: 20000, Seed: 5, Start: start})
		if got := g.Events[0].OccurredAt; !got.Equal(start) {
			t.Errorf("first occurred_at %v, want %v", got, start)
		}
		late := 0
		for i := 1; i < len(g.Events); i++ {
			if g.Events[i].OccurredAt.Before(g.Events[i-1].OccurredAt) {
				late++
			}
		}
		if late == 0 || late > 400 {
			t.Errorf("%d of 20000 events are earlier than the one before; want some, about 1%% of visits", late)
		}
	})

	t.Run("should generate nothing for no events", func(t *testing.T) {
		for _, n := range []int{0, -5} {
			if g := Generate(GenConfig{Events: n}); len(g.Events) != 0 || len(g.Person) != 0 {
				t.Errorf("Events %d generated %d events", n, len(g.Events))
			}
		}
	})

	t.Run("should correct a config that Validate rejects", func(t *testing.T) {
		// Given more persons than events and rates out of range
		rates := DefaultRates()
		rates.Burst, rates.MissingPhone = 7, -1
		cfg := GenConfig{Events: 10, Persons: 50, Rates: &rates}
		// When it is validated, then each problem is named
		err := cfg.Validate()
		for _, want := range []string{"persons (50) exceeds events (10)", "rate Burst is 7", "rate MissingPhone is -1"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Validate() = %v, want it to mention %q", err, want)
			}
		}
		// When it is generated anyway, then there is one person per event
		g := Generate(cfg)
		if len(g.Events) != 10 {
			t.Fatalf("%d events, want 10", len(g.Events))
		}
		persons := map[int]bool{}
		for _, p := range g.Person {
			persons[p] = true
		}
		if len(persons) != 10 {
			t.Errorf("persons %v, want 10 distinct: one event each", g.Person)
		}
		if err := (GenConfig{Events: 10}).Validate(); err != nil {
			t.Errorf("Validate() of a plain config = %v", err)
		}
	})

	t.Run("should list every rate in fields", func(t *testing.T) {
		// A rate missing from fields would escape Validate and clamping.
		var r Rates
		if got, want := len(r.fields()), reflect.TypeFor[Rates]().NumField(); got != want {
			t.Errorf("fields() lists %d rates, Rates has %d", got, want)
		}
	})
}

func TestGenerateHardNegatives(t *testing.T) {
	w, g := generate(t, GenConfig{Events: 5000, Seed: 11})
	appears := map[int]bool{}
	for _, p := range g.Person {
		appears[p] = true
	}

	t.Run("should share a switchboard number between colleagues with other names and e-mails", func(t *testing.T) {
		byPhone := map[string]map[int]bool{}
		for i, e := range g.Events {
			if k := phoneKey(e.Phone); k != "" {
				if byPhone[k] == nil {
					byPhone[k] = map[int]bool{}
				}
				byPhone[k][g.Person[i]] = true
			}
		}
		for _, ps := range byPhone {
			var names, emails []string
			for p := range ps {
				names = append(names, w.persons[p].first+" "+w.persons[p].last)
				emails = append(emails, w.persons[p].corporate)
			}
			if len(ps) > 1 && names[0] != names[1] && emails[0] != emails[1] {
				return
			}
		}
		t.Error("no phone number is shared by two persons with different names and e-mails")
	})

	t.Run("should have relatives: one surname, one company, two first names", func(t *testing.T) {
		for i, p := range w.persons {
			for _, j := range w.companies[p.company].members {
				q := w.persons[j]
				if j < i && q.last == p.last && q.first != p.first && appears[i] && appears[j] {
					t.Logf("e.g. %s %s and %s %s at %s", p.first, p.last, q.first, q.last, w.companies[p.company].spellings[0])
					return
				}
			}
		}
		t.Error("no two persons at one company share a surname")
	})

	t.Run("should have namesakes at other companies", func(t *testing.T) {
		byName := map[string]int{}
		for i, p := range w.persons {
			if j, ok := byName[p.first+" "+p.last]; ok && w.persons[j].company != p.company && appears[i] && appears[j] {
				return
			}
			byName[p.first+" "+p.last] = i
		}
		t.Error("no two persons at different companies share a full name")
	})

	t.Run("should send bursts: one person several times within milliseconds", func(t *testing.T) {
		bursts := 0
		for i := 1; i < len(g.Events); i++ {
			gap := g.Events[i].OccurredAt.Sub(g.Events[i-1].OccurredAt)
			if g.Person[i] == g.Person[i-1] && gap > 0 && gap <= 20*time.Millisecond {
				bursts++
			}
		}
		if bursts < 50 {
			t.Errorf("%d events follow one about the same person within 20 ms; want bursts", bursts)
		}
	})
}

// phoneKey returns the digits of a US or UK number with the country code,
// without the extension, or "" when s does not read as one.
func phoneKey(s string) string {
	l := strings.ToLower(s)
	for _, ext := range []string{" ext", " x"} {
		if i := strings.Index(l, ext); i >= 0 {
			l = l[:i]
		}
	}
	l = strings.Replace(l, "(0)", "", 1)
	var d []byte
	for i := 0; i < len(l); i++ {
		if c := l[i]; c >= '0' && c <= '9' {
			d = append(d, c)
		}
	}
	k := string(d)
	switch {
	case strings.HasPrefix(l, "00"):
		k = k[2:]
	case strings.HasPrefix(l, "+"):
	case strings.HasPrefix(k, "0"):
		k = "44" + k[1:]
	case len(k) == 10:
		k = "1" + k
	}
	switch {
	case len(k) == 11 && k[0] == '1' && k[4:7] == "555":
		return k
	case len(k) == 12 && k[:2] == "44":
		return k
	}
	return ""
}
