package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
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

func TestHTTPListPagingLink(t *testing.T) {
	t.Run("should link each list page to the next, keeping limit and properties", func(t *testing.T) {
		// Given five contacts
		h, _, _ := newHubSpot(t, Config{})
		for i := range 5 {
			if r := h.do(http.MethodPost, BasePath, obj{"properties": obj{"email": string(rune('a'+i)) + "@example.com"}}); r.status != 201 {
				t.Fatalf("create: %d %v", r.status, r.body)
			}
		}

		// When a client follows paging.next.link alone, page by page
		var got []string
		next := h.url + BasePath + "?limit=2&properties=email"
		for pages := 0; next != ""; pages++ {
			if pages > 5 {
				t.Fatal("the links do not end")
			}
			resp, err := http.Get(next)
			if err != nil {
				t.Fatal(err)
			}
			var body struct {
				Results []struct {
					ID         string            `json:"id"`
					Properties map[string]string `json:"properties"`
				} `json:"results"`
				Paging *struct {
					Next struct{ After, Link string } `json:"next"`
				} `json:"paging"`
			}
			err = json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("GET %s: %d %v", next, resp.StatusCode, err)
			}
			for _, r := range body.Results {
				got = append(got, r.ID)
				if _, ok := r.Properties["firstname"]; ok || r.Properties["email"] == "" {
					t.Errorf("page %d lost the properties parameter: %v", pages, r.Properties)
				}
			}
			next = ""
			if body.Paging != nil {
				link, err := url.Parse(body.Paging.Next.Link)
				if err != nil || !strings.HasPrefix(body.Paging.Next.Link, h.url) || link.Query().Get("after") != body.Paging.Next.After || link.Query().Get("limit") != "2" {
					t.Fatalf("link %q, after %q", body.Paging.Next.Link, body.Paging.Next.After)
				}
				next = body.Paging.Next.Link
			}
		}

		// Then every contact is listed once, in id order
		if !slices.Equal(got, []string{"1001", "1002", "1003", "1004", "1005"}) {
			t.Errorf("listed %v", got)
		}
	})
}

func TestHTTPArchive(t *testing.T) {
	t.Run("should hide an archived contact from reads, search and list, and show it with archived=true", func(t *testing.T) {
		// Given two contacts, searchable
		h, e, _ := newHubSpot(t, Config{})
		ann := h.do(http.MethodPost, BasePath, obj{"properties": obj{"email": "ann@example.com", "contactgate_key": "k-ann"}})
		bob := h.do(http.MethodPost, BasePath, obj{"properties": obj{"email": "bob@example.com"}})
		id := ann.body["id"].(string)

		// When Ann's is archived
		if r := h.do(http.MethodDelete, BasePath+"/"+id, nil); r.status != http.StatusNoContent {
			t.Fatalf("archive: %d %v", r.status, r.body)
		}

		// Then no read, batch read, search or list finds it
		if r := h.do(http.MethodGet, BasePath+"/"+id, nil); r.status != 404 {
			t.Errorf("get: %d %v", r.status, r.body)
		}
		if r := h.do(http.MethodGet, BasePath+"/ann@example.com?idProperty=email", nil); r.status != 404 {
			t.Errorf("get by e-mail: %d %v", r.status, r.body)
		}
		if r := h.do(http.MethodPost, BasePath+"/batch/read", obj{"inputs": []obj{{"id": id}}}); r.status != 207 || len(r.body["results"].([]any)) != 0 {
			t.Errorf("batch read: %d %v", r.status, r.body)
		}
		search := h.do(http.MethodPost, BasePath+"/search", obj{"filterGroups": []obj{}})
		if got := resultIDs(t, search); !slices.Equal(got, []string{bob.body["id"].(string)}) || search.body["total"] != float64(1) {
			t.Errorf("search: %v", search.body)
		}
		if got := resultIDs(t, h.do(http.MethodGet, BasePath, nil)); !slices.Equal(got, []string{bob.body["id"].(string)}) {
			t.Errorf("list: %v", got)
		}
		if r := h.do(http.MethodPatch, BasePath+"/"+id, obj{"properties": obj{"firstname": "Ann"}}); r.status != 404 {
			t.Errorf("update: %d %v", r.status, r.body)
		}

		// And GET with archived=true returns it, marked archived
		r := h.do(http.MethodGet, BasePath+"/"+id+"?archived=true&properties=email", nil)
		if r.status != 200 || r.body["archived"] != true || r.body["archivedAt"] == nil || props(r)["email"] != "ann@example.com" {
			t.Errorf("get archived: %d %v", r.status, r.body)
		}
		if r := h.do(http.MethodGet, BasePath+"/"+bob.body["id"].(string)+"?archived=true", nil); r.status != 404 {
			t.Errorf("get archived of a live contact: %d %v", r.status, r.body)
		}

		// And its e-mail and key are free; archiving again is a 204, an
		// unknown id a 404
		if r := h.do(http.MethodPost, BasePath, obj{"properties": obj{"email": "ann@example.com", "contactgate_key": "k-ann"}}); r.status != 201 {
			t.Errorf("create with the archived e-mail: %d %v", r.status, r.body)
		}
		if r := h.do(http.MethodDelete, BasePath+"/"+id, nil); r.status != http.StatusNoContent {
			t.Errorf("archive again: %d %v", r.status, r.body)
		}
		if r := h.do(http.MethodDelete, BasePath+"/999999", nil); r.status != 404 {
			t.Errorf("archive unknown: %d %v", r.status, r.body)
		}
		if n := e.Stats().ByOperation[OpArchive]; n != 3 {
			t.Errorf("%d archive requests counted, want 3", n)
		}
	})
}

