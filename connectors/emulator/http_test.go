package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// hubspot is a test's HTTP client of one emulator.
type hubspot struct {
	t     *testing.T
	url   string
	token string
}

func newHubSpot(t *testing.T, cfg Config) (*hubspot, *Emulator, *fakeClock) {
	t.Helper()
	e, clock := newTestEmulator(t, cfg)
	srv := httptest.NewServer(e.Handler())
	t.Cleanup(srv.Close)
	return &hubspot{t: t, url: srv.URL, token: cfg.Token}, e, clock
}

// reply is an HTTP answer with its body decoded.
type reply struct {
	status int
	header http.Header
	body   map[string]any
}

func (h *hubspot) do(method, path string, body any) reply {
	h.t.Helper()
	var in io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		in = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		in = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, h.url+path, in)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if h.token != "" {
		req.Header.Set("Authorization", "Bearer "+h.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	r := reply{status: resp.StatusCode, header: resp.Header}
	if resp.StatusCode == http.StatusNoContent {
		return r
	}
	if err := json.NewDecoder(resp.Body).Decode(&r.body); err != nil {
		h.t.Fatalf("%s %s: decode body: %v", method, path, err)
	}
	return r
}

// keys returns the sorted keys of a JSON object.
func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func props(r reply) map[string]any { return r.body["properties"].(map[string]any) }

type obj = map[string]any

func TestHTTPCreateAndRead(t *testing.T) {
	h, _, _ := newHubSpot(t, Config{Properties: []string{"age"}})

	created := h.do("POST", BasePath, obj{"properties": obj{"email": "Ann@Example.com", "firstname": "Ann", "age": 42}})
	t.Run("should answer 201 with a SimplePublicObject", func(t *testing.T) {
		if created.status != 201 || !slices.Equal(keys(created.body), []string{"archived", "createdAt", "id", "properties", "updatedAt"}) {
			t.Fatalf("%d %v", created.status, created.body)
		}
		p := props(created)
		if created.body["id"] != "1001" || p["hs_object_id"] != "1001" || p["age"] != "42" || created.body["archived"] != false {
			t.Errorf("%v", created.body)
		}
		if _, err := time.Parse(time.RFC3339, created.body["createdAt"].(string)); err != nil {
			t.Error(err)
		}
	})

	t.Run("should answer 409 with HubSpot's body for the e-mail in another case", func(t *testing.T) {
		r := h.do("POST", BasePath, obj{"properties": obj{"email": "ann@example.COM"}})
		if r.status != 409 || !slices.Equal(keys(r.body), []string{"category", "correlationId", "message", "status"}) {
			t.Fatalf("%d %v", r.status, r.body)
		}
		if r.body["status"] != "error" || r.body["category"] != "CONFLICT" ||
			r.body["message"] != "Contact already exists. Existing ID: 1001" || len(r.body["correlationId"].(string)) != 36 {
			t.Errorf("%v", r.body)
		}
	})

	t.Run("should answer 400 with the error code inside the message", func(t *testing.T) {
		r := h.do("POST", BasePath, obj{"properties": obj{"email": "nope"}})
		msg, _ := r.body["message"].(string)
		if r.status != 400 || r.body["category"] != "VALIDATION_ERROR" || !strings.Contains(msg, `"error":"INVALID_EMAIL"`) {
			t.Errorf("%d %v", r.status, r.body)
		}
		if r := h.do("POST", BasePath, `{"properties":`); r.status != 400 || r.body["category"] != "VALIDATION_ERROR" {
			t.Errorf("malformed JSON: %d %v", r.status, r.body)
		}
	})

	t.Run("should read the default properties, or the named ones with null for unset", func(t *testing.T) {
		r := h.do("GET", BasePath+"/1001", nil)
		if r.status != 200 || !slices.Equal(keys(props(r)), []string{"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"}) ||
			props(r)["lastname"] != nil {
			t.Errorf("default: %d %v", r.status, r.body)
		}
		r = h.do("GET", BasePath+"/1001?properties=age,phone", nil)
		if !slices.Equal(keys(props(r)), []string{"age", "createdate", "hs_object_id", "lastmodifieddate", "phone"}) || props(r)["age"] != "42" {
			t.Errorf("named: %v", r.body)
		}
	})

	t.Run("should read by e-mail", func(t *testing.T) {
		r := h.do("GET", BasePath+"/ANN%40example.com?idProperty=email", nil)
		if r.status != 200 || r.body["id"] != "1001" {
			t.Errorf("%d %v", r.status, r.body)
		}
	})

	t.Run("should answer 404 OBJECT_NOT_FOUND", func(t *testing.T) {
		for _, path := range []string{"/999", "/nobody@example.com?idProperty=email", "/abc"} {
			r := h.do("GET", BasePath+path, nil)
			if r.status != 404 || r.body["category"] != "OBJECT_NOT_FOUND" || r.body["status"] != "error" || r.body["correlationId"] == "" {
				t.Errorf("%s: %d %v", path, r.status, r.body)
			}
		}
	})

	t.Run("should update, clearing empty and null values", func(t *testing.T) {
		r := h.do("PATCH", BasePath+"/1001", obj{"properties": obj{"firstname": "Anne", "age": nil}})
		if r.status != 200 || props(r)["firstname"] != "Anne" {
			t.Fatalf("%d %v", r.status, r.body)
		}
		if _, has := props(r)["age"]; has {
			t.Errorf("age not cleared: %v", props(r))
		}
	})
}

func TestHTTPSearchAndList(t *testing.T) {
	h, _, clock := newHubSpot(t, Config{SearchLag: 2 * time.Second, RateLimit: 100})
	for i := range 12 {
		h.do("POST", BasePath, obj{"properties": obj{"company": "acme", "firstname": string(rune('a' + i))}})
	}
	search := obj{"filterGroups": []obj{{"filters": []obj{{"propertyName": "company", "operator": "EQ", "value": "ACME"}}}}, "limit": 5}

	t.Run("should miss until the lag, then page without rate-limit headers", func(t *testing.T) {
		if r := h.do("POST", BasePath+"/search", search); r.status != 200 || r.body["total"] != 0.0 {
			t.Fatalf("right after: %d %v", r.status, r.body)
		}
		clock.Advance(2 * time.Second)
		var got []string
		for page := 0; ; page++ {
			r := h.do("POST", BasePath+"/search", search)
			if r.status != 200 || r.body["total"] != 12.0 || r.header.Get("X-HubSpot-RateLimit-Max") != "" {
				t.Fatalf("page %d: %d %v %v", page, r.status, r.body, r.header)
			}
			for _, res := range r.body["results"].([]any) {
				got = append(got, res.(map[string]any)["id"].(string))
			}
			paging, ok := r.body["paging"].(map[string]any)
			if !ok {
				break
			}
			search["after"] = paging["next"].(map[string]any)["after"]
		}
		if len(got) != 12 || got[0] != "1001" {
			t.Errorf("ids %v", got)
		}
	})

	t.Run("should list page by page until the last", func(t *testing.T) {
		var got []string
		path := BasePath + "?limit=5&properties=firstname"
		for {
			r := h.do("GET", path, nil)
			if r.status != 200 || r.header.Get("X-HubSpot-RateLimit-Max") != "100" {
				t.Fatalf("%d %v", r.status, r.body)
			}
			for _, res := range r.body["results"].([]any) {
				got = append(got, res.(map[string]any)["id"].(string))
			}
			paging, ok := r.body["paging"].(map[string]any)
			if !ok {
				break
			}
			path = BasePath + "?limit=5&after=" + paging["next"].(map[string]any)["after"].(string)
		}
		if len(got) != 12 || got[11] != "1012" {
			t.Errorf("ids %v", got)
		}
	})

	t.Run("should refuse a full-text query and caps", func(t *testing.T) {
		for _, body := range []obj{{"query": "ann"}, {"limit": 201}, {"after": "10000"}} {
			if r := h.do("POST", BasePath+"/search", body); r.status != 400 || r.body["category"] != "VALIDATION_ERROR" {
				t.Errorf("%v: %d %v", body, r.status, r.body)
			}
		}
	})
}

func TestHTTPBatchAndMerge(t *testing.T) {
	h, _, _ := newHubSpot(t, Config{Properties: []string{"vip"}})
	h.do("POST", BasePath, obj{"properties": obj{"email": "a@example.com"}})

	t.Run("should answer 207 on a batch read with a missing id", func(t *testing.T) {
		r := h.do("POST", BasePath+"/batch/read", obj{"inputs": []obj{{"id": "1001"}, {"id": "5"}}})
		if r.status != 207 || r.body["status"] != "COMPLETE" || r.body["numErrors"] != 1.0 || len(r.body["results"].([]any)) != 1 {
			t.Fatalf("%d %v", r.status, r.body)
		}
		e := r.body["errors"].([]any)[0].(map[string]any)
		if e["status"] != "error" || e["category"] != "OBJECT_NOT_FOUND" || e["context"].(map[string]any)["ids"].([]any)[0] != "5" {
			t.Errorf("%v", e)
		}
	})

	t.Run("should fail a batch create whole with one 409", func(t *testing.T) {
		r := h.do("POST", BasePath+"/batch/create", obj{"inputs": []obj{{"properties": obj{"email": "b@example.com"}}, {"properties": obj{"email": "A@example.com"}}}})
		if r.status != 409 || r.body["message"] != "Contact already exists. Existing ID: 1001" {
			t.Fatalf("%d %v", r.status, r.body)
		}
		if r := h.do("GET", BasePath+"/b@example.com?idProperty=email", nil); r.status != 404 {
			t.Errorf("b was created: %d", r.status)
		}
	})

	t.Run("should answer a batch upsert with new flags", func(t *testing.T) {
		r := h.do("POST", BasePath+"/batch/upsert", obj{"inputs": []obj{
			{"id": "a@example.com", "idProperty": "email", "properties": obj{"firstname": "A"}},
			{"id": "c@example.com", "idProperty": "email", "properties": obj{"firstname": "C"}},
		}})
		if r.status != 200 {
			t.Fatalf("%d %v", r.status, r.body)
		}
		results := r.body["results"].([]any)
		if results[0].(map[string]any)["new"] != false || results[1].(map[string]any)["new"] != true {
			t.Errorf("%v", results)
		}
		if r := h.do("POST", BasePath+"/batch/upsert", obj{"inputs": []obj{{"id": "1001", "idProperty": "hs_object_id"}}}); r.status != 400 {
			t.Errorf("upsert by hs_object_id: %d", r.status)
		}
	})

	t.Run("should answer 207 on a batch update with a missing id", func(t *testing.T) {
		r := h.do("POST", BasePath+"/batch/update", obj{"inputs": []obj{
			{"id": "1001", "properties": obj{"lastname": "One"}},
			{"id": "c@example.com", "idProperty": "email", "properties": obj{"lastname": "Cee", "vip": true}},
			{"id": "42", "properties": obj{"lastname": "x"}},
		}})
		if r.status != 207 || r.body["numErrors"] != 1.0 || len(r.body["results"].([]any)) != 2 {
			t.Fatalf("%d %v", r.status, r.body)
		}
		second := r.body["results"].([]any)[1].(map[string]any)["properties"].(map[string]any)
		if second["lastname"] != "Cee" || second["vip"] != "true" {
			t.Errorf("%v", second)
		}
		if r := h.do("POST", BasePath+"/batch/update", obj{"inputs": []obj{{"id": "1001", "properties": obj{"x": obj{}}}}}); r.status != 400 {
			t.Errorf("object value: %d %v", r.status, r.body)
		}
	})

	t.Run("should merge and serve the survivor for the merged-away id", func(t *testing.T) {
		r := h.do("POST", BasePath+"/merge", obj{"primaryObjectId": "1001", "objectIdToMerge": "1002"})
		if r.status != 200 || r.body["id"] != "1001" || props(r)["hs_additional_emails"] != "c@example.com" || props(r)["lastname"] != "One" {
			t.Fatalf("%d %v", r.status, r.body)
		}
		if r := h.do("GET", BasePath+"/1002", nil); r.status != 200 || r.body["id"] != "1001" {
			t.Errorf("get merged-away: %d %v", r.status, r.body)
		}
		if r := h.do("POST", BasePath+"/merge", obj{"primaryObjectId": "1001", "objectIdToMerge": "1001"}); r.status != 400 {
			t.Errorf("merge into itself: %d", r.status)
		}
	})
}
