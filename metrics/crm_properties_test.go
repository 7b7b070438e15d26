package metrics

import (
	"errors"
	"slices"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

// unlisted is a CRM without property definitions.
type unlisted struct{ connectors.CRM }

func TestCRMListProperties(t *testing.T) {
	t.Run("should pass the wrapped CRM's property definitions through", func(t *testing.T) {
		crm := New().InstrumentCRM(emulator.New(emulator.Config{Properties: []string{"billing_address"}}))
		l, ok := connectors.PropertyListerOf(crm)
		if !ok {
			t.Fatal("the instrumented CRM lists no definitions")
		}
		defs, err := l.ListProperties(t.Context())
		if err != nil || !slices.ContainsFunc(defs, func(d connectors.PropertyDefinition) bool { return d.Name == "billing_address" }) {
			t.Fatalf("definitions %v, %v", defs, err)
		}
	})

	t.Run("should answer ErrPropertiesUnlisted for a CRM that lists none", func(t *testing.T) {
		crm := New().InstrumentCRM(unlisted{emulator.New(emulator.Config{})})
		if _, err := crm.ListProperties(t.Context()); !errors.Is(err, connectors.ErrPropertiesUnlisted) {
			t.Fatalf("err = %v", err)
		}
	})
}
