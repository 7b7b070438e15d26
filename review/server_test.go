package review

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/purge"
)

// testPlan has a review cluster whose records differ in phone and an auto
// cluster whose records differ in e-mail.
func testPlan() (*purge.Plan, map[string]map[string]string) {
	plan := &purge.Plan{Version: purge.PlanVersion, Clusters: []purge.Cluster{
		{ID: "1", Band: purge.BandAuto, Master: "10", Members: []purge.Member{{ID: "11", Weight: 30, Band: match.BandMatch,
			Evidence: []match.Evidence{{Kind: match.KindFirstName, Level: "exact", Weight: 4}, {Kind: match.KindEmail, Level: "differs", Weight: -3}}}}},
		{ID: "2", Band: purge.BandReview, Master: "20", Members: []purge.Member{{ID: "21", Weight: 5, Band: match.BandPossible}},
			Values: map[string]string{"city": "Leeds"}},
	}}
	fields := map[string]map[string]string{
		"10": {"first_name": "Ann", "email": "ann@a.com", "Lead Source": "webinar"}, "11": {"first_name": "Ann", "email": "ann@b.com", "Lead Source": "import"},
		"20": {"first_name": "Bo", "phone": "1", "Lead Source": "import"}, "21": {"first_name": "Bo", "phone": "2", "city": "Leeds"},
	}
	return plan, fields
}

type recorded struct{ decisions []purge.Decision }

func (r *recorded) record(_ context.Context, _ *Item, d purge.Decision) error {
	r.decisions = append(r.decisions, d)
	return nil
}

func newTestServer(t *testing.T, opts ...Option) (*httptest.Server, *recorded, *http.Client) {
	t.Helper()
	plan, fields := testPlan()
	rec := &recorded{}
	srv := httptest.NewServer(NewServer(NewQueue(PlanItems(plan, fields, "Lead Source"), nil, rec.record), "plan.json", opts...))
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return srv, rec, cl
}

