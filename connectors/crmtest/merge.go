package crmtest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

func testMerge(t *testing.T, newCRM Factory) {
	t.Run("should keep the primary's values, fill blanks, and redirect the merged-away e-mail and id", func(t *testing.T) {
		// Given Robert (primary) and Bob (a duplicate with more data)
		f := setup(t, newCRM, emulator.Config{SearchLag: time.Second})
		ctx := t.Context()
		robert, _ := f.crm.Create(ctx, props("email", "r.smith@acme.com", "firstname", "Robert", "lastname", "Smith"))
		bob, _ := f.crm.Create(ctx, props("email", "bob@gmail.com", "firstname", "Bob", "jobtitle", "CFO"))

		// When Bob is merged into Robert
		survivor, err := f.crm.Merge(ctx, robert.ID, bob.ID)
		if err != nil {
			t.Fatal(err)
		}

		// Then Robert survives with his own values and Bob's job title
		got, err := f.crm.Get(ctx, robert.ID, allProps)
		if err != nil {
			t.Fatal(err)
		}
		if survivor.ID != robert.ID || got.Properties["firstname"] != "Robert" || got.Properties["jobtitle"] != "CFO" {
			t.Fatalf("survivor %s with %v", survivor.ID, got.Properties)
		}
		if !slices.Contains(got.AdditionalEmails, "bob@gmail.com") {
			t.Fatalf("additional e-mails %q, want them to hold bob@gmail.com", got.AdditionalEmails)
		}
		// And Bob's e-mail and id both lead to Robert
		if c, err := f.crm.GetByEmail(ctx, "bob@gmail.com", nil); err != nil || c.ID != robert.ID {
			t.Fatalf("GetByEmail(merged-away e-mail) = %s, %v; want %s", c.ID, err, robert.ID)
		}
		if c, err := f.crm.Get(ctx, bob.ID, nil); err != nil || c.ID != robert.ID {
			t.Fatalf("Get(merged-away id) = %s, %v; want %s", c.ID, err, robert.ID)
		}
		// And the e-mail stays taken
		// (where the CRM makes every e-mail unique, additional ones included)
		var ce *connectors.ConflictError
		if _, err := f.crm.Create(ctx, props("email", "BOB@gmail.com")); f.caps().UniqueEmail && (!errors.As(err, &ce) || ce.ExistingID != robert.ID) {
			t.Fatalf("create with the merged-away e-mail = %v, want a conflict naming %s", err, robert.ID)
		}
		// And search, once caught up, shows only the survivor
		f.clock.Advance(time.Second)
		if ids := searchIDs(t, f.crm, group(eq("lastname", "Smith")), group(eq("jobtitle", "CFO"))); !slices.Equal(ids, []string{robert.ID}) {
			t.Fatalf("search after merge = %v, want only %s", ids, robert.ID)
		}
	})

	t.Run("should merge as many records per request as the CRM declares", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		arity := f.caps().MergeArity
		mm, ok := f.crm.(connectors.MultiMerger)
		switch {
		case arity <= 2 && !ok:
			t.Skipf("merge arity %d: one record per merge", arity)
		case !ok:
			t.Fatalf("merge arity %d declared, but the CRM is no connectors.MultiMerger", arity)
		}
		// Given a primary and MergeArity-1 duplicates
		ctx := t.Context()
		primary, _ := f.crm.Create(ctx, props("email", "pat@acme.com", "firstname", "Pat"))
		var others []string
		for i := range arity - 1 {
			c, err := f.crm.Create(ctx, props("email", fmt.Sprintf("pat%d@gmail.com", i), "jobtitle", fmt.Sprintf("job %d", i)))
			if err != nil {
				t.Fatal(err)
			}
			others = append(others, c.ID)
		}
		// When they are merged in one request
		if _, err := mm.MergeMany(ctx, primary.ID, others); err != nil {
			t.Fatal(err)
		}
		// Then each id and e-mail leads to the primary, which keeps its
		// values and takes the first duplicate's for its blanks
		for i, id := range others {
			if c, err := f.crm.Get(ctx, id, nil); err != nil || c.ID != primary.ID {
				t.Errorf("Get(%s) = %s, %v; want %s", id, c.ID, err, primary.ID)
			}
			if c, err := f.crm.GetByEmail(ctx, fmt.Sprintf("pat%d@gmail.com", i), nil); err != nil || c.ID != primary.ID {
				t.Errorf("GetByEmail(pat%d@gmail.com) = %s, %v; want %s", i, c.ID, err, primary.ID)
			}
		}
		got, err := f.crm.Get(ctx, primary.ID, allProps)
		if err != nil || got.Properties["firstname"] != "Pat" || got.Properties["jobtitle"] != "job 0" {
			t.Fatalf("survivor %v, %v", got.Properties, err)
		}
	})

	t.Run("should refuse to merge a contact into itself", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		c, _ := f.crm.Create(t.Context(), props("email", "a@x.com"))
		if _, err := f.crm.Merge(t.Context(), c.ID, c.ID); err == nil || connectors.Retryable(err) {
			t.Fatalf("self-merge = %v, want a permanent error", err)
		}
	})
}
