package main

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/connectors/hubspot"
)

func TestEnsureKeyProperty(t *testing.T) {
	log := slog.New(slog.DiscardHandler)

	t.Run("should create the key property in a portal that lacks it", func(t *testing.T) {
		// Given HubSpot (the emulator over HTTP) without unique properties
		crm := emulator.New(emulator.Config{UniqueProperties: []string{}})
		srv := httptest.NewServer(crm.Handler())
		t.Cleanup(srv.Close)
		cl, err := hubspot.New(hubspot.Config{BaseURL: srv.URL, Token: "t", Raw: true})
		if err != nil {
			t.Fatal(err)
		}

		// When run ensures its key property
		if err := ensureKeyProperty(t.Context(), cl, connectors.PropContactgateKey, log); err != nil {
			t.Fatal(err)
		}

		// Then the property exists with unique values
		def, err := crm.Property(t.Context(), connectors.PropContactgateKey)
		if err != nil || !def.HasUniqueValue {
			t.Fatalf("property %+v, %v", def, err)
		}
		if n := crm.Stats().ByOperation[emulator.OpCreateProperty]; n != 1 {
			t.Fatalf("%d property creates, want 1", n)
		}
	})

	t.Run("should say which scope is missing when HubSpot refuses to create it", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				w.WriteHeader(http.StatusNotFound)
				_, _ = w.Write([]byte(`{"status":"error","message":"Unable to find property","category":"OBJECT_NOT_FOUND"}`))
				return
			}
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"status":"error","message":"This app hasn't been granted all required scopes to make this call.","category":"MISSING_SCOPES"}`))
		}))
		t.Cleanup(srv.Close)
		cl, err := hubspot.New(hubspot.Config{BaseURL: srv.URL, Token: "t", Raw: true})
		if err != nil {
			t.Fatal(err)
		}
		err = ensureKeyProperty(t.Context(), cl, connectors.PropContactgateKey, log)
		if !errors.Is(err, connectors.ErrUnauthorized) || !strings.Contains(err.Error(), "crm.schemas.contacts.write") {
			t.Fatalf("err = %v, want unauthorized naming the scope", err)
		}
	})

	t.Run("should create without a key when the flag is empty, and refuse a CRM without properties", func(t *testing.T) {
		if err := ensureKeyProperty(t.Context(), noSchema{}, "", log); err != nil {
			t.Fatal(err)
		}
		if err := ensureKeyProperty(t.Context(), noSchema{}, connectors.PropContactgateKey, log); err == nil {
			t.Fatal("no error for a CRM that cannot define the property")
		}
	})
}

// noSchema is a CRM without property definitions.
type noSchema struct{ connectors.CRM }
