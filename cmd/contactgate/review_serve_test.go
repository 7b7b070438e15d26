package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/internal/kafkatest"
	"github.com/contactgate/contactgate/purge"
	"github.com/contactgate/contactgate/schemas"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/urfave/cli/v2"
)

// TestReviewServeStream reviews the review topic's queue through the
// page's handlers: the open pair is shown with both profiles, and an
// accept posted by the page is a verdict on the topic, by the reviewer,
// that a new server shows as decided.
func TestReviewServeStream(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		topic := kafkatest.Name(t, "review")
		ctx := kafkatest.Context(t, 2*time.Minute)
		if err := ensureReviewTopic(ctx, c.Admin(t), topic); err != nil {
			t.Fatal(err)
		}
		// Given an open pair and a rejected one on the topic.
		cl := c.Client(t, kgo.DefaultProduceTopic(topic))
		for _, it := range []schemas.ReviewItem{
			{RecordIDs: [2]string{"101", "202"}, Status: schemas.ReviewOpen, Proposed: schemas.ProposedMerge, Weight: 6.5, Source: "web_form",
				Evidence: []schemas.Evidence{{Field: "first_name", Level: "exact", Weight: 4}, {Field: "phone", Level: "exact", Weight: 8}},
				Profiles: map[string]map[string]string{"101": {"firstname": "Ann", "phone": "+441132000000"}, "202": {"firstname": "Ann", "email": "ann@b.com", "phone": "+441132000000"}}},
			{RecordIDs: [2]string{"303", "404"}, Status: schemas.ReviewRejected, Weight: 3, DecidedBy: "lee"},
			{RecordIDs: [2]string{"505", "606"}, Status: schemas.ReviewOpen, Proposed: schemas.ProposedMerge, Weight: 4},
		} {
			if err := produceVerdict(ctx, cl, "", it); err != nil {
				t.Fatal(err)
			}
		}
		brokers := strings.Join(c.Brokers, ",")
		base, stop := startReviewServer(t, "--review-topic", topic, "--brokers", brokers)
		key := schemas.ReviewKey("101", "202")
		code, loc := postForm(t, base+"/", nil)
		if code != http.StatusSeeOther || loc != "/item/"+url.PathEscape(key) {
			t.Fatalf("GET / = %d %q, want the open pair", code, loc)
		}
		if code, body := httpGetURL(t, base+loc); code != http.StatusOK || !strings.Contains(body, "ann@b.com") || !strings.Contains(body, `class="fill"`) ||
			!strings.Contains(body, `<option>web_form</option>`) {
			t.Fatalf("the pair's page = %d:\n%s", code, body)
		}
		// The source filter: the pair's event came from the web form.
		if code, loc := postForm(t, base+"/?source=web_form", nil); code != http.StatusSeeOther || loc != "/item/"+url.PathEscape(key)+"?source=web_form" {
			t.Errorf("GET /?source=web_form = %d %q, want the open pair", code, loc)
		}
		if code, body := httpGetURL(t, base+"/?source=billing"); code != http.StatusOK || !strings.Contains(body, "nothing left to review") {
			t.Errorf("GET /?source=billing = %d, want no pair:\n%s", code, body)
		}
		// When the reviewer accepts it, and cannot take the accept back
		// (run merges the pair once it reads it).
		if code, _ := postForm(t, base+loc, url.Values{"action": {"accept"}, "note": {"same phone"}}); code != http.StatusSeeOther {
			t.Fatalf("accept = %d", code)
		}
		if code, _ := postForm(t, base+"/undo", url.Values{}); code != http.StatusConflict {
			t.Errorf("undo of an accept on the stream = %d, want 409", code)
		}
		// And rejects the other pair, then takes the reject back.
		other := schemas.ReviewKey("505", "606")
		if code, _ := postForm(t, base+"/item/"+url.PathEscape(other), url.Values{"action": {"reject"}}); code != http.StatusSeeOther {
			t.Fatalf("reject = %d", code)
		}
		if code, loc := postForm(t, base+"/undo", url.Values{}); code != http.StatusSeeOther || loc != "/item/"+url.PathEscape(other)+"?undone=1" {
			t.Errorf("undo of a reject = %d %q", code, loc)
		}
		stop()
		// Then the topic holds the verdict, and a new server shows it.
		items, err := readReview(ctx, c.Client(t, kgo.ConsumeResetOffset(kgo.NewOffset().AtStart())), topic)
		if err != nil {
			t.Fatal(err)
		}
		got := items[key]
		if got.Status != schemas.ReviewAccepted || got.DecidedBy != "tester" || got.Note != "same phone" || got.Weight != 6.5 || len(got.Profiles) != 2 {
			b, _ := json.Marshal(got)
			t.Errorf("verdict on the topic: %s", b)
		}
		if got := items[other]; got.Status != schemas.ReviewOpen || !got.Reopened || got.DecidedBy != "tester" {
			t.Errorf("the reject taken back, on the topic: %+v", got)
		}
		base, stop = startReviewServer(t, "--review-topic", topic, "--brokers", brokers)
		defer stop()
		if _, body := httpGetURL(t, base+"/item/"+url.PathEscape(key)+"?status=all"); !strings.Contains(body, `id="item-status">accepted`) ||
			!strings.Contains(body, `id="count-open">1<`) {
			t.Errorf("a new server does not show the verdict:\n%s", body)
		}
	})
}

