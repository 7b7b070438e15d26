package stages

import (
	"fmt"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/schemas"
)

// The scorer decides where no rule matched: candidates found by the fuzzy
// blocking keys (a phone's leading and trailing digits, a name's initial
// and sound) are weighed as entities, and only the match band with no
// guard joins.
func TestResolveByEvidence(t *testing.T) {
	type contact struct{ first, last, company, email, phone, title string }
	event := func(e *testEnv, source string, p contact) schemas.ContactEvent {
		ev := e.event(source)
		ev.FirstName, ev.LastName, ev.Company, ev.Email, ev.Phone = p.first, p.last, p.company, p.email, p.phone
		if p.title != "" {
			ev.Properties = map[string]string{"jobtitle": p.title}
		}
		return ev
	}
	cases := []struct {
		name      string
		given     contact
		when      contact
		wantJoin  bool
		wantBy    schemas.MatchedBy
		rulesOnly bool
	}{
		{
			name:     "should join a phone with a digit added at the end when the names agree",
			given:    contact{first: "Gerald", last: "Stewart", phone: "+1 510-555-4390"},
			when:     contact{first: "Gerald", last: "Stewart", phone: "+1 (510) 555-43906"},
			wantJoin: true, wantBy: schemas.MatchedByPhone,
		},
		{
			name:      "should leave that phone apart with the rules alone",
			given:     contact{first: "Gerald", last: "Stewart", phone: "+1 510-555-4390"},
			when:      contact{first: "Gerald", last: "Stewart", phone: "+1 (510) 555-43906"},
			rulesOnly: true, wantBy: schemas.MatchedByNone,
		},
		{
			// The address made of the name says nothing the name did
			// not: a name alone is possible, not a match.
			name:   "should not join a name without company whose personal address is the name",
			given:  contact{first: "Lisa", last: "Robertson", company: "Wessex Cables", email: "lisa.robertson@wessexcables.co.uk"},
			when:   contact{first: "Lisa", last: "Robertson", email: "lisarobertson@gmail.com"},
			wantBy: schemas.MatchedByNone,
		},
		{
			// Her title says what the address could not.
			name:     "should join that name with a personal address when the job titles agree",
			given:    contact{first: "Lisa", last: "Robertson", company: "Wessex Cables", email: "lisa.robertson@wessexcables.co.uk", title: "Head of Procurement"},
			when:     contact{first: "Lisa", last: "Robertson", email: "lisarobertson@gmail.com", title: "head of procurement"},
			wantJoin: true, wantBy: schemas.MatchedByNameCompany,
		},
		{
			name:   "should not join that name when the job titles differ",
			given:  contact{first: "Lisa", last: "Robertson", company: "Wessex Cables", email: "lisa.robertson@wessexcables.co.uk", title: "Head of Procurement"},
			when:   contact{first: "Lisa", last: "Robertson", email: "lisarobertson@gmail.com", title: "Paediatric Nurse"},
			wantBy: schemas.MatchedByNone,
		},
		{
			name:     "should join a typo in the first name and a sound-alike surname at one company and phone",
			given:    contact{first: "Stephen", last: "Wilson", company: "Gaslight Theatre LLC", phone: "(919) 555-6497"},
			when:     contact{first: "Stehpen", last: "Willson", company: "Gaslight Theatre", phone: "+1 919 555 6497"},
			wantJoin: true, wantBy: schemas.MatchedByPhone,
		},
		{
			name:   "should not join a namesake at another company on the name alone",
			given:  contact{first: "David", last: "Lopez", company: "Dovetail Joinery", email: "dlopez@dovetail.co"},
			when:   contact{first: "David", last: "Lopez", company: "Elderberry Wellness", email: "dlopez@ewellness.co"},
			wantBy: schemas.MatchedByNone,
		},
		{
			name:   "should not join an initial and a sound-alike surname at one company: possible, not a match",
			given:  contact{first: "Mason", last: "Sullivan", company: "Yorkshire Dales Cheese", email: "msullivan@ydcheese.co.uk"},
			when:   contact{first: "M.", last: "Sullifan", company: "Yorkshire Dales Cheese Ltd"},
			wantBy: schemas.MatchedByNone,
		},
		{
			// logan.conley2@ is how a mail system names the second Logan
			// Conley's account, not a slip in the first one's.
			name:   "should not join a namesake at one company whose address is the first one's with a number",
			given:  contact{first: "Logan", last: "Conley", company: "Roka Bio", email: "logan.conley@roka-bio.com"},
			when:   contact{first: "Logan", last: "Conley", company: "Roka Bio Corp.", email: "logan.conley2@roka-bio.com"},
			wantBy: schemas.MatchedByNone,
		},
		{
			name:   "should not join a colleague whose direct line is one digit apart",
			given:  contact{first: "Ann", last: "Powell", company: "Monarch Gardens", phone: "+1 206-555-3346"},
			when:   contact{first: "Ann", last: "Powell", phone: "+1 206-555-3347"},
			wantBy: schemas.MatchedByNone,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Given the record
			e := newEnv(t, func(ec *envConfig) {
				ec.config = func(cfg *Config) { cfg.RulesOnly = c.rulesOnly }
			})
			first := e.mustProcess(event(e, "crm", c.given))

			// When the event arrives
			out := e.mustProcess(event(e, "import", c.when))

			// Then it joins the record by the scorer's decision, or makes a new one
			if out.MatchedBy != c.wantBy {
				t.Fatalf("%s by %s (score %v), want by %s", out.Action, out.MatchedBy, out.Score, c.wantBy)
			}
			if c.wantJoin && (out.RecordID != first.RecordID || out.Score != ScoreEvidence || e.records() != 1) {
				t.Fatalf("record %s (score %v), want %s by the scorer; %d records", out.RecordID, out.Score, first.RecordID, e.records())
			}
			if !c.wantJoin && (out.Action != schemas.ActionCreated || e.records() != 2) {
				t.Fatalf("%s %s; %d records, want a new one", out.Action, out.RecordID, e.records())
			}
		})
	}
}

