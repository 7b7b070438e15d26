package main

import (
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	sfemulator "github.com/contactgate/contactgate/connectors/emulator/salesforce"
	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/contactgate/contactgate/connectors/salesforce"
)

func TestRunBuildsTheSalesforceClient(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	org := sfemulator.New(sfemulator.Config{ClientID: "app", ClientSecret: "s3cret"})
	srv := httptest.NewServer(org.Handler())
	t.Cleanup(srv.Close)

	t.Run("should read the secret from a file and find the key field", func(t *testing.T) {
		t.Setenv(salesforce.SecretEnv, "")
		file := filepath.Join(t.TempDir(), "secret")
		if err := os.WriteFile(file, []byte("s3cret\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		crm, err := newSalesforce(srv.URL, "app", file, log)
		if err != nil {
			t.Fatal(err)
		}
		if err := ensureKeyProperty(t.Context(), crm, connectors.PropContactgateKey, log); err != nil {
			t.Fatalf("ensure the key: %v", err)
		}
		if org.Stats().TokensIssued != 1 {
			t.Fatalf("stats %+v, want one token", org.Stats())
		}
	})

	t.Run("should refuse HubSpot's URL and a missing secret, naming neither secret nor value", func(t *testing.T) {
		t.Setenv(salesforce.SecretEnv, "s3cret")
		if _, err := newSalesforce(hubspot.DefaultBaseURL, "app", "", log); err == nil || !strings.Contains(err.Error(), "My Domain") {
			t.Fatalf("HubSpot's URL: %v", err)
		}
		t.Setenv(salesforce.SecretEnv, "")
		if _, err := newSalesforce(srv.URL, "app", "", log); err == nil || !strings.Contains(err.Error(), salesforce.SecretEnv) {
			t.Fatalf("no secret: %v", err)
		}
	})

	t.Run("should tell the admin to create a key field the org lacks", func(t *testing.T) {
		t.Setenv(salesforce.SecretEnv, "s3cret")
		crm, err := newSalesforce(srv.URL, "app", "", log)
		if err != nil {
			t.Fatal(err)
		}
		err = ensureKeyProperty(t.Context(), crm, "acme_key", log)
		if err == nil || !strings.Contains(err.Error(), "Setup") {
			t.Fatalf("ensure a missing field: %v", err)
		}
	})
}
