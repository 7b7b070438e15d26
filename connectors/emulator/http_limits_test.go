package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestHTTPRateLimits(t *testing.T) {
	t.Run("should answer the 101st request with HubSpot's 429 body and headers", func(t *testing.T) {
		// Given 100/10s, a daily quota and a Retry-After
		h, _, clock := newHubSpot(t, Config{RateLimit: 100, DailyLimit: 1000, RetryAfter: 3 * time.Second})
		for i := range 100 {
			r := h.do("GET", BasePath+"?limit=1", nil)
			if r.status != 200 || r.header.Get("X-HubSpot-RateLimit-Remaining") != strconv.Itoa(99-i) {
				t.Fatalf("request %d: %d remaining %s", i+1, r.status, r.header.Get("X-HubSpot-RateLimit-Remaining"))
			}
		}
		// When the 101st comes
		r := h.do("GET", BasePath+"?limit=1", nil)
		// Then it is HubSpot's 429
		if r.status != 429 || !slices.Equal(keys(r.body), []string{"correlationId", "errorType", "groupName", "message", "policyName", "status"}) {
			t.Fatalf("%d %v", r.status, r.body)
		}
		if r.body["message"] != "You have reached your ten_secondly_rolling limit." || r.body["errorType"] != "RATE_LIMIT" ||
			r.body["policyName"] != "TEN_SECONDLY_ROLLING" || r.body["status"] != "error" {
			t.Errorf("%v", r.body)
		}
		for name, want := range map[string]string{
			"X-HubSpot-RateLimit-Max": "100", "X-HubSpot-RateLimit-Remaining": "0", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
			"X-HubSpot-RateLimit-Daily": "1000", "X-HubSpot-RateLimit-Daily-Remaining": "900", "Retry-After": "3",
		} {
			if got := r.header.Get(name); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
		// And after the window requests succeed again
		clock.Advance(10 * time.Second)
		if r := h.do("GET", BasePath+"?limit=1", nil); r.status != 200 {
			t.Errorf("after the window: %d", r.status)
		}
	})

	t.Run("should answer SECONDLY to search without rate-limit headers", func(t *testing.T) {
		h, _, _ := newHubSpot(t, Config{SearchRateLimit: 5, RateLimit: 100})
		for range 5 {
			h.do("POST", BasePath+"/search", obj{})
		}
		r := h.do("POST", BasePath+"/search", obj{})
		if r.status != 429 || r.body["policyName"] != "SECONDLY" || r.body["message"] != "You have reached your secondly limit." {
			t.Fatalf("%d %v", r.status, r.body)
		}
		if r.header.Get("X-HubSpot-RateLimit-Max") != "" || r.header.Get("Retry-After") != "" {
			t.Errorf("headers %v", r.header)
		}
	})

	t.Run("should answer DAILY without Retry-After", func(t *testing.T) {
		h, _, _ := newHubSpot(t, Config{DailyLimit: 1, RetryAfter: time.Second})
		h.do("GET", BasePath, nil)
		r := h.do("GET", BasePath, nil)
		if r.status != 429 || r.body["policyName"] != "DAILY" || r.header.Get("Retry-After") != "" || r.header.Get("X-HubSpot-RateLimit-Daily-Remaining") != "0" {
			t.Fatalf("%d %v %v", r.status, r.body, r.header)
		}
	})
}

func TestHTTPAuthFaultsAndStats(t *testing.T) {
	t.Run("should answer 401 without the token, and log it", func(t *testing.T) {
		h, e, _ := newHubSpot(t, Config{Token: "s3cret"})
		for _, token := range []string{"", "wrong"} {
			h.token = token
			r := h.do("GET", BasePath+"/1", nil)
			if r.status != 401 || r.body["category"] != "INVALID_AUTHENTICATION" || r.body["correlationId"] == "" {
				t.Errorf("token %q: %d %v", token, r.status, r.body)
			}
		}
		h.token = "s3cret"
		if r := h.do("GET", BasePath+"/1", nil); r.status != 404 {
			t.Errorf("with the token: %d", r.status)
		}
		if s := e.Stats(); s.Statuses[401] != 2 || s.Total != 3 {
			t.Errorf("stats %+v", s)
		}
	})

	t.Run("should answer injected 5xx with HubSpot's body", func(t *testing.T) {
		h, e, _ := newHubSpot(t, Config{FaultRate: 1, FaultKinds: []FaultKind{FaultAfterWrite}})
		r := h.do("POST", BasePath, obj{"properties": obj{"email": "a@example.com"}})
		if r.status != 503 || r.body["message"] != "internal error" || r.body["status"] != "error" || r.body["correlationId"] == "" || r.body["category"] == "" {
			t.Fatalf("%d %v", r.status, r.body)
		}
		if n := e.Stats().Records; n != 1 {
			t.Errorf("records = %d", n)
		}
	})

	t.Run("should hang until the client gives up", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{FaultRate: 1, FaultKinds: []FaultKind{FaultHang}})
		srv := httptest.NewServer(e.Handler())
		defer srv.Close()
		client := &http.Client{Timeout: 50 * time.Millisecond}
		_, err := client.Post(srv.URL+BasePath, "application/json", strings.NewReader(`{"properties":{"email":"a@example.com"}}`))
		if err == nil {
			t.Fatal("the request was answered")
		}
		if n := e.Stats().Records; n != 1 {
			t.Errorf("records = %d", n)
		}
	})

	t.Run("should serve the counters at /__emulator/stats", func(t *testing.T) {
		h, e, _ := newHubSpot(t, Config{})
		h.do("POST", BasePath, obj{"properties": obj{"email": "a@example.com"}})
		h.do("POST", BasePath+"/search", obj{})
		h.do("POST", BasePath+"/batch/read", obj{"inputs": []obj{{"id": "1001"}}})
		_, _ = e.Get(t.Context(), "1001", nil)
		r := h.do("GET", StatsPath, nil)
		var s Stats
		raw, _ := json.Marshal(r.body)
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		if s.Total != 4 || s.Create != 1 || s.Search != 1 || s.Read != 2 || s.Batch != 1 || s.Records != 1 || s.Statuses[200] != 3 || s.Statuses[201] != 1 {
			t.Errorf("stats %+v", s)
		}
		log := e.Requests()
		if len(log) != 4 || log[3].Method != "GET" || log[3].Path != BasePath+"/1001" || log[3].Operation != OpGet || log[2].Operation != OpBatchRead {
			t.Errorf("log %+v", log)
		}
	})
}
