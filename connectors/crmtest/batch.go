package crmtest

import (
	"errors"
	"slices"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

func resultIDs(r connectors.BatchResult) []string {
	ids := make([]string, len(r.Results))
	for i, c := range r.Results {
		ids[i] = c.ID
	}
	slices.Sort(ids)
	return ids
}

func testBatch(t *testing.T, newCRM Factory) {
	t.Run("should create a batch, and fail it whole when one e-mail exists", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		need(t, f.refusesDuplicateEmail(), "refuses duplicate e-mails")
		ctx := t.Context()
		res, err := f.crm.BatchCreate(ctx, []map[string]string{props("email", "a@x.com"), props("email", "b@x.com")})
		if err != nil || len(res.Results) != 2 || len(res.Errors) != 0 {
			t.Fatalf("batch create = %+v, %v", res, err)
		}
		existing := res.Results[1]
		if existing.Properties["email"] != "b@x.com" {
			existing = res.Results[0]
		}

		// When a batch holds two new e-mails and one that exists in another case
		_, err = f.crm.BatchCreate(ctx, []map[string]string{props("email", "c@x.com"), props("email", "B@X.com"), props("email", "d@x.com")})

		// Then the whole batch fails with a conflict naming the existing contact
		var ce *connectors.ConflictError
		if !errors.As(err, &ce) || ce.ExistingID != existing.ID {
			t.Fatalf("batch create = %v, want a conflict naming %s", err, existing.ID)
		}
		// And nothing of it was created
		for _, e := range []string{"c@x.com", "d@x.com"} {
			if _, err := f.crm.GetByEmail(ctx, e, nil); !errors.Is(err, connectors.ErrNotFound) {
				t.Errorf("%s after the failed batch: %v, want not found", e, err)
			}
		}
	})

	t.Run("should read a batch by id and by e-mail, reporting missing ones", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		ctx := t.Context()
		a, _ := f.crm.Create(ctx, props("email", "a@x.com", "firstname", "Ann"))
		b, _ := f.crm.Create(ctx, props("email", "b@x.com"))

		res, err := f.crm.BatchRead(ctx, []string{a.ID, "999999", b.ID}, "", []string{"email", "firstname"})
		if err != nil {
			t.Fatal(err)
		}
		if got := resultIDs(res); !slices.Equal(got, sorted(a.ID, b.ID)) {
			t.Fatalf("read ids %v", got)
		}
		if len(res.Errors) != 1 || !slices.Contains(res.Errors[0].IDs, "999999") {
			t.Fatalf("errors %+v, want one naming 999999", res.Errors)
		}

		res, err = f.crm.BatchRead(ctx, []string{"A@x.com", "nobody@x.com"}, "email", []string{"firstname"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Results) != 1 || res.Results[0].ID != a.ID || res.Results[0].Properties["firstname"] != "Ann" {
			t.Fatalf("read by e-mail %+v", res.Results)
		}
		if len(res.Errors) != 1 {
			t.Fatalf("errors %+v, want one", res.Errors)
		}
	})

	t.Run("should update a batch, reporting missing ids", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		ctx := t.Context()
		a, _ := f.crm.Create(ctx, props("email", "a@x.com"))
		res, err := f.crm.BatchUpdate(ctx, []connectors.UpdateInput{
			{ID: a.ID, Properties: props("jobtitle", "CFO")},
			{ID: "999999", Properties: props("jobtitle", "CEO")},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Results) != 1 || res.Results[0].ID != a.ID || len(res.Errors) != 1 {
			t.Fatalf("batch update = %+v", res)
		}
		got, _ := f.crm.Get(ctx, a.ID, []string{"jobtitle"})
		if got.Properties["jobtitle"] != "CFO" {
			t.Fatalf("jobtitle %q", got.Properties["jobtitle"])
		}
	})

	t.Run("should refuse an upsert by e-mail when the CRM upserts by key only", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		need(t, !f.caps().UpsertByEmail, "upserts by key only")
		_, err := f.crm.BatchUpsert(t.Context(), []connectors.UpsertInput{{ID: "new@x.com", IDProperty: "email", Properties: props("firstname", "Nina")}})
		if !errors.Is(err, connectors.ErrValidation) {
			t.Fatalf("upsert by e-mail = %v, want a validation error", err)
		}
		if _, err := f.crm.GetByEmail(t.Context(), "new@x.com", nil); !errors.Is(err, connectors.ErrNotFound) {
			t.Fatalf("after the refused upsert: %v, want not found", err)
		}
	})

	t.Run("should upsert by e-mail, saying which contacts are new", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		need(t, f.caps().UpsertByEmail, "upserts by e-mail")
		ctx := t.Context()
		old, _ := f.crm.Create(ctx, props("email", "old@x.com", "firstname", "Olga"))
		res, err := f.crm.BatchUpsert(ctx, []connectors.UpsertInput{
			{ID: "old@x.com", IDProperty: "email", Properties: props("jobtitle", "CTO")},
			{ID: "new@x.com", IDProperty: "email", Properties: props("firstname", "Nina")},
		})
		if err != nil || len(res.Results) != 2 {
			t.Fatalf("upsert = %+v, %v", res, err)
		}
		for _, c := range res.Results {
			switch {
			case c.ID == old.ID && c.New:
				t.Errorf("existing contact %s reported new", c.ID)
			case c.ID != old.ID && !c.New:
				t.Errorf("new contact %s not reported new", c.ID)
			}
		}
		got, err := f.crm.GetByEmail(ctx, "old@x.com", []string{"firstname", "jobtitle"})
		if err != nil || got.Properties["firstname"] != "Olga" || got.Properties["jobtitle"] != "CTO" {
			t.Fatalf("after upsert: %+v, %v", got.Properties, err)
		}
		if _, err := f.crm.GetByEmail(ctx, "new@x.com", nil); err != nil {
			t.Fatalf("new contact: %v", err)
		}
	})
}

func sorted(s ...string) []string { slices.Sort(s); return s }
