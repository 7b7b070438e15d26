package main

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

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
		crm, err := newSalesforce(srv.URL, "app", file, "", "", log)
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
		if _, err := newSalesforce(hubspot.DefaultBaseURL, "app", "", "", "", log); err == nil || !strings.Contains(err.Error(), "My Domain") {
			t.Fatalf("HubSpot's URL: %v", err)
		}
		t.Setenv(salesforce.SecretEnv, "")
		if _, err := newSalesforce(srv.URL, "app", "", "", "", log); err == nil || !strings.Contains(err.Error(), salesforce.SecretEnv) {
			t.Fatalf("no secret: %v", err)
		}
	})

	t.Run("should tell the admin to create a key field the org lacks", func(t *testing.T) {
		t.Setenv(salesforce.SecretEnv, "s3cret")
		crm, err := newSalesforce(srv.URL, "app", "", "", "", log)
		if err != nil {
			t.Fatal(err)
		}
		err = ensureKeyProperty(t.Context(), crm, "acme_key", log)
		if err == nil || !strings.Contains(err.Error(), "Setup") {
			t.Fatalf("ensure a missing field: %v", err)
		}
	})
}

func TestRunTakesTheJWTBearerFlow(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	org := sfemulator.New(sfemulator.Config{ClientID: "app", ClientSecret: "unused", JWTUsername: "int@acme.com", JWTKey: &key.PublicKey})
	srv := httptest.NewServer(org.Handler())
	t.Cleanup(srv.Close)
	t.Setenv(salesforce.SecretEnv, "")
	crm, err := newSalesforce(srv.URL, "app", "", "int@acme.com", file, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := crm.Create(t.Context(), map[string]string{"email": "a@x.com"}); err != nil || org.Stats().TokensIssued != 1 {
		t.Fatalf("create = %v; stats %+v", err, org.Stats())
	}
	if _, err := newSalesforce(srv.URL, "app", "", "int@acme.com", filepath.Join(t.TempDir(), "none.pem"), slog.New(slog.DiscardHandler)); err == nil {
		t.Fatal("a missing key file was accepted")
	}
}

func TestIndexBootstrapFromSalesforce(t *testing.T) {
	// Given an org over HTTP with 250 contacts
	org := sfemulator.New(sfemulator.Config{ClientID: "app", ClientSecret: "s3cret"})
	srv := httptest.NewServer(org.Handler())
	t.Cleanup(srv.Close)
	t.Setenv(salesforce.SecretEnv, "s3cret")
	cl, err := salesforce.New(salesforce.Config{InstanceURL: srv.URL, ClientID: "app", ClientSecret: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	for start := 0; start < 250; start += 125 {
		var inputs []map[string]string
		for i := start; i < start+125; i++ {
			inputs = append(inputs, map[string]string{connectors.PropEmail: fmt.Sprintf("p%03d@example.com", i), connectors.PropLastName: "Doe"})
		}
		if _, err := cl.BatchCreate(t.Context(), inputs); err != nil {
			t.Fatal(err)
		}
	}
	// When the index is bootstrapped from it
	var out bytes.Buffer
	app := newApp()
	app.Writer, app.ErrWriter = &out, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}
	err = app.RunContext(t.Context(), []string{"contactgate", "index", "bootstrap", "--state-dir", t.TempDir(),
		"--crm", "salesforce", "--crm-url", srv.URL, "--crm-client-id", "app", "--log-level", "warn"})
	// Then every contact is written, 100 a page
	if err != nil || !strings.Contains(out.String(), "250 contacts in 3 pages: 250 written, 0 kept") {
		t.Fatalf("index bootstrap: %v: %q", err, out.String())
	}
}
