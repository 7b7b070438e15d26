package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/contactgate/contactgate/connectors"
	sfemulator "github.com/contactgate/contactgate/connectors/emulator/salesforce"
	"github.com/contactgate/contactgate/connectors/salesforce"
)

func TestCRMEmulatorServesSalesforce(t *testing.T) {
	// Given the Salesforce emulator started with client credentials
	t.Setenv("CONTACTGATE_EMULATOR_CLIENT_SECRET", "s3cret")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	app := newApp()
	app.Writer, app.ErrWriter = w, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}
	done := make(chan error, 1)
	go func() {
		done <- app.RunContext(ctx, []string{"contactgate", "crm-emulator", "--kind", "salesforce", "--listen", "127.0.0.1:0",
			"--search-lag", "0", "--client-id", "app"})
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed (%v): %v", err, <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	url, _ := strings.CutPrefix(strings.TrimSpace(line), "crm-emulator listening on ")

	// When the Salesforce client creates two contacts with one e-mail
	cl, err := salesforce.New(salesforce.Config{InstanceURL: url, ClientID: "app", ClientSecret: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Ann", "Anne"} {
		if _, err := cl.Create(ctx, map[string]string{connectors.PropEmail: "ann@example.com", connectors.PropFirstName: name}); err != nil {
			t.Fatal(err)
		}
	}
	// Then the org holds both (no duplicate rule), and its stats say so
	resp, err := http.Get(url + sfemulator.StatsPath)
	if err != nil {
		t.Fatal(err)
	}
	var stats sfemulator.Stats
	err = json.NewDecoder(resp.Body).Decode(&stats)
	resp.Body.Close()
	if err != nil || stats.Contacts != 2 || stats.DuplicateContacts != 1 || stats.TokensIssued != 1 {
		t.Errorf("stats %+v, %v", stats, err)
	}
	// And a wrong secret gets no token
	bad, _ := salesforce.New(salesforce.Config{InstanceURL: url, ClientID: "app", ClientSecret: "wrong", Raw: true})
	if _, err := bad.GetByEmail(ctx, "ann@example.com", nil); err == nil || !strings.Contains(err.Error(), "unauthorized") || strings.Contains(err.Error(), "wrong") {
		t.Errorf("with a wrong secret: %v, want unauthorized without the secret", err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still serving 10 s after cancel")
	}
}