// Records without e-mail, phone or company (a CDC of a customer table):
// a name with a birth date or an address is taken, and found again by the
// blocking keys of its details.
func TestResolveByDetails(t *testing.T) {
	e := newEnv(t)
	person := func(first, last string, props map[string]string) schemas.ContactEvent {
		ev := e.event("import")
		ev.FirstName, ev.LastName, ev.Properties = first, last, props
		return ev
	}
	// Given Kayla Harrington with a birth date and an address
	first := e.mustProcess(person("Kayla", "Harrington", map[string]string{
		"date_of_birth": "1915-06-12", "address": "38 Maltby Circuit", "zip": "3465"}))
	expect(t, first, schemas.ActionCreated, schemas.MatchedByNone)

	// When she is written with her surname misspelt, the first initial
	// changed by a slip, and no street number
	out := e.mustProcess(person("Cayla", "Harington", map[string]string{
		"date_of_birth": "1915-06-12", "address": "Maltby Circuit", "zip": "3465"}))

	// Then the birth date's block finds her, and the scorer joins them
	if out.RecordID != first.RecordID || out.Score != ScoreEvidence || e.records() != 1 {
		t.Fatalf("%s %s (score %v); %d records, want %s", out.Action, out.RecordID, out.Score, e.records(), first.RecordID)
	}

	// And a surname with a birth date alone is taken, not dead-lettered
	if out := e.mustProcess(person("", "Waller", map[string]string{"date_of_birth": "1908-12-09"})); out.Action != schemas.ActionCreated {
		t.Fatalf("surname and birth date: %s", out.Action)
	}
	// and a full name with a phone that is not understood
	ev := person("Mason", "Rossi", nil)
	ev.Phone = "0114 496 0945"
	if out := e.mustProcess(ev); out.Action != schemas.ActionCreated || len(out.Refused) != 1 {
		t.Fatalf("full name with a phone not understood: %s, refused %+v", out.Action, out.Refused)
	}
}

