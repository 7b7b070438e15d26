package stages

import (
	"context"
	"testing"

	"github.com/contactgate/contactgate/schemas"
)

// A full name beside a placeholder address (none@none.com, no@..., "n/a",
// "-", "noemail") or a phone field without a digit ("tbd") is a full name
// with no address or number, not "an identifier given wrong": it should be
// weighed as nameAlone is, not dead-lettered unweighed.
func TestAFullNameBesideAPlaceholderAddressIsANameAlone(t *testing.T) {
	e := newEnv(t)
	first := e.event("web_form")
	first.FirstName, first.LastName, first.Company = "Baldassare", "Moneta", "Moneta Ricerche S.r.l."
	first.Email = "b.moneta@monetaricerche.it"
	first.Properties = map[string]string{"city": "Portopalo", "jobtitle": "Research Scientist"}
	created := e.mustProcess(first)

	for _, c := range []struct{ email, phone string }{
		{"", ""}, {"none@none.com", ""}, {"no@email.com", ""}, {"n/a", ""}, {"-", ""}, {"noemail", ""}, {"", "tbd"},
	} {
		ev := e.event("import")
		ev.FirstName, ev.LastName, ev.Email, ev.Phone = "Baldassare", "Moneta", c.email, c.phone
		ev.Properties = map[string]string{"city": "Portopalo", "jobtitle": "Research Scientist"}
		out, err := e.process(ev)
		if err != nil {
			t.Errorf("e-mail %q phone %q: %v", c.email, c.phone, err)
			continue
		}
		if out.RecordID != created.RecordID {
			t.Errorf("e-mail %q phone %q: record %s, want %s", c.email, c.phone, out.RecordID, created.RecordID)
		}
	}
}

// byEvidence named every match without a phone "name_company", also for an
// event with neither a last name nor a company: the outcome said an
// identifier resolved it that the event does not have.
func TestAnEventWithoutANameCompanyIsNotMatchedByNameCompany(t *testing.T) {
	e := newEnv(t)
	first := e.event("web_form")
	first.FirstName, first.LastName, first.Email, first.Company = "Stephanie", "Moore", "stephaniemoore@gmail.com", "Acme Labs"
	first.Properties = map[string]string{"city": "Seattle", "jobtitle": "Engineer"}
	rec := e.mustProcess(first)

	ev := e.event("web_form")
	ev.FirstName, ev.Email = "Stephanie", "stephanemoore@gmail.com"
	ev.Properties = map[string]string{"city": "Seattle", "jobtitle": "Engineer"}
	out := e.mustProcess(ev)
	if out.RecordID != rec.RecordID {
		t.Fatalf("not matched (%s %s), want %s", out.Action, out.RecordID, rec.RecordID)
	}
	if out.MatchedBy == schemas.MatchedByNameCompany {
		t.Fatalf("matched by %s (score %.2f), but the event has no last name and no company", out.MatchedBy, out.Score)
	}
}

// The lane of an event is its person's (normalize: "so that two events of
// them never create twice"), read as match.SplitFullName reads the name:
// "Last, First" and a whole name in the last name's column are the same
// first and last name, and one person's events take one lane.
func TestOnePersonsEventsTakeOneLaneWhateverTheColumns(t *testing.T) {
	e := newEnv(t)
	lane := func(first, last, company string) string {
		ev := e.event("import")
		ev.FirstName, ev.LastName, ev.Company = first, last, company
		ev.Properties = map[string]string{"date_of_birth": "1980-02-03"}
		job, err := e.g.Prepare(context.Background(), kafkaRecord(t, ev))
		if err != nil {
			t.Fatalf("%q %q: %v", first, last, err)
		}
		return job.LaneKey
	}
	for _, company := range []string{"", "Ganga Power"} {
		want := lane("Thomas", "Morgan", company)
		for _, c := range [][2]string{{"", "Morgan, Thomas"}, {"Morgan, Thomas", ""}, {"", "Thomas Morgan"}} {
			if got := lane(c[0], c[1], company); got != want {
				t.Errorf("company %q: %q/%q lane %q, want %q (Thomas/Morgan's)", company, c[0], c[1], got, want)
			}
		}
	}
}
