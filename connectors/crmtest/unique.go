package crmtest

import (
	"errors"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// key is the unique-value property of these tests: contactgate's, which the
// emulator defines by default.
const key = connectors.PropContactgateKey

func keyed(k string, kv ...string) connectors.UpsertInput {
	return connectors.UpsertInput{ID: k, IDProperty: key, Properties: props(append(kv, key, k)...)}
}

// schemaOf is the CRM's property definitions; every implementation under
// test has them.
func schemaOf(t *testing.T, crm connectors.CRM) connectors.PropertySchema {
	t.Helper()
	s, ok := crm.(connectors.PropertySchema)
	if !ok {
		t.Fatalf("%T does not read or create property definitions", crm)
	}
	return s
}

func testUnique(t *testing.T, newCRM Factory) {
	t.Run("should upsert by a unique property: create once, then find the contact and apply the properties", func(t *testing.T) {
		// Given a CRM whose search lags a minute
		f := setup(t, newCRM, emulator.Config{SearchLag: time.Minute})
		ctx := t.Context()

		// When a contact without an e-mail is upserted by its key, twice
		first, err := f.crm.BatchUpsert(ctx, []connectors.UpsertInput{keyed("k-1", "firstname", "Ann", "phone", "+14155550100")})
		if err != nil || len(first.Results) != 1 || !first.Results[0].New {
			t.Fatalf("first upsert = %+v, %v; want one new contact", first, err)
		}
		again, err := f.crm.BatchUpsert(ctx, []connectors.UpsertInput{keyed("k-1", "jobtitle", "CFO")})

		// Then the second finds the first's contact and updates it
		if err != nil || len(again.Results) != 1 || again.Results[0].New || again.Results[0].ID != first.Results[0].ID {
			t.Fatalf("second upsert = %+v, %v; want contact %s, not new", again, err, first.Results[0].ID)
		}
		// And a batch read by the key, consistent unlike search, sees both writes
		res, err := f.crm.BatchRead(ctx, []string{"k-1", "k-2"}, key, []string{"firstname", "jobtitle", key})
		if err != nil || len(res.Results) != 1 || len(res.Errors) != 1 {
			t.Fatalf("batch read by %s = %+v, %v; want one result and one missing", key, res, err)
		}
		got := res.Results[0]
		if got.ID != first.Results[0].ID || got.Properties["firstname"] != "Ann" || got.Properties["jobtitle"] != "CFO" || got.Properties[key] != "k-1" {
			t.Fatalf("read %+v", got)
		}
		page, err := f.crm.Search(ctx, connectors.SearchRequest{FilterGroups: []connectors.FilterGroup{{Filters: []connectors.Filter{
			{PropertyName: connectors.PropPhone, Operator: connectors.OpEQ, Value: "+14155550100"}}}}})
		if err != nil || page.Total != 0 {
			t.Fatalf("search before the lag = %+v, %v; want nothing yet", page, err)
		}
	})

	t.Run("should refuse a second contact holding a unique value, naming the holder", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		ctx := t.Context()
		holder, err := f.crm.Create(ctx, props("firstname", "Ann", key, "k-1"))
		if err != nil {
			t.Fatal(err)
		}
		other, err := f.crm.Create(ctx, props("firstname", "Bea", key, "k-2"))
		if err != nil {
			t.Fatal(err)
		}
		writes := map[string]func() error{
			"create": func() error { _, err := f.crm.Create(ctx, props("firstname", "Cy", key, "k-1")); return err },
			"update": func() error { _, err := f.crm.Update(ctx, other.ID, props(key, "k-1")); return err },
			"batch create": func() error {
				_, err := f.crm.BatchCreate(ctx, []map[string]string{props("firstname", "Di", key, "k-3"), props("firstname", "Ed", key, "k-1")})
				return err
			},
		}
		for name, write := range writes {
			err := write()
			var uv *connectors.UniqueValueError
			if !errors.As(err, &uv) || !errors.Is(err, connectors.ErrConflict) || uv.ExistingID != holder.ID || uv.Property != key {
				t.Errorf("%s = %v, want a UniqueValueError naming %s and %s", name, err, holder.ID, key)
			}
		}
		if res, _ := f.crm.BatchRead(ctx, []string{"k-3"}, key, nil); len(res.Results) != 0 {
			t.Errorf("the refused batch created %+v", res.Results)
		}
		if got, _ := f.crm.Get(ctx, other.ID, []string{key}); got.Properties[key] != "k-2" {
			t.Errorf("the refused update changed %s to %q", key, got.Properties[key])
		}
	})

	t.Run("should refuse reads and upserts by a property without unique values", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		ctx := t.Context()
		_, err := f.crm.BatchUpsert(ctx, []connectors.UpsertInput{{ID: "Ann", IDProperty: connectors.PropFirstName, Properties: props("jobtitle", "CFO")}})
		if !errors.Is(err, connectors.ErrValidation) {
			t.Errorf("upsert by firstname = %v, want a validation error", err)
		}
		if _, err := f.crm.BatchRead(ctx, []string{"Ann"}, connectors.PropFirstName, nil); !errors.Is(err, connectors.ErrValidation) {
			t.Errorf("read by firstname = %v, want a validation error", err)
		}
	})

	t.Run("should ensure a unique property: create it once, then find it", func(t *testing.T) {
		// Given a portal without unique properties
		f := setup(t, newCRM, emulator.Config{UniqueProperties: []string{}})
		need(t, f.caps().CreatesProperties, "creates properties")
		ctx := t.Context()
		schema := schemaOf(t, f.crm)
		if _, err := schema.Property(ctx, "acme_key"); !errors.Is(err, connectors.ErrNotFound) {
			t.Fatalf("property before = %v, want not found", err)
		}
		if _, err := f.crm.BatchUpsert(ctx, []connectors.UpsertInput{{ID: "a", IDProperty: "acme_key"}}); !errors.Is(err, connectors.ErrValidation) {
			t.Fatalf("upsert by an undefined property = %v, want a validation error", err)
		}

		// When it is ensured, twice
		for range 2 {
			if err := connectors.EnsureUniqueProperty(ctx, schema, "acme_key"); err != nil {
				t.Fatal(err)
			}
		}

		// Then it exists with unique values, and upserts by it work
		def, err := schema.Property(ctx, "acme_key")
		if err != nil || !def.HasUniqueValue || def.Type != "string" {
			t.Fatalf("property = %+v, %v", def, err)
		}
		res, err := f.crm.BatchUpsert(ctx, []connectors.UpsertInput{{ID: "a", IDProperty: "acme_key", Properties: props("firstname", "Al")}})
		if err != nil || len(res.Results) != 1 || !res.Results[0].New {
			t.Fatalf("upsert = %+v, %v", res, err)
		}
		// And creating it again is a conflict
		if _, err := schema.CreateProperty(ctx, connectors.KeyPropertyDefinition("acme_key")); !errors.Is(err, connectors.ErrConflict) {
			t.Fatalf("second create = %v, want a conflict", err)
		}
	})

	t.Run("should refuse to ensure a property that exists without unique values", func(t *testing.T) {
		f := setup(t, newCRM, emulator.Config{})
		err := connectors.EnsureUniqueProperty(t.Context(), schemaOf(t, f.crm), connectors.PropFirstName)
		if !errors.Is(err, connectors.ErrPropertyNotUnique) {
			t.Fatalf("ensure firstname = %v, want ErrPropertyNotUnique", err)
		}
	})
}
