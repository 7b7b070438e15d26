package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/urfave/cli/v2"
)

func TestIndexBootstrap(t *testing.T) {
	// Given a CRM served over HTTP with 250 contacts
	const token = "bootstrap-token"
	crm := emulator.New(emulator.Config{Token: token})
	for start := 0; start < 250; start += 50 {
		var inputs []map[string]string
		for i := start; i < start+50; i++ {
			inputs = append(inputs, map[string]string{connectors.PropEmail: fmt.Sprintf("p%03d@example.com", i)})
		}
		if _, err := crm.BatchCreate(context.Background(), inputs); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(crm.Handler())
	defer srv.Close()
	t.Setenv(hubspot.TokenEnv, token)
	dir := t.TempDir()
	bootstrap := func() string {
		t.Helper()
		var out bytes.Buffer
		app := newApp()
		app.Writer, app.ErrWriter = &out, io.Discard
		app.ExitErrHandler = func(*cli.Context, error) {}
		err := app.RunContext(t.Context(), []string{"contactgate", "index", "bootstrap", "--state-dir", dir,
			"--crm", "hubspot", "--crm-url", srv.URL, "--crm-tier", "pack", "--log-level", "warn"})
		if err != nil {
			t.Fatalf("index bootstrap: %v", err)
		}
		return out.String()
	}

	// When the index is bootstrapped, twice
	first, second := bootstrap(), bootstrap()

	// Then the first run writes every contact and the second keeps them
	if !strings.Contains(first, "250 contacts in 3 pages: 250 written, 0 kept") {
		t.Errorf("first run: %q", first)
	}
	if !strings.Contains(second, "250 contacts in 3 pages: 0 written, 250 kept") {
		t.Errorf("second run: %q", second)
	}
}