func TestHTTPPropertiesWithHistory(t *testing.T) {
	t.Run("should return each asked property's values, newest first, in HubSpot's shape", func(t *testing.T) {
		// Given a contact created, renamed, then cleared of its job title
		h, _, clock := newHubSpot(t, Config{})
		c := h.do(http.MethodPost, BasePath, obj{"properties": obj{"email": "ann@example.com", "firstname": "Ann", "jobtitle": "CFO"}})
		id := c.body["id"].(string)
		clock.Advance(time.Minute)
		h.do(http.MethodPatch, BasePath+"/"+id, obj{"properties": obj{"firstname": "Anna"}})
		clock.Advance(time.Minute)
		h.do(http.MethodPatch, BasePath+"/"+id, obj{"properties": obj{"jobtitle": ""}})

		// When it is read with propertiesWithHistory
		r := h.do(http.MethodGet, BasePath+"/"+id+"?properties=firstname&propertiesWithHistory=firstname,jobtitle,phone", nil)
		if r.status != 200 {
			t.Fatalf("get: %d %v", r.status, r.body)
		}
		hist, ok := r.body["propertiesWithHistory"].(map[string]any)
		if !ok {
			t.Fatalf("no propertiesWithHistory: %v", r.body)
		}
		values := func(name string) (out []string) {
			for _, v := range hist[name].([]any) {
				m := v.(map[string]any)
				if m["sourceType"] != "API" || m["timestamp"] == "" {
					t.Errorf("%s version %v", name, m)
				}
				out = append(out, m["value"].(string))
			}
			return out
		}

		// Then each property lists its values newest first, a cleared one
		// as an empty value, a never-set one as an empty list
		if got := values("firstname"); !slices.Equal(got, []string{"Anna", "Ann"}) {
			t.Errorf("firstname history %v", got)
		}
		if got := values("jobtitle"); !slices.Equal(got, []string{"", "CFO"}) {
			t.Errorf("jobtitle history %v", got)
		}
		if got := values("phone"); len(got) != 0 {
			t.Errorf("phone history %v", got)
		}
		first := hist["firstname"].([]any)
		if ts := first[0].(map[string]any)["timestamp"].(string); ts <= first[1].(map[string]any)["timestamp"].(string) {
			t.Errorf("timestamps not newest first: %v", first)
		}
		if props(r)["firstname"] != "Anna" {
			t.Errorf("properties %v", props(r))
		}

		// And a read without it carries none
		if r := h.do(http.MethodGet, BasePath+"/"+id, nil); r.body["propertiesWithHistory"] != nil {
			t.Errorf("history without asking: %v", r.body["propertiesWithHistory"])
		}
	})

	t.Run("should keep the latest versions only", func(t *testing.T) {
		e, _ := newTestEmulator(t, Config{})
		c := mustCreate(t, e, map[string]string{"firstname": "v0"})
		for i := 1; i <= maxHistory+5; i++ {
			if _, err := e.Update(t.Context(), c.ID, map[string]string{"firstname": fmt.Sprintf("v%d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := e.GetWithHistory(t.Context(), c.ID, nil, []string{"firstname"})
		h := got.History["firstname"]
		if err != nil || len(h) != maxHistory || h[0].Value != fmt.Sprintf("v%d", maxHistory+5) {
			t.Errorf("history: %d versions, newest %+v, %v", len(h), h[:1], err)
		}
	})
}
