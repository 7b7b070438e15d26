package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/connectors/emulator"
)

func TestMetrics(t *testing.T) {
	t.Run("should count CRM calls by operation and status, with no personal data", func(t *testing.T) {
		// Given an instrumented emulator
		m := New()
		crm := m.InstrumentCRM(emulator.New(emulator.Config{}))

		// When a contact is created, read, and a missing one read
		c, err := crm.Create(t.Context(), map[string]string{"email": "ann@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = crm.Get(t.Context(), c.ID, nil)
		_, _ = crm.GetByEmail(t.Context(), "nobody@example.com", nil)
		_, _ = crm.Create(t.Context(), map[string]string{"email": "ann@example.com"})

		// Then /metrics says so, and names no e-mail
		body := scrape(t, m, "/metrics")
		for _, want := range []string{
			`contactgate_crm_requests_total{operation="create",status="ok"} 1`,
			`contactgate_crm_requests_total{operation="create",status="conflict"} 1`,
			`contactgate_crm_requests_total{operation="get",status="ok"} 1`,
			`contactgate_crm_requests_total{operation="get_by_email",status="not_found"} 1`,
			`contactgate_crm_request_seconds_count{operation="create"} 2`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("metrics lack %s", want)
			}
		}
		if strings.Contains(body, "example.com") {
			t.Error("metrics carry an e-mail")
		}
	})

	t.Run("should be live at once and ready only when told", func(t *testing.T) {
		m := New()
		srv := httptest.NewServer(m.Handler())
		defer srv.Close()
		status := func(path string) int {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if status("/healthz") != 200 || status("/readyz") != 503 {
			t.Fatalf("healthz %d, readyz %d before ready", status("/healthz"), status("/readyz"))
		}
		m.SetReady(true)
		if status("/readyz") != 200 {
			t.Fatal("not ready after SetReady(true)")
		}
	})
}

func scrape(t *testing.T, m *Metrics, path string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}
