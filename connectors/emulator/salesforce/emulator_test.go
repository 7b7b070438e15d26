package salesforce

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestParsesTheSOQLTheClientSends(t *testing.T) {
	q, err := parseSOQL(`SELECT Id, Email FROM Contact WHERE (Email = 'a\'b@x.com' OR contactgate_emails__c LIKE '%a_b%') AND NOT Phone != null ORDER BY CreatedDate, Id DESC LIMIT 5`, canon)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.fields) != 2 || q.limit != 5 || len(q.orderBy) != 2 || !q.orderBy[1].desc {
		t.Fatalf("parsed %+v", q)
	}
	for _, tc := range []struct {
		fields map[string]string
		want   bool
	}{
		{map[string]string{"Email": "A'B@x.com"}, true},
		{map[string]string{"contactgate_emails__c": "x@y.com;AXB@z.com"}, true},
		{map[string]string{"Email": "A'B@x.com", "Phone": "+1"}, false},
		{map[string]string{"Email": "c@x.com"}, false},
	} {
		if got := q.where.match(tc.fields); got != tc.want {
			t.Errorf("match(%v) = %v, want %v", tc.fields, got, tc.want)
		}
	}
	if _, err := parseSOQL("SELECT Nope__c FROM Contact", canon); err == nil || queryError(err, "MALFORMED_QUERY").Code != "INVALID_FIELD" {
		t.Errorf("unknown column: %v", err)
	}
	if _, err := parseSOSL("FIND {a} RETURNING Contact(Id)", canon); err == nil {
		t.Error("a one-character search term was accepted")
	}
}

func post(t *testing.T, url, body string, out any) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

func TestAllOrNoneRollsTheCollectionBack(t *testing.T) {
	em := New(Config{})
	srv := httptest.NewServer(em.Handler())
	defer srv.Close()
	var res []saveResult
	post(t, srv.URL+DataPath+"/composite/sobjects", `{"allOrNone":true,"records":[{"attributes":{"type":"Contact"},"LastName":"A","contactgate_key__c":"k"},{"attributes":{"type":"Contact"},"LastName":"B","contactgate_key__c":"k"}]}`, &res)
	if len(res) != 2 || res[0].Success || res[1].Errors[0].StatusCode != "DUPLICATE_VALUE" || res[0].Errors[0].StatusCode != "ALL_OR_NONE_OPERATION_ROLLED_BACK" {
		t.Fatalf("results %+v", res)
	}
	if s := em.Stats(); s.Contacts != 0 {
		t.Fatalf("%d contacts after a rolled-back collection", s.Contacts)
	}
}

func TestSOSLLagsWhileSOQLDoesNot(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	em := New(Config{SearchLag: 2 * time.Second, Now: func() time.Time { return now }})
	srv := httptest.NewServer(em.Handler())
	defer srv.Close()
	if status := post(t, srv.URL+DataPath+"/sobjects/Contact", `{"LastName":"Smith","Email":"s@x.com"}`, nil); status != 201 {
		t.Fatalf("create: %d", status)
	}
	count := func(path, q string) int {
		resp, err := http.Get(srv.URL + DataPath + path + "?q=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			Records       []any `json:"records"`
			SearchRecords []any `json:"searchRecords"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return len(out.Records) + len(out.SearchRecords)
	}
	sosl := "FIND {smith} RETURNING Contact(Id)"
	if n, m := count("/search", sosl), count("/query", "SELECT Id FROM Contact WHERE LastName = 'smith'"); n != 0 || m != 1 {
		t.Fatalf("before the lag: SOSL %d, SOQL %d; want 0 and 1", n, m)
	}
	now = now.Add(2 * time.Second)
	if n := count("/search", sosl); n != 1 {
		t.Fatalf("after the lag: SOSL %d, want 1", n)
	}
}