// The index keeps numbers without extensions; the record's phone property
// keeps them, and a nameless event at another extension is another desk.
func TestPhoneExtensions(t *testing.T) {
	for _, c := range []struct {
		name, ext string
		wantJoin  bool
	}{
		{"should not give a nameless event at another extension the record of the number", "ext. 50", false},
		{"should give a nameless event at the same extension the record of the number", "ext. 49", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			erica := e.event("crm")
			erica.FirstName, erica.LastName, erica.Company, erica.Phone = "Erica", "Castro", "Lowland Malts Co.", "1-801-555-6630 Ext. 49"
			first := e.mustProcess(erica)
			desk := e.event("web_form")
			desk.Company, desk.Phone = "Lowland Malts Co.", "801-555-6630 "+c.ext
			out := e.mustProcess(desk)
			if joined := out.RecordID == first.RecordID; joined != c.wantJoin {
				t.Fatalf("%s %s by %s; joined %v, want %v", out.Action, out.RecordID, out.MatchedBy, joined, c.wantJoin)
			}
		})
	}
}

// A number two records hold: events that give nothing but the number join
// the holder without a name (the record such events made before) rather
// than make one more, unless a holder is known at an extension of it: a
// switchboard's bare number is anyone's.
func TestPhoneAloneAtANumberTwoRecordsHold(t *testing.T) {
	for _, c := range []struct {
		name, named string
		wantJoin    bool
	}{
		{"should join the nameless holder of a direct line", "+1 801 555 6630", true},
		{"should not join the nameless holder of a switchboard", "1-801-555-6630 Ext. 49", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			// Given Erica's record and a nameless one at her number (merges
			// off: nothing links them)
			e := newEnv(t, withConfig(func(c *Config) { c.NoAutoMerge = true }))
			erica := e.event("crm")
			erica.FirstName, erica.LastName, erica.Company, erica.Email = "Erica", "Castro", "Lowland Malts Co.", "ecastro@lowlandmalts.example"
			first := e.mustProcess(erica)
			alone := e.event("web_form")
			alone.Phone = "801-555-6630"
			nameless := e.mustProcess(alone)
			erica.EventID, erica.Phone = "crm-again", c.named
			if out := e.mustProcess(erica); out.RecordID != first.RecordID {
				t.Fatalf("Erica's second event: %s %s, want %s", out.Action, out.RecordID, first.RecordID)
			}
			// When another event gives nothing but the number
			again := e.event("billing")
			again.Phone = "(801) 555-6630"
			out := e.mustProcess(again)
			// Then it joins the nameless record, but at a switchboard,
			// where it is a record of its own
			if joined := out.RecordID == nameless.RecordID; joined != c.wantJoin {
				t.Fatalf("%s %s by %s; joined %v, want %v", out.Action, out.RecordID, out.MatchedBy, joined, c.wantJoin)
			}
			if !c.wantJoin && out.Action != schemas.ActionCreated {
				t.Fatalf("%s %s by %s; want a record of its own", out.Action, out.RecordID, out.MatchedBy)
			}

			// And an event with her surname beside the number is not
			// the nameless record's (two records hold the number: none is sure)
			castro := e.event("webinar")
			castro.Phone, castro.LastName = "801.555.6630", "Castro"
			if got := e.mustProcess(castro); got.RecordID == nameless.RecordID {
				t.Fatalf("Castro at her number: %s %s by %s, the nameless record", got.Action, got.RecordID, got.MatchedBy)
			}
		})
	}
	t.Run("should not give a call from an extension the nameless record of the bare number, searching the CRM too", func(t *testing.T) {
		for _, search := range []CRMSearch{SearchAlways, SearchNever} {
			// Given Erica's record at her bare number and a nameless one
			e := newEnv(t, withConfig(func(c *Config) { c.NoAutoMerge, c.Search = true, search }))
			erica := e.event("crm")
			erica.FirstName, erica.LastName, erica.Email = "Erica", "Castro", "ecastro@lowlandmalts.example"
			e.mustProcess(erica)
			alone := e.event("web_form")
			alone.Phone = "+18015556630" // as the CRM's search finds it (the emulator matches values as written)
			nameless := e.mustProcess(alone)
			erica.EventID, erica.Phone = "crm-again", "+18015556630"
			e.mustProcess(erica)
			// When a call gives nothing but the number at an extension
			desk := e.event("billing")
			desk.Phone = "+1 801 555 6630 x12"
			// Then it is a desk of its own
			if out := e.mustProcess(desk); out.RecordID == nameless.RecordID || out.Action != schemas.ActionCreated {
				t.Fatalf("search %s: %s %s by %s; want a record of its own", search, out.Action, out.RecordID, out.MatchedBy)
			}
		}
	})
}

