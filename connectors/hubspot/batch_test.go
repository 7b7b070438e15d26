package hubspot

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// batchInputs decodes the inputs of every batch request the fake received on path.
func batchInputs(t *testing.T, f *fakeHubSpot, path string) [][]wireBatchInput {
	t.Helper()
	var out [][]wireBatchInput
	for _, r := range f.received(http.MethodPost, contactsPath+path) {
		var body wireBatchRequest
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatal(err)
		}
		out = append(out, body.Inputs)
	}
	return out
}

// echoBatch answers every batch request with one result per input.
func echoBatch(w http.ResponseWriter, _ *http.Request, body []byte) {
	var in wireBatchRequest
	_ = json.Unmarshal(body, &in)
	resp := wireBatchResponse{Status: "COMPLETE"}
	for i, x := range in.Inputs {
		resp.Results = append(resp.Results, wireObject{ID: fmt.Sprint(i + 1), Properties: x.Properties, New: true})
	}
	writeJSON(w, 200, resp)
}

func TestBatchParsing(t *testing.T) {
	t.Run("should parse a 207 into results, item errors and the new flag", func(t *testing.T) {
		// Given a 207 with one result and one error naming its ids
		f := answer(t, 207, nil, `{"status":"COMPLETE","results":[{"id":"7","properties":{"email":"a@x.com","firstname":null},
			"createdAt":"2026-03-01T09:00:00.123Z","updatedAt":"2026-03-02T10:00:00Z","archived":false,"new":true}],
			"numErrors":1,"errors":[{"status":"error","category":"OBJECT_NOT_FOUND","message":"Could not get some CONTACT objects",
			"context":{"ids":["999","998"]}}]}`)
		// When a batch upsert gets it
		res, err := f.client(t, raw).BatchUpsert(t.Context(), []connectors.UpsertInput{{ID: "a@x.com", Properties: map[string]string{"x": "1"}}})
		// Then results and errors are both there
		if err != nil || len(res.Results) != 1 || len(res.Errors) != 1 {
			t.Fatalf("res %+v, err %v", res, err)
		}
		c := res.Results[0]
		if c.ID != "7" || !c.New || c.Properties["email"] != "a@x.com" || c.Properties["firstname"] != "" ||
			!c.CreatedAt.Equal(time.Date(2026, 3, 1, 9, 0, 0, 123e6, time.UTC)) || c.UpdatedAt.Day() != 2 {
			t.Fatalf("contact %+v", c)
		}
		if e := res.Errors[0]; e.Category != "OBJECT_NOT_FOUND" || !slices.Equal(e.IDs, []string{"999", "998"}) {
			t.Fatalf("item error %+v", e)
		}
	})

	t.Run("should follow search and list paging", func(t *testing.T) {
		f := answer(t, 200, nil, `{"total":25,"results":[{"id":"1","properties":{}}],"paging":{"next":{"after":"10"}}}`)
		cl := f.client(t, raw)
		page, err := cl.Search(t.Context(), connectors.SearchRequest{Limit: 10})
		if err != nil || page.Total != 25 || page.After != "10" || len(page.Results) != 1 {
			t.Fatalf("search page %+v, %v", page, err)
		}
		list, err := cl.List(t.Context(), "5", 10, []string{"email", "phone"})
		if err != nil || list.After != "10" {
			t.Fatalf("list page %+v, %v", list, err)
		}
		q := f.received(http.MethodGet, contactsPath)[0].Query
		if !strings.Contains(q, "after=5") || !strings.Contains(q, "limit=10") || !strings.Contains(q, "properties=email%2Cphone") {
			t.Fatalf("list query %q", q)
		}
	})
}

