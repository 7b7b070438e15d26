package metrics

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/connectors/hubspot"
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

	t.Run("should time waits for a rate-limit permit apart from CRM latency", func(t *testing.T) {
		// Given a HubSpot client limited to one request per 500 ms, talking
		// to the emulator over HTTP, reporting its waits to the metrics
		m := New()
		srv := httptest.NewServer(emulator.New(emulator.Config{}).Handler())
		defer srv.Close()
		cl, err := hubspot.New(hubspot.Config{BaseURL: srv.URL, Token: "test-token", RateLimit: 1,
			RateWindow: 500 * time.Millisecond, OnRateLimitWait: m.ObserveRateLimitWait})
		if err != nil {
			t.Fatal(err)
		}
		crm := m.InstrumentCRM(cl)

		// When two contacts are created one after the other
		for _, e := range []string{"ann@example.com", "bob@example.com"} {
			if _, err := crm.Create(t.Context(), map[string]string{"email": e}); err != nil {
				t.Fatal(err)
			}
		}

		// Then each request's wait is in the wait histogram, by operation, the
		// second about a window long, and the calls are in the latency one
		body := scrape(t, m, "/metrics")
		for _, want := range []string{
			`contactgate_crm_ratelimit_wait_seconds_count{operation="create"} 2`,
			`contactgate_crm_ratelimit_wait_seconds_bucket{operation="create",le="0.05"} 1`,
			`contactgate_crm_request_seconds_count{operation="create"} 2`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("metrics lack %s", want)
			}
		}
	})

	t.Run("should pass the HubSpot client's pacing through and count the 429 it waited out", func(t *testing.T) {
		// Given a HubSpot client instrumented by the metrics that thinks it
		// may search 5 times a second, talking to an emulator that allows 1
		// (search answers carry no rate-limit headers to steer by)
		m := New()
		srv := httptest.NewServer(emulator.New(emulator.Config{SearchRateLimit: 1}).Handler())
		defer srv.Close()
		cl, err := hubspot.New(hubspot.Config{BaseURL: srv.URL, Token: "test-token", SearchRateLimit: 5,
			RateBurst: 5, OnRateLimitWait: m.ObserveRateLimitWait, OnResponse: m.ObserveCRMResponse})
		if err != nil {
			t.Fatal(err)
		}
		var crm connectors.CRM = m.InstrumentCRM(cl)
		// When a permit is awaited through it, and two searches go, the
		// second into a full window
		p, ok := crm.(connectors.Pacer)
		if !ok {
			t.Fatal("the instrumented HubSpot client is not a connectors.Pacer: batches would not fill")
		}
		ctx, err := p.AwaitPermit(t.Context(), false)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := crm.Search(ctx, connectors.SearchRequest{}); err != nil {
				t.Fatal(err)
			}
		}
		// Then the permit's wait is timed, and the 429 counted by policy
		body := scrape(t, m, "/metrics")
		for _, want := range []string{
			`contactgate_crm_ratelimit_wait_seconds_count{operation="coalesced"} 1`,
			`contactgate_crm_responses_total{status="429"} 1`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("metrics lack %s", want)
			}
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

func TestCRMResponsesCountThrottlingAndServerErrors(t *testing.T) {
	m := New()
	for _, s := range []int{200, 201, 429, 429, 404, 503} {
		m.ObserveCRMResponse("create", s)
	}
	families, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "contactgate_crm_responses_total" {
			continue
		}
		for _, mt := range f.GetMetric() {
			got[mt.GetLabel()[0].GetValue()] = mt.GetCounter().GetValue()
		}
	}
	want := map[string]float64{"2xx": 2, "429": 2, "4xx": 1, "503": 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("contactgate_crm_responses_total by status = %v, want %v", got, want)
	}
}