// A national id names one person as an e-mail does: an event that carries
// one without a name makes a record, and the person's next event, named,
// finds it by the id.
func TestNationalIDWithoutANameIsAPerson(t *testing.T) {
	e := newEnv(t, withEmulator(func(c *emulator.Config) { c.Properties = []string{"national_id"} }))
	ev := e.event("kyc")
	ev.Properties = map[string]string{"national_id": "7123833", "date_of_birth": "1997-09-14", "address": "169 3rd Ave. Camden, NJ 08030"}
	first := e.mustProcess(ev)
	if first.Action != schemas.ActionCreated {
		t.Fatalf("first event: %s, want created", first.Action)
	}
	ev = e.event("web_form")
	ev.FirstName, ev.LastName = "Wei", "Wang"
	ev.Properties = map[string]string{"national_id": "7123833", "date_of_birth": "1997-09-14", "address": "169 3rd Ave. Camden, NJ 08030"}
	second := e.mustProcess(ev)
	if second.RecordID != first.RecordID || e.records() != 1 {
		t.Errorf("second event: record %s (%s: %v), first %s; %d records, want one", second.RecordID, second.Action, second.Evidence, first.RecordID, e.records())
	}
}

// An event is weighed against what each earlier event said of a record's
// person, not only against the values precedence kept: a birth date the
// CRM overwrote with another still finds the person by the one her web
// form gave.
func TestResolveByAMembersValues(t *testing.T) {
	e := newEnv(t)
	ev := e.event("web_form")
	ev.FirstName, ev.LastName, ev.Email = "Jessica", "Owen", "jessica.owen@elliott.example"
	ev.Properties = map[string]string{"date_of_birth": "1974-11-17"}
	first := e.mustProcess(ev)

	ev = e.event("crm")
	ev.Email = "jessica.owen@elliott.example"
	ev.Properties = map[string]string{"date_of_birth": "1974-02-03"}
	if out := e.mustProcess(ev); out.RecordID != first.RecordID {
		t.Fatalf("the CRM's event went to %s, want %s", out.RecordID, first.RecordID)
	}
	if got := e.contact(first.RecordID).Properties["date_of_birth"]; got != "1974-02-03" {
		t.Fatalf("date_of_birth = %q: the test wants the CRM's value kept", got)
	}

	// One name and the birth date the web form gave: against the record's
	// current values the dates share a year only (possible); against the
	// web form's, they agree.
	ev = e.event("web_form")
	ev.FirstName = "Jessica"
	ev.Properties = map[string]string{"date_of_birth": "1974-11-17"}
	out := e.mustProcess(ev)
	if out.RecordID != first.RecordID || e.records() != 1 {
		t.Errorf("went to %s (%s), want %s; %d records", out.RecordID, out.Action, first.RecordID, e.records())
	}
}

// A name typed the other way round ("Cook" as the first name, "Oliver" as
// the last) finds the record of Oliver Cook: blockIDs also looks the name
// up under the initial of the event's last name and the sound of its
// first, and the scorer compares the names crossed.
func TestResolveANameWrittenTheOtherWayRound(t *testing.T) {
	e := newEnv(t)
	ev := e.event("web_form")
	ev.FirstName, ev.LastName = "Oliver", "Cook"
	ev.Properties = map[string]string{"city": "Coventry", "date_of_birth": "2013-03-24"}
	first := e.mustProcess(ev)

	ev = e.event("web_form")
	ev.FirstName, ev.LastName = "Cook", "Oliver"
	ev.Properties = map[string]string{"city": "Coventry", "date_of_birth": "2013-06-14"}
	out := e.mustProcess(ev)
	if out.RecordID != first.RecordID || e.records() != 1 {
		t.Errorf("went to %s (%s), want %s; %d records", out.RecordID, out.Action, first.RecordID, e.records())
	}
}

