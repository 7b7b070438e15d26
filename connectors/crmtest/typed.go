package crmtest

import (
	"slices"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// testTyped checks Contact's typed fields: every read fills them whatever
// properties it names, from the CRM's own encoding, which the connector
// keeps to itself.
func testTyped(t *testing.T, newCRM Factory) {
	t.Run("should report a merge's added address in AdditionalEmails and its merged id in MergedIDs, on every read", func(t *testing.T) {
		// Given Bob merged into Robert
		f := setup(t, newCRM, emulator.Config{})
		ctx := t.Context()
		robert, err := f.crm.Create(ctx, props("email", "r.smith@acme.com", "firstname", "Robert", "lastname", "Smith"))
		if err != nil {
			t.Fatal(err)
		}
		bob, err := f.crm.Create(ctx, props("email", "bob@gmail.com", "firstname", "Bob", "lastname", "Smith"))
		if err != nil {
			t.Fatal(err)
		}
		survivor, err := f.crm.Merge(ctx, robert.ID, bob.ID)
		if err != nil {
			t.Fatal(err)
		}
		check := func(read string, c connectors.Contact) {
			t.Helper()
			if c.ID != robert.ID {
				t.Fatalf("%s: contact %s, want the survivor %s", read, c.ID, robert.ID)
			}
			if !slices.ContainsFunc(c.AdditionalEmails, func(e string) bool { return strings.EqualFold(e, "bob@gmail.com") }) {
				t.Errorf("%s: additional e-mails %q, want them to hold bob@gmail.com", read, c.AdditionalEmails)
			}
			if f.caps().ListsMergedIDs != slices.Contains(c.MergedIDs, bob.ID) {
				t.Errorf("%s: merged ids %q; the CRM lists them: %v", read, c.MergedIDs, f.caps().ListsMergedIDs)
			}
			for k, v := range c.Properties {
				if strings.Contains(strings.ToLower(v), "bob@gmail.com") {
					t.Errorf("%s: property %s = %q: the other e-mails belong in AdditionalEmails", read, k, v)
				}
				if slices.Contains(strings.Split(v, ";"), bob.ID) || v == robert.ID {
					t.Errorf("%s: property %s = %q: ids belong in ID and MergedIDs", read, k, v)
				}
			}
		}
		// When it is read every way, naming only the first name
		want := []string{connectors.PropFirstName}
		if !slices.ContainsFunc(survivor.AdditionalEmails, func(e string) bool { return strings.EqualFold(e, "bob@gmail.com") }) {
			t.Errorf("merge answered additional e-mails %q, want them to hold bob@gmail.com", survivor.AdditionalEmails)
		}
		// Then each read carries both lists
		c, err := f.crm.Get(ctx, robert.ID, want)
		if err != nil {
			t.Fatal(err)
		}
		check("Get", c)
		if c, err = f.crm.Get(ctx, robert.ID, nil); err != nil {
			t.Fatal(err)
		}
		check("Get of every property", c)
		if !slices.Equal(c.Emails(), append([]string{"r.smith@acme.com"}, c.AdditionalEmails...)) {
			t.Errorf("Emails() = %q, want the primary then the others", c.Emails())
		}
		if c, err = f.crm.GetByEmail(ctx, "BOB@gmail.com", want); err != nil {
			t.Fatal(err)
		}
		check("GetByEmail", c)
		res, err := f.crm.BatchRead(ctx, []string{robert.ID}, "", want)
		if err != nil || len(res.Results) != 1 {
			t.Fatalf("BatchRead = %+v, %v", res, err)
		}
		check("BatchRead", res.Results[0])
		page, err := f.crm.List(ctx, "", 10, want)
		if err != nil || len(page.Results) != 1 {
			t.Fatalf("List = %+v, %v", page, err)
		}
		check("List", page.Results[0])
		found, err := f.crm.Search(ctx, connectors.SearchRequest{FilterGroups: []connectors.FilterGroup{group(eq("lastname", "Smith"))},
			Properties: want, Limit: 10})
		if err != nil || len(found.Results) != 1 {
			t.Fatalf("Search = %+v, %v", found, err)
		}
		check("Search", found.Results[0])
	})
}
