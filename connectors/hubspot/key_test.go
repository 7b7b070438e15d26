package hubspot

import (
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

func TestKeyProperty(t *testing.T) {
	t.Run("should fill Key from the configured key property on every read, and keep it out of unnamed properties", func(t *testing.T) {
		// Given a portal whose key property is acme_key, and a client told so
		em := newEmulated(t, emulator.Config{UniqueProperties: []string{"acme_key"}}, func(c *Config) { c.KeyProperty = "acme_key" })
		ctx := t.Context()
		up, err := em.cl.BatchUpsert(ctx, []connectors.UpsertInput{{ID: "a-1", IDProperty: "acme_key",
			Properties: map[string]string{"acme_key": "a-1", "firstname": "Ann"}}})
		if err != nil || len(up.Results) != 1 {
			t.Fatalf("upsert = %+v, %v", up, err)
		}
		if up.Results[0].Key != "a-1" {
			t.Errorf("upsert answered Key %q, want a-1", up.Results[0].Key)
		}

		// When the contact is read naming only its first name
		got, err := em.cl.Get(ctx, up.Results[0].ID, []string{"firstname"})

		// Then Key holds the key, and the properties only what was named
		if err != nil || got.Key != "a-1" || got.Properties["firstname"] != "Ann" {
			t.Fatalf("Get = %+v, %v", got, err)
		}
		if v, ok := got.Properties["acme_key"]; ok {
			t.Errorf("acme_key = %q among the properties of a read that did not name it", v)
		}
	})
}