// meadowbrookLukeGraham makes the CRM's Luke Graham, a data analyst at
// Meadowbrook Farms in Phoenix, whose record a form once reached by his
// phone with a personal address and Pittsburgh; it returns the CRM
// event's outcome.
func meadowbrookLukeGraham(t *testing.T, e *testEnv) *schemas.Outcome {
	t.Helper()
	crm := e.event("crm")
	crm.FirstName, crm.LastName, crm.Company, crm.Phone = "Luke", "Graham", "Meadowbrook Farms", "+1 619 555 5404"
	crm.Email = "luke.graham@meadowbrook.example"
	crm.Properties = map[string]string{"jobtitle": "Data Analyst", "city": "Phoenix"}
	meadowbrook := e.mustProcess(crm)
	form := e.event("web_form")
	form.FirstName, form.LastName, form.Phone, form.Email = "Luke", "Graham", "+1 619 555 5404", "luke.graham@mail.example"
	form.Properties = map[string]string{"jobtitle": "Data Analyst", "city": "Pittsburgh"}
	if out := e.mustProcess(form); out.RecordID != meadowbrook.RecordID {
		t.Fatalf("the form made record %s, want %s", out.RecordID, meadowbrook.RecordID)
	}
	return meadowbrook
}

func TestAMemberAloneDoesNotChooseBetweenTwoNamesakes(t *testing.T) {
	e := newEnv(t)
	// Given twenty other people, so that a name two records share is no
	// common one,
	twentyOthers(e)
	// the CRM's Luke Graham, a data analyst at Meadowbrook Farms in
	// Phoenix, whose record a form once reached by his phone with a
	// personal address and Pittsburgh,
	meadowbrook := meadowbrookLukeGraham(t, e)
	// and a Luke Graham at Larkspur Florists
	imp := e.event("import")
	imp.FirstName, imp.LastName, imp.Company = "Luke", "Graham", "Larkspur Florists"
	larkspur := e.mustProcess(imp)
	if larkspur.RecordID == meadowbrook.RecordID {
		t.Fatalf("the two Luke Grahams share record %s", larkspur.RecordID)
	}

	// When a webinar registration gives the name, the title, Pittsburgh
	// and an address at Larkspur's domain
	ev := e.event("webinar")
	ev.FirstName, ev.LastName, ev.Email = "Luke", "Graham", "luke.graham@larkspurflorists.example"
	ev.Properties = map[string]string{"jobtitle": "Data Analyst", "city": "Pittsburgh"}
	out := e.mustProcess(ev)

	// Then the form's writing alone does not give it to the Meadowbrook
	// record, which as a whole (Phoenix, Meadowbrook) weighs less than the
	// Larkspur one
	if out.RecordID == meadowbrook.RecordID {
		t.Fatalf("%s record %s by %s: the Meadowbrook Luke Graham's (the Larkspur one is %s)", out.Action, out.RecordID, out.MatchedBy, larkspur.RecordID)
	}
}

func TestAWholeMatchOutranksAMemberMatch(t *testing.T) {
	e := newEnv(t)
	twentyOthers(e)
	// Given the Meadowbrook Luke Graham, once written from Pittsburgh by
	// a form, and the Larkspur one, whose import gave his birth date,
	// address and Pittsburgh
	meadowbrook := meadowbrookLukeGraham(t, e)
	imp := e.event("import")
	imp.FirstName, imp.LastName, imp.Company = "Luke", "Graham", "Larkspur Florists"
	larkspur := e.mustProcess(imp)
	details := map[string]string{"jobtitle": "Data Analyst", "city": "Pittsburgh", "date_of_birth": "1984-02-11", "address": "12 Elm Street", "zip": "15213"}
	imp2 := e.event("import")
	imp2.FirstName, imp2.LastName, imp2.Company, imp2.Properties = "Luke", "Graham", "Larkspur Florists", details
	if o := e.mustProcess(imp2); o.RecordID != larkspur.RecordID || larkspur.RecordID == meadowbrook.RecordID {
		t.Fatalf("the Larkspur import went to %s (Larkspur %s, Meadowbrook %s)", o.RecordID, larkspur.RecordID, meadowbrook.RecordID)
	}

	// When a webinar registration gives the name and those details
	ev := e.event("webinar")
	ev.FirstName, ev.LastName, ev.Properties = "Luke", "Graham", details
	out := e.mustProcess(ev)

	// Then it is the Larkspur record's, which it matches as a whole
	if out.RecordID != larkspur.RecordID {
		t.Fatalf("%s record %s by %s, want the Larkspur record %s (Meadowbrook %s)", out.Action, out.RecordID, out.MatchedBy, larkspur.RecordID, meadowbrook.RecordID)
	}
}

