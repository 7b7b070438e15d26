package hubspot

import (
	"reflect"
	"slices"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
)

func TestCapabilities(t *testing.T) {
	t.Run("should be what the emulator declares, so that the two cannot drift", func(t *testing.T) {
		// Given the emulator, which cannot import this package
		got := connectors.CapabilitiesOf(emulator.New(emulator.Config{}))
		// Then it declares this package's Capabilities
		if !reflect.DeepEqual(got, Capabilities) {
			t.Fatalf("emulator declares %+v, hubspot %+v", got, Capabilities)
		}
	})
	t.Run("should snapshot HubSpot's own standard properties besides the core's", func(t *testing.T) {
		cl, err := New(Config{BaseURL: "http://127.0.0.1:1", Token: fakeToken})
		if err != nil {
			t.Fatal(err)
		}
		props := connectors.CapabilitiesOf(cl).Properties
		for _, p := range append(slices.Clone(connectors.DefaultCapabilities.Properties), "lifecyclestage", "hs_lead_status") {
			if !slices.Contains(props, p) {
				t.Errorf("Properties %v lack %q", props, p)
			}
		}
	})
	t.Run("should keep the interface's defaults but for the properties", func(t *testing.T) {
		c, d := Capabilities, connectors.DefaultCapabilities
		c.Properties, d.Properties = nil, nil
		if !reflect.DeepEqual(c, d) {
			t.Fatalf("hubspot %+v, default %+v", c, d)
		}
	})
}