func httpGetURL(t *testing.T, u string) (int, string) {
	t.Helper()
	code, body := httpGet(strings.TrimPrefix(u, "http://"), "")
	return code, body
}

// postForm posts form to u (a GET when form is nil) without following a
// redirect.
func postForm(t *testing.T, u string, form url.Values) (int, string) {
	t.Helper()
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var resp *http.Response
	var err error
	if form == nil {
		resp, err = cl.Get(u)
	} else {
		resp, err = cl.PostForm(u, form)
	}
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// TestReviewPublish writes a plan's rejected pairs to the review topic as
// rejected verdicts, once: a second publish writes nothing.
func TestReviewPublish(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, c *kafkatest.Cluster) {
		topic := kafkatest.Name(t, "review")
		ctx := kafkatest.Context(t, 2*time.Minute)
		path := filepath.Join(t.TempDir(), "plan.json"+purge.DecisionsSuffix)
		log, err := purge.OpenDecisions(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []purge.Decision{
			{Cluster: "1", Records: []string{"10", "11", "12"}, Status: purge.DecisionRejected, By: "kim"},
			{Cluster: "2", Records: []string{"20", "21"}, Status: purge.DecisionAccepted},
		} {
			if err := log.Record(d); err != nil {
				t.Fatal(err)
			}
		}
		_ = log.Close()
		publish := func() string {
			var out bytes.Buffer
			app := newApp()
			app.Writer, app.ErrWriter = &out, io.Discard
			if err := app.Run([]string{"contactgate", "review", "publish", "--brokers", strings.Join(c.Brokers, ","), "--review-topic", topic, path}); err != nil {
				t.Fatal(err)
			}
			return out.String()
		}
		if got := publish(); !strings.HasPrefix(got, "2 rejected pairs written") {
			t.Errorf("first publish: %q", got)
		}
		if got := publish(); !strings.HasPrefix(got, "0 rejected pairs written to "+topic+" (2 decided there already)") {
			t.Errorf("second publish: %q", got)
		}
		items, err := readReview(ctx, c.Client(t, kgo.ConsumeResetOffset(kgo.NewOffset().AtStart())), topic)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 2 || items["10|11"].Status != schemas.ReviewRejected || items["10|12"].DecidedBy != "kim" || items["20|21"].Status != "" {
			t.Errorf("topic: %+v", items)
		}
	})
}

