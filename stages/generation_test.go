package stages

import "testing"

// A record once written with a generational suffix ("Hunt Sr.") is the
// father's even after a later event wrote the name without it: the son's
// event ("Hunt, Jr") is not his, however else the two agree.
func TestASuffixOnceGivenHoldsTheSonApart(t *testing.T) {
	// Given Julian Hunt Sr., whose later event dropped the suffix
	e := newEnv(t)
	a := e.event("web_form")
	a.FirstName, a.LastName, a.Email, a.Company = "Julian", "Hunt Sr.", "julian.hunt@wilson-holdings.example", "Wilson Holdings LLP"
	father := e.mustProcess(a)
	b := e.event("web_form")
	b.FirstName, b.LastName, b.Email, b.Company = "Julian", "Hunt", "julian.hunt@wilson-holdings.example", "Wilson Holdings LLP"
	e.mustProcess(b)
	if got := e.contact(father.RecordID).Properties["lastname"]; got != "Hunt" {
		t.Fatalf("CRM last name %q: the test wants the suffix dropped by the later event", got)
	}

	// When his son writes at the same company with a personal address
	c := e.event("web_form")
	c.FirstName, c.LastName, c.Email, c.Company = "Julian", "Hunt, Jr", "julianhunt@outlook.example", "Wilson Holdings LLP"
	out := e.mustProcess(c)

	// Then the son is not the father
	if out.RecordID == father.RecordID {
		t.Errorf("the son's event went to the father's record (%s, %s)", out.Action, out.MatchedBy)
	}
}