func get(t *testing.T, cl *http.Client, u string) (int, string, string) {
	t.Helper()
	resp, err := cl.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func post(t *testing.T, cl *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	resp, err := cl.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

func TestServer(t *testing.T) {
	t.Run("should open on the review band first, the fields that differ marked", func(t *testing.T) {
		srv, _, cl := newTestServer(t)
		code, loc, _ := get(t, cl, srv.URL+"/")
		if code != http.StatusSeeOther || loc != "/item/2" {
			t.Fatalf("GET / = %d %q, want a redirect to the review cluster", code, loc)
		}
		code, _, body := get(t, cl, srv.URL+loc)
		if code != http.StatusOK || !strings.Contains(body, `class="differs" data-field="phone"`) ||
			strings.Contains(body, `class="differs" data-field="first_name"`) || !strings.Contains(body, `name="v.city" value="Leeds"`) {
			t.Errorf("GET %s = %d:\n%s", loc, code, body)
		}
	})
	t.Run("should record an accept with the edits, then move to the next open item", func(t *testing.T) {
		srv, rec, cl := newTestServer(t, WithReviewer("kim"))
		code, loc := post(t, cl, srv.URL+"/item/2", url.Values{"action": {"accept"}, "master": {"21"},
			"v.city": {"York"}, "v.phone": {"2"}, "v.firstname": {"Bo"}, "note": {"same desk"}})
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/item/1?") {
			t.Fatalf("POST = %d %q", code, loc)
		}
		if len(rec.decisions) != 1 {
			t.Fatalf("decisions = %+v", rec.decisions)
		}
		d := rec.decisions[0]
		// The phone and first name are the new master's own: no write.
		if d.Status != purge.DecisionAccepted || d.Master != "21" || len(d.Values) != 1 || d.Values["city"] != "York" ||
			d.By != "kim" || d.Note != "same desk" || strings.Join(d.Records, ",") != "20,21" || d.At.IsZero() {
			t.Errorf("decision = %+v", d)
		}
		_, _, body := get(t, cl, srv.URL+"/item/2?status=all")
		if !strings.Contains(body, `id="item-status">accepted`) || !strings.Contains(body, `name="v.city" value="York"`) ||
			!strings.Contains(body, `value="21" checked`) {
			t.Errorf("the decided item does not show its decision:\n%s", body)
		}
	})
	t.Run("should leave the plan's master's untouched values out when another master is chosen", func(t *testing.T) {
		srv, rec, cl := newTestServer(t)
		// The page as served, without its script: the phone is still the
		// old master's.
		if code, _ := post(t, cl, srv.URL+"/item/2", url.Values{"action": {"accept"}, "master": {"21"}, "v.phone": {"1"}, "v.city": {"Leeds"}}); code != http.StatusSeeOther {
			t.Fatalf("POST = %d", code)
		}
		if d := rec.decisions[0]; d.Master != "21" || len(d.Values) != 0 {
			t.Errorf("decision = %+v, want no value: the new master has its own phone and city", d)
		}
	})
	t.Run("should reject, skip decided items, and undo the last decision", func(t *testing.T) {
		srv, rec, cl := newTestServer(t)
		if code, loc := post(t, cl, srv.URL+"/item/1", url.Values{"action": {"reject"}}); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/item/2?") {
			t.Fatalf("reject = %d %q", code, loc)
		}
		if code, loc := post(t, cl, srv.URL+"/item/2", url.Values{"action": {"reject"}}); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/?") {
			t.Fatalf("the last reject = %d %q, want the page of an empty queue", code, loc)
		}
		if code, loc := post(t, cl, srv.URL+"/undo", nil); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/item/2?") {
			t.Fatalf("undo = %d %q", code, loc)
		}
		if n := len(rec.decisions); n < 3 || rec.decisions[2].Status != purge.DecisionOpen || rec.decisions[2].Cluster != "2" {
			t.Errorf("decisions = %+v", rec.decisions)
		}
		if code, loc := post(t, cl, srv.URL+"/undo?band=review", nil); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/item/1?band=review") {
			t.Fatalf("a second undo = %d %q, want the first decision taken back, the filter kept", code, loc)
		}
		if _, loc, _ := get(t, cl, srv.URL+"/"); loc != "/item/2" {
			t.Errorf("after undo, the queue starts at %q", loc)
		}
	})
	t.Run("should filter by band, by a field that differs and by source", func(t *testing.T) {
		srv, _, cl := newTestServer(t)
		if _, loc, _ := get(t, cl, srv.URL+"/?differs=email"); loc != "/item/1?differs=email" {
			t.Errorf("differs=email starts at %q", loc)
		}
		if _, loc, _ := get(t, cl, srv.URL+"/?band=auto"); loc != "/item/1?band=auto" {
			t.Errorf("band=auto starts at %q", loc)
		}
		if _, loc, _ := get(t, cl, srv.URL+"/?source=webinar"); loc != "/item/1?source=webinar" {
			t.Errorf("source=webinar starts at %q", loc)
		}
		// The review band comes first: of the two import items, 2.
		_, loc, _ := get(t, cl, srv.URL+"/?source=import")
		if loc != "/item/2?source=import" {
			t.Fatalf("source=import starts at %q", loc)
		}
		_, _, body := get(t, cl, srv.URL+loc)
		if !strings.Contains(body, `<option selected>import</option>`) || !strings.Contains(body, `<input type="hidden" name="source" value="import">`) {
			t.Errorf("the page of source=import does not keep the filter:\n%s", body)
		}
		// A decision moves on within the source: to 1, the other import item.
		if _, loc := post(t, cl, srv.URL+"/item/2", url.Values{"action": {"reject"}, "source": {"import"}}); !strings.HasPrefix(loc, "/item/1?") || !strings.Contains(loc, "source=import") {
			t.Errorf("after a decision with source=import: %q", loc)
		}
		if code, loc, body := get(t, cl, srv.URL+"/?differs=dob"); code != http.StatusOK || loc != "" || !strings.Contains(body, errNoItem.Error()) {
			t.Errorf("an empty filter: %d %q", code, loc)
		}
	})
	t.Run("should require the token, then take it from the cookie it sets", func(t *testing.T) {
		srv, _, cl := newTestServer(t, WithToken("s3cret"))
		if code, _, _ := get(t, cl, srv.URL+"/item/1"); code != http.StatusForbidden {
			t.Errorf("without the token: %d", code)
		}
		if code, _, _ := get(t, cl, srv.URL+"/item/1?token=wrong"); code != http.StatusForbidden {
			t.Errorf("a wrong token: %d", code)
		}
		if code, _, _ := get(t, cl, srv.URL+"/item/1?token=s3cret"); code != http.StatusOK {
			t.Errorf("the token: %d", code)
		}
		if code, _, _ := get(t, cl, srv.URL+"/item/2"); code != http.StatusOK {
			t.Errorf("the cookie: %d", code)
		}
	})
	t.Run("should refuse, without a token, a host name other than the loopback's", func(t *testing.T) {
		srv, _, cl := newTestServer(t)
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/item/1", nil)
		req.Host = "rebound.example:80"
		resp, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("a rebound name: %d", resp.StatusCode)
		}
		for _, host := range []string{"localhost:7480", "127.0.0.1:7480", "[::1]:7480"} {
			if !loopback(host) {
				t.Errorf("%s is not taken as loopback", host)
			}
		}
	})
	t.Run("should refuse a form posted from another site", func(t *testing.T) {
		srv, rec, cl := newTestServer(t)
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/item/1", strings.NewReader("action=accept"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		resp, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || len(rec.decisions) != 0 {
			t.Errorf("cross-site post: %d, decisions %+v", resp.StatusCode, rec.decisions)
		}
	})
	t.Run("should refuse with 409 an undo the Recorder says is final, on the item's page", func(t *testing.T) {
		plan, fields := testPlan()
		q := NewQueue(PlanItems(plan, fields, ""), nil, func(_ context.Context, _ *Item, d purge.Decision) error {
			if d.Status == purge.DecisionOpen {
				return fmt.Errorf("merged: %w", ErrFinal)
			}
			return nil
		})
		srv := httptest.NewServer(NewServer(q, "plan.json"))
		defer srv.Close()
		cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		if code, _ := post(t, cl, srv.URL+"/item/2", url.Values{"action": {"accept"}}); code != http.StatusSeeOther {
			t.Fatalf("accept = %d", code)
		}
		resp, err := cl.PostForm(srv.URL+"/undo", nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusConflict || !strings.Contains(string(b), "undo not saved: merged: the decision cannot be taken back") ||
			!strings.Contains(string(b), `id="item-status">accepted`) || q.Counts().Accepted != 1 {
			t.Errorf("undo of a final decision: %d\n%s", resp.StatusCode, b)
		}
	})
	t.Run("should keep the item open and say so when the decision is not saved", func(t *testing.T) {
		plan, fields := testPlan()
		q := NewQueue(PlanItems(plan, fields, "Lead Source"), nil, func(context.Context, *Item, purge.Decision) error { return errors.New("disk full") })
		srv := httptest.NewServer(NewServer(q, "plan.json"))
		defer srv.Close()
		resp, err := http.PostForm(srv.URL+"/item/1", url.Values{"action": {"accept"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(string(b), "not saved: disk full") || q.Counts().Open != 2 {
			t.Errorf("%d %s", resp.StatusCode, b)
		}
	})
}