func TestBatchDeduplication(t *testing.T) {
	t.Run("should never send the same e-mail twice in one batch read", func(t *testing.T) {
		// Given a batch read naming one e-mail in three spellings
		f := newFakeHubSpot(t)
		f.handle = echoBatch
		// When it is sent
		_, err := f.client(t, nil).BatchRead(t.Context(), []string{"A@x.com", "b@x.com", " a@X.com", "a@x.com"}, "email", nil)
		// Then HubSpot receives each e-mail once, first spelling kept
		if err != nil {
			t.Fatal(err)
		}
		got := batchInputs(t, f, "/batch/read")
		if len(got) != 1 || len(got[0]) != 2 || got[0][0].ID != "A@x.com" || got[0][1].ID != "b@x.com" {
			t.Fatalf("inputs %+v", got)
		}
	})

	t.Run("should merge updates of one id, the later value winning", func(t *testing.T) {
		f := newFakeHubSpot(t)
		f.handle = echoBatch
		res, err := f.client(t, nil).BatchUpdate(t.Context(), []connectors.UpdateInput{
			{ID: "1", Properties: map[string]string{"firstname": "Ann", "company": "Acme"}},
			{ID: "2", Properties: map[string]string{"firstname": "Bob"}},
			{ID: "1", Properties: map[string]string{"firstname": "Anne", "phone": "+1"}},
		})
		if err != nil || len(res.Results) != 2 {
			t.Fatalf("res %+v, %v", res, err)
		}
		got := batchInputs(t, f, "/batch/update")[0]
		want := map[string]string{"firstname": "Anne", "company": "Acme", "phone": "+1"}
		if len(got) != 2 || got[0].ID != "1" || !maps.Equal(got[0].Properties, want) {
			t.Fatalf("inputs %+v", got)
		}
	})

	t.Run("should merge upserts of one e-mail and default idProperty to email", func(t *testing.T) {
		f := newFakeHubSpot(t)
		f.handle = echoBatch
		in := []connectors.UpsertInput{
			{ID: "a@x.com", IDProperty: "email", Properties: map[string]string{"firstname": "A"}},
			{ID: "A@X.COM", Properties: map[string]string{"lastname": "B"}},
		}
		if _, err := f.client(t, nil).BatchUpsert(t.Context(), in); err != nil {
			t.Fatal(err)
		}
		got := batchInputs(t, f, "/batch/upsert")[0]
		if len(got) != 1 || got[0].IDProperty != "email" || !maps.Equal(got[0].Properties, map[string]string{"firstname": "A", "lastname": "B"}) {
			t.Fatalf("inputs %+v", got)
		}
		if in[0].Properties["lastname"] != "" {
			t.Fatal("the caller's input map was changed")
		}
	})

	t.Run("should split more than MaxBatch distinct inputs into several requests", func(t *testing.T) {
		// Given 250 distinct ids, each named twice
		f := newFakeHubSpot(t)
		f.handle = echoBatch
		var ids []string
		for i := range 500 {
			ids = append(ids, fmt.Sprint(i%250))
		}
		// When they are read
		res, err := f.client(t, nil).BatchRead(t.Context(), ids, "", nil)
		// Then three requests carry 100, 100 and 50 distinct ids
		if err != nil || len(res.Results) != 250 {
			t.Fatalf("%d results, %v", len(res.Results), err)
		}
		seen := map[string]bool{}
		var sizes []int
		for _, batch := range batchInputs(t, f, "/batch/read") {
			sizes = append(sizes, len(batch))
			for _, in := range batch {
				if seen[in.ID] {
					t.Fatalf("id %s sent twice", in.ID)
				}
				seen[in.ID] = true
			}
		}
		if !slices.Equal(sizes, []int{100, 100, 50}) {
			t.Fatalf("batch sizes %v", sizes)
		}
	})

	t.Run("should merge batch creates of one e-mail and refuse more than MaxBatch", func(t *testing.T) {
		f := newFakeHubSpot(t)
		cl := f.client(t, nil)
		res, err := cl.BatchCreate(t.Context(), []map[string]string{
			{"email": "a@x.com", "firstname": "A"}, {"email": "A@x.com", "lastname": "Z"}, {"firstname": "no e-mail"},
		})
		if err != nil || len(res.Results) != 2 || f.withEmail("a@x.com") != 1 {
			t.Fatalf("res %+v, %v", res, err)
		}
		var many []map[string]string
		for i := range connectors.MaxBatch + 1 {
			many = append(many, map[string]string{"email": fmt.Sprintf("p%d@x.com", i)})
		}
		_, err = cl.BatchCreate(t.Context(), many)
		var ve *connectors.ValidationError
		if !errors.As(err, &ve) || ve.Status != 0 || len(f.received(http.MethodPost, contactsPath+"/batch/create")) != 1 {
			t.Fatalf("err = %v, want a client-side ValidationError and no request", err)
		}
	})
}
