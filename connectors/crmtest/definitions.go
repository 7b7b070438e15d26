package crmtest

import (
	"errors"
	"slices"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// testDefinitions checks what a CRM that lists its property definitions
// (connectors.PropertyLister) does with a write naming a property it does
// not define: HubSpot refuses the whole call (notes/hubspot.md, Errors).
// CRMs that list no definitions skip it.
func testDefinitions(t *testing.T, newCRM Factory) {
	setupListing := func(t *testing.T) (fixture, connectors.PropertyLister) {
		f := setup(t, newCRM, emulator.Config{Properties: []string{"tier"}})
		l, ok := connectors.PropertyListerOf(f.crm)
		if !ok {
			t.Skipf("%T lists no property definitions", f.crm)
		}
		return f, l
	}
	isUnknown := func(err error, names ...string) bool {
		var up *connectors.UnknownPropertyError
		return errors.As(err, &up) && slices.Equal(up.Properties, names) && errors.Is(err, connectors.ErrValidation) && !connectors.Retryable(err)
	}

	t.Run("should list the defined properties, built-in and custom", func(t *testing.T) {
		_, l := setupListing(t)
		defs, err := l.ListProperties(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{connectors.PropEmail, connectors.PropFirstName, "tier"} {
			if !slices.ContainsFunc(defs, func(d connectors.PropertyDefinition) bool { return d.Name == want }) {
				t.Errorf("%s is not listed", want)
			}
		}
	})

	t.Run("should refuse a whole create, batch create or update naming an undefined property", func(t *testing.T) {
		f, _ := setupListing(t)
		ctx := t.Context()
		if _, err := f.crm.Create(ctx, props("email", "a@example.com", "nickname", "Al")); !isUnknown(err, "nickname") {
			t.Errorf("create: %v", err)
		}
		_, err := f.crm.BatchCreate(ctx, []map[string]string{props("email", "b@example.com", "tier", "gold"), props("email", "c@example.com", "nickname", "Cy")})
		if !isUnknown(err, "nickname") {
			t.Errorf("batch create: %v", err)
		}
		for _, e := range []string{"a@example.com", "b@example.com", "c@example.com"} {
			if _, err := f.crm.GetByEmail(ctx, e, nil); !errors.Is(err, connectors.ErrNotFound) {
				t.Errorf("%s exists after a refused create: %v", e, err)
			}
		}
		c, err := f.crm.Create(ctx, props("email", "d@example.com", "tier", "gold"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.crm.Update(ctx, c.ID, props("tier", "platinum", "nickname", "Di")); !isUnknown(err, "nickname") {
			t.Errorf("update: %v", err)
		}
		if got, err := f.crm.Get(ctx, c.ID, []string{"tier"}); err != nil || got.Properties["tier"] != "gold" {
			t.Errorf("after the refused update: %v, %v", got.Properties, err)
		}
	})
}
