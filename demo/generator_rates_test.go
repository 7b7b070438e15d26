package demo

import (
	"math"
	"strings"
	"testing"
	"time"
)

// share counts how often something held.
type share struct{ hits, of int }

func (s *share) add(hit bool) {
	s.of++
	if hit {
		s.hits++
	}
}

func (s share) value() float64 { return float64(s.hits) / float64(s.of) }

func expectShare(t *testing.T, name string, s share, want, tolerance float64) {
	t.Helper()
	if s.of < 100 {
		t.Errorf("%s: only %d cases to measure", name, s.of)
		return
	}
	if got := s.value(); math.Abs(got-want) > tolerance {
		t.Errorf("%s: measured %.3f over %d cases, want %.2f ± %.2f", name, got, s.of, want, tolerance)
	}
}

func TestGenerateRates(t *testing.T) {
	t.Run("should vary events at about the configured rates", func(t *testing.T) {
		// Given rates away from their defaults
		r := DefaultRates()
		r.MissingPhone, r.MissingEmail, r.MissingCompany = 0.5, 0.2, 0.3
		r.ExternalID, r.Nickname, r.NameTypo, r.NameCase = 0.5, 0.5, 0, 0
		r.Burst, r.OutOfOrder, r.EmailCase, r.EmailSpace = 0.2, 0.05, 0.3, 0.1
		r.PhoneExt, r.UKNational, r.CompanyVariant, r.UK, r.Switchboard = 0.7, 0.3, 0.6, 0.4, 0.4
		// When 30,000 events are generated
		w, g := generate(t, GenConfig{Events: 30000, Persons: 6000, Seed: 9, Rates: &r})
		// Then each variation is measured near its rate
		var missingPhone, missingEmail, missingCompany, externalID, nickname share
		var emailCase, emailSpace, phoneExt, ukNational, companyVariant, burst, late share
		for i, e := range g.Events {
			p := &w.persons[g.Person[i]]
			c := &w.companies[p.company]
			// An event left without identifiers gets one back; measured
			// where another identifier makes that moot, a field goes
			// missing at exactly its rate.
			named := e.FirstName != "" && e.LastName != "" && e.Company != ""
			if p.phone.place != nil && (e.ExternalID != "" || e.Email != "" || named) {
				missingPhone.add(e.Phone == "")
			}
			if (p.corporate != "" || p.personal != "") && (e.ExternalID != "" || e.Phone != "" || named) {
				missingEmail.add(e.Email == "")
			}
			if e.ExternalID != "" || e.Email != "" || e.Phone != "" {
				missingCompany.add(e.Company == "")
			}
			if e.Source == SourceBilling || e.Source == SourceCRM {
				externalID.add(e.ExternalID != "")
			}
			if len(p.nicks) > 0 && e.FirstName != "" {
				nickname.add(e.FirstName != p.first)
			}
			if e.Email != "" {
				emailCase.add(strings.ToLower(e.Email) != e.Email)
				emailSpace.add(strings.TrimSpace(e.Email) != e.Email)
			}
			if e.Phone != "" && p.ext != "" {
				phoneExt.add(strings.Contains(strings.ToLower(e.Phone), "x"))
			}
			if e.Phone != "" && p.phone.place.uk {
				ukNational.add(e.Phone[0] == '0' && e.Phone[1] != '0')
			}
			if e.Company != "" {
				companyVariant.add(e.Company != c.spellings[0])
			}
			if i > 0 && !continuesBurst(g, i) { // a visit starts
				burst.add(i+1 < len(g.Events) && continuesBurst(g, i+1))
				late.add(e.OccurredAt.Before(g.Events[i-1].OccurredAt))
			}
		}
		expectShare(t, "MissingPhone", missingPhone, 0.5, 0.03)
		expectShare(t, "MissingEmail", missingEmail, 0.2, 0.03)
		expectShare(t, "MissingCompany", missingCompany, 0.3, 0.03)
		expectShare(t, "ExternalID", externalID, 0.5, 0.03)
		expectShare(t, "Nickname", nickname, 0.5, 0.03)
		expectShare(t, "EmailCase", emailCase, 0.3, 0.03)
		expectShare(t, "EmailSpace", emailSpace, 0.1, 0.03)
		expectShare(t, "PhoneExt", phoneExt, 0.7, 0.05)
		expectShare(t, "UKNational", ukNational, 0.3, 0.05)
		expectShare(t, "CompanyVariant", companyVariant, 0.6, 0.03)
		expectShare(t, "Burst", burst, 0.2, 0.03)
		expectShare(t, "OutOfOrder", late, 0.05, 0.015)

		var uk, switchboard share
		for _, c := range w.companies {
			uk.add(c.place.uk)
			switchboard.add(c.switchboard.place != nil)
		}
		expectShare(t, "UK", uk, 0.4, 0.1) // 300 companies: a wide margin
		expectShare(t, "Switchboard", switchboard, 0.4, 0.1)
		var corporate, personal, phone share
		for _, p := range w.persons {
			corporate.add(p.corporate != "")
			personal.add(p.personal != "")
			phone.add(p.phone.place != nil)
		}
		expectShare(t, "CorporateEmail", corporate, 0.85, 0.02)
		expectShare(t, "PersonalEmail", personal, 0.40, 0.02)
		expectShare(t, "Phone", phone, 0.75, 0.02)
	})

	t.Run("should share a family's mailbox at about the configured rate", func(t *testing.T) {
		r := DefaultRates()
		r.FamilyMailbox = 0.1
		w, _ := generate(t, GenConfig{Events: 6000, Persons: 5000, Seed: 5, Rates: &r})
		holder := map[string]int{} // personal address → its first person
		var shared share
		for i, p := range w.persons {
			if p.personal == "" {
				continue
			}
			_, seen := holder[p.personal]
			shared.add(seen)
			if !seen {
				holder[p.personal] = i
			}
		}
		expectShare(t, "FamilyMailbox", shared, 0.1, 0.02)
	})

	t.Run("should make typos at about the configured rate", func(t *testing.T) {
		r := DefaultRates()
		r.Nickname, r.NameCase, r.NameTypo = 0, 0, 0.2
		w, g := generate(t, GenConfig{Events: 20000, Seed: 4, Rates: &r})
		var typos share
		for i, e := range g.Events {
			if p := &w.persons[g.Person[i]]; e.FirstName != "" {
				typos.add(e.FirstName != p.first || e.LastName != p.last)
			}
		}
		expectShare(t, "NameTypo", typos, 0.2, 0.03)
	})

	t.Run("should write every person plainly when every event rate is 0", func(t *testing.T) {
		// Given no variation at all in the events
		r := DefaultRates()
		for _, f := range r.fields() {
			switch f.name {
			case "UK", "CorporateEmail", "PersonalEmail", "Phone", "Switchboard", "Relative", "Namesake", "FamilyMailbox":
			default:
				*f.rate = 0
			}
		}
		w, g := generate(t, GenConfig{Events: 5000, Seed: 2, Rates: &r})
		// Then each event gives the person's own names, company and address
		for i, e := range g.Events {
			p := &w.persons[g.Person[i]]
			own := p.corporate
			if own == "" {
				own = p.personal
			}
			if e.FirstName != p.first || e.LastName != p.last || e.Company != w.companies[p.company].spellings[0] ||
				e.Email != own || e.ExternalID != "" {
				t.Fatalf("event %d varies with every rate 0: %+v", i, e)
			}
			if i > 0 && !e.OccurredAt.After(g.Events[i-1].OccurredAt.Add(20*time.Millisecond)) {
				t.Fatalf("event %d is in a burst or out of order with every rate 0", i)
			}
		}
	})
}

// continuesBurst reports whether event i is the same person as event i-1,
// 1–20 ms later.
func continuesBurst(g Generated, i int) bool {
	gap := g.Events[i].OccurredAt.Sub(g.Events[i-1].OccurredAt)
	return g.Person[i] == g.Person[i-1] && gap > 0 && gap <= 20*time.Millisecond
}
