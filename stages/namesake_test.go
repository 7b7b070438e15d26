package stages

import "testing"

// Two people of one name at one company hold the company's two accounts
// for the name: jscholz@, and juscholz@ with one letter of the first name
// more (match.NamesakeInitials). An event at the second address, with the
// name and the company, is not the first one's by name and company; a slip
// of the first address still is.
func TestANamesakesAccountAtOneCompanyIsAnotherPerson(t *testing.T) {
	e := newEnv(t)
	ev := e.event("web_form")
	ev.FirstName, ev.LastName, ev.Email, ev.Company = "Julia", "Scholz", "jscholz@baumgaertner.com", "Baumgärtner AG"
	first := e.mustProcess(ev)

	ev = e.event("web_form")
	ev.FirstName, ev.LastName, ev.Email, ev.Company = "Julia", "Scholz", "juscholz@baumgaertner.com", "Baumgärtner AG"
	if out := e.mustProcess(ev); out.RecordID == first.RecordID {
		t.Errorf("juscholz@ went to jscholz@'s record %s by %s", out.RecordID, out.MatchedBy)
	}
	ev = e.event("web_form")
	ev.FirstName, ev.LastName, ev.Email, ev.Company = "Julia", "Scholz", "jscholtz@baumgaertner.com", "Baumgärtner AG"
	if out := e.mustProcess(ev); out.RecordID != first.RecordID {
		t.Errorf("a slip of jscholz@ went to %s by %s, want %s", out.RecordID, out.MatchedBy, first.RecordID)
	}
}

// One work address at the company it names, and one surname: an English
// name beside the given one is the same person's (match.SharedMailbox's
// oneOwnAddress), where two names at a family's mailbox stay two people.
func TestAnEnglishNameAtOnesOwnWorkAddress(t *testing.T) {
	e := newEnv(t)
	ev := e.event("crm")
	ev.FirstName, ev.LastName, ev.Email, ev.Company = "Feng", "Huang", "kevin.huang@shengdatechnology.com", "Shengda Technology"
	feng := e.mustProcess(ev)
	ev = e.event("webinar")
	ev.FirstName, ev.LastName, ev.Email, ev.Company = "Kevin", "Huang", "kevin.huang@shengdatechnology.com", "Shengda Technology"
	if out := e.mustProcess(ev); out.RecordID != feng.RecordID {
		t.Errorf("Kevin Huang at his work address went to %s by %s, want %s", out.RecordID, out.MatchedBy, feng.RecordID)
	}

	ev = e.event("web_form")
	ev.FirstName, ev.LastName, ev.Email = "Mary", "Kusha", "kusha123@hmail.com"
	mary := e.mustProcess(ev)
	ev = e.event("web_form")
	ev.FirstName, ev.LastName, ev.Email = "Mark", "Kusha", "kusha123@hmail.com"
	if out := e.mustProcess(ev); out.RecordID == mary.RecordID {
		t.Errorf("Mark Kusha at the family's mailbox went to Mary's record %s by %s", out.RecordID, out.MatchedBy)
	}
}
