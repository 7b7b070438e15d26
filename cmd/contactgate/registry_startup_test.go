package main

import (
	"context"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/twmb/franz-go/pkg/sr/srfake"
	"github.com/urfave/cli/v2"
)

// How run meets its schema registry at startup: the outcome subject, an
// outage, TLS.

func TestRunRefusesARegistryWithoutTheOutcomeSchema(t *testing.T) {
	// Given a registry whose outcome subject is empty
	fake := srfake.New()
	t.Cleanup(fake.Close)
	app := newApp()
	app.Writer, app.ErrWriter = io.Discard, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}

	// When run starts without --schema-registry-register
	err := app.RunContext(t.Context(), []string{"contactgate", "run", "--crm", "emulator", "--state-dir", t.TempDir(),
		"--brokers", "127.0.0.1:1", "--schema-registry-url", fake.URL()})

	// Then it refuses, saying how to register the schema
	if err == nil || !strings.Contains(err.Error(), "contactgate schema register") {
		t.Fatalf("run: %v; want a refusal naming `contactgate schema register`", err)
	}
}

func TestRunWaitsForTheRegistryAtStartup(t *testing.T) {
	c := kafkatest.New(t)
	ctx := kafkatest.Context(t, 2*time.Minute)
	prefix := kafkatest.Name(t, "")
	// Given a registry that answers 503 to its first three requests
	fake := srfake.New()
	t.Cleanup(fake.Close)
	var refused atomic.Int32
	fake.Intercept(func(w http.ResponseWriter, _ *http.Request) bool {
		if refused.Add(1) > 3 {
			return false
		}
		http.Error(w, `{"error_code":50001,"message":"starting"}`, http.StatusServiceUnavailable)
		return true
	})

	// When run starts against it
	addr := freeAddr(t)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	app := newApp()
	app.Writer, app.ErrWriter = io.Discard, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}
	done := make(chan error, 1)
	go func() {
		done <- app.RunContext(runCtx, []string{"contactgate", "run", "--brokers", strings.Join(c.Brokers, ","),
			"--events-topic", prefix + "in", "--outcomes-topic", prefix + "out", "--dlq-topic", prefix + "dlq",
			"--group", prefix + "g", "--crm", "emulator", "--state-dir", t.TempDir(), "--metrics-addr", addr,
			"--schema-registry-url", fake.URL(), "--schema-registry-register"})
	}()

	// Then it waits for the registry instead of stopping, and gets ready
	waitReady(t, ctx, addr, done)
	if refused.Load() < 4 {
		t.Errorf("ready after %d registry requests, want the three refused ones and more", refused.Load())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

func TestRunReachesARegistryOverTLSWithItsCA(t *testing.T) {
	// Given a registry served over TLS by a CA the system does not know
	fake := srfake.New()
	t.Cleanup(fake.Close)
	srv := httptest.NewTLSServer(fake.Handler())
	t.Cleanup(srv.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	app := newApp()
	app.Writer, app.ErrWriter = io.Discard, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}

	// When run starts with --schema-registry-tls-ca
	err := app.RunContext(t.Context(), []string{"contactgate", "run", "--crm", "emulator", "--state-dir", t.TempDir(),
		"--brokers", "127.0.0.1:1", "--schema-registry-url", srv.URL, "--schema-registry-tls-ca", ca})

	// Then it talked to the registry: the subject lacks our schema
	if err == nil || !strings.Contains(err.Error(), "contactgate schema register") {
		t.Fatalf("run: %v; want the registry's answer that the outcome schema is not registered", err)
	}
}

func TestRunRefusesARegistryCertificateItDoesNotTrust(t *testing.T) {
	fake := srfake.New()
	t.Cleanup(fake.Close)
	srv := httptest.NewTLSServer(fake.Handler())
	t.Cleanup(srv.Close)
	app := newApp()
	app.Writer, app.ErrWriter = io.Discard, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}
	ctx := kafkatest.Context(t, time.Minute)

	// When run starts against a registry whose CA it was not given
	err := app.RunContext(ctx, []string{"contactgate", "run", "--crm", "emulator", "--state-dir", t.TempDir(),
		"--brokers", "127.0.0.1:1", "--schema-registry-url", srv.URL})

	// Then it stops at once with the certificate error, rather than wait
	// for the registry as if it were down
	if err == nil || ctx.Err() != nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("run: %v (context: %v); want a certificate error", err, ctx.Err())
	}
}
