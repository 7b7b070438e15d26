package crmtest

import (
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// testIdentity checks Contact's identity fields (Email, FirstName,
// LastName, Phone, Company): every read fills them from the CRM's own
// fields whatever properties it names, and leaves them out of Properties
// unless the read names them.
func testIdentity(t *testing.T, newCRM Factory) {
	t.Run("should read a contact's e-mail, names, phone and company into the typed fields, on every read", func(t *testing.T) {
		// Given a contact created with an e-mail, names, a phone and a company
		f := setup(t, newCRM, emulator.Config{})
		ctx := t.Context()
		ann, err := f.crm.Create(ctx, props("email", "ann.lee@acme.com", "firstname", "Ann", "lastname", "Lee",
			"phone", "+14155550123", "company", "Acme", "jobtitle", "CTO"))
		if err != nil {
			t.Fatal(err)
		}
		check := func(read string, c connectors.Contact, named []string) {
			t.Helper()
			got := [5]string{c.Email, c.FirstName, c.LastName, c.Phone, c.Company}
			if want := [5]string{"ann.lee@acme.com", "Ann", "Lee", "+14155550123", "Acme"}; got != want {
				t.Errorf("%s: Email, FirstName, LastName, Phone, Company = %q, want %q", read, got, want)
			}
			if named == nil {
				return // a write's answer holds what was written
			}
			for _, p := range []string{connectors.PropEmail, connectors.PropFirstName, connectors.PropLastName,
				connectors.PropPhone, connectors.PropCompany} {
				if _, in := c.Properties[p]; in != (p == named[0]) {
					t.Errorf("%s naming %q: property %s in Properties: %v", read, named, p, in)
				}
			}
		}
		// When it is read every way, naming only its job title
		want := []string{connectors.PropJobTitle}
		check("Create's answer", ann, nil)
		// Then each read carries the typed fields, and no other property
		c, err := f.crm.Get(ctx, ann.ID, want)
		if err != nil {
			t.Fatal(err)
		}
		check("Get", c, want)
		if c, err = f.crm.GetByEmail(ctx, "ANN.LEE@acme.com", want); err != nil {
			t.Fatal(err)
		}
		check("GetByEmail", c, want)
		res, err := f.crm.BatchRead(ctx, []string{ann.ID}, "", want)
		if err != nil || len(res.Results) != 1 {
			t.Fatalf("BatchRead = %+v, %v", res, err)
		}
		check("BatchRead", res.Results[0], want)
		page, err := f.crm.List(ctx, "", 10, want)
		if err != nil || len(page.Results) != 1 {
			t.Fatalf("List = %+v, %v", page, err)
		}
		check("List", page.Results[0], want)
		found, err := f.crm.Search(ctx, connectors.SearchRequest{FilterGroups: []connectors.FilterGroup{group(eq("lastname", "Lee"))},
			Properties: want, Limit: 10})
		if err != nil || len(found.Results) != 1 {
			t.Fatalf("Search = %+v, %v", found, err)
		}
		check("Search", found.Results[0], want)
		// And a read naming the first name holds it in Properties too
		if c, err = f.crm.Get(ctx, ann.ID, []string{connectors.PropFirstName}); err != nil {
			t.Fatal(err)
		}
		check("Get", c, []string{connectors.PropFirstName})
		if c.Properties[connectors.PropFirstName] != "Ann" {
			t.Errorf("Get naming the first name: Properties = %q", c.Properties)
		}
	})
}
