package emulator

import (
	"net/http"
	"slices"
	"testing"
)

// resultIDs returns the ids of a list or search answer's results, in order.
func resultIDs(t *testing.T, r reply) []string {
	t.Helper()
	results, ok := r.body["results"].([]any)
	if !ok {
		t.Fatalf("%d %v: no results", r.status, r.body)
	}
	var out []string
	for _, x := range results {
		out = append(out, x.(map[string]any)["id"].(string))
	}
	return out
}

func TestHTTPSearchSorts(t *testing.T) {
	h, _, _ := newHubSpot(t, Config{Properties: []string{"score"}})
	for _, p := range []obj{
		{"email": "a@example.com", "lastname": "Young", "score": "9"},
		{"email": "b@example.com", "lastname": "adams", "score": "10"},
		{"email": "c@example.com", "lastname": "Miller"},
		{"email": "d@example.com", "lastname": "Brown", "score": "2.5"},
	} {
		if r := h.do(http.MethodPost, BasePath, obj{"properties": p}); r.status != 201 {
			t.Fatalf("create: %d %v", r.status, r.body)
		}
	}
	search := func(sorts ...obj) reply {
		return h.do(http.MethodPost, BasePath+"/search", obj{"filterGroups": []obj{}, "sorts": sorts, "limit": 10})
	}

	t.Run("should sort strings case-insensitively, ascending and descending", func(t *testing.T) {
		if got := resultIDs(t, search(obj{"propertyName": "lastname", "direction": "ASCENDING"})); !slices.Equal(got, []string{"1002", "1004", "1003", "1001"}) {
			t.Errorf("ascending: %v", got)
		}
		if got := resultIDs(t, search(obj{"propertyName": "lastname", "direction": "DESCENDING"})); !slices.Equal(got, []string{"1001", "1003", "1004", "1002"}) {
			t.Errorf("descending: %v", got)
		}
	})

	t.Run("should sort numbers as numbers, records without the property last", func(t *testing.T) {
		if got := resultIDs(t, search(obj{"propertyName": "score", "direction": "DESCENDING"})); !slices.Equal(got, []string{"1002", "1001", "1004", "1003"}) {
			t.Errorf("descending: %v", got)
		}
		if got := resultIDs(t, search(obj{"propertyName": "score", "direction": "ASCENDING"})); !slices.Equal(got, []string{"1004", "1001", "1002", "1003"}) {
			t.Errorf("ascending: %v", got)
		}
	})

	t.Run("should page over the sorted results", func(t *testing.T) {
		body := obj{"filterGroups": []obj{}, "sorts": []obj{{"propertyName": "lastname", "direction": "DESCENDING"}}, "limit": 2}
		first := h.do(http.MethodPost, BasePath+"/search", body)
		body["after"] = first.body["paging"].(map[string]any)["next"].(map[string]any)["after"]
		second := h.do(http.MethodPost, BasePath+"/search", body)
		if got := append(resultIDs(t, first), resultIDs(t, second)...); !slices.Equal(got, []string{"1001", "1003", "1004", "1002"}) {
			t.Errorf("pages: %v", got)
		}
	})

	t.Run("should refuse a bad direction and more than one sort with a 400", func(t *testing.T) {
		if r := search(obj{"propertyName": "lastname", "direction": "UP"}); r.status != 400 || r.body["category"] != CategoryValidation {
			t.Errorf("bad direction: %d %v", r.status, r.body)
		}
		if r := search(obj{"propertyName": "lastname", "direction": "ASCENDING"}, obj{"propertyName": "score", "direction": "ASCENDING"}); r.status != 400 {
			t.Errorf("two sorts: %d %v", r.status, r.body)
		}
	})
}
