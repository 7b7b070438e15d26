package stages

import (
	"slices"
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

// The rules added against duplicates: a phone read in the contact's own
// region, typing slips beside another identifier, names found by their
// nicknames, and a person split before not split further.
func TestEvidenceRules(t *testing.T) {
	type person struct{ first, last, company, email, phone, country string }
	event := func(e *testEnv, source string, p person) schemas.ContactEvent {
		ev := e.event(source)
		ev.FirstName, ev.LastName, ev.Company, ev.Email, ev.Phone = p.first, p.last, p.company, p.email, p.phone
		if p.country != "" {
			ev.Properties = map[string]string{propCountry: p.country}
		}
		return ev
	}
	cases := []struct {
		name      string
		given     []person // each one a record, in order
		when      person
		wantSame  int // index into given of the record it joins; -1: a new record
		wantBy    schemas.MatchedBy
		wantScore float64
	}{
		{
			name:     "should read a UK national number in the region of the event's country",
			given:    []person{{first: "Joyce", last: "Gordon", phone: "+44 131 496 0009"}},
			when:     person{first: "Joyce", last: "Gordon", phone: "01314960009", country: "United Kingdom"},
			wantSame: 0, wantBy: schemas.MatchedByPhone, wantScore: ScorePhoneName,
		},
		{
			name:     "should read a UK national number in the region of the e-mail's country domain",
			given:    []person{{first: "Esther", last: "Owens", phone: "+44 114 496 0129"}},
			when:     person{first: "Esther", last: "Owens", phone: "0114 496 0129", email: "eowens@dunebuggyrentals.co.uk"},
			wantSame: 0, wantBy: schemas.MatchedByPhone, wantScore: ScorePhoneName,
		},
		{
			name:     "should match a last name with a typing slip when the phone agrees",
			given:    []person{{first: "Helen", last: "Grant", email: "heleng95@hotmail.com", phone: "907.555.1030"}},
			when:     person{first: "Helen", last: "Garnt", company: "Owl Creek Vineyards", phone: "+19075551030"},
			wantSame: 0, wantBy: schemas.MatchedByPhone, wantScore: ScorePhoneNearName,
		},
		{
			name:     "should match a first name with a typing slip when the phone agrees",
			given:    []person{{first: "Caleb", last: "Okafor", phone: "+1 415 555 0144"}},
			when:     person{first: "Cleb", last: "Okafor", phone: "(415) 555-0144"},
			wantSame: 0, wantBy: schemas.MatchedByPhone, wantScore: ScorePhoneNearName,
		},
		{
			name: "should prefer the agreeing name to a near one on a shared phone",
			given: []person{
				{first: "Dylan", last: "Snyder", company: "Acme", email: "dylan@acme.com", phone: "+1 212 555 0100"},
				{first: "Dylan", last: "Snydre", company: "Acme", email: "dsnydre@acme.com", phone: "+1 212 555 0100"},
			},
			when:     person{first: "Dylan", last: "Snyder", phone: "212-555-0100"},
			wantSame: 0, wantBy: schemas.MatchedByPhone, wantScore: ScorePhoneName,
		},
		{
			name:     "should keep relatives with names the nickname table knows apart on one phone",
			given:    []person{{first: "Daniel", last: "Campbell", company: "Initech", phone: "+1 415 555 0132"}},
			when:     person{first: "Danielle", last: "Campbell", company: "Initech", phone: "(415) 555-0132"},
			wantSame: -1, wantBy: schemas.MatchedByNone,
		},
		{
			// No rule takes a slip in both names for one person; the
			// scorer weighs the phone with both near names and does.
			name:     "should let the scorer join a slip in both names at one phone",
			given:    []person{{first: "Caleb", last: "Okafor", phone: "+1 415 555 0144"}},
			when:     person{first: "Cleb", last: "Okafro", phone: "(415) 555-0144"},
			wantSame: 0, wantBy: schemas.MatchedByPhone, wantScore: ScoreEvidence,
		},
		{
			name:     "should find the record of Alex for Alexander by name and company",
			given:    []person{{first: "Alex", last: "Perkins", company: "MOORLAND WOOL Corporation", email: "alexander.perkins@moorlandwool.co"}},
			when:     person{first: "Alexander", last: "Perkins", company: "Moorland Wool Corp"},
			wantSame: 0, wantBy: schemas.MatchedByNameCompany, wantScore: ScoreNameCompany,
		},
		{
			name:     "should find by name and company a record whose name has a slip",
			given:    []person{{first: "Craig", last: "Hpkins", company: "Saffron Kitchens", email: "craig.hopkins@saffronkitchens.com"}},
			when:     person{first: "Craig", last: "Hopkins", company: "Saffron Kitchens L.L.C."},
			wantSame: 0, wantBy: schemas.MatchedByNameCompany, wantScore: ScoreNearNameCompany,
		},
		{
			name:     "should not find by a near name at another company",
			given:    []person{{first: "Craig", last: "Hpkins", company: "Saffron Kitchens", email: "craig.hopkins@saffronkitchens.com"}},
			when:     person{first: "Craig", last: "Hopkins", company: "Globex"},
			wantSame: -1, wantBy: schemas.MatchedByNone,
		},
		{
			name:     "should not find by a near name when the corporate e-mails differ",
			given:    []person{{first: "Craig", last: "Hpkins", company: "Saffron Kitchens", email: "craig.hopkins@saffronkitchens.com"}},
			when:     person{first: "Craig", last: "Hopkins", company: "Saffron Kitchens", email: "chopkins2@saffronkitchens.com"},
			wantSame: -1, wantBy: schemas.MatchedByNone,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Given the records
			e := newEnv(t)
			var ids []string
			for _, p := range c.given {
				out := e.mustProcess(event(e, "crm", p))
				expect(t, out, schemas.ActionCreated, schemas.MatchedByNone)
				ids = append(ids, out.RecordID)
			}

			// When the event arrives
			out := e.mustProcess(event(e, "import", c.when))

			// Then it joins the record wanted, by the evidence wanted, or makes a new one
			if out.MatchedBy != c.wantBy || out.Score != c.wantScore {
				t.Fatalf("%s by %s (score %v), want by %s (score %v)", out.Action, out.MatchedBy, out.Score, c.wantBy, c.wantScore)
			}
			if c.wantSame < 0 {
				if out.Action != schemas.ActionCreated || e.records() != len(c.given)+1 {
					t.Fatalf("%s %s; %d records, want a new one", out.Action, out.RecordID, e.records())
				}
				return
			}
			if out.RecordID != ids[c.wantSame] || e.records() != len(c.given) {
				t.Fatalf("record %s, want %s; %d records", out.RecordID, ids[c.wantSame], e.records())
			}
		})
	}

	t.Run("should merge two records of one person when an event links them, not make a third", func(t *testing.T) {
		// Given Jesse Butler split in two: a billing record without company,
		// then one from a form with company and phone
		e := newEnv(t)
		billing := e.event("billing")
		billing.ExternalID, billing.FirstName, billing.LastName = "cus_42", "Jesse", "Butler"
		first := e.mustProcess(billing)
		form := event(e, "web_form", person{first: "Jesse", last: "Butler", company: "Birch Financial", phone: "+1 973 555 5333"})
		second := e.mustProcess(form)
		expect(t, second, schemas.ActionCreated, schemas.MatchedByNone)
		// When billing adds the company to its record, which links it to
		// the other by name and company
		billing = e.event("billing")
		billing.ExternalID, billing.FirstName, billing.LastName, billing.Company = "cus_42", "Jesse", "Butler", "Birch Financial & Co."
		merged := e.mustProcess(billing)

		// Then the form's record is merged into billing's, the older
		expect(t, merged, schemas.ActionMerged, schemas.MatchedByExternalID)
		if merged.RecordID != first.RecordID || !slices.Equal(merged.MergedIDs, []string{second.RecordID}) || e.records() != 1 {
			t.Fatalf("record %s merged %v, want %s merged [%s]; %d records", merged.RecordID, merged.MergedIDs, first.RecordID, second.RecordID, e.records())
		}

		// and Jesse Butler of Birch Financial with a job title only joins it
		ev := event(e, "import", person{first: "Jesse", last: "Butler", company: "BIRCH FINANCIAL"})
		ev.Properties = map[string]string{"jobtitle": "Analyst"}
		out := e.mustProcess(ev)
		expect(t, out, schemas.ActionUpdated, schemas.MatchedByNameCompany)
		if out.RecordID != first.RecordID || e.records() != 1 {
			t.Fatalf("record %s, want %s; %d records", out.RecordID, first.RecordID, e.records())
		}
	})
}

// A nameless event that only a switchboard's number finds is not the
// number's holder when the two carry different job titles: another desk.
func TestANamelessCallerWithAnotherTitleIsAnotherDesk(t *testing.T) {
	for _, c := range []struct {
		title string
		same  bool
	}{{"Procurement Manager", false}, {"finance director", true}, {"", true}} {
		e := newEnv(t)
		holder := e.event("billing")
		holder.FirstName, holder.LastName, holder.Company = "Theresa", "McKenzie", "Golden Gate Brewing Limited"
		holder.Phone = "+44 118 496 0464"
		holder.Properties = map[string]string{"jobtitle": "Finance Director", "city": "Reading"}
		rec := e.mustProcess(holder)

		caller := e.event("web_form")
		caller.Phone, caller.Company = "+44 (0)118 496 0464", "Golden Gate Brewing PLC"
		caller.Properties = map[string]string{"city": "Reading"}
		if c.title != "" {
			caller.Properties["jobtitle"] = c.title
		}
		out := e.mustProcess(caller)

		if (out.RecordID == rec.RecordID) != c.same {
			t.Errorf("title %q: record %s (%s), holder %s; want the holder's: %v", c.title, out.RecordID, out.Action, rec.RecordID, c.same)
		}
	}
}
