package hubspot

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

func TestPropertyDefinitionsOverHTTP(t *testing.T) {
	ctx := context.Background()

	t.Run("should list the portal's property definitions, a created one included", func(t *testing.T) {
		em := newEmulated(t, emulator.Config{}, nil)
		defs, err := em.cl.ListProperties(ctx)
		if err != nil {
			t.Fatal(err)
		}
		has := func(defs []connectors.PropertyDefinition, name string) bool {
			return slices.ContainsFunc(defs, func(d connectors.PropertyDefinition) bool { return d.Name == name })
		}
		if !has(defs, connectors.PropEmail) || !has(defs, connectors.PropJobTitle) || has(defs, "billing_address") {
			t.Fatalf("definitions %v: want email and jobtitle, not billing_address", defs)
		}
		key := slices.IndexFunc(defs, func(d connectors.PropertyDefinition) bool { return d.Name == connectors.PropContactgateKey })
		if key < 0 || !defs[key].HasUniqueValue {
			t.Errorf("the key property is missing or not unique: %v", defs)
		}
		if _, err := em.cl.CreateProperty(ctx, connectors.PropertyDefinition{
			Name: "billing_address", Label: "Billing address", Type: "string", FieldType: "text", GroupName: "contactinformation",
		}); err != nil {
			t.Fatal(err)
		}
		if defs, err = em.cl.ListProperties(ctx); err != nil || !has(defs, "billing_address") {
			t.Errorf("after the create: %v, %v", defs, err)
		}
	})

	t.Run("should classify HubSpot's PROPERTY_DOESNT_EXIST 400 as an UnknownPropertyError naming the properties", func(t *testing.T) {
		em := newEmulated(t, emulator.Config{}, nil)
		_, err := em.cl.Create(ctx, map[string]string{"email": "ann@example.com", "nickname": "Annie", "billing_address": "1 Main St"})
		var up *connectors.UnknownPropertyError
		if !errors.As(err, &up) || !slices.Equal(up.Properties, []string{"billing_address", "nickname"}) || up.CorrelationID == "" {
			t.Fatalf("create: %v, want an UnknownPropertyError naming billing_address and nickname", err)
		}
		if !errors.Is(err, connectors.ErrValidation) || connectors.Retryable(err) {
			t.Errorf("classification: validation %v, retryable %v", errors.Is(err, connectors.ErrValidation), connectors.Retryable(err))
		}
		if n := em.e.Stats().Records; n != 0 {
			t.Errorf("records = %d", n)
		}
	})

	t.Run("should keep a 400 with other problems a ValidationError", func(t *testing.T) {
		em := newEmulated(t, emulator.Config{}, nil)
		_, err := em.cl.Create(ctx, map[string]string{"email": "not-an-email", "nickname": "Annie"})
		var (
			up *connectors.UnknownPropertyError
			va *connectors.ValidationError
		)
		if errors.As(err, &up) || !errors.As(err, &va) {
			t.Fatalf("create: %v (%T), want a ValidationError", err, err)
		}
	})
}
