package hubspot

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors"
)

func TestToken(t *testing.T) {
	t.Run("should send the token as a bearer token", func(t *testing.T) {
		f := newFakeHubSpot(t)
		if _, err := f.client(t, nil).Create(t.Context(), map[string]string{"email": "a@x.com"}); err != nil {
			t.Fatal(err)
		}
		if got := f.received("", "")[0].Auth; got != "Bearer "+fakeToken {
			t.Fatalf("Authorization %q", got)
		}
	})

	t.Run("should never put the token in an error or a log line", func(t *testing.T) {
		// Given a CRM that echoes the Authorization header in its error messages
		var logs bytes.Buffer
		f := newFakeHubSpot(t)
		f.handle = func(w http.ResponseWriter, r *http.Request, _ []byte) {
			status := 400
			switch r.URL.Path {
			case contactsPath + "/401":
				status = 401
			case contactsPath + "/503":
				status = 503
			}
			writeError(w, status, "X", "bad header "+r.Header.Get("Authorization"))
		}
		cl := f.client(t, func(c *Config) {
			c.MaxAttempts = 2
			c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		})
		// When calls fail in every way, and the client's config is printed
		var texts []string
		for _, id := range []string{"400", "401", "503"} {
			_, err := cl.Get(t.Context(), id, nil)
			texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
		_, err := cl.BatchUpsert(t.Context(), []connectors.UpsertInput{{ID: "a@x.com"}})
		texts = append(texts, err.Error())
		slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "cfg", cl.cfg)
		texts = append(texts, cl.cfg.String(), fmt.Sprintf("%v %+v %#v", cl.cfg, cl.cfg, cl.cfg), logs.String())
		// Then the token appears nowhere
		for _, s := range texts {
			if strings.Contains(s, fakeToken) {
				t.Fatalf("token leaked: %s", s)
			}
		}
		if !strings.Contains(logs.String(), "retrying") || !strings.Contains(logs.String(), "<redacted>") {
			t.Fatalf("expected a retry log and a masked config, got %s", logs.String())
		}
	})

	t.Run("should refuse a config without a token or with a malformed one", func(t *testing.T) {
		for _, tok := range []string{"", "two words", "line\n"} {
			if _, err := New(Config{Token: tok}); err == nil || (tok != "" && strings.Contains(err.Error(), tok)) {
				t.Errorf("New(token %q) = %v", tok, err)
			}
		}
	})
}

func TestTokenFromEnvOrFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	if err := os.WriteFile(file, []byte("  from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	t.Run("should prefer the environment", func(t *testing.T) {
		t.Setenv(TokenEnv, " from-env ")
		if got, err := TokenFromEnvOrFile(TokenEnv, file); err != nil || got != "from-env" {
			t.Fatalf("%q, %v", got, err)
		}
	})
	t.Run("should fall back to the file, trimmed", func(t *testing.T) {
		t.Setenv(TokenEnv, "")
		if got, err := TokenFromEnvOrFile(TokenEnv, file); err != nil || got != "from-file" {
			t.Fatalf("%q, %v", got, err)
		}
	})
	t.Run("should fail without either, naming where it looked", func(t *testing.T) {
		t.Setenv(TokenEnv, "")
		if _, err := TokenFromEnvOrFile(TokenEnv, ""); err == nil || !strings.Contains(err.Error(), TokenEnv) {
			t.Fatalf("err = %v", err)
		}
		if _, err := TokenFromEnvOrFile(TokenEnv, filepath.Join(dir, "missing")); err == nil {
			t.Fatal("missing file accepted")
		}
		empty := filepath.Join(dir, "empty")
		_ = os.WriteFile(empty, []byte("\n"), 0o600)
		if _, err := TokenFromEnvOrFile(TokenEnv, empty); err == nil {
			t.Fatal("empty file accepted")
		}
	})
	t.Run("should not echo a malformed file's contents", func(t *testing.T) {
		t.Setenv(TokenEnv, "")
		bad := filepath.Join(dir, "bad")
		_ = os.WriteFile(bad, []byte("secret-one\nsecret-two\n"), 0o600)
		if _, err := TokenFromEnvOrFile(TokenEnv, bad); err == nil || strings.Contains(err.Error(), "secret") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestRetryLogsHoldNoEmailAtWarnLevel(t *testing.T) {
	// Given a server that fails a read by e-mail once with a 503
	var logs strings.Builder
	f := newFakeHubSpot(t)
	f.store(map[string]string{"email": "jane.doe@example.com"})
	f.inject(fault{Method: http.MethodGet, Path: contactsPath + "/jane.doe@example.com", Status: 503})
	cl := f.client(t, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	})
	// When the client retries it
	if _, err := cl.GetByEmail(t.Context(), "jane.doe@example.com", nil); err != nil {
		t.Fatal(err)
	}
	// Then the retry was logged, by class and without the address
	if !strings.Contains(logs.String(), "error_class=transient:http_503") {
		t.Fatalf("no retry line in %q", logs.String())
	}
	if strings.Contains(logs.String(), "jane.doe") {
		t.Fatalf("e-mail in the logs: %s", logs.String())
	}
}