// TestReviewServeToken binds the page to every address: the printed URL
// carries a random token, and a request without it is refused, even from
// this machine; bound to 127.0.0.1 there is none.
func TestReviewServeToken(t *testing.T) {
	dir := t.TempDir()
	plan := writeLargePlan(t, dir, 8)

	t.Run("should print a URL with a token and refuse a request without it, bound to 0.0.0.0", func(t *testing.T) {
		base, stop := startReviewServer(t, "--plan", plan, "--listen", "0.0.0.0:0")
		defer stop()
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		token := u.Query().Get("token")
		if host, _ := os.Hostname(); len(token) != 32 || u.Hostname() != host {
			t.Fatalf("printed URL %q: want this machine's name %q with a token of 32 hex digits", base, host)
		}
		local := "http://127.0.0.1:" + u.Port()
		if code, _ := postForm(t, local+"/", nil); code != http.StatusForbidden {
			t.Errorf("GET / without the token = %d, want 403", code)
		}
		if code, _ := postForm(t, local+"/?token=x"+token[1:], nil); code != http.StatusForbidden {
			t.Errorf("GET / with a wrong token = %d, want 403", code)
		}
		if code, loc := postForm(t, local+"/?token="+token, nil); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/item/") {
			t.Errorf("GET / with the token = %d %q, want the first cluster", code, loc)
		}
	})

	t.Run("should print a URL without a token, bound to 127.0.0.1", func(t *testing.T) {
		base, stop := startReviewServer(t, "--plan", plan)
		defer stop()
		if u, err := url.Parse(base); err != nil || u.Hostname() != "127.0.0.1" || u.RawQuery != "" {
			t.Errorf("printed URL %q (%v), want 127.0.0.1 and no token", base, err)
		}
		if code, loc := postForm(t, base+"/", nil); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/item/") {
			t.Errorf("GET / = %d %q, want the first cluster", code, loc)
		}
	})
}

// TestReviewServeStaleDecisions refuses a decisions file made on another
// plan (scan wrote the plan again): its decisions would show on the
// clusters of their ids.
func TestReviewServeStaleDecisions(t *testing.T) {
	plan := writeLargePlan(t, t.TempDir(), 8)
	log, err := purge.OpenDecisions(plan + purge.DecisionsSuffix)
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Record(purge.Decision{Cluster: "1", Records: []string{"7", "8"}, Status: purge.DecisionRejected}); err != nil {
		t.Fatal(err)
	}
	_ = log.Close()
	out := &lockedBuffer{}
	app := newApp()
	app.Writer, app.ErrWriter = out, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- app.RunContext(ctx, []string{"contactgate", "review", "serve", "--plan", plan, "--listen", "127.0.0.1:0"})
	}()
	waitUntil(t, "review serve to refuse or serve", func() bool {
		select {
		case err = <-done:
			return true
		default:
			if strings.Contains(out.String(), "review page:") {
				cancel()
				err = <-done
				t.Errorf("review serve served the page over decisions on another plan (%v)", err)
				return true
			}
			return false
		}
	})
	if err == nil || !strings.Contains(err.Error(), "another plan") || !strings.Contains(err.Error(), "move the file away") {
		t.Errorf("review serve over stale decisions: %v, want a refusal saying what to do", err)
	}
}

// TestStreamItem shows a pair of the review topic with the record an
// accept keeps, the older, first: ids sort as strings in the pair's key,
// but "999" is older than "1000".
func TestStreamItem(t *testing.T) {
	it := streamItem(schemas.ReviewItem{RecordIDs: [2]string{"1000", "999"}, Weight: 4,
		Profiles: map[string]map[string]string{"999": {"firstname": "Ann"}, "1000": {"firstname": "Ann", "phone": "1"}}})
	if it.Master != "999" || it.Records[0].ID != "999" || it.Records[1].ID != "1000" || it.Links[0].ID != "1000" {
		t.Errorf("master %s, records %+v, link %s: want 999 first", it.Master, it.Records, it.Links[0].ID)
	}
	if it := streamItem(schemas.ReviewItem{RecordIDs: [2]string{"101", "202"}}); it.Master != "101" {
		t.Errorf("master %s of 101|202, want 101", it.Master)
	}
}