// twentyOthers gives e twenty people of other names, each at a company of
// their own, so that the term frequencies of a name two records share
// weigh it as an uncommon one.
func twentyOthers(e *testEnv) {
	for i, n := range []string{"Ava Moss", "Ben Hart", "Cleo Stone", "Dev Patel", "Eli Ward", "Fay Lowe", "Gus Reid",
		"Hana Kim", "Ivo Bauer", "Jo Marsh", "Kai Frost", "Lia Cruz", "Max Dunn", "Nia Shaw", "Oz Lang", "Pia Roth",
		"Quin Yates", "Rhea Vance", "Sol Ng", "Tia Ortiz"} {
		other := e.event("crm")
		other.FirstName, other.LastName, _ = strings.Cut(n, " ")
		other.Email, other.Company = fmt.Sprintf("person%d@filler%d.example", i, i), fmt.Sprintf("Filler %d", i)
		e.mustProcess(other)
	}
}

// Two records a source holds apart (two CRM ids) may both reach the match
// band: one as a whole, the other by one of its members alone, which says
// less. The event is the one it weighs most; a new record would be a third
// of one person. (The CRM's search is off: the index decides.)
func TestResolveByEvidenceAmongTwoPeople(t *testing.T) {
	e := newEnv(t, withConfig(func(c *Config) { c.Search = SearchNever }))
	crm := func(id, company, email, title, city string) schemas.ContactEvent {
		ev := e.event("crm")
		ev.ExternalID, ev.FirstName, ev.LastName, ev.Company, ev.Email = id, "Gérard", "Cousin", company, email
		ev.Properties = map[string]string{"jobtitle": title, "city": city}
		return ev
	}
	// Given Gérard Cousin at Gros SARL, and a second CRM contact of his
	// whose company and title were since written over
	gerard := e.mustProcess(crm("003A", "Gros SARL", "gerardc@gros.example", "Office Manager", "Renard"))
	other := e.mustProcess(crm("003B", "Gros SARL", "gerardc2@gros.example", "Office Manager", ""))
	if other.RecordID == gerard.RecordID {
		t.Fatalf("the second CRM contact joined the first: the test wants two records")
	}
	e.mustProcess(crm("003B", "Lapin Conseil", "", "Consultant", "Renard"))

	// When a webinar gives his name, company, title and city alone
	ev := e.event("webinar")
	ev.FirstName, ev.LastName, ev.Company = "Gérard", "Cousin", "Gros SARL"
	ev.Properties = map[string]string{"jobtitle": "Office Manager", "city": "Renard"}
	out := e.mustProcess(ev)

	// Then it is the record that matches it as a whole
	if out.RecordID != gerard.RecordID || e.records() != 2 {
		t.Errorf("webinar: %s %s by %s (%v); %d records, want %s", out.Action, out.RecordID, out.MatchedBy, out.Evidence, e.records(), gerard.RecordID)
	}
}

