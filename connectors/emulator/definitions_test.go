package emulator

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors"
)

func TestUndefinedProperties(t *testing.T) {
	ctx := context.Background()

	t.Run("should refuse a whole create that names an undefined property, then take it once defined", func(t *testing.T) {
		// Given an emulator that defines HubSpot's built-in properties only
		e, _ := newTestEmulator(t, Config{})
		props := map[string]string{"email": "ann@example.com", "jobtitle": "CFO", "billing_address": "1 Main St"}

		// When a create names billing_address
		_, err := e.Create(ctx, props)

		// Then nothing is created and the typed 400 names the property
		var up *connectors.UnknownPropertyError
		if !errors.As(err, &up) || !slices.Equal(up.Properties, []string{"billing_address"}) || !errors.Is(err, connectors.ErrValidation) {
			t.Fatalf("create: %v, want an UnknownPropertyError naming billing_address", err)
		}
		if !strings.Contains(up.Message, CodePropertyDoesntExist) {
			t.Errorf("message %q lacks %s", up.Message, CodePropertyDoesntExist)
		}
		if n := e.Stats().Records; n != 0 {
			t.Fatalf("records = %d after a refused create", n)
		}

		// When an admin defines it, the same create succeeds
		if _, err := e.CreateProperty(ctx, textDefinition("billing_address")); err != nil {
			t.Fatal(err)
		}
		c, err := e.Create(ctx, props)
		if err != nil || c.Properties["billing_address"] != "1 Main St" {
			t.Fatalf("create after the definition: %+v, %v", c, err)
		}
	})

	t.Run("should refuse a whole batch for one input's undefined property", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{Properties: []string{"tier"}})
		_, err := e.BatchCreate(ctx, []map[string]string{
			{"email": "a@example.com", "tier": "gold"},
			{"email": "b@example.com", "favourite_colour": "red"},
		})
		var up *connectors.UnknownPropertyError
		if !errors.As(err, &up) || !slices.Equal(up.Properties, []string{"favourite_colour"}) {
			t.Fatalf("batch create: %v", err)
		}
		if n := e.Stats().Records; n != 0 {
			t.Errorf("records = %d: the batch should fail whole", n)
		}
	})

	t.Run("should answer HubSpot's 400 over HTTP and list the definitions", func(t *testing.T) {
		h, _, _ := newHubSpot(t, Config{Properties: []string{"tier"}})
		r := h.do(http.MethodPost, BasePath, obj{"properties": obj{"email": "a@example.com", "nickname": "Al"}})
		msg, _ := r.body["message"].(string)
		if r.status != 400 || r.body["category"] != CategoryValidation || !strings.Contains(msg, `"error":"PROPERTY_DOESNT_EXIST","name":"nickname"`) {
			t.Fatalf("create: %d %v", r.status, r.body)
		}

		r = h.do(http.MethodGet, PropertiesPath, nil)
		if r.status != 200 {
			t.Fatalf("list: %d %v", r.status, r.body)
		}
		var names []string
		for _, p := range r.body["results"].([]any) {
			names = append(names, p.(map[string]any)["name"].(string))
		}
		for _, want := range []string{"email", "jobtitle", "lifecyclestage", "hs_object_id", "contactgate_key", "tier"} {
			if !slices.Contains(names, want) {
				t.Errorf("list lacks %s: %v", want, names)
			}
		}
		if slices.Contains(names, "nickname") || !slices.IsSorted(names) {
			t.Errorf("list: %v, want sorted, without nickname", names)
		}
		if _, paged := r.body["paging"]; paged {
			t.Errorf("list has paging: HubSpot's property list has none")
		}
	})

	t.Run("should list a property created over HTTP", func(t *testing.T) {
		h, e, _ := newHubSpot(t, Config{})
		r := h.do(http.MethodPost, PropertiesPath, obj{"name": "nickname", "label": "Nickname", "type": "string", "fieldType": "text", "groupName": "contactinformation"})
		if r.status != 201 {
			t.Fatalf("create property: %d %v", r.status, r.body)
		}
		defs, err := e.ListProperties(ctx)
		if err != nil || !slices.ContainsFunc(defs, func(d connectors.PropertyDefinition) bool { return d.Name == "nickname" }) {
			t.Fatalf("list: %v, %v", defs, err)
		}
		if r := h.do(http.MethodPost, BasePath, obj{"properties": obj{"nickname": "Al"}}); r.status != 201 {
			t.Errorf("create with the new property: %d %v", r.status, r.body)
		}
	})
}
