package emulator

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

func TestMerge(t *testing.T) {
	ctx := context.Background()

	t.Run("should keep the primary's values, fill blanks and move the e-mails", func(t *testing.T) {
		// Given two records of one person
		e, _ := newTestEmulator(t, Config{})
		primary := mustCreate(t, e, map[string]string{"email": "ann@example.com", "firstname": "Ann", "hs_additional_emails": "ann@old.com"})
		secondary := mustCreate(t, e, map[string]string{"email": "ann.b@work.com", "firstname": "Anne", "phone": "+331", "hs_additional_emails": "ab@work.com"})
		// When the secondary is merged into the primary
		got, err := e.Merge(ctx, primary.ID, secondary.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Then the survivor is the primary with the secondary's fills
		want := map[string]string{
			"email":     "ann@example.com",
			"firstname": "Ann",
			"phone":     "+331",
		}
		if got.ID != primary.ID {
			t.Errorf("survivor id %s", got.ID)
		}
		if !slices.Equal(got.AdditionalEmails, []string{"ann@old.com", "ann.b@work.com", "ab@work.com"}) ||
			!slices.Equal(got.MergedIDs, []string{secondary.ID}) {
			t.Errorf("additional e-mails %q, merged ids %q", got.AdditionalEmails, got.MergedIDs)
		}
		for _, k := range []string{PropAdditionalEmails, PropMergedObjectIDs, PropObjectID} {
			if _, leaked := got.Properties[k]; leaked {
				t.Errorf("%s left in the property map: %v", k, got.Properties)
			}
		}
		for k, v := range want {
			if got.Properties[k] != v {
				t.Errorf("%s = %q, want %q", k, got.Properties[k], v)
			}
		}
		// And the merged-away id and e-mails lead to it
		for _, read := range []func() (connectors.Contact, error){
			func() (connectors.Contact, error) { return e.Get(ctx, secondary.ID, nil) },
			func() (connectors.Contact, error) { return e.GetByEmail(ctx, "ANN.B@work.com", nil) },
			func() (connectors.Contact, error) { return e.GetByEmail(ctx, "ab@work.com", nil) },
		} {
			if c, err := read(); err != nil || c.ID != primary.ID {
				t.Errorf("read = %s, %v", c.ID, err)
			}
		}
		if n := e.Stats().Records; n != 1 {
			t.Errorf("records = %d", n)
		}
		// And the e-mails stay unique
		_, err = e.Create(ctx, map[string]string{"email": "ann.b@work.com"})
		if cf := asConflict(t, err); cf.ExistingID != primary.ID {
			t.Errorf("conflict names %s", cf.ExistingID)
		}
	})

	t.Run("should give the primary the secondary's e-mail when it has none", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		primary := mustCreate(t, e, map[string]string{"firstname": "Ann"})
		secondary := mustCreate(t, e, map[string]string{"email": "ann@example.com"})
		got, err := e.Merge(ctx, primary.ID, secondary.ID)
		if err != nil || got.Properties["email"] != "ann@example.com" || len(got.AdditionalEmails) != 0 {
			t.Fatalf("%+v, %v", got.Properties, err)
		}
	})

	t.Run("should list every id merged in, through chains", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		a := mustCreate(t, e, nil)
		b := mustCreate(t, e, nil)
		c := mustCreate(t, e, nil)
		if _, err := e.Merge(ctx, b.ID, c.ID); err != nil {
			t.Fatal(err)
		}
		got, err := e.Merge(ctx, a.ID, b.ID)
		if err != nil || !slices.Equal(got.MergedIDs, []string{b.ID, c.ID}) {
			t.Fatalf("%v, %v", got.MergedIDs, err)
		}
		if r, err := e.Get(ctx, c.ID, nil); err != nil || r.ID != a.ID {
			t.Errorf("get of the twice-merged id = %s, %v", r.ID, err)
		}
	})

	t.Run("should show only the survivor in search, after the lag", func(t *testing.T) {
		e, clock := newTestEmulator(t, Config{SearchLag: time.Second})
		primary := mustCreate(t, e, map[string]string{"company": "acme"})
		secondary := mustCreate(t, e, map[string]string{"company": "acme"})
		clock.Advance(time.Second)
		if _, err := e.Merge(ctx, primary.ID, secondary.ID); err != nil {
			t.Fatal(err)
		}
		req := connectors.SearchRequest{FilterGroups: groups([]connectors.Filter{eq("company", "acme")})}
		if p, _ := e.Search(ctx, req); p.Total != 2 {
			t.Fatalf("before the lag: total %d", p.Total)
		}
		clock.Advance(time.Second)
		if p, _ := e.Search(ctx, req); p.Total != 1 || p.Results[0].ID != primary.ID {
			t.Fatalf("after the lag: %v", ids(p.Results))
		}
	})

	t.Run("should refuse merging a record into itself", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		a := mustCreate(t, e, nil)
		b := mustCreate(t, e, nil)
		_, err := e.Merge(ctx, a.ID, a.ID)
		asValidation(t, err)
		if _, err := e.Merge(ctx, a.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.Merge(ctx, a.ID, b.ID)
		asValidation(t, err)
	})

	t.Run("should answer ErrNotFound for a missing id", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		a := mustCreate(t, e, nil)
		if _, err := e.Merge(ctx, a.ID, "999"); !errors.Is(err, connectors.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
}