// A record that wrote its last name alone, beside an address made of an
// initial and that name, is found by the person written with the initial
// at the same company: the address lends the initial
// (match.NamesWithAddress), and the initial, the last name and the
// company are its name-and-company key.
func TestSurnameBesideItsAddressIsFoundByTheInitial(t *testing.T) {
	e := newEnv(t)
	form := e.event("web_form")
	form.LastName, form.Company, form.Email = "Thornhurst", "Harbor Rock Retail Ltd.", "ethornhurst@hrr.co.uk"
	first := e.mustProcess(form)

	imp := e.event("import")
	imp.FirstName, imp.LastName, imp.Company, imp.Phone = "e", "thornhurst", "Harbor Rock Retail", "+44 20 8279 5370"
	out := e.mustProcess(imp)
	if out.RecordID != first.RecordID || e.records() != 1 {
		t.Fatalf("%s %s by %s; %d records, want %s", out.Action, out.RecordID, out.MatchedBy, e.records(), first.RecordID)
	}

	// and another initial at that company is someone else
	other := e.event("import")
	other.FirstName, other.LastName, other.Company, other.Phone = "M", "Thornhurst", "Harbor Rock Retail", "+44 20 8279 5371"
	if out := e.mustProcess(other); out.Action != schemas.ActionCreated {
		t.Fatalf("M. Thornhurst: %s %s by %s, want a new record", out.Action, out.RecordID, out.MatchedBy)
	}
}

// A first name alone beside an address made of its initial and the last
// name (zmiller@) takes the last name, and finds the person's record at
// the company.
func TestFirstNameBesideItsInitialsAddressFindsTheRecord(t *testing.T) {
	e := newEnv(t)
	form := e.event("web_form")
	form.FirstName, form.LastName, form.Company, form.Email = "Zachary", "Miller", "Crescent Valley Security", "zachary.miller68@gmail.com"
	first := e.mustProcess(form)

	work := e.event("web_form")
	work.FirstName, work.Company, work.Email = "Zachary", "Crescent Valley Security, Inc.", "zmiller@cvs.com"
	out := e.mustProcess(work)
	if out.RecordID != first.RecordID || e.records() != 1 {
		t.Fatalf("%s %s by %s; %d records, want %s", out.Action, out.RecordID, out.MatchedBy, e.records(), first.RecordID)
	}
}

// An initial beside an address that spells a first name is that name:
// "M. Ramirez" at marcus@ is not Mary Ramirez at the same company.
func TestAnInitialIsTheNameItsAddressSpells(t *testing.T) {
	e := newEnv(t)
	mary := e.event("crm")
	mary.FirstName, mary.LastName, mary.Company = "Mary", "Ramirez", "Yeoman Security"
	mary.Properties = map[string]string{"city": "Hamburg"}
	first := e.mustProcess(mary)

	marcus := e.event("crm")
	marcus.FirstName, marcus.LastName, marcus.Company, marcus.Email = "M.", "Ramirez", "Yeoman Security LLC", "marcus@yeomansecurity.com"
	marcus.Properties = map[string]string{"city": "Hamburg"}
	if out := e.mustProcess(marcus); out.RecordID == first.RecordID || out.Action != schemas.ActionCreated {
		t.Fatalf("M. at marcus@: %s %s by %s, want a record of his own beside Mary's %s", out.Action, out.RecordID, out.MatchedBy, first.RecordID)
	}
}

// A record without a first name is found by its last name at its company
// ("sc:" in match.DetailBlockKeys): an initial there, at another number,
// is weighed against it, and named its possible duplicate.
func TestASurnameAtItsCompanyFindsTheRecord(t *testing.T) {
	e := newEnv(t)
	imp := e.event("import")
	imp.LastName, imp.Company, imp.Phone = "Thornhurst", "Harbor Rock Retail Ltd.", "+44 20 8279 5370"
	first := e.mustProcess(imp)

	ev := e.event("webinar")
	ev.FirstName, ev.LastName, ev.Company, ev.Phone = "E.", "Thornhurst", "HARBOR ROCK RETAIL", "+44 20 7946 0321"
	out := e.mustProcess(ev)
	if out.PossibleDuplicateOf == nil || out.PossibleDuplicateOf.RecordID != first.RecordID {
		t.Fatalf("%s %s, possible duplicate %+v; want %s weighed", out.Action, out.RecordID, out.PossibleDuplicateOf, first.RecordID)
	}
}
