package crmtest

import (
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// testKey checks Contact.Key: the idempotency key a create by key stores in
// the connector's key field reads back on every read, whatever properties
// it names, and stays out of Properties unless the read names the key.
func testKey(t *testing.T, newCRM Factory) {
	t.Run("should read a create by key back with Key set, on every read", func(t *testing.T) {
		// Given a contact upserted by its key, and one created without a key
		f := setup(t, newCRM, emulator.Config{})
		ctx := t.Context()
		up, err := f.crm.BatchUpsert(ctx, []connectors.UpsertInput{keyed("k-7", "email", "ann@acme.com", "lastname", "Lee")})
		if err != nil || len(up.Results) != 1 {
			t.Fatalf("upsert by key = %+v, %v", up, err)
		}
		if up.Results[0].Key != "k-7" {
			t.Errorf("upsert answered Key %q, want k-7", up.Results[0].Key)
		}
		id := up.Results[0].ID
		plain, err := f.crm.Create(ctx, props("email", "bea@acme.com", "lastname", "Lee"))
		if err != nil {
			t.Fatal(err)
		}
		if plain.Key != "" {
			t.Errorf("a create without a key answered Key %q", plain.Key)
		}
		want := []string{connectors.PropLastName}
		check := func(read string, cs ...connectors.Contact) {
			t.Helper()
			seen := 0
			for _, c := range cs {
				wantKey := map[string]string{id: "k-7", plain.ID: ""}[c.ID]
				if c.ID == id {
					seen++
				}
				if c.Key != wantKey {
					t.Errorf("%s: contact %s has Key %q, want %q", read, c.ID, c.Key, wantKey)
				}
				if v, ok := c.Properties[key]; ok {
					t.Errorf("%s: property %s = %q, which the read did not name", read, key, v)
				}
			}
			if seen != 1 {
				t.Errorf("%s: read %d of the keyed contact, want 1", read, seen)
			}
		}

		// When it is read every way, naming only the last name
		c, err := f.crm.Get(ctx, id, want)
		if err != nil {
			t.Fatal(err)
		}
		// Then every read carries the key
		check("Get", c)
		if c, err = f.crm.Get(ctx, id, nil); err != nil {
			t.Fatal(err)
		}
		if c.Key != "k-7" {
			t.Errorf("Get of the default properties: Key %q, want k-7", c.Key)
		}
		if c, err = f.crm.GetByEmail(ctx, "ann@acme.com", want); err != nil {
			t.Fatal(err)
		}
		check("GetByEmail", c)
		res, err := f.crm.BatchRead(ctx, []string{id, plain.ID}, "", want)
		if err != nil {
			t.Fatal(err)
		}
		check("BatchRead by id", res.Results...)
		if res, err = f.crm.BatchRead(ctx, []string{"k-7"}, key, want); err != nil {
			t.Fatal(err)
		}
		check("BatchRead by key", res.Results...)
		page, err := f.crm.List(ctx, "", 10, want)
		if err != nil {
			t.Fatal(err)
		}
		check("List", page.Results...)
		found, err := f.crm.Search(ctx, connectors.SearchRequest{FilterGroups: []connectors.FilterGroup{group(eq("lastname", "Lee"))},
			Properties: want, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		check("Search", found.Results...)
		// And a read naming the key has it among the properties too
		if c, err = f.crm.Get(ctx, id, []string{key}); err != nil || c.Properties[key] != "k-7" || c.Key != "k-7" {
			t.Fatalf("Get naming %s = %+v, %v", key, c, err)
		}
	})
}
